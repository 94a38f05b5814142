"""General rules (spec section 7): each fires on bad data and stays quiet on good data."""

from __future__ import annotations

import datetime as dt

import pytest

from os2ctl.check import check_registry
from os2ctl.registry.loader import load_registry
from os2ctl.rules.personal_data import find_cpr_numbers
from tests.factory import ORGANISATION, dump, full_entry, make_registry, write_tree

TODAY = dt.date(2026, 11, 29)


def _check(root, paths=None):
    return check_registry(load_registry(root), TODAY, paths).findings


def _by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_clean_registry_has_no_findings(registry):
    assert _check(registry) == []


# --- schema -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.pop("title"), "missing required field `title`"),
        (lambda e: e.update(titel="x"), "unknown key `titel` (did you mean 'title'?)"),
        (lambda e: e["contact"].update(emial="x@y.dk"), "unknown key `contact.emial` (did you mean 'email'?)"),
        (lambda e: e.update(level="N4"), "`level`: Input should be 'N1', 'N2' or 'N3' (found 'N4')"),
        (lambda e: e.update(status="done"), "(found 'done')"),
        (lambda e: e["reports"][0].update(date="2026-02-30"), "`reports[0].date` should be a real date"),
        (lambda e: e.update(title=42), "`title` should be text, not 42"),
        (lambda e: e["requirements"].update({"documentaton": {"status": "met"}}),
         "unknown key `requirements.documentaton` (did you mean 'documentation'?)"),
        (lambda e: e["decisions"].append({"date": "2026-04-01", "body": "board", "action": "stop"}),
         "a decision by the board names its meeting"),
        (lambda e: e["contact"].update(email="not-an-address"), "is not an e-mail address"),
    ],
)
def test_schema_errors(tmp_path, change, words):
    entry = full_entry()
    change(entry)
    findings = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "schema")
    assert any(words in f.message for f in findings), [f.message for f in findings]


def test_schema_error_positions(tmp_path):
    text = "title: OS2x\nsummary: Idé\nlevel: N9\nstatus: idea\ncontact: {name: A, emial: a@b.dk}\nmunicipalities: [Aarhus]\n"
    findings = _by_rule(_check(make_registry(tmp_path, {"os2x": text})), "schema")
    positions = {(f.line, f.column) for f in findings}
    assert positions == {(3, 8), (5, 20)}


def test_missing_top_level_field_points_at_the_top(tmp_path):
    text = "# a comment\ntitle: OS2x\nlevel: N1\nstatus: idea\ncontact: {name: A}\nmunicipalities: [Aarhus]\n"
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2x": text})), "schema")
    assert (finding.line, finding.column, finding.message) == (1, 1, "missing required field `summary`")


def test_top_level_list_is_a_schema_error(tmp_path):
    [finding] = _check(make_registry(tmp_path, {"os2x": "- a\n- b\n"}))
    assert finding.rule == "schema" and "found a list" in finding.message


def test_evidence_key_for_a_derived_requirement_is_refused(tmp_path):
    entry = full_entry()
    entry["requirements"]["source-shared"] = {"status": "met", "evidence": "https://x"}
    assert _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "schema")


def test_one_broken_file_does_not_stop_the_others(tmp_path):
    broken = full_entry(summary="TODO")
    broken["repository"] = "https://github.com/OS2/other"
    root = make_registry(tmp_path, {"a-broken": "title: [\n", "b-fine": full_entry(), "c-todo": broken})
    findings = _check(root)
    assert {f.entry for f in findings} == {"a-broken", "c-todo"}


# --- invalid-id ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["OS2mo", "a", "-x", "os2_mo", "æble"])
def test_invalid_entry_ids(tmp_path, name):
    root = make_registry(tmp_path, {name: full_entry()})
    assert [f.path for f in _by_rule(_check(root), "invalid-id")] == [f"portfolio/{name}.yaml"]


def test_valid_entry_id_is_quiet(registry):
    assert not _by_rule(_check(registry), "invalid-id")


@pytest.mark.parametrize("name", ["2026-13-01", "december", "2026-1-5"])
def test_meeting_file_must_be_a_real_date(tmp_path, name):
    root = make_registry(tmp_path)
    write_tree(root, {f"meetings/{name}.yaml": dump({"body": "board", "title": "Møde"})})
    assert [f.path for f in _by_rule(_check(root), "invalid-id")] == [f"meetings/{name}.yaml"]


def test_yml_extension_is_reported(tmp_path):
    root = make_registry(tmp_path)
    write_tree(root, {"portfolio/os2x.yml": dump(full_entry())})
    [finding] = _by_rule(_check(root), "invalid-id")
    assert ".yaml" in finding.message


def test_duplicate_person_ids(tmp_path):
    organisation = {**ORGANISATION, "people": ORGANISATION["people"] + [dict(ORGANISATION["people"][0])]}
    root = make_registry(tmp_path, organisation=organisation)
    assert _by_rule(_check(root), "invalid-id")


# --- unknown-municipality ---------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "words"),
    [("Arhus", "did you mean 'Aarhus'?"), ("Gotham", "not one of the 98"), (999, "not a municipality code"),
     ("aarhus", "did you mean 'Aarhus'?")],
)
def test_unknown_municipality(tmp_path, value, words):
    entry = full_entry("N1", "idea", municipalities=[value])
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-municipality")
    assert words in finding.message


@pytest.mark.parametrize("value", ["København", 101, "101", "Ærø", 461])
def test_known_municipality_by_name_or_code(tmp_path, value):
    entry = full_entry("N1", "idea", municipalities=[value])
    assert not _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-municipality")


def test_municipality_listed_twice_by_name_and_code(tmp_path):
    entry = full_entry("N1", "idea", municipalities=["Odense", 461])
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-municipality")
    assert "listed twice" in finding.message


# --- unknown-person ---------------------------------------------------------------

def test_unknown_person_in_entry(tmp_path):
    entry = full_entry()
    entry["governance"]["steering_group"]["members"].append("mchrr")
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-person")
    assert "did you mean 'mchr'?" in finding.message


def test_unknown_person_in_organisation_and_meeting(tmp_path):
    organisation = {**ORGANISATION, "board": {"chair": "mchr", "members": ["mchr", "ghost"]}}
    root = make_registry(tmp_path, organisation=organisation)
    write_tree(root, {"meetings/2026-10-01.yaml": dump({"body": "board", "title": "Møde", "attendees": ["nobody"]})})
    assert {f.path for f in _by_rule(_check(root), "unknown-person")} == {"organisation.yaml", "meetings/2026-10-01.yaml"}


# --- unknown-reference --------------------------------------------------------------

def test_unknown_related_entry_and_meeting(tmp_path):
    entry = full_entry()
    entry["strategy"]["related"] = ["os2nothing"]
    entry["decisions"][1]["meeting"] = "2026-03-18"
    findings = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-reference")
    assert len(findings) == 2


def test_existing_references_are_quiet(tmp_path):
    entry = full_entry()
    entry["strategy"]["related"] = ["os2other"]
    root = make_registry(tmp_path, {"os2test": entry, "os2other": full_entry("N1", "idea")})
    assert not _by_rule(_check(root), "unknown-reference")


def test_board_decision_at_a_general_assembly(tmp_path):
    entry = full_entry()
    entry["decisions"][1].update(date="2026-06-11", meeting="2026-06-11")
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "unknown-reference")
    assert "general assembly" in finding.message


# --- personal-data -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "found"),
    [("010190-1234", True), ("0101901234", True), ("290200-4321", True), ("290201-1234", False),
     ("320190-1234", False), ("011390-1234", False), ("12345678901", False), ("tel. 33 12 34 56", False),
     ("CVR 12345678", False), ("2026-11-29", False), ("x010190-1234x", True)],
)
def test_cpr_detection(text, found):
    assert bool(list(find_cpr_numbers(text))) is found


def test_cpr_in_a_comment_is_found_and_masked(tmp_path):
    text = dump(full_entry()) + "# kontakt: 010190-1234\n"
    root = make_registry(tmp_path, {"os2test": text})
    [finding] = _by_rule(_check(root), "personal-data")
    assert "010190-XXXX" in finding.message and "1234" not in finding.message
    assert finding.line == text.count("\n") and finding.column == 12


def test_cpr_in_organisation_file(tmp_path):
    organisation = {**ORGANISATION, "people": [dict(ORGANISATION["people"][0], name="Mette 0101901234")]
                    + ORGANISATION["people"][1:]}
    root = make_registry(tmp_path, organisation=organisation)
    assert [f.path for f in _by_rule(_check(root), "personal-data")] == ["organisation.yaml"]


# --- files ---------------------------------------------------------------------------

def test_large_file_is_reported_not_parsed(tmp_path):
    big = "title: x\nsummary: |\n" + ("  " + "a" * 99 + "\n") * 52_000
    root = make_registry(tmp_path, {"os2big": big})
    [finding] = _check(root)
    assert finding.rule == "file-size" and "limit" in finding.message


def test_missing_organisation_file(tmp_path):
    root = make_registry(tmp_path, {"os2test": full_entry()})
    (root / "organisation.yaml").unlink()
    findings = _check(root)
    assert [(f.path, f.rule) for f in findings] == [("organisation.yaml", "schema")]


def test_paths_limit_the_findings_but_not_the_references(tmp_path):
    entry = full_entry()
    entry["strategy"]["related"] = ["os2other"]
    other = full_entry(summary="TODO", repository="https://github.com/OS2/other")
    root = make_registry(tmp_path, {"os2test": entry, "os2other": other})
    assert _check(root, ["portfolio/os2test.yaml"]) == []
    assert {f.entry for f in _check(root)} == {"os2other"}


def test_a_schema_error_does_not_hide_requirement_findings(tmp_path):
    entry = full_entry("N1", "concept", license="Proprietary")
    entry["funding"]["budget"] = 3
    rules = {f.rule for f in _check(make_registry(tmp_path, {"os2test": entry}))}
    assert rules == {"schema", "licence"}


@pytest.mark.parametrize(
    ("text", "found"),
    [("Skriv til jens.hansen@gmail.com for adgang.", True), ("Kontakt mette@aarhus.dk.", True),
     ("Skriv til info@os2.eu.", False), ("Support: support+os2mo@magenta.dk", False),
     ("Se https://github.com/OS2mo/os2mo@v2", False), ("Ingen adresse her.", False)],
)
def test_personal_email_in_free_text_is_a_warning(tmp_path, text, found):
    entry = full_entry("N1", "idea", summary=text)
    findings = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "personal-data")
    assert bool(findings) is found
    if found:
        assert findings[0].severity.value == "warning" and "…@" in findings[0].message
        assert text.split("@")[0].split()[-1] not in findings[0].message


def test_contact_email_field_is_not_reported(tmp_path):
    entry = full_entry("N1", "idea", contact={"name": "Jens", "email": "jens.hansen@gmail.com"})
    assert not _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "personal-data")


@pytest.mark.parametrize("text", ["P-nr. 1003388394", "p-nummer: 1003388394", "EAN 1003388394", "J.nr. 1003388394"])
def test_labelled_numbers_are_not_cpr(text):
    assert not list(find_cpr_numbers(text))
    assert list(find_cpr_numbers(text.split()[-1]))  # the same digits unlabelled would be reported


def test_a_decision_by_the_wrong_body_is_a_schema_error(tmp_path):
    entry = full_entry("N2", "approved")
    entry["decisions"].append({"date": "2026-04-01", "body": "business_manager", "action": "reclassify", "level": "N2"})
    [finding] = _by_rule(_check(make_registry(tmp_path, {"os2test": entry})), "schema")
    assert "taken by the board or general assembly, not the business manager" in finding.message


def test_symlink_pointing_outside_the_registry_is_refused(tmp_path):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry()})
    secret = tmp_path / "secret.yaml"
    secret.write_text(dump(full_entry(summary="hemmelig 010190-1234")), encoding="utf-8")
    (root / "portfolio" / "os2link.yaml").symlink_to(secret)
    (root / "portfolio" / "os2inside.yaml").symlink_to(root / "portfolio" / "os2test.yaml")
    findings = _check(root)
    assert [f.rule for f in findings if f.path == "portfolio/os2link.yaml"] == ["file-safety"]
    assert {f.rule for f in findings if f.path == "portfolio/os2inside.yaml"} == {"single-core"}  # read: inside
    assert "010190" not in " ".join(f.message for f in findings)
