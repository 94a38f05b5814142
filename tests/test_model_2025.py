"""The os2-2025 model: all 43 requirements of OS2's governance report, each due at its stage and
met the way the catalogue says; assessments; and the engine running it unchanged."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from os2ctl.catalogue import load_catalogue
from os2ctl.check import check_registry
from os2ctl.lifecycle import STAGES
from os2ctl.reclassify import propose_all
from os2ctl.registry.loader import load_registry
from tests.factory import drop, drop_decision, set_to
from tests.factory_2025 import CATALOGUE, full_entry_2025, make_registry_2025

TODAY = dt.date(2026, 11, 29)
DATA = Path(__file__).parent / "testdata" / "os2_governance_requirements.csv"
REPO_ROOT = Path(__file__).resolve().parent.parent
CSV_LEVEL = {"sandkasse": "sandkasse", "1": "N1", "2": "N2", "3": "N3"}
CSV_THEME = {"RELEVANS": "relevance", "FORMKRAV": "form", "STRATEGISK SAMMENHÆNG": "strategy", "GOVERNANCE": "governance"}


def _rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---- the catalogue holds the template's facts ----

def test_the_catalogue_has_the_43_requirements_of_the_template_in_order():
    assert [r.id for r in CATALOGUE.requirements] == [row["id"] for row in _rows()]
    assert len(CATALOGUE.requirements) == 43


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["id"])
def test_requirement_has_the_templates_danish_text_guideline_level_and_theme(row):
    req = CATALOGUE.by_id[row["id"]]
    assert req.title.da == row["requirement"]
    assert req.guideline == row["guideline"]
    assert req.level == CSV_LEVEL[row["level"]]
    assert req.theme == CSV_THEME[row["theme"]]
    assert req.title.en and req.title.en != req.title.da
    assert req.section == row["id"]


def test_levels_are_cumulative_with_the_templates_counts():
    assert CATALOGUE.levels == ("sandkasse", "N1", "N2", "N3")
    assert [len(CATALOGUE.up_to(level)) for level in CATALOGUE.levels] == [6, 16, 35, 43]


def test_recommendations_and_only_they_are_warnings():
    warnings = {r.id for r in CATALOGUE.requirements if r.severity == "warning"}
    assert warnings == {r.id for r in CATALOGUE.requirements if "(anbefaling)" in r.title.da}
    assert warnings == {"F19", "F20", "G7", "G8", "G9", "G10"}


def test_migrate_from_names_only_requirements_of_the_2016_model():
    old = {r.id for r in load_catalogue("os2-2016").requirements}
    for req in CATALOGUE.requirements:
        assert set(req.sources("os2-2016")) <= old, req.id
    moved = {s for req in CATALOGUE.requirements if req.takes_evidence for s in req.sources("os2-2016")}
    recorded_2016 = set(load_catalogue("os2-2016").evidence_ids()) - {"operation-requirements"}
    assert recorded_2016 <= moved


def test_every_requirement_may_carry_a_statement():
    assert CATALOGUE.self_evaluation
    assert CATALOGUE.statement_ids() == [r.id for r in CATALOGUE.requirements]
    assert load_catalogue("os2-2016").statement_ids() == load_catalogue("os2-2016").evidence_ids()


# ---- each requirement: when it is due and how it is met ----

# requirement id → (how it is met, a change to a compliant entry that breaks exactly that requirement)
BREAK = {
    "R1": set_to("TODO", "value", "local"),
    "R2": lambda e: e["line_management"].pop(),
    "R3": drop("value", "common"),
    "R4": set_to("xxx", "strategy", "national"),
    "F1": set_to("http://github.com/OS2/testprodukt", "repository"),
    "F2": set_to("Proprietary", "license"),
    "F6": set_to("https://github.com/magenta/testprodukt", "repository"),
    "F12": None,  # needs a second entry: see test_f12_single_core
    "F17": drop("operation", "support"),
    "S1": set_to("...", "strategy", "os2_fit"),
    "S2": drop("strategy", "innovation"),
    "G1": lambda e: e["decisions"][0].update(level="N2"),
    "G3": drop("governance", "project_leader"),
    "G5": drop_decision("approve"),
    "G6": set_to({"chair": "mchr", "members": ["mchr"]}, "governance", "steering_group"),
    "G7": set_to("lhan", "governance", "coordination_group", "chair"),
    "G11": drop_decision("steering_group"),
    "G12": set_to({"chair": "tkri", "members": ["tkri", "jped"]}, "governance", "steering_group"),
}
for _req in CATALOGUE.requirements:
    if _req.takes_evidence:
        BREAK[_req.id] = drop("requirements", _req.id)


def _stage_for(req) -> str:
    """The stage at which a requirement is first due for an entry at its own level (N1 and sandkasse skip `approved`)."""
    if req.level in ("sandkasse", "N1") and req.due == "approved":
        return "in_progress"
    return req.due


def _findings(tmp_path, entry, extra=None):
    root = make_registry_2025(tmp_path / "reg", {"os2test": entry, **(extra or {})})
    return check_registry(load_registry(root), TODAY).findings


def test_every_requirement_has_a_breaking_case():
    assert set(BREAK) == {r.id for r in CATALOGUE.requirements}


@pytest.mark.parametrize("req", list(CATALOGUE.requirements), ids=lambda r: r.id)
def test_requirement_is_quiet_when_met_at_its_due_stage(tmp_path, req):
    assert [f for f in _findings(tmp_path, full_entry_2025(req.level, _stage_for(req))) if f.level] == []


@pytest.mark.parametrize("req", [r for r in CATALOGUE.requirements if BREAK[r.id]], ids=lambda r: r.id)
def test_requirement_fires_when_broken_at_its_due_stage(tmp_path, req):
    entry = full_entry_2025(req.level, _stage_for(req))
    BREAK[req.id](entry)
    found = {f.rule: f for f in _findings(tmp_path, entry)}
    assert req.id in found, f"{req.id} did not fire"
    assert found[req.id].level == req.level
    assert found[req.id].severity.value == req.severity
    assert found[req.id].message


@pytest.mark.parametrize("req", [r for r in CATALOGUE.requirements if BREAK[r.id] and r.due != "idea"],
                         ids=lambda r: r.id)
def test_requirement_is_quiet_before_it_is_due(tmp_path, req):
    earlier = STAGES[STAGES.index(_stage_for(req)) - 1]
    if req.level in ("sandkasse", "N1") and earlier == "approved":
        earlier = "concept"
    entry = full_entry_2025(req.level, earlier)
    BREAK[req.id](entry)
    assert [f for f in _findings(tmp_path, entry) if f.rule == req.id] == []


@pytest.mark.parametrize("req", [r for r in CATALOGUE.requirements if BREAK[r.id] and r.level != "sandkasse"],
                         ids=lambda r: r.id)
def test_requirement_is_quiet_below_its_level(tmp_path, req):
    entry = full_entry_2025("sandkasse", "in_operation")
    BREAK[req.id](entry)
    assert [f for f in _findings(tmp_path, entry) if f.rule == req.id] == []


def test_f12_single_core(tmp_path):
    other = full_entry_2025("N1", "in_progress", title="Kopi")
    findings = _findings(tmp_path, full_entry_2025("N2", "in_progress"), {"os2kopi": other})
    # F12 is an N2 requirement: only the N2 entry is held to it.
    assert [f.entry for f in findings if f.rule == "F12"] == ["os2test"]
    alone = _findings(tmp_path / "alone", full_entry_2025("N2", "in_progress"))
    assert not [f for f in alone if f.rule == "F12"]


def test_a_sandbox_idea_has_nothing_due(tmp_path):
    entry = full_entry_2025("sandkasse", "idea", requirements={}, license=None, repository=None)
    assert [f for f in _findings(tmp_path, entry) if f.level] == []


@pytest.mark.parametrize("req_id", ["F3", "F21", "G14", "F18"])
def test_the_template_allows_not_relevant_with_an_explanation(tmp_path, req_id):
    entry = full_entry_2025("N3", "in_operation")
    entry["requirements"][req_id] = {"status": "not_applicable", "explanation": "Ikke relevant for produktet."}
    assert [f for f in _findings(tmp_path, entry) if f.rule == req_id] == []


@pytest.mark.parametrize(("status", "words"), [("not_met", "not met"), ("planned", "planned"), ("unsure", "unsure")])
def test_own_statuses_that_are_not_met_leave_the_requirement_unmet(tmp_path, status, words):
    entry = full_entry_2025("N1", "in_operation")
    entry["requirements"]["F11"] = {"status": status, "explanation": "Vi bruger Jira."}
    [finding] = [f for f in _findings(tmp_path, entry) if f.rule == "F11"]
    assert words in finding.message


def test_f18_and_g8_are_follow_or_explain(tmp_path):
    entry = full_entry_2025("N2", "in_operation")
    entry["requirements"]["F18"] = {"status": "explained", "explanation": "Afviger fra FDA på ét punkt."}
    entry["requirements"]["F4"] = {"status": "explained", "explanation": "Vi forklarer."}
    rules = {f.rule for f in _findings(tmp_path, entry)}
    assert "F18" not in rules and "F4" in rules


def test_a_statement_on_a_derived_requirement_does_not_decide_it(tmp_path):
    entry = full_entry_2025("N2", "in_progress")
    entry["requirements"]["G6"] = {"status": "met", "evidence": "Styregruppen er nedsat."}
    entry["governance"]["steering_group"] = {"chair": "mchr", "members": ["mchr"]}
    assert "G6" in {f.rule for f in _findings(tmp_path, entry)}


def test_a_record_needs_a_status_or_an_assessment(tmp_path):
    entry = full_entry_2025("N1", "in_operation")
    entry["requirements"]["F7"] = {"evidence": "https://docs.example/F7"}
    [finding] = [f for f in _findings(tmp_path, entry) if f.rule == "schema"]
    assert "needs a `status` or an `assessment`" in finding.message


def test_the_2016_model_still_refuses_2025_ids(tmp_path):
    from tests.factory import full_entry, make_registry

    entry = full_entry("N1", "in_operation")
    entry["requirements"]["F3"] = {"status": "met", "evidence": "x"}
    root = make_registry(tmp_path / "reg", {"os2test": entry})
    [finding] = [f for f in check_registry(load_registry(root), TODAY).findings if f.rule == "schema"]
    assert "unknown key `requirements.F3`" in finding.message


# ---- assessments ----

def _graded(grade, req_id="F11", level="N1", status="in_operation", by="kjen"):
    entry = full_entry_2025(level, status)
    entry["requirements"][req_id] = {"status": "met", "evidence": "https://docs.example/x",
                                     "assessment": {"grade": grade, "by": by, "date": "2026-09-29",
                                                    "basis": "Linket leder til en loginside."}}
    return entry


@pytest.mark.parametrize(("grade", "req_id", "severity"), [
    ("red", "F11", "error"), ("yellow", "F11", "warning"), ("red", "F19", "warning"), ("green", "F11", None),
    ("grey", "F11", None),
])
def test_grades_on_due_requirements(tmp_path, grade, req_id, severity):
    level = "N2" if req_id == "F19" else "N1"
    found = [f for f in _findings(tmp_path, _graded(grade, req_id, level)) if f.rule == "assessment"]
    assert [f.severity.value for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].level == ("N2" if req_id == "F19" else "N1") and req_id in found[0].message
        assert "Linket leder til en loginside." in found[0].message and found[0].line > 1


def test_grades_on_requirements_not_yet_due_or_above_the_level_say_nothing(tmp_path):
    assert not [f for f in _findings(tmp_path, _graded("red", "F11", "N1", "concept")) if f.rule == "assessment"]
    assert not [f for f in _findings(tmp_path, _graded("red", "G14", "N1")) if f.rule == "assessment"]


def test_grades_are_still_checked_when_another_field_is_invalid(tmp_path):
    entry = _graded("red")
    entry["supplier"] = ["not", "text"]
    rules = [f.rule for f in _findings(tmp_path, entry)]
    assert "schema" in rules and "assessment" in rules


def test_the_assessor_must_be_a_person(tmp_path):
    found = [f for f in _findings(tmp_path, _graded("green", by="nobody")) if f.rule == "unknown-person"]
    assert len(found) == 1 and "'nobody'" in found[0].message


# ---- the engine runs the model unchanged ----

def test_reclassify_proposes_up_from_n1_to_n2(tmp_path):
    entry = full_entry_2025("N1", "in_operation")
    [proposal] = propose_all(load_registry(make_registry_2025(tmp_path / "reg", {"os2test": entry})), TODAY)
    assert (proposal.current, proposal.proposed, proposal.direction) == ("N1", "N3", "up")


def test_reclassify_proposes_down_when_a_level_requirement_fails(tmp_path):
    entry = full_entry_2025("N2", "in_operation")
    entry["requirements"].pop("F16")
    [proposal] = propose_all(load_registry(make_registry_2025(tmp_path / "reg", {"os2test": entry})), TODAY)
    assert (proposal.proposed, proposal.direction, proposal.unmet) == ("N1", "down", ["F16"])


def test_reclassify_proposes_the_sandbox_when_n1_fails(tmp_path):
    entry = full_entry_2025("N1", "in_operation")
    entry["requirements"].pop("F11")
    [proposal] = propose_all(load_registry(make_registry_2025(tmp_path / "reg", {"os2test": entry})), TODAY)
    assert (proposal.proposed, proposal.direction) == ("sandkasse", "down")


def test_warnings_do_not_block_an_up_proposal(tmp_path):
    entry = full_entry_2025("N1", "in_operation")
    for req_id in ("F19", "F20", "G8", "G9", "G10"):
        entry["requirements"].pop(req_id)
    [proposal] = propose_all(load_registry(make_registry_2025(tmp_path / "reg", {"os2test": entry})), TODAY)
    assert proposal.proposed == "N3"


def test_show_displays_own_status_and_assessment(tmp_path, cli):
    root = make_registry_2025(tmp_path / "reg", {"os2test": _graded("yellow")})
    result = cli("show", "os2test", "--registry", root, "--today", "2026-11-29")
    assert result.exit_code == 0
    assert "egen status: ✅ Ja · vurdering: 🟡 gul (kjen, 2026-09-29)" in result.stdout
    result, document = cli.json("show", "os2test", "--registry", root, "--today", "2026-11-29", "--format", "json")
    [f11] = [r for r in document["requirements"] if r["id"] == "F11"]
    assert f11["assessment"]["grade"] == "yellow" and f11["statement"]["status"] == "met"
    assert [r for r in document["requirements"] if r["id"] == "R1"][0]["assessment"] is None


def test_requirements_command_lists_the_2025_model(cli):
    result, document = cli.json("requirements", "--model", "os2-2025", "--format", "json", "--level", "sandkasse")
    assert [r["id"] for r in document["requirements"]] == ["R1", "F1", "F2", "F3", "F4", "F5"]


# ---- the example registry on the 2025 model ----

def test_the_2025_example_registry_passes_check(cli):
    result = cli("check", "--registry", REPO_ROOT / "registry-2025", "--today", "2026-11-29", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert '"errors": 0' in result.stdout


def test_the_2025_example_registry_has_3_to_5_products():
    registry = load_registry(REPO_ROOT / "registry-2025")
    assert registry.catalogue.id == "os2-2025"
    assert 3 <= len(registry.entries) <= 5
    assert all(loaded.model is not None for loaded in registry.entries.values())
