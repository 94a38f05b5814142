"""`os2ctl import-governance-report`: reading filled-in reports tolerantly, writing an entry's
requirements round-trip, listing what could not be mapped, and import → report reproducing the marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from os2ctl.govreport_cells import clean_cell, split_row
from os2ctl.govreport_parse import parse_report, slug
from os2ctl.registry.loader import load_registry
from tests.factory import dump, full_entry, make_registry
from tests.factory_2025 import CATALOGUE, full_entry_2025, make_registry_2025

TESTDATA = Path(__file__).parent / "testdata" / "govreport"
TEMPLATE = TESTDATA / "os2test-governance-report.md"
GENERATOR = TESTDATA / "os2test-governancerapport-1.1.0.md"
EVALUATION = TESTDATA / "os2rollekatalog-evaluering.md"


def _bare_entry(**overrides) -> dict:
    entry = full_entry_2025("N1", "in_operation", requirements={})
    entry.update(overrides)
    return entry


def _registry(tmp_path, entries=None) -> Path:
    return make_registry_2025(tmp_path / "reg", entries if entries is not None else {"os2test": _bare_entry()})


def _entry(root: Path, entry_id: str = "os2test") -> dict:
    return yaml.safe_load((root / "portfolio" / f"{entry_id}.yaml").read_text(encoding="utf-8"))


def _marks(text: str) -> dict:
    report = parse_report(text, CATALOGUE)
    return {row.id: (row.status, row.text) for row in report.rows}


# ---- reading ----

@pytest.mark.parametrize(("cell", "text"), [
    ("Sparer tid.<br />Se [kortet](https://example.org/k)", "Sparer tid.\nSe kortet (https://example.org/k)"),
    ("<https://github.com/OS2/x>", "https://github.com/OS2/x"),
    ("[https://a.example/b](https://a.example/b)", "https://a.example/b"),
    ("README\\_da.md og \\[bilag\\] \\| ikke et link", "README_da.md og [bilag] | ikke et link"),
    ("Linje 1<br>Linje 2<BR/>Linje 3", "Linje 1\nLinje 2\nLinje 3"),
    ("  mange    mellemrum  ", "mange mellemrum"),
    ("<span>tekst</span> ![logo](x.png)", "tekst logo"),
])
def test_clean_cell(cell, text):
    assert clean_cell(cell) == text


def test_split_row_keeps_escaped_pipes():
    assert split_row(" | a | b \\| c | |") == ["a", "b \\| c", ""]


def test_reading_the_template_layout_tolerates_what_people_do():
    report = parse_report(TEMPLATE.read_text(encoding="utf-8"), CATALOGUE)
    marks = {row.id: row.status for row in report.rows}
    assert marks == {
        "R1": "met", "R2": "not_met", "R4": "not_applicable", "F1": "met", "F2": "met", "F3": "unsure", "F4": "met",
        "F5": "met", "F7": "met", "F11": "met", "F12": "met", "F16": "not_met", "F21": "not_applicable",
        "S1": "met", "S2": "met", "S4": "unsure", "G1": "met", "G2": "met", "G3": "met", "G4": "not_met", "G6": "met",
    }
    texts = {row.id: row.text for row in report.rows}
    assert texts["R1"] == "Sparer tid i sagsbehandlingen.\nSe gevinstkortet (https://example.org/gevinst)"
    assert texts["R4"] == "Ingen national strategi er relevant | endnu"
    assert texts["F4"] == "Se README_sikkerhed.md og [bilag 2]"
    assert texts["F5"] == "https://github.com/OS2/testprodukt"
    assert texts["S2"] is None and texts["G3"] is None  # the template's prompts ("Hvordan?") say nothing
    assert report.product == "OS2 Testprodukt"
    assert sorted(report.empty) == ["F6", "R3", "S3"]


def test_every_row_that_cannot_be_mapped_is_listed_with_its_line_and_reason():
    text = TEMPLATE.read_text(encoding="utf-8")
    report = parse_report(text, CATALOGUE)
    skipped = {s.label: s for s in report.skipped}
    assert set(skipped) == {"F8", "F10", "G4", "G7", "G9"}
    assert "not a requirement of os2-2025" in skipped["F8"].reason
    assert "unknown mark 'Delvist'" in skipped["F10"].reason
    assert "appears twice" in skipped["G4"].reason
    assert "no mark and no grade" in skipped["G7"].reason
    assert "more than one mark" in skipped["G9"].reason
    lines = text.splitlines()
    for item in report.skipped:
        assert f"| {item.label} |" in lines[item.line - 1]


def test_reading_the_generators_words():
    report = parse_report(GENERATOR.read_text(encoding="utf-8"), CATALOGUE)
    assert {row.id: row.status for row in report.rows} == {
        "R1": "met", "R2": "not_met", "R3": "unsure", "R4": "not_applicable", "F3": "planned", "F5": "met"}
    assert {row.id: row.text for row in report.rows}["R3"] is None  # "[Ikke udfyldt]"
    assert report.empty == ["F4"]  # "[Udfyldes i selvevaluering]"
    assert report.meta["dato for udfyldelse"] == "11-06-2026"


def test_reading_an_evaluation_report():
    report = parse_report(EVALUATION.read_text(encoding="utf-8"), CATALOGUE)
    assert len(report.rows) == 43 and not report.skipped
    grades = [row.grade for row in report.rows]
    assert (grades.count("green"), grades.count("yellow"), grades.count("red"), grades.count("grey")) == (20, 16, 6, 1)
    f3 = next(row for row in report.rows if row.id == "F3")
    assert (f3.status, f3.grade) == ("planned", "red")
    assert f3.basis.startswith("Produktet har korrekt angivet kriteriet som planlagt.\n\nOS2-sekretariatet")
    assert f3.recommendation.endswith("https://github.com/OS2offdig/governance_report_template/issues/89")


@pytest.mark.parametrize(("name", "entry_id"), [("OS2udoglær", "os2udoglaer"), ("OS2 Testprodukt", "os2-testprodukt"),
                                                ("OS2faktor (Login/MFA)", "os2faktor-login-mfa")])
def test_slug(name, entry_id):
    assert slug(name) == entry_id


# ---- writing ----

def test_import_then_report_reproduces_the_marks_of_the_template_layout(tmp_path, cli):
    root = _registry(tmp_path)
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert result.exit_code == 0, result.stdout + result.stderr
    report = cli("report", "os2test", "--kind", "self", "--registry", root, "--today", "2026-11-29")
    assert report.exit_code == 0
    assert _marks(report.stdout) == _marks(TEMPLATE.read_text(encoding="utf-8"))
    mark_cells = {line.split("|")[2].strip(): line.split("|")[1].strip()
                  for line in report.stdout.splitlines() if line.startswith("| ") and "|" in line[2:]}
    assert (mark_cells["R1"], mark_cells["R2"], mark_cells["R3"], mark_cells["R4"], mark_cells["F3"]) == \
           ("✅", "❌", "", "➖", "❓")


def test_import_then_report_reproduces_the_generators_words(tmp_path, cli):
    root = _registry(tmp_path)
    assert cli("import-governance-report", GENERATOR, "--into", "os2test", "--registry", root).exit_code == 0
    report = cli("report", "os2test", "--registry", root, "--today", "2026-11-29")
    assert _marks(report.stdout) == _marks(GENERATOR.read_text(encoding="utf-8"))
    assert "| ❌ Planlagt | F3 |" in report.stdout


def test_import_then_evaluation_report_reproduces_the_grades(tmp_path, cli):
    root = _registry(tmp_path, {"os2rollekatalog": _bare_entry(title="OS2rollekatalog")})
    refused = cli("import-governance-report", EVALUATION, "--registry", root)
    assert refused.exit_code == 2
    assert "--by PERSON ('Karen Møller, OS2-sekretariatet' is not a person in organisation.yaml)" in refused.stderr
    result = cli("import-governance-report", EVALUATION, "--registry", root, "--by", "bmgr")
    assert result.exit_code == 0, result.stderr
    assert "43 rows (43 own statuses, 43 assessments by bmgr)" in result.stdout
    assert _entry(root, "os2rollekatalog")["requirements"]["F3"]["assessment"]["date"] == dt.date(2026, 9, 29)
    again = cli("report", "os2rollekatalog", "--kind", "evaluation", "--registry", root, "--today", "2026-11-29")
    assert "20 af 43 krav er vurderet grønne, 16 gule, 6 røde og 1 gråt." in again.stdout
    before = {row.id: (row.status, row.text, row.grade, row.basis, row.recommendation)
              for row in parse_report(EVALUATION.read_text(encoding="utf-8"), CATALOGUE).rows}
    after = {row.id: (row.status, row.text, row.grade, row.basis, row.recommendation)
             for row in parse_report(again.stdout, CATALOGUE).rows}
    assert after == before


def test_the_assessor_is_found_by_name_and_red_grades_become_errors(tmp_path, cli):
    import shutil

    root = tmp_path / "registry-2025"
    shutil.copytree(Path(__file__).resolve().parent.parent / "registry-2025", root)
    result = cli("import-governance-report", EVALUATION, "--registry", root)
    assert result.exit_code == 0, result.stderr
    assert "by karen-moeller" in result.stdout
    check = cli("check", "--registry", root, "--today", "2026-11-29", "--format", "json")
    import json

    document = json.loads(check.stdout)
    red = sorted(f["message"].split(" ")[0] for f in document["findings"]
                 if f["rule"] == "assessment" and f["severity"] == "error")
    assert check.exit_code == 1 and red == ["F11", "F3", "F4"]  # the red grades of requirements due at N1
    # The report's own "Planlagt" for F3 and F7 leaves those N1 requirements unmet as well.
    assert {f["rule"] for f in document["findings"] if f["severity"] == "error"} == {"assessment", "F3", "F7"}


def test_an_update_keeps_comments_and_untouched_lines(tmp_path, cli):
    text = dump(_bare_entry()).replace("title: OS2 Testprodukt", "# Kommentar øverst\ntitle: OS2 Testprodukt  # titlen")
    text = text.replace("requirements: {}\n", "requirements:\n  F19: {status: met, evidence: \"Docker\"}  # beholdes\n")
    root = _registry(tmp_path, {"os2test": text})
    assert cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root).exit_code == 0
    written = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Kommentar øverst\ntitle: OS2 Testprodukt  # titlen\n")
    assert '  F19: {status: met, evidence: "Docker"}  # beholdes\n' in written
    keys = list(yaml.safe_load(written)["requirements"])
    assert keys == sorted(keys, key=[r.id for r in CATALOGUE.requirements].index)  # catalogue order
    assert yaml.safe_load(written)["requirements"]["R1"] == {
        "status": "met", "evidence": "Sparer tid i sagsbehandlingen.\nSe gevinstkortet (https://example.org/gevinst)"}


def test_a_second_import_of_the_same_report_changes_nothing(tmp_path, cli):
    root = _registry(tmp_path)
    cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    first = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8") == first


def test_a_changed_mark_replaces_the_old_text(tmp_path, cli):
    root = _registry(tmp_path, {"os2test": _bare_entry(requirements={
        "R2": {"status": "met", "evidence": "Gammel accept"}})})
    cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert _entry(root)["requirements"]["R2"] == {"status": "not_met", "explanation": "Odense mangler endnu"}


def test_the_output_lists_unmapped_rows(tmp_path, cli):
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", _registry(tmp_path))
    assert "5 rows could not be mapped:" in result.stdout
    assert "os2test-governance-report.md:41: F8: 'F8' is not a requirement of os2-2025" in result.stdout
    assert "not filled in (3): R3, F6, S3" in result.stdout


def test_a_report_about_a_new_product_creates_an_entry(tmp_path, cli):
    root = _registry(tmp_path, {})
    result = cli("import-governance-report", GENERATOR, "--registry", root)
    assert result.exit_code == 0, result.stderr
    assert "portfolio/os2-testprodukt.yaml: created" in result.stdout
    entry = _entry(root, "os2-testprodukt")
    assert (entry["title"], entry["level"], entry["status"]) == ("OS2 Testprodukt", "sandkasse", "idea")
    assert entry["contact"] == {"name": "Produktkoordinator Karen Jensen"}
    assert entry["requirements"]["F3"] == {"status": "planned", "explanation": "Forklaringsnotat udarbejdes."}
    assert load_registry(root).entries["os2-testprodukt"].model is not None


def test_the_report_title_finds_the_entry(tmp_path, cli):
    root = _registry(tmp_path)  # os2test's title is "OS2 Testprodukt"
    assert "portfolio/os2test.yaml: updated" in cli("import-governance-report", GENERATOR, "--registry", root).stdout


def test_dry_run_writes_nothing(tmp_path, cli):
    root = _registry(tmp_path)
    before = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root, "--dry-run")
    assert result.exit_code == 0 and "would write" in result.stdout
    assert (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8") == before


def test_a_2016_registry_is_told_to_migrate_first(tmp_path, cli):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry()})
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert result.exit_code == 1
    assert "run `os2ctl migrate --to os2-2025` first" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--into", "nope"], "--into: no entry 'nope'"),
    (["--date", "2026-13-01"], "--date: '2026-13-01' is not a date"),
])
def test_usage_errors(tmp_path, cli, args, message):
    result = cli("import-governance-report", EVALUATION, "--registry", _registry(tmp_path), "--by", "bmgr", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_missing_file_and_a_file_without_tables(tmp_path, cli):
    root = _registry(tmp_path)
    assert cli("import-governance-report", tmp_path / "nope.md", "--registry", root).exit_code == 2
    (tmp_path / "empty.md").write_text("# OS2 Testprodukt\n\nIngen tabeller.\n", encoding="utf-8")
    result = cli("import-governance-report", tmp_path / "empty.md", "--registry", root)
    assert result.exit_code == 1 and "no requirement table found" in result.stderr


def test_nothing_is_written_when_the_result_would_not_be_valid(tmp_path, cli, monkeypatch):
    import os2ctl.govreport_import as importer

    root = _registry(tmp_path)
    before = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(importer, "_scalar", lambda text: 42)  # a bug that writes numbers for texts
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert result.exit_code == 1
    assert "the imported entry would not be valid; nothing was written" in result.stderr
    assert "portfolio/os2test.yaml:" in result.stderr
    assert (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8") == before
    assert [p.name for p in (root / "portfolio").iterdir()] == ["os2test.yaml"]  # no temporary file left


def test_an_entry_that_is_not_valid_yaml_is_refused_with_its_position(tmp_path, cli):
    root = _registry(tmp_path)
    path = root / "portfolio" / "os2test.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    result = cli("import-governance-report", TEMPLATE, "--into", "os2test", "--registry", root)
    assert result.exit_code == 1 and "portfolio/os2test.yaml:" in result.stderr and "not valid YAML" in result.stderr
    assert path.read_text(encoding="utf-8") == "title: [unclosed\n"
