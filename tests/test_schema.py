"""JSON Schemas: generated from the models, committed, and never stale."""

from __future__ import annotations

import json

from os2ctl.catalogue import load_catalogue
from os2ctl.schemas import schema_documents
from tests.conftest import REPO_ROOT


def test_committed_schemas_are_up_to_date():
    for name, text in schema_documents(load_catalogue("os2-2016")).items():
        committed = (REPO_ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `os2ctl schema --output schemas`"


def test_schema_command_writes_the_files(cli, tmp_path):
    result = cli("schema", "--output", tmp_path / "out")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["entry.schema.json", "meeting.schema.json", "organisation.schema.json", "os2ctl.schema.json"]


def test_entry_schema_lists_levels_requirements_and_municipalities():
    schema = json.loads(schema_documents(load_catalogue("os2-2016"))["entry.schema.json"])
    assert schema["additionalProperties"] is False
    assert schema["properties"]["level"]["enum"] == ["N1", "N2", "N3"]
    requirements = schema["$defs"]["Requirements"]["properties"]
    assert "data-processing" in requirements and "source-shared" not in requirements
    municipalities = schema["properties"]["municipalities"]["items"]["anyOf"]
    assert "København" in municipalities[0]["enum"] and 461 in municipalities[1]["enum"]
