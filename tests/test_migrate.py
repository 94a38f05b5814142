"""`os2ctl migrate --to os2-2025`: evidence moves to the new ids by the catalogue's mapping, what has
no counterpart is kept as a comment, os2ctl.yaml switches model, and what needs a person is listed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from os2ctl.registry.loader import load_registry
from tests.factory import dump, full_entry, make_registry

REPO_ROOT = Path(__file__).resolve().parent.parent


def _example(tmp_path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(REPO_ROOT / "registry", root)
    return root


def _entry(root: Path, entry_id: str = "os2test") -> dict:
    return yaml.safe_load((root / "portfolio" / f"{entry_id}.yaml").read_text(encoding="utf-8"))


def test_the_example_registry_migrates_without_schema_errors(tmp_path, cli):
    root = _example(tmp_path)
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert result.exit_code == 0, result.stderr
    assert "os2ctl.yaml now says `model: os2-2025`" in result.stdout
    registry = load_registry(root)
    assert registry.catalogue.id == "os2-2025"
    assert all(loaded.model is not None for loaded in registry.entries.values())
    check = json.loads(cli("check", "--registry", root, "--today", "2026-11-29", "--format", "json").stdout)
    assert not [f for f in check["findings"] if f["rule"] == "schema"]


def test_records_move_to_their_new_ids(tmp_path, cli):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry("N3", "in_operation")})
    cli("migrate", "--to", "os2-2025", "--registry", root)
    records = _entry(root)["requirements"]
    assert records["F4"] == {"status": "met", "evidence": "https://docs.example/security"}
    assert records["F18"] == {"status": "met", "evidence": "https://docs.example/standards-architecture"}
    assert records["G8"] == {"status": "met", "evidence": "https://docs.example/project-model"}
    assert records["F17"] == {"status": "met", "evidence": "https://docs.example/operation-requirements"}
    assert records["F3"]["evidence"] == ("procurement: https://docs.example/procurement; legality: "
                                         "https://docs.example/legality; data-processing: "
                                         "https://docs.example/data-processing")
    assert not {"security", "procurement", "legality", "data-processing"} & set(records)


def test_records_that_disagree_are_kept_as_comments_and_need_a_person(tmp_path, cli):
    entry = full_entry("N1", "in_operation")
    entry["requirements"]["data-processing"] = {"status": "explained", "explanation": "Vi forklarer."}
    root = make_registry(tmp_path / "reg", {"os2test": entry})
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    text = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    assert "# os2-2016 procurement: met — https://docs.example/procurement" in text
    assert "# os2-2016 data-processing: explained — Vi forklarer." in text
    assert "F3" not in _entry(root)["requirements"]
    assert "NEEDS A PERSON  F3" in result.stdout and "whose statuses differ" in result.stdout


def test_a_missing_source_is_flagged(tmp_path, cli):
    entry = full_entry("N1", "in_operation")
    entry["requirements"].pop("legality")
    root = make_registry(tmp_path / "reg", {"os2test": entry})
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert _entry(root)["requirements"]["F3"]["status"] == "met"
    assert "`F3` also covers legality, which was not recorded" in result.stdout


def test_explained_evidence_needs_a_person(tmp_path, cli):
    entry = full_entry("N1", "in_operation")
    entry["requirements"]["security"] = {"status": "explained", "explanation": "Senere."}
    text = dump(entry).replace("  security:\n", "  security:\n")
    root = make_registry(tmp_path / "reg", {"os2test": text})
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert "`F4` needs evidence; `explained` is only for follow-or-explain" in result.stdout


def test_unknown_keys_are_kept_as_comments(tmp_path, cli):
    entry = full_entry("N1", "in_operation")
    root = make_registry(tmp_path / "reg", {"os2test": entry})
    path = root / "portfolio" / "os2test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\nrequirements:\n", "\nrequirements:\n  gammel-note:\n    status: met\n    evidence: Et gammelt krav\n"),
        encoding="utf-8")
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert "# os2-2016 gammel-note: met — Et gammelt krav" in path.read_text(encoding="utf-8")
    assert "has no counterpart in os2-2025; kept as a comment" in result.stdout


def test_new_requirements_that_are_due_are_listed(tmp_path, cli):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry("N1", "in_operation")})
    result, document = cli.json("migrate", "--to", "os2-2025", "--registry", root, "--format", "json")
    needed = {s["requirement"] for s in document["steps"] if s["action"] == "needs-person"}
    assert needed == {"F7", "F10", "F11", "G2", "G4"}
    assert document["needs_person"] == 5 and document["from"] == "os2-2016" and not document["dry_run"]


def test_comments_and_untouched_lines_are_kept(tmp_path, cli):
    text = "# Øverst\n" + dump(full_entry("N1", "in_operation")).replace("title: OS2 Testprodukt",
                                                                          "title: OS2 Testprodukt  # navnet")
    root = make_registry(tmp_path / "reg", {"os2test": text})
    settings = root / "os2ctl.yaml"
    settings.write_text("# Indstillinger\n" + settings.read_text(encoding="utf-8"), encoding="utf-8")
    cli("migrate", "--to", "os2-2025", "--registry", root)
    written = (root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Øverst\ntitle: OS2 Testprodukt  # navnet\n")
    assert text.split("requirements:")[0] == written.split("requirements:")[0]
    assert settings.read_text(encoding="utf-8").startswith("# Indstillinger\nname: OS2 test registry\nlanguage: da\nmodel: os2-2025\n")


def test_dry_run_writes_nothing(tmp_path, cli):
    root = _example(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = cli("migrate", "--to", "os2-2025", "--registry", root, "--dry-run")
    assert result.exit_code == 0 and "Dry run: nothing written." in result.stdout
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_a_second_run_is_refused_and_an_interrupted_run_can_be_resumed(tmp_path, cli):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry("N3", "in_operation"),
                                            "os2other": full_entry("N1", "in_operation")})
    from os2ctl.migrate import plan_migration

    plan = plan_migration(load_registry(root), "os2-2025")
    first = plan.entries[0]
    (root / first.path).write_text(first.new_text, encoding="utf-8")  # interrupted after one file
    assert cli("migrate", "--to", "os2-2025", "--registry", root).exit_code == 0
    assert _entry(root, first.id)["requirements"] == yaml.safe_load(first.new_text)["requirements"]
    again = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert again.exit_code == 2 and "already uses os2-2025" in again.stderr


@pytest.mark.parametrize(("target", "message"), [("os2-2030", "unknown governance model 'os2-2030'"),
                                                 ("os2-2016", "already uses os2-2016")])
def test_migrate_usage_errors(tmp_path, cli, target, message):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry()})
    result = cli("migrate", "--to", target, "--registry", root)
    assert result.exit_code == 2 and message in result.stderr


def test_a_level_the_new_model_lacks_needs_a_person(tmp_path):
    from os2ctl.migrate import plan_migration

    registry = load_registry(make_registry(tmp_path / "reg", {"os2test": full_entry("N1", "in_operation")}))
    path = registry.root / "portfolio" / "os2test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: N1", "level: N7"), encoding="utf-8")
    steps = plan_migration(registry, "os2-2025").needs_person
    assert any("level 'N7' is not a level of os2-2025" in step.message for step in steps)


def test_a_file_that_is_not_valid_yaml_stops_the_migration_before_anything_is_written(tmp_path, cli):
    root = make_registry(tmp_path / "reg", {"os2test": full_entry(), "os2zzz": "title: [unclosed\n"})
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert result.exit_code == 1 and "portfolio/os2zzz.yaml:2:1: not valid YAML" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
