"""`os2ctl show`: the checklist level by level and theme by theme."""

from __future__ import annotations

import json

from tests.factory import full_entry, make_registry


def test_show_lists_every_state(cli, tmp_path):
    entry = full_entry("N2", "in_progress", summary="Et system.")
    entry["requirements"]["standards-architecture"] = {"status": "explained", "explanation": "Afviger."}
    entry["requirements"]["data-processing"] = {"status": "not_applicable", "explanation": "Ingen persondata."}
    del entry["requirements"]["procurement"]
    root = make_registry(tmp_path, {"os2x": entry})
    result = cli("show", "os2x", "--registry", root, "--lang", "en")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("\nN1\n") < out.index("Relevance") < out.index("\nN2\n")
    assert "✘ procurement" in out and "no evidence recorded under `requirements.procurement`" in out
    assert "≈ standards-architecture" in out and "— explained" in out
    assert "– data-processing" in out and "not applicable" in out
    assert "· documentation" in out and "not yet due, due at in_operation" in out
    assert "✔ idea" in out
    assert "2026-03-19  board  approve  N2  meeting 2026-03-19" in out
    assert "\nN3\n" not in out


def test_show_json(cli, registry):
    result = cli("show", "os2test", "--registry", registry, "--format", "json")
    document = json.loads(result.stdout)
    assert document["entry"] == "os2test" and document["kind"] == "product"
    assert document["counts"]["unmet"] == 0
    assert len(document["requirements"]) == 41
    assert document["decisions"][0]["action"] == "place"


def test_show_in_danish_by_default(cli, registry):
    assert "Relevans" in cli("show", "os2test", "--registry", registry).stdout


def test_show_unknown_entry(cli, registry):
    result = cli("show", "os2tset", "--registry", registry)
    assert result.exit_code == 2 and "did you mean 'os2test'?" in result.stderr


def test_show_invalid_entry_prints_its_findings(cli, tmp_path):
    root = make_registry(tmp_path, {"os2x": "title: x\n"})
    result = cli("show", "os2x", "--registry", root)
    assert result.exit_code == 1
    assert "missing required field" in result.stderr


def test_show_closed_entry(cli, tmp_path):
    root = make_registry(tmp_path, {"os2x": full_entry("N2", "retired")})
    result = cli("show", "os2x", "--registry", root, "--lang", "en")
    assert result.exit_code == 0 and "closed: requirements are no longer checked" in result.stdout
