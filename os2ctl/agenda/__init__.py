"""The board's meeting agenda: finished view data built from the registry (spec section 8, `agenda`).

`build_agenda` decides what goes on the agenda, in which order and with which words;
`os2ctl.agenda.render` only hands that data to Jinja2 templates. Items without entries
are left out, and the remaining ones are numbered in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from os2ctl.agenda.changes import portfolio_changes
from os2ctl.agenda.context import AgendaContext
from os2ctl.agenda.decisions import budgets_and_steering_groups, level_changes, new_projects
from os2ctl.agenda.status import compliance, is_review_meeting, n1_information, portfolio_review, portfolio_status
from os2ctl.agenda.view import Agenda, Item, MeetingView, Words
from os2ctl.checkresult import CheckReport
from os2ctl.errors import RefusedError, UsageError
from os2ctl.messages import Trusted, load_messages
from os2ctl.models.meeting import Meeting
from os2ctl.registry.loader import Registry
from os2ctl.resources import bundled_dir
from os2ctl.text import did_you_mean

# (kind: also the message group with its title and intro, for decision?, builder), in the order.
ITEMS: list[tuple[str, bool, Callable[[AgendaContext], list]]] = [
    ("new_projects", True, new_projects),
    ("level_changes", True, level_changes),
    ("budgets", True, budgets_and_steering_groups),
    ("n1_information", False, n1_information),
    ("portfolio_status", False, portfolio_status),
    ("compliance", False, compliance),
]


def template_folders(registry: Registry) -> list[Path]:
    """Where templates and messages are looked up: the registry's `templates/` first, then os2ctl's."""
    own = registry.root / "templates"
    return [own, bundled_dir("templates")] if own.is_dir() else [bundled_dir("templates")]


def build_agenda(
    registry: Registry, meeting: dt.date, today: dt.date, language: str, link_prefix: str = "",
    report: CheckReport | None = None,
) -> Agenda:
    """The agenda of the board meeting on `meeting`; links to files start with `link_prefix`.

    `report` is the registry's `check` report for `today` when the caller has it (the command line
    gets it from the cached runner); otherwise it is computed with `check_registry`.
    """
    board_meeting(registry, meeting)
    words = Words(load_messages("agenda", language, template_folders(registry)))
    ctx = AgendaContext(registry, meeting, None, today, language, words, link_prefix, report)
    earlier = [date for date in ctx.board_meetings if date < meeting]
    ctx.previous = earlier[-1] if earlier else None
    items, notes = _items(ctx)
    return Agenda(
        language=language,
        registry_name=registry.settings.name,
        meeting=_meeting_view(ctx, meeting),
        previous=_meeting_view(ctx, ctx.previous) if ctx.previous else None,
        today=today.isoformat(),
        prepared=words["document"]["prepared"].fill(date=words.date_long(today)),
        items=[_numbered(number, item) for number, item in enumerate(items, start=1)],
        notes=notes,
        board=_board(ctx),
        messages=words.messages,
    )


def board_meeting(registry: Registry, date: dt.date) -> Meeting:
    """The valid board meeting on `date`, or a one-line error that says what is wrong."""
    loaded = registry.meetings.get(date.isoformat())
    if loaded is None:
        hint = did_you_mean(date.isoformat(), registry.meetings)
        raise UsageError(f"no meeting on {date.isoformat()} in meetings/{hint}")
    if loaded.model is None:
        raise RefusedError(f"{loaded.path} has errors; run `os2ctl check {loaded.path}` and fix them first")
    if loaded.model.body != "board":
        raise UsageError(f"{loaded.path} is a general assembly; the agenda is for board meetings")
    return loaded.model


def _items(ctx: AgendaContext) -> tuple[list[Item], list[Trusted]]:
    words = ctx.words
    items = [Item(0, "opening", words["opening"]["title"])]
    for kind, decision, builder in ITEMS:
        items.append(_item(ctx, kind, decision, builder(ctx)))
    notes = []
    changes = portfolio_changes(ctx)
    if changes is None:
        notes.append(words["changes"]["no_git"])
    else:
        intro = (words["changes"]["intro_since"].fill(date=words.date_long(ctx.previous)) if ctx.previous
                 else words["changes"]["intro_all"])
        items.append(Item(0, "changes", words["changes"]["title"], intro=intro, rows=changes))
    if is_review_meeting(ctx):
        items.append(_item(ctx, "portfolio_review", False, portfolio_review(ctx)))
    items += [Item(0, "meeting_item", text) for text in ctx.registry.meeting(ctx.meeting).agenda]
    items.append(Item(0, "other_business", words["other_business"]["title"]))
    return [item for item in items if item.rows or item.kind in _ALWAYS], notes


_ALWAYS = ("opening", "meeting_item", "other_business")


def _item(ctx: AgendaContext, kind: str, decision: bool, rows: list) -> Item:
    text = ctx.words[kind]
    return Item(0, kind, text["title"], decision=decision, intro=text.get("intro"), rows=rows)


def _numbered(number: int, item: Item) -> Item:
    return Item(number, item.kind, item.title, item.decision, item.intro, item.rows)


def _meeting_view(ctx: AgendaContext, date: dt.date) -> MeetingView:
    meeting = ctx.registry.meeting(date)
    attendees = [ctx.names.get(person, person) for person in meeting.attendees]
    return MeetingView(date.isoformat(), ctx.words.date_long(date), meeting.title, meeting.location,
                       attendees, meeting.minutes)


def _board(ctx: AgendaContext) -> list[str]:
    organisation = ctx.registry.organisation
    return [ctx.names.get(member, member) for member in organisation.board.members] if organisation else []
