"""`os2ctl report`: the self-evaluation and the evaluation report, as Markdown and HTML, for every
entry of the 2025 example registry; escaping of registry text; the recommended level."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from os2ctl.registry.loader import load_registry
from os2ctl.report import level_label, render_report
from tests.factory_2025 import full_entry_2025, make_registry_2025

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "registry-2025"
TODAY = dt.date(2026, 11, 29)
EXAMPLE_IDS = sorted(load_registry(EXAMPLE).entries)


@pytest.mark.parametrize("entry_id", EXAMPLE_IDS)
@pytest.mark.parametrize("kind", ["self", "evaluation"])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_renders_for_every_entry_of_the_2025_example(cli, entry_id, kind, fmt):
    result = cli("report", entry_id, "--kind", kind, "--format", fmt, "--registry", EXAMPLE, "--today", "2026-11-29")
    assert result.exit_code == 0, result.stderr
    title = load_registry(EXAMPLE).entries[entry_id].model.title
    text = result.stdout
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
        assert text.count("<table>") >= 4
    else:
        assert text.count("| R1 |") == 1 and text.count("| G14 |") == 1
    assert len(re.findall(r"\b(R[1-4]|F(?:[1-7]|1[0-9]|2[0-2])|S[1-5]|G(?:[1-9]|1[0-4]))\b", text)) >= 43
    assert title.split(" ")[0] in text


def test_the_self_report_has_the_templates_layout_and_marks():
    text = render_report(load_registry(EXAMPLE), "os2aiheatcontrol", kind="self", today=TODAY)
    assert text.startswith("# Governancerapport for OS2aiheatcontrol \\(AIHeatControl\\)\n")
    assert "| 🔽 | \\# | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |" in text
    for heading in ("## RELEVANS", "## FORMKRAV", "## STRATEGISK SAMMENHÆNG", "## GOVERNANCE"):
        assert heading in text
    assert "| ✅ | R1 | Løsningen skaber lokal værdi |" in text
    assert "| ❓ | F2 |" in text and "| ❌ Planlagt | F3 |" in text and "| ❌ | F4 |" in text
    assert "|  | R2 | Løsningen er accepteret af lokal linjeledelse |  | 2 |" in text
    # the guideline's own link stays a link; it is os2ctl's text, not the registry's
    assert "[Documentation template for OS2 projects](http://github.com/OS2offdig/os2-docs-template)" in text


def test_the_evaluation_report_summarises_and_recommends():
    text = render_report(load_registry(EXAMPLE), "os2rollekatalog", kind="evaluation", today=TODAY)
    assert "20 af 43 krav er vurderet grønne, 16 gule, 0 røde og 1 gråt; 6 er ikke vurderet." in text
    assert "os2ctl foreslår ingen ændring: N1 er fortsat det rette niveau." in text
    assert "N2 foreslås ikke, fordi disse krav ikke er opfyldt:" in text
    assert "- F16 \\(Teknisk dokumentation" in text
    assert "| F21 | Politisk kommunikation er udarbejdet (Lokal + Omverden) | 3 | ➖ Ikke relevant |" in text
    assert "| ⚪ |" in text and "| 🟡 |" in text
    assert "| **I alt** | **20** | **16** | **0** | **1** | **6** | **43** |" in text
    assert "| Sandkasse | 2 | 2 | 0 | 0 | 2 | 6 |" in text


def test_the_evaluation_report_in_english(cli):
    result = cli("report", "os2rollekatalog", "--kind", "evaluation", "--lang", "en", "--registry", EXAMPLE,
                 "--today", "2026-11-29")
    assert "20 of 43 requirements green, 16 yellow, 0 red, 1 grey; 6 not assessed." in result.stdout
    assert "# Evaluation of OS2rollekatalog" in result.stdout


def test_an_up_proposal_is_the_recommended_level_with_its_reasons(tmp_path):
    root = make_registry_2025(tmp_path / "reg", {"os2test": full_entry_2025("N1", "in_operation")})
    text = render_report(load_registry(root), "os2test", kind="evaluation", today=TODAY)
    assert "os2ctl foreslår niveau N3 (op fra N1)." in text.replace("\\", "")
    assert "- Opfylder alle krav på N3" in text
    assert "Kun en beslutning i bestyrelsen mangler" in text


def test_a_down_proposal_names_what_fails(tmp_path):
    entry = full_entry_2025("N2", "in_operation")
    entry["requirements"]["F16"] = {"status": "not_met", "explanation": "Ikke beskrevet."}
    root = make_registry_2025(tmp_path / "reg", {"os2test": entry})
    text = render_report(load_registry(root), "os2test", kind="evaluation", today=TODAY, language="en")
    assert "os2ctl proposes level N1 (down from N2)." in text.replace("\\", "")
    assert "Fails Technical documentation includes best practice" in text.replace("\\", "")


HOSTILE = "<script>alert(1)</script> | [klik](javascript:alert(1)) # *fed* `kode`"


def _hostile_registry(tmp_path) -> Path:
    entry = full_entry_2025("N1", "in_operation", title="Ond <b>titel</b> | x")
    entry["requirements"]["F11"] = {"status": "met", "evidence": HOSTILE + "\nanden linje",
                                    "assessment": {"grade": "yellow", "by": "kjen", "date": "2026-09-29",
                                                   "basis": HOSTILE, "recommendation": HOSTILE}}
    return make_registry_2025(tmp_path / "reg", {"os2test": entry})


@pytest.mark.parametrize("kind", ["self", "evaluation"])
def test_registry_text_is_escaped_in_markdown(tmp_path, kind):
    text = render_report(load_registry(_hostile_registry(tmp_path)), "os2test", kind=kind, today=TODAY)
    assert "<script>" not in text and "<b>" not in text and "](javascript" not in text
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\| \\[klik\\]\\(javascript:alert\\(1\\)\\)" in text
    assert "<br />anden linje" in text
    row = next(line for line in text.splitlines() if line.startswith("| ") and "| F11 |" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == (7 if kind == "self" else 10)  # no extra columns


@pytest.mark.parametrize("kind", ["self", "evaluation"])
def test_registry_text_is_escaped_in_html(tmp_path, kind):
    text = render_report(load_registry(_hostile_registry(tmp_path)), "os2test", kind=kind, fmt="html", today=TODAY)
    assert "<script>" not in text and "<b>titel" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<br>anden linje" in text


def test_report_output_option_writes_a_file(tmp_path, cli):
    target = tmp_path / "rapport.html"
    result = cli("report", "os2faktor", "--format", "html", "--output", target, "--registry", EXAMPLE)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["os2nope"], 2, "no entry 'os2nope'"),
    (["os2mo", "--lang", "fr"], 2, "--lang: 'fr' is not one of da, en"),
    (["os2mo", "--kind", "audit"], 2, ""),
    (["os2mo", "--output", "/nonexistent/dir/x.md"], 2, "does not exist"),
])
def test_report_usage_errors(cli, args, code, message):
    result = cli("report", *args, "--registry", EXAMPLE)
    assert result.exit_code == code and message in result.stderr
    assert "Traceback" not in result.stderr


def test_report_refuses_an_invalid_entry(tmp_path, cli):
    root = make_registry_2025(tmp_path / "reg", {"os2test": {**full_entry_2025(), "level": "N9"}})
    result = cli("report", "os2test", "--registry", root)
    assert result.exit_code == 1 and "must be fixed before its report can be made" in result.stderr


def test_report_works_on_the_2016_model(cli):
    result = cli("report", "os2mo", "--kind", "evaluation", "--registry", REPO_ROOT / "registry", "--today", "2026-11-29")
    assert result.exit_code == 0
    assert "0 af 41 krav er vurderet grønne" in result.stdout


@pytest.mark.parametrize(("level", "label"), [("sandkasse", "sandkasse"), ("N1", "1"), ("N3", "3")])
def test_level_label(level, label):
    assert level_label(level) == label
