"""`os2ctl check` end to end: formats, exit codes, paths and registry discovery."""

from __future__ import annotations

import json
import re

import pytest

from tests.factory import full_entry, make_registry


@pytest.fixture
def broken(tmp_path):
    entry = full_entry("N3", "in_progress")
    entry["governance"]["steering_group"] = {"chair": "mchr", "members": ["mchr", "lhan", "tkri", "jped", "slar2"]}
    entry["governance"]["project_leader"]["person"] = "apou"
    return make_registry(tmp_path / "registry", {"os2mo": entry, "os2fine": full_entry(
        "N1", "idea", repository="https://github.com/OS2/fine")})


def test_clean_registry_exits_0(cli, registry):
    result = cli("check", "--registry", registry)
    assert result.exit_code == 0
    assert "No problems found (1 entry" in result.stdout


def test_json_output_matches_spec(cli, broken, monkeypatch):
    monkeypatch.chdir(broken.parent)
    result = cli("check", "--format", "json", "--today", "2026-11-29")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["registry", "entries", "errors", "warnings", "findings"]
    assert document["registry"] == "registry"
    assert (document["entries"], document["errors"], document["warnings"]) == (2, 2, 0)
    finding = next(f for f in document["findings"] if f["rule"] == "board-majority")
    assert list(finding) == ["path", "line", "column", "entry", "rule", "severity", "level", "message"]
    assert finding["path"] == "portfolio/os2mo.yaml"
    assert finding["entry"] == "os2mo" and finding["severity"] == "error" and finding["level"] == "N3"
    assert finding["message"] == "2 of 5 steering group members are board members; N3 needs more than half"
    assert finding["line"] >= 1 and finding["column"] >= 1
    general = next(f for f in document["findings"] if f["rule"] == "unknown-person")
    assert general["level"] is None


def test_github_annotations(cli, broken, monkeypatch):
    monkeypatch.chdir(broken.parent)
    result = cli("check", "--format", "github")
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == 2
    pattern = re.compile(r"^::(error|warning) file=registry/portfolio/os2mo\.yaml,line=\d+,col=\d+,title=[a-z-]+::.+$")
    assert all(pattern.match(line) for line in lines), lines


def test_github_format_escapes_workflow_command_syntax():
    from os2ctl.findings import Finding, Severity
    from os2ctl.render.github import annotation, escape_data

    finding = Finding("p,1:x.yaml", 1, 2, "schema", Severity.ERROR, "50% done\rnext::line")
    assert annotation(finding, "p,1:x.yaml") == (  # a finding's message is one line: \r shown as an escape
        "::error file=p%2C1%3Ax.yaml,line=1,col=2,title=schema::50%25 done\\rnext::line"
    )
    assert escape_data("50% done\r\nnext::line") == "50%25 done%0D%0Anext::line"


def test_auto_format_is_github_inside_github_actions(cli, broken, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli("check", "--registry", broken).stdout.startswith("::error ")


def test_text_output_groups_by_file_and_cites_the_report(cli, broken):
    result = cli("check", "--registry", broken)
    assert result.exit_code == 1
    assert "portfolio/os2mo.yaml\n" in result.stdout
    assert "board-majority" in result.stdout
    assert "Bestyrelsen har stemmemajoritet i styregruppen (rapportens afsnit 5.5.3)" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("✖ 2 errors, 0 warnings in 1 files")
    assert "\x1b[" not in result.stdout  # no colours off a terminal


def test_warnings_pass_unless_strict(cli, tmp_path):
    entry = full_entry("N2", "in_progress", reports=[{"date": "2026-01-01", "progress": "on_track"}])
    root = make_registry(tmp_path, {"os2x": entry})
    assert cli("check", "--registry", root, "--today", "2026-11-29").exit_code == 0
    assert cli("check", "--registry", root, "--today", "2026-11-29", "--strict").exit_code == 1
    assert cli("check", "--registry", root, "--today", "2026-02-01", "--strict").exit_code == 0


def test_path_arguments_check_only_those_files(cli, broken):
    result = cli("check", "--format", "json", broken / "portfolio" / "os2fine.yaml")
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and document["entries"] == 1 and document["findings"] == []
    result = cli("check", "--format", "json", broken / "portfolio")
    assert json.loads(result.stdout)["entries"] == 2


def test_path_outside_the_registry_is_a_usage_error(cli, broken, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n")
    result = cli("check", "--registry", broken, outside)
    assert result.exit_code == 2 and "not inside the registry" in result.stderr
    result = cli("check", "--registry", broken, broken / "portfolio" / "nope.yaml")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_folder_without_settings_exits_2(cli, tmp_path):
    result = cli("check", "--registry", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("os2ctl: error:") and "os2ctl.yaml" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_registry_found_upward_from_the_current_folder(cli, broken, monkeypatch):
    monkeypatch.chdir(broken / "portfolio")
    assert cli("check", "--format", "json").exit_code == 1


def test_registry_from_environment(cli, registry, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OS2CTL_REGISTRY", str(registry))
    assert cli("check").exit_code == 0


def test_bad_today_is_a_usage_error(cli, registry):
    result = cli("check", "--registry", registry, "--today", "29-11-2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_broken_settings_are_findings(cli, tmp_path):
    root = make_registry(tmp_path, {"os2x": full_entry()}, settings={"name": "x", "modle": "os2-2016"})
    result = cli("check", "--registry", root, "--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [f["message"] for f in document["findings"]] == ["unknown key `modle` (did you mean 'model'?)"]


def test_unknown_model_is_a_finding(cli, tmp_path):
    root = make_registry(tmp_path, {}, settings={"name": "x", "model": "os2-2015"})
    result = cli("check", "--registry", root, "--format", "json")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["path"] == "os2ctl.yaml" and "unknown governance model" in finding["message"]
