"""`os2ctl requirements`: the catalogue in three formats."""

from __future__ import annotations

import json


def test_json_lists_every_requirement(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("requirements", "--format", "json")
    document = json.loads(result.stdout)
    assert document["model"] == "os2-2016" and len(document["requirements"]) == 41
    first = document["requirements"][0]
    assert first == {
        "id": "idea", "level": "N1", "theme": "relevance", "kind": "described", "due": "idea", "severity": "error",
        "not_applicable_allowed": False, "title": {"da": "Idéen er beskrevet", "en": "The idea is described"},
        "section": "5.3.1", "met_when": "`summary` is described",
    }


def test_level_is_cumulative(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    counts = {level: len(json.loads(cli("requirements", "--level", level, "--format", "json").stdout)["requirements"])
              for level in ("N1", "N2", "N3")}
    assert counts == {"N1": 19, "N2": 35, "N3": 41}


def test_markdown_and_text(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    markdown = cli("requirements", "--format", "markdown", "--lang", "en").stdout
    assert "| `board-majority` | N3 | Governance | derived | in_progress |" in markdown
    text = cli("requirements", "--level", "N1").stdout
    assert "Kildekoden deles på et officielt delingssite" in text and "board-majority" not in text


def test_unknown_level_and_model(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("requirements", "--level", "N4").exit_code == 2
    result = cli("requirements", "--model", "os2-1999")
    assert result.exit_code == 2 and "unknown governance model" in result.stderr
