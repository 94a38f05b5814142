"""Hardening (issue 8): each defence against a hostile registry, tested so that the test fails without it.

A registry is written by pull-request authors: its entries, meetings, settings, organisation,
templates and even its file names are data an attacker chose. The sections below follow
SECURITY.md: templates run sandboxed, output cannot be turned against its readers, files are
read and written safely, Git is called safely, and no full CPR number ever leaves os2ctl.
The round-trip fuzzing (edits keep every other line, `--apply` twice changes nothing) and a fuzz
of whole registry trees are at the end; tests/test_fuzz.py fuzzes single files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from os2ctl.cli.app import COMMANDS, GROUPS, HIDDEN_COMMANDS
from tests.factory import MEETINGS, ORGANISATION, SETTINGS, dump, full_entry, make_registry, write_tree
from tests.factory_2025 import full_entry_2025, make_registry_2025
from tests.workflow import commit_all, init_repo

TODAY = "2026-11-29"
MEETING = "2026-12-10"
CPR = "010190-1234"
CPR_DIGITS = "0101901234"
REPO_ROOT = Path(__file__).resolve().parent.parent


def _out(result) -> str:
    return result.stdout + result.stderr


def _one_line_error(result) -> str:
    """The single `os2ctl: error:` line of a refused command (no traceback, nothing else)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("os2ctl: error: "), result.stderr
    assert "Traceback" not in _out(result)
    return lines[0]


# =====================================================================================================
# 1. Templates a registry provides run in Jinja2's sandbox, in every renderer
# =====================================================================================================

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
]
# What would show if a template got through to Python's internals.
INTERNALS = re.compile(r"<class |__builtins__|<module |<built-in|uid=\d+|object at 0x|'__name__'")


def _refused_by_sandbox(result, written: Path | None = None) -> None:
    assert result.exit_code in (1, 2), _out(result)
    line = _one_line_error(result)
    assert "template" in line
    assert not INTERNALS.search(_out(result)), _out(result)
    if written is not None:
        assert not written.exists()


@pytest.fixture
def plain_registry(tmp_path) -> Path:
    return make_registry(tmp_path / "registry", {"os2test": full_entry()})


@pytest.mark.parametrize("payload", ESCAPES)
def test_new_entry_template_is_sandboxed(cli, plain_registry, payload):
    write_tree(plain_registry, {"templates/entry.da.yaml.j2": f"title: x\n# {payload}\n"})
    result = cli("new", "os2x", "--registry", plain_registry, "--no-input", "--title", "OS2 X", "--summary",
                 "En idé.", "-m", "Aarhus", "--contact-name", "Åse", "--today", TODAY)
    _refused_by_sandbox(result, plain_registry / "portfolio" / "os2x.yaml")


@pytest.mark.parametrize("name", ["agenda.md.j2", "agenda.html.j2", "minutes.md.j2", "agenda/opening.md.j2"])
@pytest.mark.parametrize("payload", ESCAPES)
def test_agenda_templates_are_sandboxed(cli, plain_registry, name, payload):
    write_tree(plain_registry, {f"templates/{name}": f"før\n{payload}\nefter\n"})
    options = {"agenda.html.j2": ["--format", "html"], "minutes.md.j2": ["--minutes"]}.get(name, [])
    output = plain_registry.parent / "agenda.out"
    result = cli("agenda", "--registry", plain_registry, "--meeting", MEETING, "--today", TODAY, *options,
                 "--output", output)
    _refused_by_sandbox(result, output)


@pytest.mark.parametrize("name", ["index.html.j2", "entry.html.j2", "base.html.j2"])
@pytest.mark.parametrize("payload", ESCAPES)
def test_site_templates_are_sandboxed(cli, plain_registry, tmp_path, name, payload):
    write_tree(plain_registry, {f"templates/site/{name}": f"<p>{payload}</p>\n"})
    result = cli("portfolio", "--registry", plain_registry, "--today", TODAY, "--site", tmp_path / "site")
    _refused_by_sandbox(result, tmp_path / "site")


def test_report_renders_only_os2ctls_own_templates_and_in_the_sandbox(cli, tmp_path):
    from jinja2.sandbox import SandboxedEnvironment

    from os2ctl.render.report import _environment

    root = make_registry_2025(tmp_path / "reg", {"os2test": full_entry_2025()})
    hostile = "{{ cycler.__init__.__globals__ }}"
    write_tree(root, {f"templates/report/{name}": hostile for name in
                      ("self.md.j2", "self.html.j2", "evaluation.md.j2", "evaluation.html.j2", "_base.html.j2")})
    for kind in ("self", "evaluation"):
        for fmt in ("markdown", "html"):
            result = cli("report", "os2test", "--kind", kind, "--format", fmt, "--registry", root, "--today", TODAY)
            assert result.exit_code == 0 and "OS2 Testprodukt" in result.stdout, _out(result)
            assert not INTERNALS.search(result.stdout)
    for markdown in (True, False):
        assert isinstance(_environment(markdown), SandboxedEnvironment)


def test_every_renderer_is_sandboxed():
    """The environments themselves, so that a renderer added later without the sandbox fails here."""
    from jinja2.sandbox import SandboxedEnvironment

    from os2ctl.agenda.render import environment
    from os2ctl.render.report import _environment
    from os2ctl.site_render import site_environment

    assert isinstance(environment("markdown", []), SandboxedEnvironment)
    assert isinstance(environment("html", []), SandboxedEnvironment) and environment("html", []).autoescape
    assert isinstance(site_environment(None), SandboxedEnvironment) and site_environment(None).autoescape
    assert isinstance(_environment(True), SandboxedEnvironment)
    assert _environment(False).autoescape is True
    source = (REPO_ROOT / "os2ctl").rglob("*.py")
    unsandboxed = [p.name for p in source if re.search(r"jinja2\.Environment\(|[^.]\bEnvironment\(", p.read_text())]
    assert unsandboxed == []


def test_a_registry_html_template_still_autoescapes_registry_text(cli, plain_registry):
    write_tree(plain_registry, {"templates/agenda.html.j2": "<h1>{{ agenda.meeting.title }}</h1>\n",
                                f"meetings/{MEETING}.yaml": dump(dict(MEETINGS[MEETING], title="<img src=x onerror=alert(1)>"))})
    result = cli("agenda", "--registry", plain_registry, "--meeting", MEETING, "--today", TODAY, "--format", "html")
    assert result.stdout == "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>\n", _out(result)


# =====================================================================================================
# 2. Output cannot be turned against its readers
# =====================================================================================================

def _markdown_tokens(text: str) -> set[str]:
    from markdown_it import MarkdownIt

    tokens, stack = set(), MarkdownIt("commonmark").enable("table").parse(text)
    while stack:
        token = stack.pop()
        tokens.add(token.type)
        stack.extend(token.children or [])
    return tokens


MARKDOWN_ATTACKS = [
    "[klik her](javascript:alert(1))", "![billede](https://evil.example/x.png)", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "# Overskrift", "## Ny sektion", "<https://evil.example>",
    "[ref]: https://evil.example", "a | b | c", "`kode` og ``mere``", "*fed* _kursiv_ ~~slettet~~",
    "linje 1\n# overskrift på linje 2", "linje\n\n<div>blok</div>", "&lt;script&gt;", "\\[escaped\\](x)",
    "[a]\n\n[a]: https://evil.example", "- punkt", "1. punkt", "2) punkt", "---", "===", "> citat",
    "linje\r# overskrift efter CR", "linje\r\n- punkt efter CRLF", "+ punkt", "* punkt",
]
# Token types registry text must never produce, wherever a template puts it.
BLOCKS = {"link_open", "image", "html_inline", "html_block", "heading_open", "bullet_list_open",
          "ordered_list_open", "hr", "blockquote_open", "code_block", "fence"}


@pytest.mark.parametrize("attack", MARKDOWN_ATTACKS)
def test_markdown_escape_leaves_no_link_html_heading_or_list(attack):
    """Registry text as the agenda and the reports place it: alone on a line, in list items, in os2ctl's
    headings and in table cells (rendered by a CommonMark parser, as GitHub and editors do)."""
    from markdown_it import MarkdownIt

    from os2ctl.render.markdown import escape, escape_cell

    value = escape(attack)
    for document, own in ((f"{value}\n", set()), (f"Intro\n{value}\n", set()), (f"- {value}\n", {"bullet_list_open"}),
                          (f"## 3. {value}\n", {"heading_open"}), (f"**{value}**\n", set())):
        assert _markdown_tokens(document) & BLOCKS == own, (attack, document)
    cell = f"| a | b |\n|---|---|\n| {escape_cell(attack)} | x |\n"
    assert not _markdown_tokens(cell) & BLOCKS
    assert MarkdownIt("commonmark").enable("table").render(cell).count("<td>") == 2  # no extra column


@pytest.fixture
def hostile(tmp_path) -> Path:
    """Registry text with spreadsheet formulas, Markdown, HTML, workflow commands and terminal escapes."""
    title = "=HYPERLINK(\"https://evil.example\")"
    entry = full_entry("N2", "in_progress", title=title, supplier="@SUM(1+1)*cmd|' /C calc'!A0",
                       summary="linje\n::error file=x::falsk\n\x1b]8;;https://evil.example\x1b\\klik\x1b]8;;\x1b\\ \x1b[2J")
    entry["municipalities"].append("x\n::warning::falsk\r::notice::")
    entry["governance"]["steering_group"]["members"].append("nobody\n::error::pwned")
    second = full_entry("N1", "idea", title="+45 1234", supplier="-2+3", repository="https://github.com/OS2/b")
    return make_registry(tmp_path / "registry", {"os2evil": entry, "os2plus": second})


def test_csv_neutralises_formula_cells(cli, hostile):
    import csv
    import io

    result = cli("portfolio", "--registry", hostile, "--today", TODAY, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=HYPERLINK(\"https://evil.example\")" in cells and "'+45 1234" in cells and "'-2+3" in cells


def test_github_annotations_cannot_inject_workflow_commands(cli, hostile):
    write_tree(hostile, {"portfolio/a,line=1::error%0A.yaml": dump(full_entry("N1", "idea", summary="50% \r\nx"))})
    result = cli("check", "--registry", hostile, "--today", TODAY, "--format", "github")
    lines = result.stdout.splitlines()
    assert "\r" not in result.stdout
    for line in lines[:-1]:
        match = re.fullmatch(r"::(error|warning) file=([^:,]+),line=\d+,col=\d+,title=([a-z-]+)::(.*)", line)
        assert match, line
        assert "::" not in match.group(2)
    assert re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\) in \d+ entries", lines[-1])
    assert "falsk" in result.stdout  # the text is there, only harmless
    assert "/portfolio/a%2Cline=1%3A%3Aerror%250A.yaml,line=" in result.stdout


WORKFLOW_COMMANDS = ["::error file=x::falsk", "##[add-mask]hemmelig", "  ::stop-commands::tok", "\u00a0::warning::w"]


def test_no_output_but_the_github_format_carries_a_workflow_command(cli, hostile):
    """GitHub Actions runs every log line that starts with `::` (after white space) and every `##[...]`
    anywhere: registry text printed by any command in any format must not become one."""
    entry = full_entry("N1", "idea", summary="\n".join(WORKFLOW_COMMANDS), title="T ##[set-output name=x]y",
                       repository="https://github.com/OS2/c")
    entry["reports"][0]["note"] = "\n".join(WORKFLOW_COMMANDS)
    write_tree(hostile, {"portfolio/os2cmd.yaml": dump(entry)})
    runs = [["check"], ["check", "--format", "json"], ["reclassify"], ["reclassify", "--format", "json"],
            ["show", "os2cmd"], ["show", "os2cmd", "--format", "json"], ["portfolio"], ["portfolio", "--format", "csv"],
            ["portfolio", "--format", "json"], ["agenda", "--meeting", MEETING], ["agenda", "--meeting", MEETING,
                                                                                   "--format", "html"]]
    for args in runs:
        result = cli(*args, "--registry", hostile, "--today", TODAY)
        for line in _out(result).splitlines():
            assert not line.lstrip().startswith("::") and "##[" not in line, (args, line)
        assert "\x1b" not in _out(result) and "\r" not in _out(result), args
    github = cli("check", "--registry", hostile, "--today", TODAY, "--format", "github").stdout
    assert all(line.startswith(("::error ", "::warning ")) for line in github.splitlines()[:-1])
    assert "##[" not in github


def test_terminal_escapes_in_registry_text_never_reach_the_terminal(cli, hostile):
    outputs = [cli("show", "os2evil", "--registry", hostile, "--today", TODAY),
               cli("portfolio", "--registry", hostile, "--today", TODAY),
               cli("agenda", "--registry", hostile, "--meeting", MEETING, "--today", TODAY),
               cli("show", "os2evil", "--registry", hostile, "--today", TODAY, "--format", "json")]
    for result in outputs:
        assert "\x1b" not in _out(result) and "\x07" not in _out(result)


def test_safe_output_keeps_text_and_line_ends_but_no_controls():
    from os2ctl.safe_text import one_line, safe_output

    assert safe_output("Ærø\tøst\r\nnæste linje\n") == "Ærø\tøst\r\nnæste linje\n"
    assert safe_output("a\x1b[2Jb\rc\x9bd\u202ee\x00") == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde\ufffd"
    assert safe_output("a\n ::error::x ##[add-mask]y") == "a\n : :error::x # #[add-mask]y"
    assert safe_output("::error file=a::b", commands=True) == "::error file=a::b"
    assert one_line("a\nb\r\tc\x1b") == "a\\nb\\r\\tc\\x1b"
    assert one_line(one_line("a\nb")) == "a\\nb"


@pytest.fixture
def codeowners_repo(tmp_path) -> Path:
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    init_repo(tmp_path)
    return root


@pytest.mark.parametrize("handle", ["evil\n* @attacker", "@x", "evil\n", "a b", "ev*l", "x" * 40, "-x", "a--b",
                                    "evil\t@attacker"])
def test_codeowners_takes_only_valid_github_handles(cli, codeowners_repo, handle):
    people = [dict(person) for person in ORGANISATION["people"]]
    people[0]["github"] = handle
    write_tree(codeowners_repo, {"organisation.yaml": dump({**ORGANISATION, "people": people})})
    result = cli("codeowners", "--registry", codeowners_repo)
    assert "attacker" not in result.stdout and "@@" not in result.stdout
    for line in result.stdout.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split(" ")
            assert owners and all(re.fullmatch(r"@[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}", o) for o in owners), line
    if result.exit_code != 0:
        assert "organisation.yaml" in _one_line_error(result)


def test_codeowners_filters_handles_even_behind_the_organisation_model(plain_registry):
    """Two layers: organisation.yaml's schema refuses a bad handle, and CODEOWNERS never prints one."""
    from os2ctl.codeowners import render_codeowners
    from os2ctl.models.organisation import Person
    from os2ctl.registry.loader import load_registry

    registry = load_registry(plain_registry)
    people = registry.organisation.people
    people[5] = Person.model_construct(**{**people[5].model_dump(), "github": "bomo\n* @attacker"})  # unvalidated
    text = render_codeowners(registry)
    assert "attacker" not in text and "/portfolio/ @" not in text  # the business manager has no valid handle now


@pytest.mark.parametrize("name", ["a\n* @attacker\nb", "a\n*\t@attacker", "x y @attacker", "Evil"])
def test_codeowners_skips_entry_files_whose_name_is_not_an_id(cli, codeowners_repo, name):
    write_tree(codeowners_repo, {f"portfolio/{name}.yaml": dump(full_entry())})
    result = cli("codeowners", "--registry", codeowners_repo)
    assert result.exit_code == 0, _out(result)
    assert "attacker" not in result.stdout and "Evil" not in result.stdout
    owners = [line.split() for line in result.stdout.splitlines() if line and not line.startswith("#")]
    assert [o[0] for o in owners] == ["/registry/portfolio/", "/registry/portfolio/os2test.yaml",
                                      "/registry/os2ctl.yaml", "/registry/organisation.yaml", "/registry/meetings/",
                                      "/registry/templates/", "/.github/CODEOWNERS", "/.github/workflows/"]


# =====================================================================================================
# 3. Files: links out of the registry, size limits, special files, safe writes
# =====================================================================================================

SECRET = "HEMMELIGT-INDHOLD"


def _secret(tmp_path: Path) -> Path:
    """A valid-looking file outside the registry, with a marker and a CPR number in it."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    text = dump(full_entry(summary=f"{SECRET} {CPR}")) + f"# {SECRET}\n"
    for name in ("secret.yaml", "os2test.yaml", "2026-10-01.yaml"):
        (outside / name).write_text(text, encoding="utf-8")
    return outside


@pytest.mark.parametrize("link", ["portfolio/os2link.yaml", "meetings/2026-10-01.yaml", "organisation.yaml",
                                  "os2ctl.yaml", "portfolio", "meetings"])
def test_links_out_of_the_registry_are_refused_and_never_read(cli, tmp_path, link):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    outside = _secret(tmp_path)
    target = root / link
    if target.is_dir():
        for path in target.iterdir():
            (outside / path.name).write_text(path.read_text(encoding="utf-8") + f"# {SECRET}\n", encoding="utf-8")
        import shutil

        shutil.rmtree(target)
        target.symlink_to(outside, target_is_directory=True)
    else:
        target.unlink(missing_ok=True)
        target.symlink_to(outside / "secret.yaml")
    for args in (["check"], ["check", "--format", "json"], ["portfolio", "--format", "json"], ["show", "os2test"]):
        result = cli(*args, "--registry", root, "--today", TODAY)
        assert SECRET not in _out(result) and "1234" not in _out(result), (args, _out(result))
        assert "Traceback" not in _out(result)
    data = json.loads(cli("check", "--registry", root, "--today", TODAY, "--format", "json").stdout)
    refused = {f["path"] for f in data["findings"] if f["rule"] == "file-safety"}
    assert refused and all(p == link or p.startswith(link + "/") for p in refused), data["findings"]


def _run_module(*args: str, cwd: Path, timeout: int = 60) -> subprocess.CompletedProcess:
    """os2ctl in its own process, so that a read that never ends fails the test instead of hanging it."""
    env = {**os.environ, "NO_COLOR": "1", "OS2CTL_CACHE_DIR": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "os2ctl", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("where", ["portfolio/zero.yaml", "meetings/2026-10-01.yaml", "organisation.yaml"])
def test_a_committed_link_to_a_device_is_not_read(tmp_path, where):
    """A pull request can commit a symbolic link to /dev/zero or /dev/stdin: reading it would never end."""
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    (root / where).unlink(missing_ok=True)
    (root / where).symlink_to("/dev/zero")
    init_repo(tmp_path)
    outputs = []
    for args, code in ((["check"], 1), (["check"], 1), (["portfolio", "--format", "json"], 0)):  # cold, then cached
        done = _run_module(*args, "--registry", str(root), "--today", TODAY, cwd=tmp_path)
        assert done.returncode == code and "Traceback" not in done.stderr, done.stdout + done.stderr
        outputs.append(done.stdout)
    assert "a symbolic link that points outside the registry" in outputs[0] == outputs[1]


def test_a_fifo_is_reported_not_read(tmp_path):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    os.mkfifo(root / "portfolio" / "pipe.yaml")
    done = _run_module("check", "--registry", str(root), "--today", TODAY, "--format", "json", cwd=tmp_path)
    findings = json.loads(done.stdout)["findings"]
    assert [(f["path"], f["rule"], f["message"]) for f in findings] == [
        ("portfolio/pipe.yaml", "file-safety", "not a regular file")]


def _limit_registry(tmp_path: Path, limit: int | None) -> Path:
    settings = {**SETTINGS, "limits": {"max_file_bytes": limit}} if limit else SETTINGS
    padded = full_entry(summary="x" * 3000, repository="https://github.com/OS2/padded")
    return make_registry(tmp_path / "registry", {"os2small": full_entry(), "os2padded": padded}, settings=settings)


def test_the_size_limit_is_configurable(cli, tmp_path):
    root = _limit_registry(tmp_path, 3000)
    assert len((root / "portfolio/os2padded.yaml").read_bytes()) > 3000 > len((root / "portfolio/os2small.yaml").read_bytes())
    data = json.loads(cli("check", "--registry", root, "--today", TODAY, "--format", "json").stdout)
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [("portfolio/os2padded.yaml", "file-size")]
    assert "the limit is 3,000" in data["findings"][0]["message"]
    # the same files under the default limit (2 MB) are read and clean
    root = _limit_registry(tmp_path / "default", None)
    assert json.loads(cli("check", "--registry", root, "--today", TODAY, "--format", "json").stdout)["findings"] == []


def test_the_size_limit_covers_organisation_and_meetings(cli, tmp_path):
    people = [dict(ORGANISATION["people"][0], name="Mette " + "x" * 1000)] + ORGANISATION["people"][1:]
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()}, organisation={**ORGANISATION, "people": people},
                         settings={**SETTINGS, "limits": {"max_file_bytes": 1000}})
    write_tree(root, {"meetings/2026-10-01.yaml": dump({"body": "board", "title": "x" * 1200})})
    data = json.loads(cli("check", "--registry", root, "--today", TODAY, "--format", "json").stdout)
    sized = {f["path"] for f in data["findings"] if f["rule"] == "file-size"}
    assert {"organisation.yaml", "meetings/2026-10-01.yaml", "portfolio/os2test.yaml"} <= sized


def test_a_huge_settings_file_is_reported_not_parsed(cli, tmp_path):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    with open(root / "os2ctl.yaml", "a", encoding="utf-8") as handle:
        handle.write("# " + "x" * 2_100_000 + "\n")
    data = json.loads(cli("check", "--registry", root, "--today", TODAY, "--format", "json").stdout)
    assert ("os2ctl.yaml", "file-size") in {(f["path"], f["rule"]) for f in data["findings"]}


def test_every_write_is_fsynced_before_it_replaces_the_file(tmp_path, monkeypatch):
    from os2ctl.edit import write_atomic

    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append(("replace", Path(a).parent == Path(b).parent)),
                                                     real_replace(a, b))[1])
    target = tmp_path / "x.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    write_atomic(target, "a: 2\n", expected="a: 1\n")
    assert calls[:2] == ["fsync", ("replace", True)]  # the temporary file is in the same folder
    assert target.read_text(encoding="utf-8") == "a: 2\n"


CONCURRENT = "# someone else's edit, written while os2ctl was working\n"


def _meddle(monkeypatch, module: str, function: str, path: Path, append: str = CONCURRENT) -> None:
    """Let `module.function` run, then change `path` on disk, as a second user or process would."""
    import importlib

    target = importlib.import_module(module)
    original = getattr(target, function)

    def meddling(*args, **kwargs):
        result = original(*args, **kwargs)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(append)
        return result

    monkeypatch.setattr(target, function, meddling)


def _refused_and_kept(result, path: Path, before: str) -> None:
    assert result.exit_code == 1, _out(result)
    assert "changed on disk" in _one_line_error(result) or "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == before + CONCURRENT  # the other edit survives, ours is not written


def test_decide_refuses_when_the_entry_changed_since_it_was_read(cli, monkeypatch, tmp_path):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry("N2", "concept")})
    path = root / "portfolio/os2test.yaml"
    before = path.read_text(encoding="utf-8")
    _meddle(monkeypatch, "os2ctl.decide", "plan_decision", path)
    result = cli("decide", "os2test", "--action", "recommend", "--level", "N2", "--registry", root, "--today", TODAY)
    _refused_and_kept(result, path, before)


def test_reclassify_apply_refuses_when_the_entry_changed_since_it_was_read(cli, monkeypatch, tmp_path):
    entry = full_entry("N3", "in_operation")
    entry["strategy"]["national"] = "TODO"  # fails N3: a proposal down to N2
    root = make_registry(tmp_path / "registry", {"os2test": entry})
    path = root / "portfolio/os2test.yaml"
    before = path.read_text(encoding="utf-8")
    _meddle(monkeypatch, "os2ctl.reclassify", "propose_all", path)
    result = cli("reclassify", "--apply", "--registry", root, "--today", TODAY)
    _refused_and_kept(result, path, before)


def _report_file(tmp_path: Path) -> Path:
    source = REPO_ROOT / "tests" / "testdata" / "govreport" / "os2test-governance-report.md"
    report = tmp_path / "report.md"
    report.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return report


def test_import_governance_report_refuses_when_the_entry_changed_since_it_was_read(cli, monkeypatch, tmp_path):
    root = make_registry_2025(tmp_path / "registry", {"os2test": full_entry_2025("N1", "in_operation", requirements={})})
    path = root / "portfolio/os2test.yaml"
    before = path.read_text(encoding="utf-8")
    _meddle(monkeypatch, "os2ctl.govreport_import", "plan_import", path)
    result = cli("import", "governance-report", _report_file(tmp_path), "--into", "os2test", "--registry", root)
    _refused_and_kept(result, path, before)


def test_import_governance_report_never_overwrites_an_entry_created_meanwhile(cli, monkeypatch, tmp_path):
    root = make_registry_2025(tmp_path / "registry", {"os2other": full_entry_2025("N1", "in_operation", title="Andet")})
    import os2ctl.govreport_import as module

    original = module.plan_import

    def meddling(*args, **kwargs):
        plan = original(*args, **kwargs)
        assert plan.created
        (root / plan.path).write_text(CONCURRENT, encoding="utf-8")
        return plan

    monkeypatch.setattr(module, "plan_import", meddling)
    result = cli("import", "governance-report", _report_file(tmp_path), "--registry", root)
    assert result.exit_code == 1 and "already exists" in _one_line_error(result)
    created = [p for p in (root / "portfolio").iterdir() if p.name != "os2other.yaml"]
    assert [p.read_text(encoding="utf-8") for p in created] == [CONCURRENT]


@pytest.mark.parametrize("changed", ["portfolio/os2test.yaml", "os2ctl.yaml"])
def test_migrate_refuses_when_a_file_changed_since_it_was_read(cli, monkeypatch, tmp_path, changed):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    path = root / changed
    before = path.read_text(encoding="utf-8")
    _meddle(monkeypatch, "os2ctl.migrate", "plan_migration", path)
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    _refused_and_kept(result, path, before)


def test_migrate_never_reads_an_entry_linked_from_outside(cli, tmp_path):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    outside = _secret(tmp_path)
    (root / "portfolio/os2link.yaml").symlink_to(outside / "os2test.yaml")
    result = cli("migrate", "--to", "os2-2025", "--registry", root)
    assert result.exit_code == 0, _out(result)
    assert (root / "portfolio/os2link.yaml").is_symlink()  # not replaced by a copy of the outside file
    assert SECRET not in _out(result)


def _link_templates(root: Path, tmp_path: Path, files: dict[str, str], whole_folder: bool) -> None:
    """Registry templates that reach outside: the templates/ folder itself, or one file, is a link."""
    outside = tmp_path / "outside-templates"
    write_tree(outside, files)
    (outside / "id_rsa").write_text(f"{SECRET}\n", encoding="utf-8")
    if whole_folder:
        (root / "templates").symlink_to(outside, target_is_directory=True)
    else:
        for name in files:
            (root / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "templates" / name).symlink_to(outside / name)


@pytest.mark.parametrize("whole_folder", [True, False])
def test_agenda_templates_from_outside_the_registry_are_refused(cli, plain_registry, tmp_path, whole_folder):
    _link_templates(plain_registry, tmp_path, {"agenda.md.j2": "{% include 'id_rsa' %}\n",
                                               "messages/agenda.da.yaml": f"opening: {{title: {SECRET}}}\n"}, whole_folder)
    result = cli("agenda", "--registry", plain_registry, "--meeting", MEETING, "--today", TODAY)
    assert result.exit_code == 2 and "outside its templates folder" in _one_line_error(result)
    assert SECRET not in _out(result)


@pytest.mark.parametrize("whole_folder", [True, False])
def test_site_templates_from_outside_the_registry_are_refused(cli, plain_registry, tmp_path, whole_folder):
    _link_templates(plain_registry, tmp_path, {"site/index.html.j2": "{% include 'id_rsa' %}\n"}, whole_folder)
    result = cli("portfolio", "--registry", plain_registry, "--today", TODAY, "--site", tmp_path / "site")
    assert result.exit_code == 2 and "outside its" in _one_line_error(result)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("whole_folder", [True, False])
def test_new_entry_templates_from_outside_the_registry_are_refused(cli, plain_registry, tmp_path, whole_folder):
    """Otherwise `{% include %}` could copy a private file into the new entry's comments, into a pull request."""
    template = (REPO_ROOT / "templates" / "entry.da.yaml.j2").read_text(encoding="utf-8")
    _link_templates(plain_registry, tmp_path, {"entry.da.yaml.j2": template + "# {% include 'id_rsa' %}\n"},
                    whole_folder)
    result = cli("new", "os2x", "--registry", plain_registry, "--no-input", "--title", "OS2 X", "--summary",
                 "En idé.", "-m", "Aarhus", "--contact-name", "Åse", "--today", TODAY)
    assert result.exit_code == 2 and "outside its templates folder" in _one_line_error(result)
    assert not (plain_registry / "portfolio" / "os2x.yaml").exists()


# =====================================================================================================
# 4. Git: `--base` is validated and git runs without a shell; a shallow clone says what to fetch
# =====================================================================================================

@pytest.fixture
def git_registry(tmp_path) -> Path:
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    init_repo(tmp_path)
    return root


@pytest.mark.parametrize("arguments", [
    ["--base=--output=OUT"], ["--base", "--output=OUT"], ["--base", "HEAD; touch PWNED"], ["--base", "a\nb"],
    ["--base", "-x"], ["--base", ""], ["--base", "HEAD --output=OUT"], ["--base", "HEAD\tmain"], ["--base", "HEAD\x00"],
])
def test_bad_base_revisions_are_refused_before_git_runs(cli, git_registry, monkeypatch, arguments):
    monkeypatch.chdir(git_registry.parent)
    result = cli("check", "--registry", git_registry, "--today", TODAY, *arguments)
    assert result.exit_code == 2, _out(result)
    assert "is not a Git revision" in _one_line_error(result)
    assert not (git_registry.parent / "OUT").exists() and not (git_registry.parent / "PWNED").exists()


@pytest.mark.parametrize("revision", ["HEAD;touch${IFS}PWNED", "$(touch${IFS}PWNED)", "`touch${IFS}PWNED`",
                                      "HEAD|touch${IFS}PWNED", "main&&touch${IFS}PWNED"])
def test_revisions_reach_git_as_one_argument_never_through_a_shell(cli, git_registry, monkeypatch, revision):
    monkeypatch.chdir(git_registry.parent)
    result = cli("check", "--registry", git_registry, "--today", TODAY, "--base", revision)
    assert result.exit_code == 2 and "unknown revision" in _one_line_error(result)
    assert not (git_registry.parent / "PWNED").exists()


def test_a_good_base_revision_is_accepted(cli, git_registry):
    for revision in ("HEAD", "main", "HEAD^{commit}", "refs/heads/main"):
        result = cli("check", "--registry", git_registry, "--today", TODAY, "--base", revision)
        assert result.exit_code == 0, (revision, _out(result))


@pytest.mark.parametrize("base", ["FIRST", "origin/main~1", "HEAD~1", "main~1"])
def test_a_shallow_clone_says_to_fetch_the_base(cli, tmp_path, base):
    source = tmp_path / "source"
    make_registry(source / "registry", {"os2test": full_entry()})
    init_repo(source)
    first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True).stdout.strip()
    write_tree(source, {"registry/portfolio/os2new.yaml": dump(full_entry("N1", "idea",
                                                                          repository="https://github.com/OS2/n"))})
    commit_all(source, "Second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(clone)], check=True)
    result = cli("check", "--registry", clone / "registry", "--today", TODAY, "--base", base.replace("FIRST", first))
    assert result.exit_code == 2, _out(result)
    line = _one_line_error(result)
    assert "in this shallow clone" in line and "git fetch" in line and "--unshallow" in line


# =====================================================================================================
# 5. Personal data: no command repeats a full CPR number, in any format, file or log
# =====================================================================================================

LEAKS = (CPR, CPR_DIGITS, "010190 1234")


@pytest.fixture
def cpr_registry(tmp_path) -> Path:
    """A CPR number in every kind of place: free text, names, lists, keys, ids, meetings, settings,
    organisation, a commit message, and the file a command imports."""
    valid = full_entry("N2", "in_progress", title=f"Titel {CPR}", summary=f"Resumé {CPR_DIGITS} og {CPR}. " + "Et fælles system til sagsbehandling. " * 5)
    valid["contact"]["name"] = f"Jens {CPR}"
    valid["value"]["local"] = f"Lokal værdi {CPR}"
    valid["requirements"]["documentation"]["evidence"] = f"https://docs.example/{CPR}"
    valid["decisions"].append({"date": "2026-11-12", "body": "business_manager", "action": "recommend", "level": "N3",
                               "note": f"Anbefalet {CPR}"})
    valid["reports"][0]["note"] = f"Rapport {CPR}"
    invalid = full_entry("N2", "in_progress", repository="https://github.com/OS2/invalid", title=f"Forkert {CPR}")
    invalid["municipalities"].append(CPR)
    invalid["governance"]["steering_group"]["members"].append("p" + CPR_DIGITS)
    invalid[CPR_DIGITS] = "en ukendt nøgle"
    invalid["line_management"].append({"municipality": CPR, "by": "x", "date": "2026-01-01"})
    people = [dict(ORGANISATION["people"][0], name=f"Mette {CPR}")] + ORGANISATION["people"][1:]
    root = make_registry(tmp_path / "registry", {"os2cpr": valid, "os2bad": invalid},
                         settings={**SETTINGS, "name": f"OS2 {CPR}"}, organisation={**ORGANISATION, "people": people})
    meeting = dict(MEETINGS[MEETING], title=f"Møde {CPR}", location=f"Rådhus {CPR}", agenda=[f"Punkt {CPR}"])
    write_tree(root, {f"meetings/{MEETING}.yaml": dump(meeting)})
    init_repo(tmp_path)
    write_tree(root, {"portfolio/os2cpr.yaml": (root / "portfolio/os2cpr.yaml").read_text(encoding="utf-8") + "# ny\n"})
    commit_all(tmp_path, f"Ret os2cpr for {CPR}")
    return root


def _leaks(text: str) -> list[str]:
    return [leak for leak in LEAKS if leak in text]


def _every_command(root: Path, out: Path) -> dict[str, list[list[str]]]:
    """Each command of the CLI with every format, and the files it writes."""
    today = ["--today", TODAY]
    meeting = ["--meeting", MEETING, *today]
    report = out / "report.md"
    report.write_text(f"# Governancerapport for Ny {CPR}\n\n| # | Krav | Status |\n|---|---|---|\n"
                      f"| X1 | {CPR} | ✅ |\n", encoding="utf-8")
    publiccode = out / "publiccode.yml"
    publiccode.write_text(dump({"publiccodeYmlVersion": "0.4", "name": f"OS2 {CPR}", "url": "https://github.com/OS2/p",
                                "description": {"da": {"shortDescription": f"Kort {CPR}"}}}), encoding="utf-8")
    return {
        "check": [["check"], ["check", "--format", "json"], ["check", "--format", "github"],
                  ["check", "--base", "HEAD~1", "--format", "json"]],
        "show": [["show", "os2cpr", *today], ["show", "os2cpr", "--format", "json", *today], ["show", "os2bad", *today]],
        "new": [["new", "os2ny", "--no-input", "--title", "Ny", "--summary", f"Idé {CPR}", "-m", "Aarhus",
                 "--contact-name", "A", *today]],
        "reclassify": [["reclassify", *today], ["reclassify", "--format", "json", *today]],
        "decide": [["decide", "os2cpr", "--action", "recommend", "--level", "N3", *today]],
        "agenda": [["agenda", *meeting], ["agenda", *meeting, "--format", "html"], ["agenda", *meeting, "--minutes"],
                   ["agenda", *meeting, "--output", str(out / "agenda.md")],
                   ["agenda", *meeting, "--format", "html", "--output", str(out / "agenda.html")]],
        "portfolio": [["portfolio", *today], ["portfolio", "--format", "json", *today],
                      ["portfolio", "--format", "csv", *today], ["portfolio", "--site", str(out / "site"), *today]],
        "report": [["report", "os2cpr", "--kind", kind, "--format", fmt, *today] for kind in ("self", "evaluation")
                   for fmt in ("markdown", "html")] + [["report", "os2cpr", "--output", str(out / "report.html"),
                                                        "--format", "html", *today]],
        "requirements": [["requirements"], ["requirements", "--format", "markdown"]],
        "codeowners": [["codeowners"]],
        "schema": [["schema", "--output", str(out / "schemas")]],
        "migrate": [["migrate", "--to", "os2-2025", "--dry-run"], ["migrate", "--to", "os2-2025", "--format", "json",
                                                                   "--dry-run"]],
        "export publiccode": [["export", "publiccode", "os2cpr", "--category", "it-management", *today],
                              ["export", "publiccode", "os2cpr", "--category", "it-management", "--output",
                               str(out / "publiccode-out.yml"), *today]],
        "import publiccode": [["import", "publiccode", str(publiccode), *today]],
        "import governance-report": [["import", "governance-report", str(report), "--dry-run"]],
    }


def test_no_command_repeats_a_full_cpr_number(cli, cpr_registry, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    runs = _every_command(cpr_registry, out)
    for name, argument_lists in runs.items():
        for arguments in argument_lists:
            result = cli(*arguments, "--registry", cpr_registry)
            assert "Traceback" not in _out(result) and result.exit_code != 3, (arguments, _out(result))
            assert not _leaks(_out(result)), (arguments, _leaks(_out(result)), _out(result))
    written = [p for p in out.rglob("*") if p.is_file() and p.name not in ("report.md", "publiccode.yml")]
    assert {p.name for p in written} >= {"agenda.md", "agenda.html", "report.html", "publiccode-out.yml", "index.html"}
    for path in written:
        assert not _leaks(path.read_text(encoding="utf-8")), path
    # the registry itself still holds them: os2ctl reports, it does not silently rewrite personal data
    assert CPR in (cpr_registry / "portfolio/os2cpr.yaml").read_text(encoding="utf-8")


def test_the_cpr_test_runs_every_command():
    """A command added later must be added to `_every_command` (and so be checked for leaks)."""
    from os2ctl.cli import importing, export

    names = {name for name, _, _ in COMMANDS}
    for group, module in (("export", export), ("import", importing)):
        names |= {f"{group} {command.name}" for command in module.app.registered_commands}
    assert names == set(_every_command(Path("/nonexistent"), Path(__import__("tempfile").mkdtemp())))
    assert {name for name, _, _ in HIDDEN_COMMANDS} == {"import-governance-report"}  # an alias of a checked one
    assert {name for name, _, _ in GROUPS} == {"export", "import"}


def test_the_cache_file_holds_no_full_cpr_number(cli, cpr_registry, tmp_path):
    cache = tmp_path / "cache"
    (cpr_registry / "portfolio" / "uden-cpr.yaml").write_text(dump(full_entry("N1", "idea")), encoding="utf-8")
    os.environ["OS2CTL_CACHE_DIR"] = str(cache)
    try:
        cli("check", "--registry", cpr_registry, "--today", TODAY)
        cli("portfolio", "--registry", cpr_registry, "--today", TODAY)  # loads through the document cache
    finally:
        del os.environ["OS2CTL_CACHE_DIR"]
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.parent.name.startswith("documents-") for p in files)
    assert files and not any(_leaks(p.read_text(encoding="utf-8")) for p in files)


@pytest.mark.parametrize(("text", "masked"), [
    (f"a {CPR} b", "a 010190-XXXX b"), (f"{CPR_DIGITS}", "010190XXXX"), ("P-nr. 1003388394", "P-nr. 1003388394"),
    ("320190-1234", "320190-1234"), ("12345678901", "12345678901"), (f"{CPR},{CPR_DIGITS}", "010190-XXXX,010190XXXX"),
])
def test_mask_cpr(text, masked):
    from os2ctl.safe_text import mask_cpr

    assert mask_cpr(text) == masked


# =====================================================================================================
# 6. Fuzzing: round-trip edits keep every other line and are idempotent; whole registry trees
# =====================================================================================================
# Scaled with tests/test_fuzz.py: OS2CTL_FUZZ_EXAMPLES (default 420 per test there) scales these too.

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_BASE = int(os.environ.get("OS2CTL_FUZZ_EXAMPLES", "420"))


def _fuzz(examples: int):
    return settings(max_examples=max(1, examples * _BASE // 420), deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


DANISH = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"],
                               include_characters="æøåÆØÅ\"'#:{}[],&*!|>%@`-?"), min_size=1, max_size=30)
KEY_ORDER = ["title", "summary", "level", "status", "contact", "municipalities", "supplier", "license",
             "repository", "value", "strategy", "funding", "line_management", "governance", "operation",
             "requirements", "proposal", "decisions", "reports"]


@st.composite
def styled_entries(draw) -> tuple[str, list[tuple[str, str]]]:
    """An entry's text in a random house style: block or flow values, quoted or plain strings, 2 or 4
    spaces, comments above keys and after values, blank lines, Danish text; and its blocks, key by key."""
    entry = full_entry(draw(st.sampled_from(["N1", "N2", "N3"])),
                       draw(st.sampled_from(["concept", "approved", "in_progress", "in_operation"])))
    entry["summary"] = draw(DANISH)
    entry["value"]["local"] = draw(DANISH)
    if draw(st.booleans()):
        entry["proposal"] = {"level": "N2", "date": dt.date(2026, 11, 1), "reasons": [draw(DANISH)]}
    indent = draw(st.sampled_from([2, 4]))
    blocks = []
    for key in [k for k in KEY_ORDER if k in entry]:
        style = draw(st.sampled_from(["block", "flow", "quoted", "single"]))
        value = entry[key]
        if style == "flow" and isinstance(value, (dict, list)):
            text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=True,
                                  width=10_000).removeprefix("{").rstrip().removesuffix("}") + "\n"
        elif style in ("quoted", "single") and isinstance(value, str):
            text = f"{key}: " + (json.dumps(value, ensure_ascii=False) if style == "quoted"
                                 else "'" + value.replace("'", "''") + "'") + "\n"
        else:
            text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, indent=indent,
                                  default_flow_style=False, width=10_000)
        if draw(st.booleans()) and text.count("\n") == 1:
            text = text[:-1] + f"   # {draw(DANISH).replace(chr(10), ' ')}\n"
        if draw(st.booleans()):
            text = f"# {key} — kommentar æøå\n" + text
        if draw(st.booleans()):
            text = "\n" + text
        blocks.append((key, text))
    return "".join(text for _, text in blocks), blocks


def _kept_in_order(result: str, blocks: list[tuple[str, str]], touched: set[str]) -> None:
    position = 0
    for key, text in blocks:
        if key in touched:
            continue
        found = result.find(text, position)
        assert found >= 0, f"the block of `{key}` changed:\n{text}\n--- in ---\n{result}"
        position = found + len(text)


DECISION_EDITS = st.sampled_from(["append", "level", "status", "proposal", "withdraw"])


@_fuzz(150)
@given(styled_entries(), st.lists(DECISION_EDITS, min_size=1, max_size=4, unique=True), DANISH,
       st.sampled_from(["\n", "\r\n"]))
def test_fuzz_round_trip_edits_keep_every_other_block_byte_for_byte(entry, edits, note, newline):
    """decide (append a decision, set level and status, remove the proposal) and reclassify --apply
    (set or withdraw the proposal) change only their own keys, in any house style."""
    from os2ctl.registry.yamlread import parse_text
    from os2ctl.roundtrip import YamlEdit

    text, blocks = entry
    text, blocks = text.replace("\n", newline), [(k, t.replace("\n", newline)) for k, t in blocks]
    edit = YamlEdit("portfolio/os2fuzz.yaml", text)
    touched = set()
    for name in edits:
        if name == "append":
            edit.append_item("decisions", {"date": dt.date(2026, 12, 10), "body": "board", "action": "approve",
                                           "level": "N2", "meeting": dt.date(2026, 12, 10), "note": note},
                             before=("reports",))
            touched.add("decisions")
        elif name in ("level", "status"):
            edit.set_scalar(name, {"level": "N1", "status": "stopped"}[name])
            touched.add(name)
        elif name == "proposal":
            edit.set_mapping("proposal", {"level": "N3", "date": dt.date(2026, 11, 29), "reasons": [note]},
                             before=("decisions", "reports"))
            touched.add("proposal")
        else:
            edit.remove("proposal")
            touched.add("proposal")
    result = edit.result()
    _kept_in_order(result, blocks, touched)
    data = parse_text("x", result).data
    assert data == edit.expected
    assert newline == "\n" or "\n" not in result.replace("\r\n", "")  # line ends kept
    # idempotent: the same settings once more change nothing
    again = YamlEdit("portfolio/os2fuzz.yaml", result)
    for key in touched & {"level", "status", "proposal"}:
        if key in data:
            (again.set_mapping if isinstance(data[key], dict) else again.set_scalar)(key, data[key])
        else:
            again.remove(key)
    assert again.result() == result


@_fuzz(60)
@given(st.lists(styled_entries(), min_size=1, max_size=3), st.sampled_from(["da", "en"]))
def test_fuzz_reclassify_apply_twice_changes_nothing_the_second_time(tmp_path_factory, entries, language):
    from os2ctl.reclassify import propose_all, write_proposal
    from os2ctl.registry.loader import load_registry

    root = make_registry(tmp_path_factory.mktemp("reclassify") / "registry",
                         {f"os2fuzz{i}": text for i, (text, _) in enumerate(entries)})
    today = dt.date(2026, 11, 29)

    def apply() -> dict[str, str]:
        registry = load_registry(root, jobs=1)
        proposals = {p.entry: p for p in propose_all(registry, today)}
        for entry_id, loaded in sorted(registry.entries.items()):
            if loaded.model is not None:
                write_proposal(registry, loaded, proposals.get(entry_id), today, language)
        return {p.name: p.read_text(encoding="utf-8") for p in (root / "portfolio").iterdir()}

    first = apply()
    event(f"proposals written: {sum('proposal:' in t for t in first.values())}")
    assert apply() == first
    for i, (text, blocks) in enumerate(entries):  # and only `proposal:` changed
        _kept_in_order(first[f"os2fuzz{i}.yaml"], blocks, {"proposal"})


@_fuzz(40)
@given(st.lists(styled_entries(), min_size=1, max_size=2), DANISH)
def test_fuzz_decide_keeps_every_other_line_of_styled_entries(tmp_path_factory, entries, note):
    from os2ctl.decide import DecisionRequest, apply_decision, load_for_decision, plan_decision
    from os2ctl.errors import RefusedError

    root = make_registry(tmp_path_factory.mktemp("decide") / "registry",
                         {f"os2fuzz{i}": text for i, (text, _) in enumerate(entries)})
    for i, (text, blocks) in enumerate(entries):
        registry = load_for_decision(root, f"os2fuzz{i}")
        request = DecisionRequest(f"os2fuzz{i}", "stop", dt.date(2026, 12, 10), meeting=dt.date(2026, 12, 10),
                                  note=note)
        try:
            plan = plan_decision(registry, request)
        except RefusedError:
            event("decision refused")
            continue  # a move section 5 does not allow: nothing is written, nothing to compare
        event("decision recorded")
        apply_decision(registry, plan)
        result = (root / "portfolio" / f"os2fuzz{i}.yaml").read_text(encoding="utf-8")
        _kept_in_order(result, blocks, {"decisions", "status", "proposal"})
        assert yaml.safe_load(result)["decisions"][-1]["note"] == note


REGISTRY_PATHS = ["os2ctl.yaml", "organisation.yaml", "meetings/2026-12-10.yaml", "meetings/2026-13-01.yaml",
                  "portfolio/os2a.yaml", "portfolio/os2b.yaml", "portfolio/Æble.yaml", "portfolio/x.yml",
                  "meetings/notes.txt", "portfolio/a b.yaml"]
_FILE_TEXT = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda d: yaml.safe_dump(d, allow_unicode=True),
              st.recursive(st.one_of(st.none(), st.integers(), DANISH, st.sampled_from(["N1", "idea", CPR])),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.sampled_from(
                                                       ["name", "people", "board", "title", "level", "status",
                                                        "limits", "model", "licenses", "members", "chair"]),
                                                       inner, max_size=4)), max_leaves=15)),
    st.sampled_from([dump(full_entry()), dump(SETTINGS), dump(ORGANISATION), "", "~", "[", "a: &x 1\nb: *x\n"]),
)


@_fuzz(80)
@given(st.dictionaries(st.sampled_from(REGISTRY_PATHS), _FILE_TEXT, max_size=7),
       st.sets(st.sampled_from(["link-out", "link-in", "dir-link", "loop"]), max_size=2))
def test_fuzz_check_survives_any_registry_tree(tmp_path_factory, files, links):
    """Whatever the files, names and links of a registry, `check` (as the CLI runs it: cache, workers)
    gives findings or a clean result, never an exception."""
    from os2ctl.checkrun import RunOptions, run_check
    from os2ctl.errors import Os2ctlError

    base = tmp_path_factory.mktemp("tree")
    root = make_registry(base / "registry", {"os2test": full_entry()})
    write_tree(root, files)
    (base / "outside.yaml").write_text(dump(full_entry()), encoding="utf-8")
    if "link-out" in links:
        (root / "portfolio/os2out.yaml").symlink_to(base / "outside.yaml")
    if "link-in" in links:
        (root / "portfolio/os2in.yaml").symlink_to(root / "portfolio/os2test.yaml")
    if "dir-link" in links:
        (base / "elsewhere").mkdir()
        (root / "meetings-link").symlink_to(base / "elsewhere")
    if "loop" in links:
        (root / "portfolio/os2loop.yaml").symlink_to(root / "portfolio/os2loop.yaml")
    try:
        report = run_check(root, dt.date(2026, 11, 29), options=RunOptions(jobs=1, use_cache=False))
    except Os2ctlError:  # only: os2ctl.yaml unreadable, so not a registry (a one-line error, exit 2)
        assert "os2ctl.yaml" in files
        return
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.message and "\n" not in finding.message
        assert CPR not in finding.message


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb: *x\n", "a: &x {k: v}\nb: [*x, *x]\n"])
def test_every_alias_is_refused_even_of_a_plain_value(text):
    """An alias makes a line mean what another line says: a reviewer reading a pull request's diff sees
    `*x`, not the value. The registry format has none; each is a `schema` finding and is not followed."""
    from os2ctl.registry.yamlread import read_document

    doc = read_document("x.yaml", text.encode())
    assert [f.message for f in doc.findings if "aliases" in f.message]
    assert doc.data["b"] in (None, [None, None])


def test_files_outside_the_registry_are_never_opened(tmp_path, monkeypatch):
    """Not even to hash them for the cache: the check reads no byte through a link out of the registry."""
    from os2ctl.checkrun import RunOptions, run_check

    root = make_registry(tmp_path / "registry", {"os2test": full_entry()})
    outside = _secret(tmp_path)
    (root / "portfolio/os2link.yaml").symlink_to(outside / "secret.yaml")
    (root / "meetings/2026-10-01.yaml").symlink_to(outside / "2026-10-01.yaml")
    init_repo(tmp_path)
    real_read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        assert not Path(os.path.realpath(path)).is_relative_to(outside), f"read {path}"
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    monkeypatch.setenv("OS2CTL_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # cold and cached
        report = run_check(root, dt.date(2026, 11, 29), options=RunOptions(jobs=1))
        assert {f.path for f in report.findings if f.rule == "file-safety"} == {"portfolio/os2link.yaml",
                                                                             "meetings/2026-10-01.yaml"}


def test_import_governance_report_never_reads_an_entry_linked_from_outside(cli, tmp_path):
    root = make_registry_2025(tmp_path / "registry", {"os2test": full_entry_2025("N1", "in_operation", requirements={})})
    outside = _secret(tmp_path)
    (root / "portfolio/os2link.yaml").symlink_to(outside / "os2test.yaml")
    result = cli("import", "governance-report", _report_file(tmp_path), "--into", "os2link", "--registry", root)
    assert result.exit_code == 1 and "could not be read" in _one_line_error(result)
    assert (root / "portfolio/os2link.yaml").is_symlink() and SECRET not in _out(result)


def test_proposal_reasons_written_into_an_entry_are_one_line_and_mask_cpr_numbers(cli, tmp_path):
    """`reclassify --apply` writes reasons that quote registry values: never a second copy of a CPR number."""
    entry = full_entry("N2", "in_progress")
    entry["municipalities"].append(CPR)  # a municipality without line-management backing: fails N2
    entry["line_management"].append({"municipality": "Aarhus", "by": "x\n::error::y", "date": "2026-01-01"})
    root = make_registry(tmp_path / "registry", {"os2test": entry})
    cli("reclassify", "--apply", "--registry", root, "--today", TODAY)
    written = yaml.safe_load((root / "portfolio/os2test.yaml").read_text(encoding="utf-8"))
    reasons = written["proposal"]["reasons"]
    assert any("010190-XXXX" in reason for reason in reasons), reasons
    assert not any(CPR in reason or "\n" in reason for reason in reasons)


def test_a_file_name_with_a_line_break_stays_on_one_line_in_text_output(cli, plain_registry):
    write_tree(plain_registry, {"portfolio/a\n::error::b.yaml": dump(full_entry("N1", "idea"))})
    result = cli("check", "--registry", plain_registry, "--today", TODAY)
    assert "portfolio/a\\n::error::b.yaml\n" in result.stdout


@pytest.mark.parametrize("text", ["a: !!python/object:os.system {b: 1}\n", "a: !!python/object/apply:os.system [id]\n",
                                  "a: !!python/name:os.system x\n", "!!set {a: 1}\n", "a: !custom [1]\n"])
def test_tags_are_findings_and_never_constructed(text):
    from os2ctl.registry.yamlread import read_document

    doc = read_document("x.yaml", text.encode())
    assert [f.rule for f in doc.findings] == ["schema"] and "unsupported YAML tag" in doc.findings[0].message


def test_codeowners_puts_templates_and_workflows_under_the_board(cli, codeowners_repo):
    """A pull request that changes the registry's templates (the agenda, the published site) or the CI
    workflow that runs `check` needs the same approval as one that changes os2ctl.yaml."""
    lines = cli("codeowners", "--registry", codeowners_repo).stdout.splitlines()
    settings_owners = next(line for line in lines if line.startswith("/registry/os2ctl.yaml ")).split(" ", 1)[1]
    assert f"/registry/templates/ {settings_owners}" in lines
    assert f"/.github/workflows/ {settings_owners}" in lines
