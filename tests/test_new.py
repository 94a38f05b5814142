"""`os2ctl new`: ids, rendering, atomic writing, the prompts, --no-input and --git."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from os2ctl import new_entry as core
from os2ctl.catalogue import load_catalogue
from os2ctl.check import check_registry
from os2ctl.entry_template import double_quoted, schema_reference, yaml_scalar
from os2ctl.errors import RefusedError, RegistryError, UsageError
from os2ctl.registry.loader import load_registry
from os2ctl.registry.yamlread import parse_text
from os2ctl.schemas import BASE_URL
from tests.conftest import REPO_ROOT, TODAY
from tests.factory import SETTINGS, full_entry, make_registry, write_tree

FIELDS = core.NewEntryFields(
    title="OS2 Søgning på tværs",
    summary="Én søgning i alle kommunens systemer: sager, dokumenter og borgere.",
    municipalities=["Ærø", "Læsø", "københavn", "461"],
    contact_name="Søren Ærenlund Østergård",
    contact_organisation="Ålborg Kommune",
    contact_email="soeren@aalborg.example",
)
NO_INPUT = [
    "--no-input", "--title", "OS2 Søgning", "--summary", "Søgning på tværs af kommunens fagsystemer.",
    "-m", "Ærø", "--municipality", "Brønderslev", "-m", "Lyngby-Taarbæk",
    "--contact-name", "Åse Øberg", "--contact-organisation", "Ærø Kommune", "--contact-email", "aase@aeroe.example",
    "--today", TODAY.isoformat(),
]


def _check_exit(cli, root: Path) -> int:
    result = cli("check", "--registry", root, "--today", TODAY.isoformat())
    return result.exit_code


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("os2ctl: error: ")
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "expected"), [
    ("OS2 Søgning", "os2-soegning"),
    ("Ærø Æblemost", "aeroe-aeblemost"),
    ("Blåbærgrød på Ærø", "blaabaergroed-paa-aeroe"),
    ("  --Café Müller!!  ", "cafe-muller"),
    ("OS2mo", "os2mo"),
    ("X", None),
    ("???", None),
])
def test_suggest_id_transliterates_danish_letters(title, expected):
    assert core.suggest_id(title) == expected


def test_suggest_id_keeps_to_64_characters_without_a_trailing_hyphen():
    suggestion = core.suggest_id("a" * 63 + " bcd")
    assert len(suggestion) <= 64 and not suggestion.endswith("-") and core.id_problem(suggestion) is None


@pytest.mark.parametrize("entry_id", ["os2-soegning", "ab", "os2mo", "a" * 64, "9-lives"])
def test_valid_ids_have_no_problem(entry_id):
    assert core.id_problem(entry_id) is None


@pytest.mark.parametrize(("entry_id", "says"), [
    ("../evil", "not a path"),
    ("a/b", "not a path"),
    ("..", "not a path"),
    ("a\\b", "not a path"),
    ("OS2Mo", "did you mean 'os2mo'"),
    ("os2x.yaml", "did you mean 'os2x'"),
    ("a", "2-64"),
    ("-ab", "2-64"),
    ("a" * 65, "2-64"),
    ("abc\n", "2-64"),
    ("", "not a path"),
])
def test_invalid_ids_are_explained(entry_id, says):
    assert says in core.id_problem(entry_id)


def test_unique_id_counts_up_past_existing_entries(registry):
    write_tree(registry, {"portfolio/os2x.yaml": "x", "portfolio/os2x-2.yaml": "x"})
    assert core.unique_id(registry, "os2x") == "os2x-3"
    assert core.unique_id(registry, "free") == "free"


# --- YAML scalars ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "plain"), [
    ("OS2 Søgning", True), ("Lyngby-Taarbæk", True), ("null", False), ("yes", False), ("0o17", False),
    ("2026-01-01", False), ("1.5", False), ("~", False), ("- item", False), ("a: b", False), ("a #b", False),
    (" lead", False), ("trail ", False), ("ends:", False), ("'quoted'", False), ("line\nbreak", False), ("", False),
])
def test_yaml_scalar_is_plain_only_when_safe(text, plain):
    assert (yaml_scalar(text) == text) is plain
    assert parse_text("x", f"key: {yaml_scalar(text)}\n").data == {"key": text}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_any_text_reads_back_unchanged_with_both_yaml_readers(text):
    line = f"key: {yaml_scalar(text)}\n"
    assert parse_text("x", line).data == {"key": text}
    assert yaml.safe_load(line) == {"key": text}


def test_double_quoted_escapes_what_a_comment_or_line_break_could_hide():
    assert double_quoted('a"b\\c\nd\u2028') == '"a\\"b\\\\c\\nd\\u2028"'


# --- create_entry ------------------------------------------------------------------------------


def test_create_entry_writes_a_file_that_passes_check(registry, cli):
    created = core.create_entry(registry, "os2-soegning", FIELDS, today=TODAY)
    assert created.report.findings == []
    text = (registry / "portfolio/os2-soegning.yaml").read_text(encoding="utf-8")
    assert text == created.text
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={BASE_URL}/entry.schema.json"
    data = yaml.safe_load(text)
    assert data["municipalities"] == ["Ærø", "Læsø", "København", "Odense"]
    assert data["contact"] == {"name": "Søren Ærenlund Østergård", "organisation": "Ålborg Kommune",
                               "email": "soeren@aalborg.example"}
    assert (data["status"], data["level"]) == ("idea", "N1")
    assert _check_exit(cli, registry) == 0


def test_create_entry_is_the_path_for_importers_too(registry):
    fields = core.NewEntryFields(
        title="OS2 Kitos", summary="IT-systemoverblik.", municipalities=[101], contact_name="Importer",
        level="N2", supplier="Strongminds", license="MPL-2.0", repository="https://github.com/os2kitos/kitos",
    )
    created = core.create_entry(registry, "kitos", fields, language="en", today=TODAY)
    data = yaml.safe_load(created.text)
    assert data["supplier"] == "Strongminds" and data["repository"].endswith("/kitos") and data["level"] == "N2"
    assert "An idea for OS2's portfolio" in created.text and created.report.findings == []


def test_the_file_comments_follow_the_registry_language(tmp_path):
    danish = make_registry(tmp_path / "da")
    english = make_registry(tmp_path / "en", settings={**SETTINGS, "language": "en"})
    assert "# Idéens navn, kort." in core.create_entry(danish, "os2x", FIELDS, today=TODAY).text
    assert "# The idea's name, short." in core.create_entry(english, "os2x", FIELDS, today=TODAY).text


def test_the_file_lists_what_concept_needs_at_its_level(registry):
    n1 = core.create_entry(registry, "small", FIELDS, today=TODAY)
    n3 = core.create_entry(registry, "big", core.NewEntryFields(**{**vars(FIELDS), "level": "N3"}), today=TODAY)
    assert "[local-value, N1, afsnit 5.3.1]: value.local" in n1.text
    assert "strategy.initiatives" not in n1.text and "[strategic-alignment, N3" in n3.text
    assert [need.requirement.id for need in n1.needs] == [
        r.id for r in load_catalogue().up_to("N1") if r.due == "concept"]
    assert all(need.requirement.due == "concept" for need in n3.needs)


def test_concept_needs_name_the_field_to_fill():
    where = {n.requirement.id: n.where for n in core.concept_needs(load_catalogue(), "N2")}
    assert where["local-value"] == "value.local"
    assert where["procurement"] == "requirements.procurement"
    assert where["licence"] == "license"
    assert where["strategic-fit"] == "strategy.os2_fit"


def test_an_existing_entry_is_never_overwritten(registry):
    before = (registry / "portfolio/os2test.yaml").read_bytes()
    with pytest.raises(RefusedError, match="already exists"):
        core.create_entry(registry, "os2test", FIELDS, today=TODAY)
    assert (registry / "portfolio/os2test.yaml").read_bytes() == before


def test_a_yml_file_with_the_same_id_counts_as_existing(registry):
    write_tree(registry, {"portfolio/os2x.yml": "title: x\n"})
    with pytest.raises(RefusedError, match=re.escape("os2x.yml already exists")):
        core.create_entry(registry, "os2x", FIELDS, today=TODAY)
    assert not (registry / "portfolio/os2x.yaml").exists()


def test_unknown_municipality_is_a_usage_error_and_writes_nothing(registry):
    fields = core.NewEntryFields(**{**vars(FIELDS), "municipalities": ["Arhus"]})
    expected = "'Arhus' is not one of the 98 municipalities (did you mean 'Aarhus'?)"
    with pytest.raises(UsageError, match=re.escape(expected)):
        core.create_entry(registry, "os2x", fields, today=TODAY)
    assert not (registry / "portfolio/os2x.yaml").exists()


@pytest.mark.parametrize(("change", "says"), [
    ({"title": "  "}, "title: must not be empty"),
    ({"summary": "TODO"}, "summary: must describe the idea"),
    ({"contact_email": "nope"}, "contact.email: 'nope' is not an e-mail address"),
    ({"level": "N7"}, "level: 'N7' is not a level"),
    ({"municipalities": []}, "at least one participating municipality"),
    ({"municipalities": ["999"]}, "'999' is not a municipality code"),
    ({"title": "two\nlines"}, "title: contains a control character"),
])
def test_bad_fields_are_refused_before_writing(registry, change, says):
    with pytest.raises(UsageError, match=re.escape(says)):
        core.create_entry(registry, "os2x", core.NewEntryFields(**{**vars(FIELDS), **change}), today=TODAY)
    assert not (registry / "portfolio/os2x.yaml").exists()


def test_a_file_that_would_fail_check_is_not_written(registry):
    fields = core.NewEntryFields(**{**vars(FIELDS), "summary": "Borgeren 010190-1234 skal kunne søge."})
    with pytest.raises(RefusedError, match=r"nothing written: .*personal-data"):
        core.create_entry(registry, "os2x", fields, today=TODAY)
    assert list((registry / "portfolio").glob("os2x*")) == []


def test_ids_are_checked_even_without_the_cli(registry):
    with pytest.raises(UsageError, match="not a path"):
        core.create_entry(registry, "../../escape", FIELDS, today=TODAY)
    assert not (registry.parent / "escape.yaml").exists()


def test_a_portfolio_folder_linking_outside_the_registry_is_refused(tmp_path):
    root = make_registry(tmp_path / "registry")
    (tmp_path / "elsewhere").mkdir()
    (root / "portfolio").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RefusedError, match="outside the registry"):
        core.create_entry(root, "os2x", FIELDS, today=TODAY)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_portfolio_file_instead_of_a_folder_is_refused(tmp_path):
    root = make_registry(tmp_path / "registry")
    (root / "portfolio").write_text("not a folder\n")
    with pytest.raises(RefusedError, match="is a file, not a folder"):
        core.create_entry(root, "os2x", FIELDS, today=TODAY)


def test_the_portfolio_folder_is_created_when_missing(tmp_path):
    root = make_registry(tmp_path / "registry")
    assert not (root / "portfolio").exists()
    core.create_entry(root, "first-idea", FIELDS, today=TODAY)
    assert (root / "portfolio/first-idea.yaml").is_file()


# --- atomic writing ------------------------------------------------------------------------------


def test_an_interrupted_write_leaves_nothing_behind(tmp_path, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        core.create_atomic(tmp_path / "new.yaml", "title: x\n")
    assert list(tmp_path.iterdir()) == []


def test_create_atomic_refuses_a_file_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "raced.yaml"
    target.write_text("theirs\n")
    with pytest.raises(RefusedError, match="already exists"):
        core.create_atomic(target, "ours\n")
    assert target.read_text() == "theirs\n" and list(tmp_path.iterdir()) == [target]


def test_create_atomic_without_hard_links_still_refuses_to_overwrite(tmp_path, monkeypatch):
    def unsupported(*args):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(os, "link", unsupported)
    core.create_atomic(tmp_path / "new.yaml", "title: x\n")
    assert (tmp_path / "new.yaml").read_text() == "title: x\n"
    with pytest.raises(RefusedError):
        core.create_atomic(tmp_path / "new.yaml", "other\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml"]


# --- templates and the schema line ---------------------------------------------------------------


def test_a_registry_template_overrides_the_bundled_one(registry):
    bundled = (REPO_ROOT / "templates/entry.da.yaml.j2").read_text(encoding="utf-8")
    write_tree(registry, {"templates/entry.da.yaml.j2": "# Aarhus' egen skabelon\n" + bundled})
    created = core.create_entry(registry, "os2x", FIELDS, today=TODAY)
    assert created.text.startswith("# Aarhus' egen skabelon\n") and created.report.findings == []


def test_a_broken_registry_template_is_a_one_line_registry_error(registry):
    write_tree(registry, {"templates/entry.da.yaml.j2": "title: {{ yaml.title \n"})
    with pytest.raises(RegistryError, match=re.escape("entry.da.yaml.j2:1: template error")):
        core.create_entry(registry, "os2x", FIELDS, today=TODAY)
    assert not (registry / "portfolio/os2x.yaml").exists()


def test_a_template_that_drops_a_field_writes_nothing(registry):
    template = ("title: {{ yaml.title }}\nsummary: x y\nlevel: N1\nstatus: idea\ncontact: {name: x}\n"
                "municipalities: [Aarhus]\n")
    write_tree(registry, {"templates/entry.da.yaml.j2": template})
    with pytest.raises(RefusedError, match="changed or dropped summary, contact, municipalities"):
        core.create_entry(registry, "os2x", FIELDS, today=TODAY)
    assert not (registry / "portfolio/os2x.yaml").exists()


def test_a_template_cannot_reach_python_internals(registry):
    write_tree(registry, {"templates/entry.da.yaml.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"})
    with pytest.raises(RegistryError, match="template error"):
        core.create_entry(registry, "os2x", FIELDS, today=TODAY)


def test_schema_line_points_at_the_registrys_own_schemas(tmp_path):
    root = make_registry(tmp_path / "registry")
    write_tree(root, {"schemas/entry.schema.json": "{}"})
    assert schema_reference(root, root / "portfolio") == "../schemas/entry.schema.json"


def test_schema_line_finds_schemas_next_to_the_registry_in_the_repository(tmp_path):
    repo = tmp_path / "repo"
    root = make_registry(repo / "registry")
    write_tree(repo, {"schemas/entry.schema.json": "{}", ".git/HEAD": "ref: refs/heads/main\n"})
    assert schema_reference(root, root / "portfolio") == "../../schemas/entry.schema.json"


def test_schema_line_stays_inside_the_repository(tmp_path):
    write_tree(tmp_path, {"schemas/entry.schema.json": "{}"})  # outside the repository: not ours
    root = make_registry(tmp_path / "repo" / "registry")
    (tmp_path / "repo" / ".git").mkdir()
    assert schema_reference(root, root / "portfolio") == f"{BASE_URL}/entry.schema.json"


# --- the command line: --no-input --------------------------------------------------------------------


def test_no_input_writes_an_entry_that_check_accepts(registry, cli):
    result = cli("new", "--registry", registry, *NO_INPUT)
    assert result.exit_code == 0, result.stderr
    text = (registry / "portfolio/os2-soegning.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["municipalities"] == ["Ærø", "Brønderslev", "Lyngby-Taarbæk"]
    assert "portfolio/os2-soegning.yaml" in result.stdout
    assert "value.local" in result.stdout and "Den lokale værdi er beskrevet" in result.stdout
    assert _check_exit(cli, registry) == 0


def test_no_input_on_the_example_registry_keeps_check_at_exit_0(tmp_path, cli):
    root = shutil.copytree(REPO_ROOT / "registry", tmp_path / "registry")
    assert cli("new", "--registry", root, *NO_INPUT).exit_code == 0
    assert cli("new", "blaabaer", "--registry", root, *NO_INPUT[:-2], "--title", "Blåbær på Ærø",
               "--lang", "en").exit_code == 0
    assert _check_exit(cli, root) == 0


def test_no_input_takes_an_explicit_id_level_and_codes(registry, cli):
    result = cli("new", "sag-og-dok", "--registry", registry, *NO_INPUT[:-2], "-m", "101", "--level", "n2")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((registry / "portfolio/sag-og-dok.yaml").read_text(encoding="utf-8"))
    assert data["level"] == "N2" and "København" in data["municipalities"]
    assert "strategy.os2_fit" in result.stdout


def test_missing_required_options_are_a_usage_error_naming_them(registry, cli):
    result = cli("new", "--registry", registry, "--no-input", "--title", "OS2 Søgning")
    assert result.exit_code == 2
    assert "missing --summary, --municipality, --contact-name" in _one_error_line(result)
    assert not (registry / "portfolio/os2-soegning.yaml").exists()


@pytest.mark.parametrize("bad_id", ["../escape", "sub/dir", "..", "Store-Bogstaver", "x", "ends.yaml"])
def test_bad_ids_give_one_line_and_exit_2(registry, cli, bad_id):
    result = cli("new", bad_id, "--registry", registry, *NO_INPUT)
    assert result.exit_code == 2
    assert "is not a valid id" in _one_error_line(result)
    assert sorted(p.name for p in (registry / "portfolio").iterdir()) == ["os2test.yaml"]


def test_an_existing_entry_gives_one_line_and_exit_1(registry, cli):
    before = (registry / "portfolio/os2test.yaml").read_bytes()
    result = cli("new", "os2test", "--registry", registry, *NO_INPUT)
    assert result.exit_code == 1
    assert "portfolio/os2test.yaml already exists" in _one_error_line(result)
    assert (registry / "portfolio/os2test.yaml").read_bytes() == before


def test_an_unknown_municipality_gives_one_line_and_exit_2(registry, cli):
    result = cli("new", "--registry", registry, *NO_INPUT, "-m", "Arhus")
    assert result.exit_code == 2
    expected = "--municipality: 'Arhus' is not one of the 98 municipalities (did you mean 'Aarhus'?)"
    assert expected in _one_error_line(result)
    assert not (registry / "portfolio/os2-soegning.yaml").exists()


def test_a_missing_registry_gives_one_line_and_exit_2(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("new", *NO_INPUT)
    assert result.exit_code == 2
    assert "no registry found" in _one_error_line(result)
    assert cli("new", "--registry", tmp_path / "nowhere", *NO_INPUT).exit_code == 2


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--level", "N9", "--level: 'N9' is not a level"),
    ("--contact-email", "not-mail", "--contact-email: 'not-mail' is not an e-mail address"),
    ("--summary", "TBD", "--summary: must describe the idea"),
    ("--lang", "fr", "--lang: 'fr' is not one of da, en"),
])
def test_bad_option_values_give_one_line_and_exit_2(registry, cli, option, value, says):
    result = cli("new", "--registry", registry, *NO_INPUT, option, value)
    assert result.exit_code == 2
    assert says in _one_error_line(result)


# --- the command line: prompts ---------------------------------------------------------------------------


def test_the_prompts_ask_validate_and_correct(registry, cli):
    answers = [
        "OS2 Søgning",            # title
        "",                       # id: take the suggestion os2-soegning
        "TODO",                   # summary: a placeholder is refused ...
        "Søgning på tværs.",      # ... and asked again
        "Åse Øberg",              # contact name
        "Ærø Kommune",            # organisation
        "aase@",                  # e-mail: refused ...
        "aase@aeroe.example",     # ... and asked again
        "Frederiks, Arhus",       # ambiguous prefix: asked again
        "Frederiksbe, Arhus",     # prefix completed; a misspelling ...
        "y",                      # ... corrected after asking
    ]
    result = cli("new", "--registry", registry, "--today", TODAY.isoformat(), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "beskriv idéen med et par ord" in result.stderr + result.stdout
    assert "'Frederiks' passer på flere kommuner: Frederiksberg" in result.stderr + result.stdout
    assert "Mente du Aarhus?" in result.stdout
    data = yaml.safe_load((registry / "portfolio/os2-soegning.yaml").read_text(encoding="utf-8"))
    assert data["municipalities"] == ["Frederiksberg", "Aarhus"]
    assert data["contact"] == {"name": "Åse Øberg", "organisation": "Ærø Kommune", "email": "aase@aeroe.example"}
    assert _check_exit(cli, registry) == 0


def test_the_prompts_default_to_the_contacts_own_municipality_and_a_free_id(registry, cli):
    write_tree(registry, {"portfolio/os2-soegning.yaml": "title: taken\n"})
    answers = ["OS2 Søgning", "", "Søgning.", "Åse", "Ærø Kommune", "", ""]
    result = cli("new", "--registry", registry, "--lang", "en", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "[os2-soegning-2]" in result.stdout and "[Ærø]" in result.stdout
    data = yaml.safe_load((registry / "portfolio/os2-soegning-2.yaml").read_text(encoding="utf-8"))
    assert data["municipalities"] == ["Ærø"] and data["contact"] == {"name": "Åse", "organisation": "Ærø Kommune"}


def test_the_id_prompt_refuses_bad_and_taken_ids(registry, cli):
    answers = ["Noget nyt", "../x", "os2test", "noget-andet", "Beskrivelse.", "Åse", "", "", "Ærø"]
    result = cli("new", "--registry", registry, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "not a path" in output and "portfolio/os2test.yaml findes allerede" in output
    assert (registry / "portfolio/noget-andet.yaml").is_file()


def test_options_skip_their_prompts(registry, cli):
    answers = ["Åse", "", "", "461"]
    result = cli("new", "given-id", "--registry", registry, "--title", "Given", "--summary", "Given summary.",
                 input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Titel" not in result.stdout and "Resumé" not in result.stdout
    data = yaml.safe_load((registry / "portfolio/given-id.yaml").read_text(encoding="utf-8"))
    assert data["municipalities"] == ["Odense"]


def test_end_of_input_during_the_prompts_writes_nothing(registry, cli):
    result = cli("new", "--registry", registry, input="OS2 Søgning\n")
    assert result.exit_code != 0
    assert sorted(p.name for p in (registry / "portfolio").iterdir()) == ["os2test.yaml"]


def _read_until(master: int, seen: bytearray, text: str, timeout: float = 30) -> None:
    """Read the pseudo-terminal until `text` appears (the timeout only guards against a hang)."""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"never saw {text!r}; the terminal showed:\n{seen.decode(errors='replace')}")
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            raise AssertionError(f"the command ended before {text!r}:\n{seen.decode(errors='replace')}")
        seen += chunk


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_prompts_end_to_end_in_a_pseudo_terminal(registry, tmp_path):
    import pty

    master, slave = pty.openpty()
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TERM": "xterm", "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "os2ctl", "new", "--registry", str(registry), "--today", TODAY.isoformat()],
        stdin=slave, stdout=slave, stderr=slave, cwd=tmp_path, env=environment, close_fds=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        for prompt, answer in [
            ("Titel", "Blåbær på Ærø"), ("Id", ""), ("Resumé", "Bær til alle."), ("Dit navn", "Åse Øberg"),
            ("Din organisation", "Aarhus Kommune"), ("Din e-mail", "aase@example.dk"),
        ]:
            _read_until(master, seen, prompt)
            os.write(master, answer.encode() + b"\r")
        _read_until(master, seen, "Deltagende kommuner")
        os.write(master, b"Aarhus, Lyngby-Taa\t")
        _read_until(master, seen, "Lyngby-Taarbæk")  # Tab completed the name on the terminal
        os.write(master, b"\r")
        _read_until(master, seen, "Filen består os2ctl check")
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        os.close(master)
    data = yaml.safe_load((registry / "portfolio/blaabaer-paa-aeroe.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Blåbær på Ærø"
    assert data["municipalities"] == ["Aarhus", "Lyngby-Taarbæk"]
    assert check_registry(load_registry(registry), TODAY).findings == []


# --- the command line: --git ---------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A Git repository holding a committed registry under registry/."""
    root = tmp_path / "repo"
    make_registry(root / "registry", {"os2test": full_entry()})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Test Person")
    _git(root, "config", "user.email", "test@example.org")
    _git(root, "config", "commit.gpgsign", "false")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Start")
    return root


def test_git_commits_exactly_the_new_file_on_a_new_branch(repo, cli):
    write_tree(repo, {"notes.txt": "staged, not for this commit\n"})
    _git(repo, "add", "notes.txt")
    start = _git(repo, "rev-parse", "HEAD").strip()
    result = cli("new", "--registry", repo / "registry", "--git", *NO_INPUT)
    assert result.exit_code == 0, result.stderr
    assert _git(repo, "branch", "--show-current").strip() == "idea/os2-soegning"
    assert _git(repo, "rev-list", f"{start}..HEAD").split() == [_git(repo, "rev-parse", "HEAD").strip()]
    assert _git(repo, "rev-parse", "HEAD~1").strip() == start
    changed = _git(repo, "show", "--name-status", "--format=%s", "HEAD").split("\n")
    assert changed[0] == "Foreslå idé: OS2 Søgning (os2-soegning)"
    assert [line for line in changed[1:] if line] == ["A\tregistry/portfolio/os2-soegning.yaml"]
    assert _git(repo, "status", "--porcelain").splitlines() == ["A  notes.txt"]
    assert "git push -u origin idea/os2-soegning" in result.stdout


def test_git_refuses_when_the_files_path_has_uncommitted_changes(repo, cli):
    write_tree(repo, {"registry/portfolio/os2-soegning.yaml": "title: old\n"})
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "An old entry")
    (repo / "registry/portfolio/os2-soegning.yaml").unlink()  # deleted, not committed
    head = _git(repo, "rev-parse", "HEAD")
    result = cli("new", "--registry", repo / "registry", "--git", *NO_INPUT)
    assert result.exit_code == 1
    assert "has uncommitted changes" in _one_error_line(result)
    assert not (repo / "registry/portfolio/os2-soegning.yaml").exists()
    assert _git(repo, "rev-parse", "HEAD") == head and _git(repo, "branch", "--show-current").strip() == "main"


def test_git_refuses_an_existing_branch_before_writing(repo, cli):
    _git(repo, "branch", "idea/os2-soegning")
    result = cli("new", "--registry", repo / "registry", "--git", *NO_INPUT)
    assert result.exit_code == 1
    assert "the branch 'idea/os2-soegning' already exists" in _one_error_line(result)
    assert not (repo / "registry/portfolio/os2-soegning.yaml").exists()


def test_a_failing_commit_is_one_line_that_says_what_is_left(repo, cli):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'the hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = cli("new", "--registry", repo / "registry", "--git", *NO_INPUT)
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert "git commit failed: the hook says no" in line and "portfolio/os2-soegning.yaml is written" in line


def test_git_outside_a_repository_is_a_usage_error(registry, cli):
    result = cli("new", "--registry", registry, "--git", *NO_INPUT)
    assert result.exit_code == 2
    assert "not in a Git repository" in _one_error_line(result)
    assert not (registry / "portfolio/os2-soegning.yaml").exists()


def test_without_git_nothing_is_committed(repo, cli):
    head = _git(repo, "rev-parse", "HEAD")
    result = cli("new", "--registry", repo / "registry", *NO_INPUT)
    assert result.exit_code == 0
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "status", "--porcelain").strip() == "?? registry/portfolio/os2-soegning.yaml"

