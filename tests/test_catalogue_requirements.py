"""Every requirement of the 2016 catalogue fires when broken and stays quiet when met, at its due stage."""

from __future__ import annotations

import datetime as dt

import pytest

from os2ctl.catalogue import load_catalogue
from os2ctl.check import check_registry
from os2ctl.lifecycle import STAGES
from os2ctl.registry.loader import load_registry
from tests.factory import drop, drop_decision, full_entry, make_registry, set_to

TODAY = dt.date(2026, 11, 29)
CATALOGUE = load_catalogue("os2-2016")





# requirement id → a change to a fully compliant entry that breaks exactly that requirement
BREAK = {
    "idea": set_to("TODO", "summary"),
    "local-value": drop("value", "local"),
    "value-for-others": set_to("   ", "value", "others"),
    "source-shared": set_to("http://github.com/OS2/testprodukt", "repository"),
    "licence": set_to("Proprietary", "license"),
    "municipalities": set_to([], "municipalities"),
    "local-funding": set_to("os2", "funding", "source"),
    "level-placement": lambda e: e["decisions"][0].update(level="N1" if e["level"] != "N1" else "N2"),
    "project-owner": lambda e: e["governance"].pop("steering_group") and e["governance"].pop("project_owner"),
    "leader-not-in-steering-group": lambda e: e["governance"]["steering_group"]["members"].append("slar"),
    "innovation": set_to("TBD", "strategy", "innovation"),
    "common-value": drop("value", "common"),
    "line-management": lambda e: e["line_management"].pop(),
    "project-leader": drop("governance", "project_leader", "certification"),
    "single-core": None,  # needs a second entry: see test_single_core
    "operation-setup": drop("operation", "support"),
    "board-approval": drop_decision("approve"),
    "steering-group": drop_decision("steering_group"),
    "budget-approval": drop_decision("approve_budget"),
    "coordination-group": set_to("lhan", "governance", "coordination_group", "chair"),
    "progress-report": set_to([{"date": "2026-05-01", "progress": "on_track"}], "reports"),
    "strategic-fit": set_to("...", "strategy", "os2_fit"),
    "portfolio-relations": drop("strategy", "relations"),
    "national-strategy": set_to("xxx", "strategy", "national"),
    "board-majority": set_to({"chair": "mchr", "members": ["mchr", "lhan", "tkri", "jped"]}, "governance", "steering_group"),
    "board-in-coordination-group": set_to({"chair": "tkri", "members": ["tkri", "jped"]}, "governance", "coordination_group"),
    "strategic-alignment": set_to("-", "strategy", "initiatives"),
}
for _req in CATALOGUE.requirements:
    if _req.takes_evidence:
        BREAK[_req.id] = drop("requirements", _req.id)


def _stage_for(req) -> str:
    """The stage at which a requirement is first due for an entry at its own level."""
    if req.id == "progress-report":
        return "in_progress"
    if req.level == "N1" and req.due == "approved":
        return "in_progress"
    return req.due


def _findings(tmp_path, entry, extra=None):
    root = make_registry(tmp_path / "reg", {"os2test": entry, **(extra or {})})
    return check_registry(load_registry(root), TODAY).findings


def test_every_requirement_has_a_breaking_case():
    assert set(BREAK) == {r.id for r in CATALOGUE.requirements}


@pytest.mark.parametrize("req", [r for r in CATALOGUE.requirements if BREAK[r.id]], ids=lambda r: r.id)
def test_requirement_fires_when_broken_at_its_due_stage(tmp_path, req):
    entry = full_entry(req.level, _stage_for(req))
    BREAK[req.id](entry)
    rules = {f.rule: f for f in _findings(tmp_path, entry)}
    assert req.id in rules, f"{req.id} did not fire"
    finding = rules[req.id]
    assert finding.level == req.level
    assert finding.severity.value == req.severity
    assert finding.entry == "os2test"
    assert finding.message


@pytest.mark.parametrize("req", list(CATALOGUE.requirements), ids=lambda r: r.id)
def test_requirement_is_quiet_when_met(tmp_path, req):
    findings = _findings(tmp_path, full_entry(req.level, _stage_for(req)))
    assert [f for f in findings if f.rule == req.id] == []


@pytest.mark.parametrize(
    "req", [r for r in CATALOGUE.requirements if r.due != "idea" and BREAK[r.id]], ids=lambda r: r.id
)
def test_requirement_is_quiet_before_it_is_due(tmp_path, req):
    earlier = STAGES[STAGES.index(req.due) - 1]
    if req.level == "N1" and earlier == "approved":
        earlier = "concept"
    entry = full_entry(req.level, earlier)
    BREAK[req.id](entry)
    assert [f for f in _findings(tmp_path, entry) if f.rule == req.id] == []


@pytest.mark.parametrize(
    "req", [r for r in CATALOGUE.requirements if r.level != "N1" and BREAK[r.id]], ids=lambda r: r.id
)
def test_requirement_is_quiet_below_its_level(tmp_path, req):
    entry = full_entry("N1", "in_operation")
    BREAK[req.id](entry)
    assert [f for f in _findings(tmp_path, entry) if f.rule == req.id] == []


@pytest.mark.parametrize("status", ["rejected", "stopped", "retired"])
def test_closed_entries_are_not_checked(tmp_path, status):
    entry = full_entry("N3", status, summary="TODO", requirements={})
    assert [f for f in _findings(tmp_path, entry) if f.level] == []


def test_local_funding_applies_at_n1_only(tmp_path):
    entry = full_entry("N2", "in_operation")
    entry["funding"]["source"] = "os2"
    assert [f for f in _findings(tmp_path, entry) if f.rule == "local-funding"] == []


def test_single_core(tmp_path):
    other = full_entry("N1", "in_progress", title="Kopi")
    other["repository"] = "https://github.com/os2/testprodukt.git/"
    findings = _findings(tmp_path, full_entry("N2", "in_progress"), {"os2kopi": other})
    assert [f.entry for f in findings if f.rule == "single-core"] == ["os2test"]
    retired = dict(other, status="retired")
    assert not [f for f in _findings(tmp_path, full_entry("N2", "in_progress"), {"os2kopi": retired})
                if f.rule == "single-core"]


@pytest.mark.parametrize(
    ("status", "explanation", "fires"),
    [("not_applicable", "Behandler ingen personoplysninger.", False), ("not_applicable", "", True),
     ("explained", "Vi forklarer.", True)],
)
def test_data_processing_statuses(tmp_path, status, explanation, fires):
    entry = full_entry("N1", "in_progress")
    entry["requirements"]["data-processing"] = {"status": status, "explanation": explanation}
    found = [f for f in _findings(tmp_path, entry) if f.rule == "data-processing"]
    assert bool(found) is fires


@pytest.mark.parametrize(
    ("record", "fires"),
    [({"status": "explained", "explanation": "Afviger fra FDA på ét punkt."}, False),
     ({"status": "explained"}, True),
     ({"status": "not_applicable", "explanation": "Ikke relevant"}, True),
     ({"status": "met"}, True)],
)
def test_follow_or_explain_statuses(tmp_path, record, fires):
    entry = full_entry("N1", "concept")
    entry["requirements"]["standards-architecture"] = record
    found = [f for f in _findings(tmp_path, entry) if f.rule == "standards-architecture"]
    assert bool(found) is fires


def test_evidence_requirement_refuses_explained(tmp_path):
    entry = full_entry("N1", "concept")
    entry["requirements"]["procurement"] = {"status": "explained", "explanation": "Vi gør det senere."}
    [finding] = [f for f in _findings(tmp_path, entry) if f.rule == "procurement"]
    assert "only for follow-or-explain" in finding.message


def test_budget_above_the_approved_amount_needs_a_new_decision(tmp_path):
    entry = full_entry("N2", "in_progress")
    entry["funding"]["budget_dkk"] = 1_500_000
    [finding] = [f for f in _findings(tmp_path, entry) if f.rule == "budget-approval"]
    assert "exceeds" in finding.message


def test_board_majority_message_matches_spec_wording(tmp_path):
    entry = full_entry("N3", "in_progress")
    entry["governance"]["steering_group"] = {"chair": "mchr", "members": ["mchr", "lhan", "tkri", "jped", "apou_x"]}
    entry["governance"]["steering_group"]["members"][-1] = "slar2"
    messages = [f.message for f in _findings(tmp_path, entry) if f.rule == "board-majority"]
    assert messages == ["2 of 5 steering group members are board members; N3 needs more than half"]
