"""`os2ctl agenda`: the board's agenda and minutes skeleton, rendered from the registry.

Golden files live in tests/testdata/agenda/; after a deliberate change of the output, run
`OS2CTL_UPDATE_GOLDEN=1 python -m pytest tests/test_agenda.py` and review the diff.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import struct
import subprocess
from pathlib import Path

import pytest

from tests.factory import MEETINGS, SETTINGS, dump, full_entry, make_registry, write_tree

GOLDEN = Path(__file__).resolve().parent / "testdata" / "agenda"
UPDATE = os.environ.get("OS2CTL_UPDATE_GOLDEN") == "1"
TODAY = "2026-11-29"
MEETING = "2026-12-10"
CHROMIUM = Path("/usr/bin/chromium")


# --- a registry in which every agenda item has something to show ------------------------------------


def lean(level: str, status: str, **overrides) -> dict:
    """A full entry without the texts of the levels above `level`, so it is not proposed upwards."""
    entry = full_entry(level, status)
    if level == "N1":
        del entry["value"]["common"], entry["strategy"]["os2_fit"]
    if level in ("N1", "N2"):
        del entry["strategy"]["national"], entry["strategy"]["initiatives"]
    entry.update(overrides)
    return entry


def _without_board_decisions(entry: dict, *actions: str) -> dict:
    entry["decisions"] = [d for d in entry["decisions"] if d["action"] not in actions]
    return entry


def _entries() -> dict[str, dict]:
    recommend = {"date": "2026-11-12", "body": "business_manager", "action": "recommend", "level": "N2",
                 "note": "Indstilles til godkendelse på N2."}
    new_n2 = lean("N2", "concept", title="OS2ny", decisions=full_entry("N2", "concept")["decisions"] + [recommend])
    del new_n2["requirements"]["presentation-material"]
    few_board = {"chair": "tkri", "members": ["tkri", "jped", "mchr"]}
    placed_n1 = lean("N1", "concept", title="OS2lokal",
                     decisions=[{"date": "2026-10-15", "body": "business_manager", "action": "place", "level": "N1"}])
    recommended_up = lean("N1", "in_operation", title="OS2anbefalet")
    recommended_up["decisions"].append({"date": "2026-10-06", "body": "business_manager", "action": "recommend",
                                        "level": "N2", "note": "Evalueringen anbefaler N2."})
    entries = {
        "os2ny": new_n2,
        "os2ny3": full_entry("N3", "concept", title="OS2stor"),
        "os2op": full_entry("N1", "in_operation", title="OS2op"),
        "os2ned": full_entry("N3", "in_operation", title="OS2ned",
                             governance={**full_entry()["governance"], "steering_group": few_board}),
        "os2anbefalet": recommended_up,
        "os2budget": _without_board_decisions(lean("N2", "approved", title="OS2budget"),
                                              "steering_group", "approve_budget"),
        "os2lokal": placed_n1,
        "os2risiko": full_entry("N3", "in_progress", title="OS2risiko", reports=[
            {"date": "2026-11-01", "progress": "at_risk", "spent_dkk": 700_000, "note": "Leverandøren er forsinket."}]),
        "os2gammel": lean("N2", "in_progress", title="OS2gammel",
                          reports=[{"date": "2026-07-01", "progress": "on_track", "spent_dkk": 100_000}]),
        "os2tavs": lean("N2", "in_progress", title="OS2tavs", reports=[]),
        "os2fint": lean("N2", "in_progress", title="OS2fint"),
        "os2fejl": lean("N1", "in_operation", title="OS2fejl", municipalities=["Arhus"],
                        requirements={k: v for k, v in full_entry()["requirements"].items() if k != "security"}),
        "os2ugyldig": lean("N1", "in_progress", title="OS2ugyldig", colour="blå"),
    }
    for entry_id, entry in entries.items():
        entry["repository"] = f"https://github.com/OS2/{entry_id}"
    return entries


def make_agenda_registry(root: Path) -> Path:
    """The test registry: December is the month of the annual portfolio review."""
    make_registry(root, _entries(), settings={**SETTINGS, "portfolio_review_month": 12})
    meetings = copy.deepcopy(MEETINGS)
    meetings["2026-09-24"]["minutes"] = "https://os2.example/referat-2026-09-24"
    meetings[MEETING]["agenda"] = ["Orientering om KOMBIT-samarbejdet", "Budget 2027"]
    return write_tree(root, {f"meetings/{date}.yaml": dump(m) for date, m in meetings.items()})


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ)
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T10:00:00+01:00", "GIT_COMMITTER_DATE": f"{date}T10:00:00+01:00"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def commit_history(root: Path) -> Path:
    """Git history around the previous meeting (2026-09-24): before it the registry as it was,
    after it an entry added, one removed, a status and a level changed and a decision recorded."""
    _git(root, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test Person"), ("user.email", "test@example.org"), ("commit.gpgsign", "false")):
        _git(root, "config", key, value)
    current = {p: p.read_text(encoding="utf-8") for p in (root / "portfolio").glob("*.yaml")}
    lokal = root / "portfolio" / "os2lokal.yaml"
    lokal.write_text(dump(lean("N1", "idea", title="OS2lokal", decisions=[])), encoding="utf-8")
    ned = root / "portfolio" / "os2ned.yaml"
    ned.write_text(current[ned].replace("level: N3", "level: N2", 1), encoding="utf-8")
    (root / "portfolio" / "os2ny.yaml").unlink()
    write_tree(root, {"portfolio/os2udgaaet.yaml": dump(lean("N1", "concept", title="OS2udgået"))})
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The registry before the September meeting", date="2026-09-01")
    (root / "portfolio" / "os2udgaaet.yaml").unlink()
    for path, text in current.items():
        path.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "After the September meeting", date="2026-10-20")
    return root


@pytest.fixture
def agenda_registry(tmp_path) -> Path:
    """The test registry in a Git repository with history around the previous meeting."""
    return commit_history(make_agenda_registry(tmp_path / "registry"))


def render(cli, root: Path, *options: str) -> str:
    """`os2ctl agenda` on `root` for the December meeting; the command must succeed."""
    result = cli("agenda", "--registry", root, "--meeting", MEETING, "--today", TODAY, *options)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def golden(name: str, text: str) -> None:
    """Compare `text` with tests/testdata/agenda/<name> (or rewrite it with OS2CTL_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with OS2CTL_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; review, then OS2CTL_UPDATE_GOLDEN=1"


def build(root: Path, meeting: str = MEETING, language: str = "da"):
    """The agenda's view data for `meeting`."""
    from os2ctl.agenda import build_agenda
    from os2ctl.registry.loader import load_registry

    return build_agenda(load_registry(root), dt.date.fromisoformat(meeting), dt.date.fromisoformat(TODAY), language)


def row_of(agenda, kind: str, entry_id: str):
    """The one row for `entry_id` under the item `kind`."""
    [row] = [row for item in agenda.items if item.kind == kind for row in item.rows if row.entry.id == entry_id]
    return row


def kinds(agenda) -> list[str]:
    return [item.kind for item in agenda.items]


def rows(agenda, kind: str) -> list[str]:
    """Entry ids listed under the item `kind` (empty when the item is left out)."""
    return [row.entry.id for item in agenda.items if item.kind == kind for row in item.rows]


# --- golden files: every item, both languages, both formats, and the minutes --------------------------


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("output_format", "suffix"), [("markdown", "md"), ("html", "html")])
def test_agenda_matches_golden_file(agenda_registry, cli, language, output_format, suffix):
    options = ["--format", output_format] + (["--lang", language] if language != "da" else [])
    golden(f"agenda.{language}.{suffix}", render(cli, agenda_registry, *options))


def test_caches_change_nothing(agenda_registry, cli):
    from os2ctl.cache import cache_folder

    first = render(cli, agenda_registry, "--format", "html")  # parses, checks and fills both caches
    assert list(cache_folder().glob("documents-*/*.json")) and list(cache_folder().glob("check-*.json"))
    assert render(cli, agenda_registry, "--format", "html") == first  # from the caches


@pytest.mark.parametrize("language", ["da", "en"])
def test_minutes_match_golden_file(agenda_registry, cli, language):
    golden(f"minutes.{language}.md", render(cli, agenda_registry, "--minutes", "--lang", language))


def test_the_test_registry_exercises_every_item_in_the_issues_order(agenda_registry):
    assert kinds(build(agenda_registry)) == [
        "opening", "new_projects", "level_changes", "budgets", "n1_information", "portfolio_status",
        "compliance", "changes", "portfolio_review", "meeting_item", "meeting_item", "other_business",
    ]
    assert [item.number for item in build(agenda_registry).items] == list(range(1, 13))


# --- which entries each item lists ---------------------------------------------------------------------


def test_items_without_entries_are_left_out_and_numbered_in_order(registry):
    agenda = build(registry)
    assert kinds(agenda) == ["opening", "meeting_item", "other_business"]
    assert [item.number for item in agenda.items] == [1, 2, 3]


def test_new_projects_are_board_level_concepts_with_the_recommendation(agenda_registry):
    agenda = build(agenda_registry)
    assert rows(agenda, "new_projects") == ["os2ny", "os2ny3"]
    new = row_of(agenda, "new_projects", "os2ny")
    assert new.lines[0] == "Forretningslederens indstilling (2026-11-12): N2."
    assert new.note == "Indstilles til godkendelse på N2."
    assert "1 ikke opfyldt" in new.lines[1]
    assert new.bullets == ["Præsentationsmateriale er udarbejdet (N2, afsnit 5.4.2)"]


def test_an_n1_concept_is_not_a_new_project_for_the_board(agenda_registry):
    assert "os2lokal" not in rows(build(agenda_registry), "new_projects")


def test_level_changes_list_computed_proposals_and_pending_recommendations_up_first(agenda_registry):
    agenda = build(agenda_registry)
    assert rows(agenda, "level_changes") == ["os2anbefalet", "os2op", "os2ned"]
    down = row_of(agenda, "level_changes", "os2ned")
    assert down.lines == ["Beregnet forslag: N3 → N2 (ned)."]
    assert any("Bestyrelsen har stemmemajoritet" in reason for reason in down.bullets)


def test_a_recommendation_the_board_has_acted_on_is_not_pending(agenda_registry):
    path = agenda_registry / "portfolio" / "os2anbefalet.yaml"
    entry = lean("N1", "in_operation", title="OS2anbefalet", repository="https://github.com/OS2/os2anbefalet")
    entry["decisions"] += [
        {"date": "2026-10-06", "body": "business_manager", "action": "recommend", "level": "N2"},
        {"date": "2026-10-07", "body": "board", "action": "reclassify", "level": "N1", "meeting": "2026-09-24"},
    ]
    path.write_text(dump(entry), encoding="utf-8")
    assert "os2anbefalet" not in rows(build(agenda_registry), "level_changes")


def test_budgets_and_steering_groups_waiting_only_for_the_board(agenda_registry):
    assert rows(build(agenda_registry), "budgets") == ["os2budget", "os2ny", "os2ny3"]


def test_a_steering_group_that_is_not_in_place_is_not_for_the_board_yet(agenda_registry):
    entry = _without_board_decisions(lean("N2", "approved", title="OS2budget"), "steering_group", "approve_budget")
    entry["governance"]["steering_group"] = {"chair": "mchr", "members": ["mchr"]}
    del entry["funding"]["budget_dkk"]
    (agenda_registry / "portfolio" / "os2budget.yaml").write_text(dump(entry), encoding="utf-8")
    assert "os2budget" not in rows(build(agenda_registry), "budgets")


def test_n1_projects_placed_since_the_previous_board_meeting(agenda_registry):
    assert rows(build(agenda_registry), "n1_information") == ["os2lokal"]
    entry = lean("N1", "concept", title="OS2lokal",
                 decisions=[{"date": "2026-09-20", "body": "business_manager", "action": "place", "level": "N1"}])
    (agenda_registry / "portfolio" / "os2lokal.yaml").write_text(dump(entry), encoding="utf-8")
    assert rows(build(agenda_registry), "n1_information") == []


def test_portfolio_status_puts_risks_then_missing_then_stale_reports_first(agenda_registry):
    agenda = build(agenda_registry)
    assert rows(agenda, "portfolio_status") == ["os2risiko", "os2tavs", "os2gammel", "os2fint"]
    attention = {row.entry.id: row.attention for item in agenda.items for row in item.rows
                 if item.kind == "portfolio_status"}
    assert attention == {"os2risiko": True, "os2tavs": True, "os2gammel": True, "os2fint": False}


def test_compliance_groups_check_errors_by_entry_with_rule_titles(agenda_registry):
    agenda = build(agenda_registry)
    assert rows(agenda, "compliance") == ["os2fejl", "os2ned", "os2ugyldig"]
    assert row_of(agenda, "compliance", "os2fejl").bullets == [
        "Ukendt kommune — linje 8", "Sikkerhed er tænkt ind i løsningen (N1, afsnit 5.3.2) — linje 53"]


def test_changes_since_the_previous_meeting_come_from_git_history(agenda_registry):
    agenda = build(agenda_registry)
    [item] = [item for item in agenda.items if item.kind == "changes"]
    seen = [(c.date, c.entry.id, c.what, c.detail) for c in item.rows]
    assert seen == [
        ("2026-10-20", "os2lokal", "status ændret", "idé → koncept"),
        ("2026-10-20", "os2lokal", "beslutning registreret", "placering · N1 · forretningslederen · 2026-10-15"),
        ("2026-10-20", "os2ned", "niveau ændret", "N2 → N3"),
        ("2026-10-20", "os2udgaaet", "fjernet", ""),  # a rename is another entry: removed and added
        ("2026-10-20", "os2ny", "tilføjet", ""),
    ]


def test_changes_for_a_past_meeting_end_at_that_meeting(agenda_registry):
    agenda = build(agenda_registry, "2026-09-24")  # previous meeting 2026-03-19; only the first commit is between
    [item] = [item for item in agenda.items if item.kind == "changes"]
    assert {c.what for c in item.rows} == {"tilføjet"}
    assert "os2udgaaet" in {c.entry.id for c in item.rows} and "os2ny" not in {c.entry.id for c in item.rows}


def test_changes_are_read_one_by_one_when_a_batch_read_fails(agenda_registry, monkeypatch):
    from os2ctl import gitrepo

    expected = [(c.date, c.entry.id, c.what, c.detail) for c in build(agenda_registry).items[7].rows]

    def refuse(repo, specs):
        raise ValueError("missing")

    monkeypatch.setattr(gitrepo, "read_blobs", refuse)
    assert [(c.date, c.entry.id, c.what, c.detail) for c in build(agenda_registry).items[7].rows] == expected


def test_without_git_the_changes_item_is_left_out_with_a_note(tmp_path, cli):
    root = make_agenda_registry(tmp_path / "registry")
    text = render(cli, root)
    assert "Ændringer siden sidste møde" in text  # only in the note
    assert "## 8. Ændringer" not in text and "udeladt, fordi registret ikke ligger i et Git-repository" in text
    assert "changes" not in kinds(build(root))


def test_with_git_but_no_changes_since_the_previous_meeting_the_item_is_left_out_without_a_note(tmp_path):
    root = make_agenda_registry(tmp_path / "registry")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "all", date="2026-09-01")
    agenda = build(root)
    assert "changes" not in kinds(agenda) and agenda.notes == []


def test_the_previous_meeting_is_the_latest_earlier_board_meeting(agenda_registry):
    write_tree(agenda_registry, {"meetings/2026-11-05.yaml": dump({"body": "general_assembly", "title": "Ekstra GF"})})
    assert build(agenda_registry).previous.date == "2026-09-24"
    first = build(agenda_registry, "2026-03-19")
    assert first.previous is None


def test_opening_says_when_there_is_no_previous_meeting_or_no_minutes(agenda_registry, cli):
    text = cli("agenda", "-r", agenda_registry, "-m", "2026-03-19", "--today", TODAY).stdout
    assert "Der er intet tidligere bestyrelsesmøde i registret." in text
    text = cli("agenda", "-r", agenda_registry, "-m", "2026-09-24", "--today", TODAY).stdout
    assert "Bestyrelsesmøde marts 2026](https://os2.example/referat-2026-03-19)" in text
    write_tree(agenda_registry, {"meetings/2026-09-24.yaml": dump(MEETINGS["2026-09-24"])})
    assert "der er endnu ikke registreret et link til referatet." in render(cli, agenda_registry)


def test_the_annual_review_is_at_the_first_board_meeting_of_its_month(agenda_registry):
    assert rows(build(agenda_registry), "portfolio_review") == ["os2ned", "os2anbefalet", "os2fejl", "os2op"]
    write_tree(agenda_registry, {"meetings/2026-12-01.yaml": dump({"body": "board", "title": "Ekstra møde"})})
    assert "portfolio_review" not in kinds(build(agenda_registry))
    assert "portfolio_review" in kinds(build(agenda_registry, "2026-12-01"))


def test_the_annual_review_counts_open_findings_per_product(agenda_registry):
    agenda = build(agenda_registry)
    counts = {row.entry.id: row.findings for item in agenda.items if item.kind == "portfolio_review"
              for row in item.rows}
    assert counts == {"os2ned": 1, "os2anbefalet": 0, "os2fejl": 2, "os2op": 0}


def test_meeting_items_come_last_before_any_other_business(agenda_registry):
    agenda = build(agenda_registry)
    titles = [item.title for item in agenda.items[-3:]]
    assert titles == ["Orientering om KOMBIT-samarbejdet", "Budget 2027", "Eventuelt"]


# --- language --------------------------------------------------------------------------------------------


def test_the_registry_language_is_the_default_and_lang_overrides_it(tmp_path, cli):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry()}, settings={**SETTINGS, "language": "en"})
    assert "# Agenda: Bestyrelsesmøde december 2026" in render(cli, root)
    assert "# Dagsorden: Bestyrelsesmøde december 2026" in render(cli, root, "--lang", "da")


def test_both_message_catalogues_have_the_same_texts():
    from os2ctl.agenda import template_folders  # noqa: F401  (the bundled folder)
    from os2ctl.messages import load_messages
    from os2ctl.resources import bundled_dir

    def keys(value, prefix=""):
        if isinstance(value, dict):
            return {k for key, item in value.items() for k in keys(item, f"{prefix}{key}.")}
        return {prefix.rstrip(".") + (f"[{len(value)}]" if isinstance(value, list) else "")}

    folders = [bundled_dir("templates")]
    assert keys(load_messages("agenda", "da", folders)) == keys(load_messages("agenda", "en", folders))


# --- registry text is printed, never run -------------------------------------------------------------

HOSTILE = "<script>alert('x')</script> {{ 7*7 }} {% if 1 %}yes{% endif %} [link](https://evil.example) | # *"


@pytest.fixture
def hostile_registry(tmp_path) -> Path:
    """Registry text with HTML, Jinja and Markdown syntax in every kind of field the agenda prints."""
    recommend = {"date": "2026-11-12", "body": "business_manager", "action": "recommend", "level": "N2",
                 "note": HOSTILE}
    concept = full_entry("N2", "concept", title=HOSTILE)
    concept["decisions"].append(recommend)
    progress = full_entry("N2", "in_progress", title=f"B {HOSTILE}", repository="https://github.com/OS2/b",
                          reports=[{"date": "2026-11-01", "progress": "at_risk", "note": HOSTILE}])
    root = make_registry(tmp_path / "registry", {"os2a": concept, "os2b": progress},
                         settings={**SETTINGS, "name": HOSTILE, "portfolio_review_month": 12})
    meeting = {"body": "board", "title": HOSTILE, "location": HOSTILE, "agenda": [HOSTILE]}
    return write_tree(root, {f"meetings/{MEETING}.yaml": dump(meeting)})


def _inert(text: str, markdown: bool) -> None:
    """No tag a browser or Markdown renderer would run, and no template expression evaluated."""
    unescaped_tag = re.search(r"(?<!\\)<(?:/?script)", text) if markdown else "<script" in text
    assert not unescaped_tag
    assert not re.search(r"\b49\b", text)


def test_registry_text_is_escaped_in_markdown(hostile_registry, cli):
    for options in ([], ["--minutes"], ["--lang", "en"]):
        text = render(cli, hostile_registry, *options)
        _inert(text, markdown=True)
        assert r"\<script\>alert\('x'\)\</script\> \{\{ 7\*7 \}\} \{% if 1 %\}yes" in text
        assert r"\[link\]\(https://evil.example\) \| \# \*" in text
        assert "[link](" not in text


def test_registry_text_is_escaped_in_html(hostile_registry, cli):
    text = render(cli, hostile_registry, "--format", "html")
    _inert(text, markdown=False)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }} {% if 1 %}yes{% endif %}" in text
    assert 'href="https://evil.example"' not in text


def test_a_markdown_table_cell_cannot_be_split_by_registry_text(hostile_registry, cli):
    product = full_entry("N1", "in_operation", title="a | b", repository="https://github.com/OS2/c")
    write_tree(hostile_registry, {"portfolio/os2c.yaml": dump(product)})
    [line] = [line for line in render(cli, hostile_registry).splitlines() if line.startswith("| [a")]
    assert line.count(" | ") == 4 and r"a \| b" in line


# --- templates: the registry's own override os2ctl's, in the sandbox ----------------------------------


def test_a_registry_template_overrides_the_bundled_one(registry, cli):
    write_tree(registry, {"templates/agenda.md.j2": "Møde: {{ agenda.meeting.title }} ({{ agenda.items|length }})\n"})
    assert render(cli, registry) == "Møde: Bestyrelsesmøde december 2026 (3)\n"


def test_a_registry_partial_and_message_override_the_bundled_ones(registry, cli):
    write_tree(registry, {
        "templates/agenda/opening.md.j2": "\nVores egen indledning.\n",
        "templates/messages/agenda.da.yaml": "opening:\n  title: Velkomst\n",
    })
    text = render(cli, registry)
    assert "## 1. Velkomst\n\nVores egen indledning.\n" in text
    assert "## 3. Eventuelt" in text  # every other text still comes from the bundled catalogue


@pytest.mark.parametrize("template", [
    "{{ agenda.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ agenda.meeting.date_long.fill.__globals__ }}",
])
def test_registry_templates_run_in_the_sandbox(registry, cli, template):
    write_tree(registry, {"templates/agenda.md.j2": f"line one\n{template}\n"})
    result = cli("agenda", "--registry", registry, "--meeting", MEETING, "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("os2ctl: error: ") and "agenda.md.j2:2: template error" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_broken_registry_template_is_a_one_line_error(registry, cli):
    write_tree(registry, {"templates/agenda.md.j2": "ok\n{% for x in %}\n"})
    result = cli("agenda", "--registry", registry, "--meeting", MEETING, "--today", TODAY)
    assert result.exit_code == 2 and "agenda.md.j2:2: template error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_broken_message_catalogue_is_a_one_line_error(registry, cli):
    write_tree(registry, {"templates/messages/agenda.da.yaml": "opening: [unclosed\n"})
    result = cli("agenda", "--registry", registry, "--meeting", MEETING, "--today", TODAY)
    assert result.exit_code == 2 and "not a valid message catalogue" in result.stderr


@pytest.mark.parametrize("name", ["templates/agenda.md.j2", "templates/agenda/opening.md.j2",
                                  "templates/messages/agenda.da.yaml"])
def test_a_registry_template_may_not_link_outside_its_folder(registry, cli, tmp_path, name):
    secret = tmp_path / "id_rsa"
    secret.write_text("opening: PRIVATE KEY\n", encoding="utf-8")
    (registry / name).parent.mkdir(parents=True, exist_ok=True)
    (registry / name).symlink_to(secret)
    result = cli("agenda", "--registry", registry, "--meeting", MEETING, "--today", TODAY)
    assert result.exit_code == 2 and "points outside its templates folder" in result.stderr
    assert "PRIVATE KEY" not in result.stdout + result.stderr


# --- the HTML page ------------------------------------------------------------------------------------


def test_the_html_page_is_self_contained_and_printable_on_a4(agenda_registry, cli):
    text = render(cli, agenda_registry, "--format", "html")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="da">' in text and "<style>" in text
    for fetch in ("src=", "<link", "@import", "url(", "<script", "<iframe"):
        assert fetch not in text
    assert "@page { size: A4;" in text and "@media print" in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert all(h.startswith(("#item-", "portfolio/", "https://os2.example/")) for h in hrefs), hrefs


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@browser
def test_a_headless_browser_renders_the_html_page(agenda_registry, cli, tmp_path):
    page, shot = tmp_path / "agenda.html", tmp_path / "agenda.png"
    cli("agenda", "-r", agenda_registry, "-m", MEETING, "--today", TODAY, "-f", "html", "-o", page)
    done = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)
    assert len(data) > 50_000, "the screenshot looks blank"


@browser
def test_the_html_page_prints_on_a4(agenda_registry, cli, tmp_path):
    page, pdf = tmp_path / "agenda.html", tmp_path / "agenda.pdf"
    cli("agenda", "-r", agenda_registry, "-m", MEETING, "--today", TODAY, "-f", "html", "-o", page)
    done = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert done.returncode == 0, done.stderr
    boxes = {tuple(round(float(n)) for n in box.split()) for box in
             re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf.read_bytes())}
    assert boxes == {(0, 0, 595, 842)}  # A4 in points


# --- the command line -----------------------------------------------------------------------------------


def test_output_writes_the_file_with_links_relative_to_it(agenda_registry, cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = cli("agenda", "-r", agenda_registry, "-m", MEETING, "--today", TODAY, "-o", out / "agenda.md")
    assert result.exit_code == 0 and result.stdout == ""
    text = (out / "agenda.md").read_text(encoding="utf-8")
    assert "(../registry/portfolio/os2ny.yaml)" in text
    assert [p.name for p in out.iterdir()] == ["agenda.md"]  # no temporary file left behind


@pytest.mark.parametrize(("arguments", "code", "message"), [
    (["-m", "2026-12-11"], 2, "no meeting on 2026-12-11 in meetings/ (did you mean '2026-12-10'?)"),
    (["-m", "2026-06-11"], 2, "meetings/2026-06-11.yaml is a general assembly"),
    (["-m", "10-12-2026"], 2, "--meeting: '10-12-2026' is not a date"),
    (["-m", MEETING, "--today", "tomorrow"], 2, "--today: 'tomorrow' is not a date"),
    (["-m", MEETING, "--minutes", "--format", "html"], 2, "--minutes renders Markdown only"),
    (["-m", MEETING, "-o", "/nonexistent/folder/agenda.md"], 2, "--output: the folder /nonexistent/folder does not"),
])
def test_usage_errors_are_one_line(registry, cli, arguments, code, message):
    result = cli("agenda", "--registry", registry, *arguments)
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_an_invalid_meeting_file_is_refused(registry, cli):
    write_tree(registry, {f"meetings/{MEETING}.yaml": "body: board\n"})
    result = cli("agenda", "--registry", registry, "--meeting", MEETING)
    assert result.exit_code == 1 and f"meetings/{MEETING}.yaml has errors" in result.stderr


def test_the_minutes_have_one_decide_block_per_decision(agenda_registry, cli):
    text = render(cli, agenda_registry, "--minutes")
    commands = re.findall(r"^os2ctl decide .*$", text, flags=re.M)
    assert "os2ctl decide os2ny --action approve --meeting 2026-12-10 --level N2" in commands
    assert "os2ctl decide os2ned --action reclassify --meeting 2026-12-10 --level N2" in commands
    assert "os2ctl decide os2budget --action approve_budget --meeting 2026-12-10 --amount 1000000" in commands
    assert not any(c.startswith(("os2ctl decide os2lokal", "os2ctl decide os2risiko")) for c in commands)
    assert text.count("**Beslutning:**") == 8  # 2 new projects, 3 level changes, 3 budgets


def test_the_minutes_commands_record_what_the_agenda_asked_for(agenda_registry, cli):
    text = render(cli, agenda_registry, "--minutes")
    for command in re.findall(r"^os2ctl decide (.*)$", text, flags=re.M):
        if "--action approve " in command or "reclassify" in command or "approve_budget" in command \
                or "steering_group" in command:
            result = cli("decide", *command.split(), "--registry", agenda_registry, "--today", "2026-12-11")
            assert result.exit_code == 0, command + result.stderr
    after = build(agenda_registry)
    assert rows(after, "new_projects") == [] and rows(after, "budgets") == []
    assert "os2ned" not in rows(after, "level_changes") and "os2op" not in rows(after, "level_changes")


def test_a_decide_command_is_only_offered_for_a_valid_id():
    from os2ctl.agenda.context import AgendaContext

    ctx = AgendaContext(None, dt.date(2026, 12, 10), None, dt.date(2026, 11, 29), "da", None)
    command = "os2ctl decide os2x --action approve --meeting 2026-12-10 --level N2"
    assert ctx.decide("os2x", "approve", "N2") == [command]
    assert ctx.decide("Bad$(rm -rf ~)", "approve") == []


# --- the message catalogue --------------------------------------------------------------------------------


def test_trusted_text_fills_placeholders_and_stays_trusted():
    from os2ctl.messages import Trusted

    filled = Trusted("{met} opfyldt").fill(met=3)
    assert filled == "3 opfyldt" and isinstance(filled, Trusted)


def test_an_unknown_language_has_no_messages(tmp_path):
    from os2ctl.errors import RegistryError
    from os2ctl.messages import load_messages

    with pytest.raises(RegistryError, match="no messages for language 'de'"):
        load_messages("agenda", "de", [tmp_path])
