"""publiccode.yml 0.4: the validator's field rules, `export publiccode`, `import publiccode`, and the
round trip of every example entry through export and import."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from os2ctl import municipalities, new_entry
from os2ctl.publiccode import municipality_label, short_description
from os2ctl.publiccode_import import municipality_from_label
from os2ctl.publiccode_rules import validate
from os2ctl.spdx import spdx_expression
from os2ctl.registry.loader import load_registry
from tests.conftest import REPO_ROOT, TODAY
from tests.factory import full_entry, make_registry

EXAMPLE = REPO_ROOT / "registry"
LONG = ("Et system, som kommunerne bruger til at holde styr på noget vigtigt. Det samler data ét sted, "
        "sender dem videre til andre systemer og giver et overblik, som før krævede manuelt arbejde.")
VALID = {
    "publiccodeYmlVersion": "0.4",
    "name": "OS2test",
    "url": "https://github.com/OS2/test.git",
    "platforms": ["web"],
    "categories": ["it-management"],
    "usedBy": ["Aarhus Kommune", "Københavns Kommune", "Region Midtjylland"],
    "developmentStatus": "stable",
    "softwareType": "standalone/web",
    "description": {"da": {"shortDescription": "Et system til test.", "longDescription": LONG,
                           "features": ["Overblik"], "documentation": "https://docs.example/test"}},
    "legal": {"license": "MPL-2.0"},
    "maintenance": {"type": "contract", "contractors": [{"name": "Magenta ApS", "until": "2027-12-31"}],
                    "contacts": [{"name": "Mette Christensen", "email": "mette@example.org", "affiliation": "Aarhus"}]},
    "localisation": {"localisationReady": False, "availableLanguages": ["da"]},
}


def _set(document: dict, path: tuple, value) -> dict:
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()


# --- the validator ----------------------------------------------------------------------------------


def test_a_valid_document_has_no_problems():
    assert validate(VALID) == []


@pytest.mark.parametrize("path, value, key, severity", [
    (("name",), _DELETE, "name", "error"),
    (("url",), "not a url", "url", "error"),
    (("publiccodeYmlVersion",), 0.4, "publiccodeYmlVersion", "error"),
    (("publiccodeYmlVersion",), "1.0", "publiccodeYmlVersion", "error"),
    (("platforms",), [], "platforms", "error"),
    (("categories",), ["office", "spreadsheets"], "categories/1", "error"),
    (("categories",), _DELETE, "categories", "error"),
    (("developmentStatus",), "production", "developmentStatus", "error"),
    (("softwareType",), "standalone", "softwareType", "error"),
    (("intendedAudience",), {"countries": ["DK"]}, "intendedAudience/countries/0", "error"),
    (("intendedAudience",), {"scope": ["local-authorities", "parking"]}, "intendedAudience/scope/1", "error"),
    (("description",), {}, "description", "error"),
    (("description", "da", "shortDescription"), "x" * 151, "description/da/shortDescription", "error"),
    (("description", "da", "longDescription"), "x" * 149, "description/da/longDescription", "error"),
    (("description", "da", "longDescription"), "x" * 10001, "description/da/longDescription", "error"),
    (("description", "da", "features"), _DELETE, "description", "error"),
    (("description", "da", "documentation"), "docs/index.html", "description/da/documentation", "error"),
    (("description", "da", "genericName"), "Test", "description/da/genericName", "warning"),
    (("description", "da", "colour"), "blue", "description/da/colour", "warning"),
    (("description", "dansk!"), {"shortDescription": "x"}, "description/dansk!", "error"),
    (("legal", "license"), "Not A Licence!", "legal/license", "error"),
    (("legal", "license"), _DELETE, "legal/license", "error"),
    (("maintenance", "type"), "paid", "maintenance/type", "error"),
    (("maintenance", "contractors"), _DELETE, "maintenance/contractors", "error"),
    (("maintenance", "contractors"), [{"name": "Magenta ApS", "until": "31-12-2027"}],
     "maintenance/contractors/0/until", "error"),
    (("maintenance", "contractors"), [{"name": "Magenta ApS"}], "maintenance/contractors/0/until", "error"),
    (("maintenance", "contacts"), [{"name": "X", "email": "not-an-address"}], "maintenance/contacts/0/email", "error"),
    (("maintenance",), {"type": "internal"}, "maintenance/contacts", "error"),
    (("localisation", "localisationReady"), "yes", "localisation/localisationReady", "error"),
    (("localisation", "availableLanguages"), [], "localisation/availableLanguages", "error"),
    (("releaseDate",), "April 2017", "releaseDate", "error"),
    (("dependsOn",), {"open": [{"version": "3"}]}, "dependsOn/open/0/name", "error"),
    (("monochromeLogo",), "logo.svg", "monochromeLogo", "warning"),
    (("colour",), "blue", "colour", "warning"),
])
def test_each_field_rule_fires(path, value, key, severity):
    problems = validate(_set(VALID, path, value))
    assert [(p.key, p.severity) for p in problems] == [(key, severity)], problems


def test_maintenance_contacts_are_optional_for_a_contract_and_none():
    assert validate(_set(VALID, ("maintenance", "contacts"), _DELETE)) == []
    assert validate(_set(VALID, ("maintenance",), {"type": "none"})) == []


@pytest.mark.parametrize("expression, valid", [
    ("MPL-2.0", True), ("GPL-3.0-or-later", True), ("Apache-2.0 OR MIT", True), ("GPL-2.0+", True),
    ("(MIT AND BSD-3-Clause) OR EUPL-1.2", True), ("GPL-2.0-only WITH Classpath-exception-2.0", True),
    ("LicenseRef-OS2", True), ("", False), ("MIT OR", False), ("(MIT", False), ("MIT)", False),
    ("Mozilla Public License", False), ("MIT AND AND EUPL-1.2", False), ("MIT; rm -rf", False),
])
def test_spdx_expressions(expression, valid):
    assert spdx_expression(expression) is valid


# --- mapping helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize("value, label", [
    ("Aarhus", "Aarhus Kommune"), (461, "Odense Kommune"), ("København", "Københavns Kommune"),
    ("Bornholm", "Bornholms Regionskommune"), ("Høje-Taastrup", "Høje-Taastrup Kommune"),
])
def test_municipalities_become_usedby_labels_and_back(value, label):
    assert municipality_label(value) == label
    assert municipality_from_label(label) == municipalities.resolve(value)


def test_every_municipality_label_reads_back():
    for town in municipalities.all_municipalities():
        assert municipality_from_label(municipality_label(town.name)) == town


@pytest.mark.parametrize("label", ["Region Midtjylland", "KL", "Danish Municipalities", ""])
def test_other_bodies_are_not_municipalities(label):
    assert municipality_from_label(label) is None


def test_short_description_is_the_first_sentence_within_150_characters():
    assert short_description("Første sætning. Anden sætning.") == "Første sætning."
    cut = short_description("ord " * 60)
    assert len(cut) <= 150 and cut.endswith("…")


# --- export -----------------------------------------------------------------------------------------


def export(cli, root, entry_id, *args):
    return cli("export", "publiccode", entry_id, "--registry", root, "--today", TODAY.isoformat(), *args)


@pytest.fixture
def root(tmp_path) -> Path:
    entries = {
        "os2produkt": full_entry("N2", "in_operation", title="OS2produkt", municipalities=["Aarhus", "København", 461],
                                 summary=LONG, line_management=[]),
        "os2lokal": full_entry("N1", "in_progress", title="OS2lokal", supplier=None, summary=LONG,
                               municipalities=["Viborg"]),
        "os2gammel": full_entry("N1", "retired", title="OS2gammel", summary=LONG, municipalities=["Viborg"]),
        "os2kort": full_entry("N1", "in_progress", title="OS2kort", summary="Kort.", value={},
                              municipalities=["Viborg"]),
        "os2uden": full_entry("N1", "in_progress", title="OS2uden", license=None, summary=LONG),
    }
    return make_registry(tmp_path / "registry", entries)


def test_export_writes_a_valid_file_from_registry_data(cli, root):
    result = export(cli, root, "os2produkt", "--category", "it-management", "--category", "hr")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# publiccode.yml (standard version 0.4")
    document = yaml.safe_load(result.stdout)
    assert validate(document) == []
    assert document["publiccodeYmlVersion"] == "0.4" and document["name"] == "OS2produkt"
    assert document["url"] == "https://github.com/OS2/testprodukt"
    assert document["categories"] == ["it-management", "hr"]
    assert document["usedBy"] == ["Aarhus Kommune", "Københavns Kommune", "Odense Kommune"]
    assert document["developmentStatus"] == "stable" and document["legal"] == {"license": "MPL-2.0"}
    assert document["maintenance"] == {
        "type": "contract", "contractors": [{"name": "Magenta ApS", "until": "2026-12-31"}],
        "contacts": [{"name": "Mette Christensen", "email": "mette@example.org", "affiliation": "Aarhus"}]}
    section = document["description"]["da"]
    assert section["longDescription"].startswith(LONG + "\n\nSparer tid lokalt.")
    assert section["documentation"] == "https://docs.example/documentation"
    assert document["localisation"] == {"localisationReady": False, "availableLanguages": ["da"]}


@pytest.mark.parametrize("entry_id, status, maintenance", [
    ("os2lokal", "development", "internal"), ("os2gammel", "obsolete", "none"),
])
def test_status_and_maintenance_follow_the_lifecycle(cli, root, entry_id, status, maintenance):
    document = yaml.safe_load(export(cli, root, entry_id, "-c", "it-management").stdout)
    assert document["developmentStatus"] == status and document["maintenance"]["type"] == maintenance


def test_a_closed_entry_keeps_its_supplier_with_the_contract_ended(cli, root):
    document = yaml.safe_load(export(cli, root, "os2gammel", "-c", "it-management").stdout)
    assert document["maintenance"]["contractors"] == [{"name": "Magenta ApS", "until": TODAY.isoformat()}]
    retire = {"date": "2026-05-01", "body": "board", "action": "retire", "meeting": "2026-03-19"}
    entry = root / "portfolio" / "os2gammel.yaml"
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    data["decisions"].append(retire)
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    document = yaml.safe_load(export(cli, root, "os2gammel", "-c", "it-management").stdout)
    assert document["maintenance"]["contractors"][0]["until"] == "2026-05-01"


def test_export_options(cli, root, tmp_path):
    target = tmp_path / "publiccode.yml"
    result = export(cli, root, "os2produkt", "-c", "it-management", "--platform", "linux", "--platform", "web",
                    "--software-type", "standalone/backend", "--feature", "Overblik", "--maintenance-until",
                    "2030-06-30", "--output", target)
    assert result.exit_code == 0 and result.stdout == ""
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert document["platforms"] == ["linux", "web"] and document["softwareType"] == "standalone/backend"
    assert document["description"]["da"]["features"] == ["Overblik"]
    assert document["maintenance"]["contractors"][0]["until"] == "2030-06-30"


@pytest.mark.parametrize("entry_id, args, code, message", [
    ("os2produkt", (), 2, "give --category"),
    ("os2produkt", ("-c", "it-managment"), 2, "did you mean 'it-management'?"),
    ("os2produkt", ("-c", "hr", "--software-type", "standalone"), 2, "--software-type"),
    ("os2produkt", ("-c", "hr", "--maintenance-until", "next year"), 2, "--maintenance-until"),
    ("os2produk", ("-c", "hr"), 2, "no entry 'os2produk' in the registry (did you mean 'os2produkt'?)"),
    ("os2uden", ("-c", "hr"), 1, "os2uden has no `license`"),
    ("os2kort", ("-c", "hr"), 1, "description/da/longDescription has 5 characters; at least 150 are required"),
])
def test_export_refuses_what_cannot_be_valid(cli, root, entry_id, args, code, message):
    result = export(cli, root, entry_id, *args)
    assert result.exit_code == code and message in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


# --- import -----------------------------------------------------------------------------------------


@pytest.fixture
def empty(tmp_path) -> Path:
    return make_registry(tmp_path / "empty", {})


def write(tmp_path: Path, document) -> Path:
    path = tmp_path / "publiccode.yml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document, allow_unicode=True),
                    encoding="utf-8")
    return path


def import_(cli, root, path, *args):
    return cli("import", "publiccode", path, "--registry", root, "--today", TODAY.isoformat(), *args)


def test_import_proposes_an_idea_through_the_new_code_path(cli, empty, tmp_path, monkeypatch):
    calls = []
    original = new_entry.create_entry
    monkeypatch.setattr(new_entry, "create_entry", lambda *a, **k: calls.append(a) or original(*a, **k))
    result = import_(cli, empty, write(tmp_path, VALID))
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 1 and calls[0][1] == "os2test"
    entry = load_registry(empty).entries["os2test"].model
    assert (entry.title, entry.status, entry.level, entry.license, entry.supplier) == (
        "OS2test", "idea", "N1", "MPL-2.0", "Magenta ApS")
    assert entry.repository == "https://github.com/OS2/test.git"
    assert entry.municipalities == ["Aarhus", "København"] and entry.summary == LONG
    assert (entry.contact.name, entry.contact.organisation, entry.contact.email) == (
        "Mette Christensen", "Aarhus", "mette@example.org")
    assert "Region Midtjylland" in result.stderr  # not a municipality: the user is told
    assert "developmentStatus is 'stable'" in result.stderr
    assert cli("check", "--registry", empty).exit_code == 0


def test_import_options_win_and_fill_gaps(cli, empty, tmp_path):
    document = _set(_set(VALID, ("usedBy",), ["Region Midtjylland"]), ("maintenance", "contacts"), _DELETE)
    path = write(tmp_path, document)
    result = import_(cli, empty, path)
    assert result.exit_code == 2 and "give --municipality and --contact-name" in result.stderr
    result = import_(cli, empty, path, "--id", "os2-import", "-m", "Viborg", "--contact-name", "Lars Hansen",
                     "--level", "n2")
    assert result.exit_code == 0, result.stderr
    entry = load_registry(empty).entries["os2-import"].model
    assert entry.municipalities == ["Viborg"] and entry.contact.name == "Lars Hansen" and entry.level == "N2"


def test_import_reports_every_problem_with_its_line(cli, empty, tmp_path):
    document = _set(_set(VALID, ("developmentStatus",), "production"), ("legal", "license"), "Not A Licence!")
    result = import_(cli, empty, write(tmp_path, document))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(": developmentStatus: 'production' is not one of" in line and "publiccode.yml:" in line
               for line in lines)
    assert any("legal/license: 'Not A Licence!' is not a valid SPDX license expression" in line for line in lines)
    assert lines[-1].startswith("os2ctl: error:") and "2 problems" in lines[-1]
    assert not (empty / "portfolio").exists() or not list((empty / "portfolio").iterdir())


def test_import_of_broken_yaml_gives_line_and_column(cli, empty, tmp_path):
    result = import_(cli, empty, write(tmp_path, "name: [unclosed\nurl: x\n"))
    assert result.exit_code == 1 and "publiccode.yml:" in result.stderr and "Traceback" not in result.stderr


def test_import_warns_about_unknown_keys_but_proceeds(cli, empty, tmp_path):
    result = import_(cli, empty, write(tmp_path, {**VALID, "fundedBy": [{"name": "OS2"}]}))
    assert result.exit_code == 0 and "warning:" in result.stderr and "fundedBy" in result.stderr


def test_import_refuses_an_existing_entry_and_a_missing_file(cli, empty, tmp_path):
    path = write(tmp_path, VALID)
    assert import_(cli, empty, path).exit_code == 0
    again = import_(cli, empty, path)
    assert again.exit_code == 1 and "already exists" in again.stderr
    missing = import_(cli, empty, tmp_path / "nope.yml")
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_import_prefers_the_registry_language(cli, empty, tmp_path):
    english = {"shortDescription": "A system.", "longDescription": "English text. " * 15, "features": ["x"]}
    document = _set(VALID, ("description",), {"en": english, "da": VALID["description"]["da"]})
    assert import_(cli, empty, write(tmp_path, document)).exit_code == 0
    assert load_registry(empty).entries["os2test"].model.summary == LONG


# --- the round trip of the example registry ---------------------------------------------------------


def test_every_example_entry_round_trips_through_export_and_import(cli, tmp_path):
    """Export each entry of the example registry, import it into an empty copy, compare the fields."""
    copy_root = tmp_path / "copy"
    shutil.copytree(EXAMPLE, copy_root, ignore=shutil.ignore_patterns("portfolio"))
    example = load_registry(EXAMPLE)
    refused = []
    for entry_id, loaded in example.entries.items():
        original = loaded.model
        exported = export(cli, EXAMPLE, entry_id, "--category", "it-management")
        if not original.license:
            refused.append((entry_id, exported.exit_code))
            assert "has no `license`" in exported.stderr
            continue
        assert exported.exit_code == 0, exported.stderr
        assert validate(yaml.safe_load(exported.stdout)) == []
        path = tmp_path / f"{entry_id}.publiccode.yml"
        path.write_text(exported.stdout, encoding="utf-8")
        imported = import_(cli, copy_root, path, "--id", entry_id)
        assert imported.exit_code == 0, imported.stderr
        entry = load_registry(copy_root).entries[entry_id].model
        assert entry.title == original.title
        assert entry.summary == " ".join(original.summary.split())
        assert [municipalities.resolve(m) for m in entry.municipalities] == \
            [municipalities.resolve(m) for m in original.municipalities]
        assert entry.contact == original.contact
        assert (entry.supplier, entry.license, entry.repository) == (
            original.supplier, original.license, original.repository)
    assert refused == []  # every example entry has a licence, so every one exports
    assert cli("check", "--registry", copy_root).exit_code == 0
