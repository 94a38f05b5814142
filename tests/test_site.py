"""`os2ctl portfolio --site DIR`: the static site's pages, links, badges, history, templates and folder
handling, and every page opened in headless Chromium (no console errors, no external requests)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from jinja2.sandbox import SandboxedEnvironment

from os2ctl import gitrepo
from os2ctl.gitrepo import Commit, FileChange
from os2ctl.site_history import assign
from os2ctl.site_render import MARKER, site_environment
from tests.browser import Browser, find_chromium
from tests.conftest import TODAY
from tests.factory import SETTINGS, dump
from tests.test_portfolio import portfolio_registry

IDS = ("os2mo", "os2lokal", "os2fremdrift", "os2udfaset", "os2broken", "os2formel")


def build(cli, root: Path, target: Path, *args: str):
    return cli("portfolio", "--registry", root, "--today", TODAY.isoformat(), "--site", target, *args)


@pytest.fixture
def root(tmp_path) -> Path:
    return portfolio_registry(tmp_path / "registry")


@pytest.fixture
def site(cli, root, tmp_path) -> Path:
    result = build(cli, root, tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    assert "wrote" in result.stdout
    return tmp_path / "site"


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every href and src of a page, and the tags that could load something from outside."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def links_of(path: Path) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- pages and links --------------------------------------------------------------------------------


def test_site_has_every_page_and_badge(site):
    for entry_id in IDS:
        assert (site / "entries" / f"{entry_id}.html").is_file()
        assert (site / "badges" / f"{entry_id}.svg").is_file()
    for name in ("index.html", "municipalities.html", "levels/N1.html", "levels/N3.html", "statuses/idea.html",
                 "statuses/retired.html", "municipalities/751.html", "municipalities/101.html",
                 "municipalities/461.html", "municipalities/791.html", ".nojekyll", MARKER):
        assert (site / name).is_file(), name
    assert not (site / "levels" / "N9.html").exists()  # an invalid level gets no page


def test_every_relative_link_resolves_and_nothing_is_loaded_from_outside(site):
    checked = 0
    for page in pages(site):
        for tag, attribute, value in links_of(page):
            parts = urlsplit(value)
            if parts.scheme == "data":
                continue  # inline, e.g. the empty favicon that saves a request for /favicon.ico
            if parts.scheme in ("http", "https", "mailto"):
                assert (tag, attribute) == ("a", "href"), f"{page}: {tag} {attribute}={value} loads from outside"
                continue
            assert not parts.scheme and not parts.netloc and not value.startswith("/"), f"{page}: {value}"
            if not parts.path:
                continue  # a fragment on the same page
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: {value} does not exist"
            assert target.is_relative_to(site.resolve())
            checked += 1
    assert checked > 100


def test_a_broken_link_would_be_found(site):
    """The link check above can fail: a page pointing at a missing file is caught."""
    (site / "entries" / "os2lokal.html").unlink()
    missing = [value for tag, attribute, value in links_of(site / "index.html")
               if not urlsplit(value).scheme and urlsplit(value).path
               and not (site / unquote(urlsplit(value).path)).is_file()]
    assert missing == ["entries/os2lokal.html"]


def test_pages_forbid_external_resources_by_content_security_policy(site):
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "default-src 'none'" in text
        assert "<link rel=\"stylesheet\"" not in text and "@import" not in text


def test_index_groups_by_level_highest_first_with_charts_and_filters(site):
    text = read(site, "index.html")
    order = [text.index(f'data-group="{key}"') for key in ("N3", "N2", "N1", "other")]
    assert order == sorted(order)
    n2 = text[text.index('data-group="N2"'):text.index('data-group="N1"')]
    assert "OS2fremdrift" in n2 and "OS2udfaset" in n2 and "OS2mo" not in n2
    assert "Uden gyldigt niveau" in text  # os2broken's level N9
    assert "<title>N1: 2</title>" in text and "<title>N3: 1</title>" in text  # chart bars
    assert "<title>Idé: 3</title>" in text and "<title>Udfaset: 1</title>" in text
    assert '<form class="filters" id="filters" hidden>' in text  # shown by the script only
    assert '<option value="751">Aarhus</option>' in text
    assert 'data-municipalities="751 101 461"' in text  # os2mo's row, by municipality code


def test_registry_text_is_escaped_everywhere(site):
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in read(site, "entries/os2formel.html")


def test_unsafe_urls_are_not_links(cli, tmp_path):
    root = portfolio_registry(tmp_path / "registry")
    entry = root / "portfolio" / "os2lokal.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + "repository: javascript:alert(1)\n", encoding="utf-8")
    assert build(cli, root, tmp_path / "site").exit_code == 0
    page = read(tmp_path / "site", "entries/os2lokal.html")
    assert "javascript:alert(1)" in page and 'href="javascript' not in page


def test_entry_page_shows_the_show_checklist_decisions_reports_and_findings(site):
    mo = read(site, "entries/os2mo.html")
    for requirement in ("idea", "licence", "board-approval", "board-majority", "strategic-alignment"):
        assert f"<code>{requirement}</code>" in mo
    assert "<h3>N1</h3>" in mo and "<h3>N3</h3>" in mo
    assert "opfyldt" in mo and "https://docs.example/procurement" in mo  # evidence is linked
    assert "bestyrelsen" in mo and "budget godkendt" in mo and "1.000.000" in mo  # decisions
    assert "2026-10-01" in mo and "på sporet" in mo  # the report
    fremdrift = read(site, "entries/os2fremdrift.html")
    assert "progress-report" in fremdrift and "sev-warning" in fremdrift
    assert "endnu ikke aktuelt" in fremdrift  # best-practice is due at in_operation
    broken = read(site, "entries/os2broken.html")
    assert "Filen har fejl" in broken and "unknown-municipality" in broken and "Atlantis" in broken
    assert "Lukket: kravene kontrolleres ikke længere." in read(site, "entries/os2udfaset.html")


def test_municipality_list_says_what_each_uses(site):
    text = read(site, "municipalities.html")
    aarhus = text[text.index('id="m751"'):]
    aarhus = aarhus[:aarhus.index("</tr>")]
    assert "OS2mo" in aarhus and "OS2udfaset" in aarhus and "OS2broken" in aarhus and "OS2lokal" not in aarhus
    assert "Atlantis" not in text
    assert "OS2lokal" in read(site, "municipalities/791.html")  # Viborg's own page


def test_listing_pages_filter_without_javascript(site):
    assert "OS2udfaset" in read(site, "statuses/retired.html")
    assert "OS2mo" not in read(site, "statuses/retired.html")
    n1 = read(site, "levels/N1.html")
    assert "OS2lokal" in n1 and "OS2fremdrift" not in n1


def test_english_on_request_and_danish_by_default(cli, root, site, tmp_path):
    assert '<html lang="da">' in read(site, "index.html") and "Porteføljen" in read(site, "index.html")
    assert build(cli, root, tmp_path / "en", "--lang", "en").exit_code == 0
    english = read(tmp_path / "en", "index.html")
    assert '<html lang="en">' in english and "The portfolio" in english and "In operation" in english
    assert "Checklist" in read(tmp_path / "en", "entries/os2mo.html")


def test_registry_language_decides_the_default(cli, tmp_path):
    root = portfolio_registry(tmp_path / "registry")
    (root / "os2ctl.yaml").write_text(dump({**SETTINGS, "language": "en"}), encoding="utf-8")
    assert build(cli, root, tmp_path / "site").exit_code == 0
    assert '<html lang="en">' in read(tmp_path / "site", "index.html")


def test_the_same_registry_gives_the_same_site(cli, root, site, tmp_path):
    assert build(cli, root, tmp_path / "again").exit_code == 0
    for page in site.rglob("*"):
        if page.is_file():
            assert page.read_bytes() == (tmp_path / "again" / page.relative_to(site)).read_bytes()


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="worker processes are used on Linux only")
def test_worker_processes_build_the_same_site(cli, root, site, tmp_path, monkeypatch):
    import multiprocessing

    from os2ctl import site as site_module

    contexts = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: contexts.append(method) or real(method))
    monkeypatch.setattr(site_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert build(cli, root, tmp_path / "parallel").exit_code == 0
    assert contexts == ["fork"]
    for page in site.rglob("*"):
        if page.is_file():
            assert page.read_bytes() == (tmp_path / "parallel" / page.relative_to(site)).read_bytes()


@pytest.mark.parametrize("example", ["registry", "registry-2025"])
def test_the_example_registries_build_with_working_links(cli, tmp_path, example):
    from tests.conftest import REPO_ROOT

    target = tmp_path / "site"
    assert build(cli, REPO_ROOT / example, target).exit_code == 0
    entries = list((REPO_ROOT / example / "portfolio").glob("*.yaml"))
    assert len(list((target / "entries").iterdir())) == len(entries)
    for page in pages(target):
        for _, _, value in links_of(page):
            parts = urlsplit(value)
            if not parts.scheme and parts.path:
                assert (page.parent / unquote(parts.path)).is_file(), f"{page}: {value}"


def test_entry_page_shows_own_statements_and_assessments_like_show(cli, tmp_path):
    from tests.conftest import REPO_ROOT

    assert build(cli, REPO_ROOT / "registry-2025", tmp_path / "site").exit_code == 0
    page = read(tmp_path / "site", "entries/os2rollekatalog.html")
    assert "egen status: ✅ Ja" in page and "vurdering: 🟢 grøn" in page and "vurdering: 🟡 gul" in page
    shown = cli("show", "os2rollekatalog", "--registry", REPO_ROOT / "registry-2025", "--today", TODAY.isoformat())
    assert page.count("vurdering: ") == shown.stdout.count("vurdering: ") > 0


# --- badges -----------------------------------------------------------------------------------------


def _badge(site: Path, entry_id: str) -> ET.Element:
    return ET.fromstring(read(site, f"badges/{entry_id}.svg"))


def test_badges_are_valid_svg_with_level_and_status(site):
    ns = {"svg": "http://www.w3.org/2000/svg"}
    mo = _badge(site, "os2mo")
    texts = [t.text for t in mo.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["OS2", "N3 · I drift"]
    rects = mo.findall("svg:g/svg:rect", ns)
    assert int(mo.get("width")) == int(rects[0].get("width")) + int(rects[1].get("width"))
    colours = {i: _badge(site, i).findall("svg:g/svg:rect", ns)[1].get("fill") for i in ("os2lokal", "os2fremdrift", "os2mo", "os2udfaset")}
    assert len({colours["os2lokal"], colours["os2fremdrift"], colours["os2mo"]}) == 3  # one colour per level
    assert colours["os2udfaset"] == "#757575"  # closed entries are grey


# --- Git history --------------------------------------------------------------------------------------


def test_without_git_the_pages_still_build_and_say_so(site):
    assert "Ingen Git-historik" in read(site, "entries/os2mo.html")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_history_comes_from_one_pass_over_the_log_and_follows_renames(cli, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    root = portfolio_registry(repo / "registry")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "Bo Mortensen")
    _git(repo, "config", "user.email", "bo@example.org")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Første version af registret")
    mo = root / "portfolio" / "os2mo.yaml"
    mo.write_text(mo.read_text(encoding="utf-8") + "# opdateret\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "OS2mo: ny kommentar")
    _git(repo, "mv", "registry/portfolio/os2lokal.yaml", "registry/portfolio/os2lokal-ny.yaml")
    _git(repo, "commit", "-qm", "Omdøb os2lokal")
    calls = []
    original = gitrepo.history
    monkeypatch.setattr(gitrepo, "history", lambda *a, **k: calls.append(a) or original(*a, **k))
    assert build(cli, root, tmp_path / "site").exit_code == 0
    assert len(calls) == 1  # one pass for all files, never one call per file
    site = tmp_path / "site"
    mo_page = read(site, "entries/os2mo.html")
    assert "OS2mo: ny kommentar" in mo_page and "Første version af registret" in mo_page
    assert "Bo Mortensen" in mo_page and "Omdøb" not in mo_page
    renamed = read(site, "entries/os2lokal-ny.html")
    assert "Omdøb os2lokal" in renamed and "Første version af registret" in renamed  # rename followed
    assert "OS2mo: ny kommentar" not in read(site, "entries/os2formel.html")


def test_assign_gives_each_commit_to_the_files_it_touched():
    def commit(subject, *changes):
        return Commit(subject, dt.datetime(2026, 1, 1), "a", subject, list(changes))

    commits = [  # newest first
        commit("c4", FileChange("M", "p/b.yaml")),
        commit("c3", FileChange("R", "p/b.yaml", "p/old.yaml")),
        commit("c2", FileChange("M", "p/old.yaml"), FileChange("M", "p/a.yaml")),
        commit("c1", FileChange("A", "p/gone.yaml")),
    ]
    histories = assign(commits, {"p/a.yaml": "a", "p/b.yaml": "b"})
    assert [c.subject for c in histories["a"]] == ["c2"]
    assert [c.subject for c in histories["b"]] == ["c4", "c3", "c2"]


# --- templates ----------------------------------------------------------------------------------------


def test_environment_is_sandboxed_and_autoescapes(root):
    env = site_environment(root)
    assert isinstance(env, SandboxedEnvironment) and env.autoescape is True


def test_registry_templates_override_the_bundled_ones(cli, root, tmp_path):
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "listing.html.j2").write_text(
        '{% extends "site/base.html.j2" %}{% block content %}<h1>Egen liste: {{ title }}</h1>'
        '{% for row in rows %}<p>{{ row.title }}</p>{% endfor %}{% endblock %}', encoding="utf-8")
    assert build(cli, root, tmp_path / "site").exit_code == 0
    assert "<h1>Egen liste: Niveau N1</h1>" in read(tmp_path / "site", "levels/N1.html")
    assert "&lt;script&gt;" in read(tmp_path / "site", "levels/N1.html")  # still autoescaped
    assert "Egen liste" not in read(tmp_path / "site", "index.html")


@pytest.mark.parametrize("template, message", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "refused by the sandbox"),
    ("{% if %}", "index.html.j2:1: template syntax error"),
    ("{{ no_such_value }}", "'no_such_value' is undefined"),
])
def test_bad_registry_templates_are_one_line_errors_and_write_nothing(cli, root, tmp_path, template, message):
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "index.html.j2").write_text(template, encoding="utf-8")
    result = build(cli, root, tmp_path / "site")
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "site").exists()


def test_a_template_linked_to_a_file_elsewhere_is_refused(cli, root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish", encoding="utf-8")
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "index.html.j2").symlink_to(secret)
    result = build(cli, root, tmp_path / "site")
    assert result.exit_code == 2 and "symbolic link to a file outside its folder" in result.stderr
    assert not (tmp_path / "site").exists()


# --- the site folder ----------------------------------------------------------------------------------


def test_a_folder_of_other_files_is_refused(cli, root, tmp_path):
    target = tmp_path / "docs"
    target.mkdir()
    (target / "important.txt").write_text("keep me", encoding="utf-8")
    result = build(cli, root, target)
    assert result.exit_code == 1 and "not written by os2ctl" in result.stderr
    assert (target / "important.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in target.iterdir()) == ["important.txt"]


def test_a_file_is_not_a_site_folder(cli, root, tmp_path):
    (tmp_path / "site").write_text("x", encoding="utf-8")
    assert build(cli, root, tmp_path / "site").exit_code == 2


def test_an_earlier_site_is_replaced_as_a_whole(cli, root, site):
    (root / "portfolio" / "os2lokal.yaml").unlink()
    assert build(cli, root, site).exit_code == 0
    assert not (site / "entries" / "os2lokal.html").exists() and (site / "entries" / "os2mo.html").exists()
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site")] == []  # no staging left over


# --- in a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is needed for the site tests in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    with Browser(binary) as opened:
        yield opened


def test_every_page_loads_without_console_errors_or_outside_requests(site, browser):
    browser.disable_scripts(False)
    for page in pages(site):
        assert browser.open(page.as_uri()) == [], page.relative_to(site)


def test_the_browser_check_would_catch_an_error(tmp_path, browser):
    """The check above can fail: a script error and a request to elsewhere are both reported."""
    page = tmp_path / "bad.html"
    page.write_text('<script>undefinedFunction()</script><img src="https://127.0.0.1:9/x.png">', encoding="utf-8")
    browser.disable_scripts(False)
    found = browser.open(page.as_uri())
    assert any("ReferenceError" in p for p in found)
    assert any("external request: https://127.0.0.1:9/x.png" in p for p in found)


def _visible_rows(browser) -> int:
    return browser.evaluate("document.querySelectorAll('tr[data-level]:not([hidden])').length")


def test_filters_work_with_javascript(site, browser):
    browser.disable_scripts(False)
    assert browser.open((site / "index.html").as_uri()) == []
    assert browser.evaluate("document.getElementById('filters').hidden") is False
    assert _visible_rows(browser) == len(IDS)
    browser.evaluate("(function () { var f = document.getElementById('filters'); f.elements.level.value = 'N2';"
                     " f.dispatchEvent(new Event('change')); })()")
    assert _visible_rows(browser) == 2
    assert browser.evaluate("document.getElementById('shown').textContent") == "2"
    assert browser.evaluate("document.querySelector('section[data-group=\"N3\"]').hidden") is True
    assert browser.open((site / "index.html").as_uri() + "?municipality=461&status=idea") == []
    assert _visible_rows(browser) == 1  # OS2formel: idea in Odense


def test_without_javascript_everything_is_visible(site, browser):
    browser.disable_scripts(True)
    try:
        assert browser.open((site / "index.html").as_uri()) == []
        assert browser.evaluate("document.getElementById('filters').hidden") is True
        assert _visible_rows(browser) == len(IDS)
    finally:
        browser.disable_scripts(False)
