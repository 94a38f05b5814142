"""`os2ctl reclassify`: proposals up and down (spec section 8), their text, and `--apply`."""

from __future__ import annotations

import pytest

from tests.factory import full_entry
from tests.workflow import BOARD_APPROVAL, commit_all, git, registry_repo, sagsflow

TODAY = "2026-11-29"
NO_N3 = {"  national: Fællesoffentlig digitaliseringsstrategi.\n": ""}
NO_COMMON = {"  common: Fælles værdi for alle 98 kommuner.\n": ""}
# A second entry needs its own core repository (single-core, report 5.4.2).
OTHER_CORE = {"repository: https://github.com/OS2/sagsflow\n": "repository: https://github.com/OS2/andet\n"}


def run(cli, root, *args):
    return cli("reclassify", "--registry", root / "registry", "--today", TODAY, *args)


def proposals(cli, root, *args):
    result, data = cli.json("reclassify", "--registry", root / "registry", "--today", TODAY, "--format", "json",
                            "--lang", "en", *args)
    assert result.exit_code == 0, result.stderr
    return data["proposals"]


def test_up_to_the_highest_level_whose_due_requirements_are_met(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3), "n1top": sagsflow("N1", "concept")})
    found = {p["entry"]: p for p in proposals(cli, tmp_path)}
    assert set(found["n1"]) == {"entry", "current", "proposed", "direction", "reasons", "unmet"}
    assert (found["n1"]["current"], found["n1"]["proposed"], found["n1"]["direction"]) == ("N1", "N2", "up")
    assert found["n1"]["unmet"] == []
    assert "The common municipal value is described (5.4.1)" in found["n1"]["reasons"][0]
    assert found["n1top"]["proposed"] == "N3"


def test_down_to_the_highest_lower_level_it_meets(cli, tmp_path):
    registry_repo(tmp_path, {"n2": sagsflow("N2", "in_progress", BOARD_APPROVAL, **NO_COMMON)})
    [proposal] = proposals(cli, tmp_path)
    assert (proposal["current"], proposal["proposed"], proposal["direction"]) == ("N2", "N1", "down")
    assert proposal["unmet"] == ["common-value"]
    assert proposal["reasons"][0].startswith(
        "Fails The common municipal value is described (report section 5.4.1): `value.common` is not")


def test_no_proposal_when_an_entry_fits_its_level(cli, tmp_path):
    registry_repo(tmp_path, {"n2": sagsflow("N2", "in_progress", BOARD_APPROVAL, **NO_N3)})
    assert proposals(cli, tmp_path) == []


def test_missing_decisions_neither_block_up_nor_cause_down(cli, tmp_path):
    # N2 in progress without any board decision: no down proposal (the agenda asks for them) ...
    registry_repo(tmp_path, {"n2": sagsflow("N2", "in_progress", **NO_N3),
                             # ... and an N1 in progress still goes up although the board has decided nothing.
                             "n1": sagsflow("N1", "in_progress", **NO_N3, **OTHER_CORE)})
    assert [(p["entry"], p["proposed"]) for p in proposals(cli, tmp_path)] == [("n1", "N2")]


def test_a_warning_neither_blocks_up_nor_causes_down(cli, tmp_path):
    stale = {"  - {date: 2026-10-01, progress: on_track, spent_dkk: 400000}\n":
             "  - {date: 2025-01-01, progress: on_track}\n"}
    registry_repo(tmp_path, {"n2": sagsflow("N2", "in_progress", BOARD_APPROVAL, **NO_N3, **stale),
                             "n1": sagsflow("N1", "in_progress", **NO_N3, **stale, **OTHER_CORE)})
    assert [(p["entry"], p["proposed"]) for p in proposals(cli, tmp_path)] == [("n1", "N2")]


def test_ideas_and_closed_entries_get_no_proposal(cli, tmp_path):
    registry_repo(tmp_path, {"idea": sagsflow("N1", "idea"), "closed": sagsflow("N2", "stopped", **NO_COMMON)})
    assert proposals(cli, tmp_path) == []


def test_exit_code_only_when_asked_and_only_with_a_proposal(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3), "fits": full_entry("N3", "in_operation")})
    assert run(cli, tmp_path).exit_code == 0
    assert run(cli, tmp_path, "--exit-code").exit_code == 1
    assert run(cli, tmp_path, "--exit-code", "fits").exit_code == 0


def test_text_explains_the_proposal_for_a_board_member(cli, tmp_path):
    registry_repo(tmp_path, {"up": sagsflow("N1", "concept", **NO_N3),
                             "down": sagsflow("N2", "in_progress", BOARD_APPROVAL, **NO_COMMON)})
    danish = run(cli, tmp_path).stdout
    assert "Forslag: N1 → N2 (op), status concept" in danish
    assert "✔ Den fælleskommunale værdi er beskrevet (rapportens afsnit 5.4.1)" in danish
    assert "… Produktniveauet er besluttet (rapportens afsnit 5.3.3)" in danish
    assert "Forslag: N2 → N1 (ned)" in danish
    assert ("✖ Den fælleskommunale værdi er beskrevet (rapportens afsnit 5.4.1): `value.common` is not described"
            in danish)
    assert "os2ctl decide down --action reclassify --level N1 --meeting YYYY-MM-DD" in danish
    english = run(cli, tmp_path, "--lang", "en").stdout
    assert "Proposal: N1 → N2 (up), status concept" in english
    assert "2 proposal(s): 1 up, 1 down (2 entries reviewed)." in english


def test_only_the_named_entries_and_unknown_ids_are_usage_errors(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3), "n2": sagsflow("N1", "concept")})
    assert [p["entry"] for p in proposals(cli, tmp_path, "n2")] == ["n2"]
    result = run(cli, tmp_path, "n3x")
    assert result.exit_code == 2 and "no entry 'n3x'" in result.stderr


def test_apply_writes_only_the_proposal_lines_and_a_second_run_changes_nothing(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3)})
    path = tmp_path / "registry" / "portfolio" / "n1.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(cli, tmp_path, "--apply")
    assert result.exit_code == 0 and "written proposal: portfolio/n1.yaml" in result.stdout
    after = path.read_text(encoding="utf-8")
    anchor = "\n# Beslutninger: loggen må kun udvides\n"
    head, tail = before.split(anchor)
    assert after.startswith(head + "proposal:\n  level: N2\n  date: 2026-11-29\n  reasons:\n    - ")
    assert after.endswith(anchor + tail)
    assert git(tmp_path, "diff", "--numstat").split()[:2] == ["6", "0"]
    commit_all(tmp_path, "Proposal")
    again = cli("reclassify", "--registry", tmp_path / "registry", "--today", "2026-12-24", "--apply")
    assert again.exit_code == 0 and "written" not in again.stdout
    assert git(tmp_path, "status", "--porcelain") == ""


def test_apply_replaces_a_changed_proposal_and_withdraws_one_that_no_longer_holds(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3)})
    path = tmp_path / "registry" / "portfolio" / "n1.yaml"
    original = path.read_text(encoding="utf-8")
    run(cli, tmp_path, "--apply")
    with_proposal = path.read_text(encoding="utf-8")
    path.write_text(with_proposal.replace("  common: Fælles værdi for alle 98 kommuner.\n", ""), encoding="utf-8")
    result = run(cli, tmp_path, "--apply")
    assert "withdrawn proposal: portfolio/n1.yaml" in result.stdout
    assert path.read_text(encoding="utf-8") == original.replace("  common: Fælles værdi for alle 98 kommuner.\n", "")


def test_apply_with_json_keeps_stdout_a_json_document(cli, tmp_path):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3)})
    result, data = cli.json("reclassify", "--registry", tmp_path / "registry", "--today", TODAY,
                            "--format", "json", "--apply")
    assert data["proposals"][0]["proposed"] == "N2"
    assert "written proposal" in result.stderr


@pytest.mark.parametrize("language, words", [("da", "Opfylder alle krav på N2"), ("en", "Meets every requirement")])
def test_written_reasons_follow_the_language(cli, tmp_path, language, words):
    registry_repo(tmp_path, {"n1": sagsflow("N1", "concept", **NO_N3)})
    run(cli, tmp_path, "--apply", "--lang", language)
    assert words in (tmp_path / "registry" / "portfolio" / "n1.yaml").read_text(encoding="utf-8")
