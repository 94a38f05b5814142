"""`os2ctl decide`: record a decision and apply it; refuse what section 5 does not allow."""

from __future__ import annotations

import pytest

from tests.factory import full_entry
from tests.workflow import BOARD_APPROVAL, commit_all, git, registry_repo, sagsflow

AFTER = "2026-12-11"  # the day after the December board meeting


@pytest.fixture
def repo(tmp_path):
    """A Git repository whose registry holds the handwritten N2 concept `sagsflow`."""
    registry_repo(tmp_path, {"sagsflow": sagsflow("N2", "concept"), "os2test": full_entry("N3", "in_operation")})
    return tmp_path


def entry_path(repo, entry="sagsflow"):
    return repo / "registry" / "portfolio" / f"{entry}.yaml"


def decide(cli, repo, *args):
    return cli("decide", *args, "--registry", repo / "registry", "--today", AFTER)


def test_approve_moves_a_concept_to_approved_and_changes_only_those_lines(cli, repo):
    before = entry_path(repo).read_text(encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10",
                    "--reference", "https://os2.example/referat-2026-12-10")
    assert result.exit_code == 0, result.stderr
    assert "status concept → approved" in result.stdout
    decision = ("  - {date: 2026-12-10, body: board, action: approve, level: N2, meeting: 2026-12-10, "
                "reference: https://os2.example/referat-2026-12-10}\n")
    expected = before.replace("status: concept\n", "status: approved\n").replace(
        'note: "Placeret efter dialog"}\n', 'note: "Placeret efter dialog"}\n' + decision)
    assert entry_path(repo).read_text(encoding="utf-8") == expected


def test_the_approved_entry_passes_check_and_check_base(cli, repo):
    decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10")
    result = cli("check", "--registry", repo / "registry", "--today", AFTER, "--base", "HEAD")
    assert result.exit_code == 0, result.stdout


def test_reclassify_takes_the_pending_proposals_level_and_removes_the_proposal(cli, repo):
    cli("reclassify", "--registry", repo / "registry", "--today", "2026-11-29", "--apply")
    assert "proposal:\n  level: N3" in entry_path(repo).read_text(encoding="utf-8")
    commit_all(repo, "Proposal")
    result = decide(cli, repo, "sagsflow", "--action", "reclassify", "--meeting", "2026-12-10")
    assert result.exit_code == 0, result.stderr
    text = entry_path(repo).read_text(encoding="utf-8")
    assert "proposal:" not in text and "level: N3        # besluttet niveau\n" in text
    assert "  - {date: 2026-12-10, body: board, action: reclassify, level: N3, meeting: 2026-12-10}\n" in text
    diff = git(repo, "diff", "--numstat").split()
    assert diff[:2] == ["2", "7"]  # +decision +level; -level -5 proposal lines
    assert cli("check", "--registry", repo / "registry", "--today", AFTER, "--base", "HEAD").exit_code == 0


def test_place_moves_an_idea_to_concept_as_the_business_managers_decision_dated_today(cli, repo):
    entry_path(repo).write_text(sagsflow("N1", "idea"), encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "place", "--level", "N2")
    assert result.exit_code == 0, result.stderr
    text = entry_path(repo).read_text(encoding="utf-8")
    assert "status: concept\n" in text and "level: N2        # besluttet niveau" in text
    assert "  - {date: 2026-12-11, body: business_manager, action: place, level: N2}\n" in text


@pytest.mark.parametrize("action, status, result_status", [
    ("send_back", "concept", "idea"),
    ("reject", "concept", "rejected"),
    ("stop", "in_progress", "stopped"),
    ("retire", "in_operation", "retired"),
])
def test_moves_that_close_or_send_back(cli, repo, action, status, result_status):
    entry_path(repo).write_text(sagsflow("N2", status, BOARD_APPROVAL if status != "concept" else ()),
                                encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", action, "--meeting", "2026-12-10")
    assert result.exit_code == 0, result.stderr
    assert f"status: {result_status}\n" in entry_path(repo).read_text(encoding="utf-8")


def test_decisions_that_leave_status_and_level_alone(cli, repo):
    assert decide(cli, repo, "sagsflow", "--action", "steering_group", "--meeting", "2026-12-10").exit_code == 0
    assert decide(cli, repo, "sagsflow", "--action", "approve_budget", "--amount", "1200000",
                  "--meeting", "2026-12-10", "--note", "Inkl. drift: 2027").exit_code == 0
    assert decide(cli, repo, "sagsflow", "--action", "recommend", "--level", "N3").exit_code == 0
    text = entry_path(repo).read_text(encoding="utf-8")
    assert "status: concept\n" in text and "level: N2 " in text
    assert ("  - {date: 2026-12-10, body: board, action: approve_budget, amount_dkk: 1200000, meeting: 2026-12-10, "
            "note: 'Inkl. drift: 2027'}\n") in text
    assert "  - {date: 2026-12-11, body: business_manager, action: recommend, level: N3}\n" in text


REFUSED = [
    # (arguments, exit code, words in the message)
    (("--action", "approve"), 2, "names its meeting"),
    (("--action", "approve", "--meeting", "2026-12-01"), 1, "no meeting on 2026-12-01"),
    (("--action", "approve", "--meeting", "2026-06-11"), 1, "general assembly meeting, not a board meeting"),
    (("--action", "approve", "--body", "business_manager"), 1, "taken by 'board' or 'general_assembly'"),
    (("--action", "approve", "--meeting", "2026-12-10", "--level", "N1"), 1, "skips the approved stage"),
    (("--action", "place", "--level", "N3"), 1, "once placed, only the board changes the level"),
    (("--action", "retire", "--meeting", "2026-12-10"), 1, "from 'in_operation'"),
    (("--action", "reclassify", "--meeting", "2026-12-10"), 2, "needs --level"),
    (("--action", "reclassify", "--meeting", "2026-12-10", "--level", "N2"), 1, "nothing to reclassify"),
    (("--action", "approve_budget", "--meeting", "2026-12-10"), 2, "needs --amount"),
    (("--action", "stop", "--meeting", "2026-12-10", "--level", "N1"), 2, "--level applies only"),
    (("--action", "approve", "--meeting", "2026-12-10", "--reference", "referat"), 2, "not an http(s) URL"),
    (("--action", "approve", "--meeting", "2026-12-10", "--level", "N4"), 2, "not one of N1, N2, N3"),
]


@pytest.mark.parametrize("arguments, code, words", REFUSED)
def test_illegal_decisions_are_refused_with_the_reason_and_nothing_is_written(cli, repo, arguments, code, words):
    before = entry_path(repo).read_bytes()
    result = decide(cli, repo, "sagsflow", *arguments)
    assert result.exit_code == code
    assert words in result.stderr
    assert entry_path(repo).read_bytes() == before
    assert "Traceback" not in result.stderr


def test_a_meeting_that_has_not_been_held_yet_is_refused(cli, repo):
    result = cli("decide", "sagsflow", "--action", "approve", "--meeting", "2026-12-10",
                 "--registry", repo / "registry", "--today", "2026-11-29")
    assert result.exit_code == 1 and "has not been held yet" in result.stderr


def test_a_closed_entry_takes_no_more_decisions(cli, repo):
    entry_path(repo).write_text(sagsflow("N2", "rejected"), encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10")
    assert result.exit_code == 1 and "closed entry" in result.stderr


def test_a_level_decision_older_than_the_latest_one_is_refused(cli, repo):
    entry_path(repo).write_text(sagsflow("N2", "approved", BOARD_APPROVAL), encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "reclassify", "--level", "N1", "--meeting", "2026-03-19")
    assert result.exit_code == 0  # same date as the latest level decision: later in the log, so it counts
    result = decide(cli, repo, "sagsflow", "--action", "reclassify", "--level", "N3", "--meeting", "2026-09-24",
                    "--today", AFTER)
    assert result.exit_code == 0
    before = entry_path(repo).read_bytes()
    result = decide(cli, repo, "sagsflow", "--action", "reclassify", "--level", "N2", "--meeting", "2026-03-19")
    assert result.exit_code == 1 and "would not be the one that counts" in result.stderr
    assert entry_path(repo).read_bytes() == before


def test_an_unknown_entry_and_an_entry_with_errors(cli, repo):
    result = decide(cli, repo, "sagsflw", "--action", "approve", "--meeting", "2026-12-10")
    assert result.exit_code == 2 and "did you mean 'sagsflow'" in result.stderr
    entry_path(repo).write_text(sagsflow("N2", "concept").replace("status: concept", "status: konsept"),
                                encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10")
    assert result.exit_code == 1 and "must be fixed" in result.stderr


def test_a_steering_group_decision_needs_a_named_steering_group(cli, repo):
    text = sagsflow("N2", "concept").replace("  steering_group: {chair: mchr, members: [mchr, lhan, kjen, tkri]}\n",
                                             "")
    entry_path(repo).write_text(text, encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "steering_group", "--meeting", "2026-12-10")
    assert result.exit_code == 1 and "governance.steering_group" in result.stderr


def test_requirements_that_a_new_status_makes_due_are_noted(cli, repo):
    text = sagsflow("N2", "concept").replace(
        '  presentation-material: {status: met, evidence: "https://docs.example/presentation-material"}\n', "")
    entry_path(repo).write_text(text, encoding="utf-8")
    result = decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10")
    assert result.exit_code == 0
    assert "note: portfolio/sagsflow.yaml does not meet presentation-material yet" in result.stderr
    again = decide(cli, repo, "sagsflow", "--action", "steering_group", "--meeting", "2026-12-10")
    assert "presentation-material" in again.stderr
    entry_path(repo).write_text(sagsflow("N2", "concept"), encoding="utf-8")
    assert "note:" not in decide(cli, repo, "sagsflow", "--action", "approve", "--meeting", "2026-12-10").stderr
