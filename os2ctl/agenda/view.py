"""The agenda's view data: finished rows the templates only loop over and print.

Strings of type `Trusted` are os2ctl's own wording (from the message catalogue) or
numbers; every other string comes from the registry and is escaped by the renderer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from os2ctl.messages import Trusted
from os2ctl.registry.loader import LoadedFile


@dataclass(frozen=True)
class EntryRef:
    """An entry as every agenda item lists it: title, level, status and a link to its file."""

    id: str
    title: str
    level: str
    status: Trusted | str
    path: str
    link: str


@dataclass(frozen=True)
class Fact:
    """A labelled value (`Budget: 1.200.000 kr.`)."""

    label: Trusted
    value: str


@dataclass(frozen=True)
class Row:
    """One entry under an agenda item, with the lines that item shows for it."""

    entry: EntryRef
    lines: list[Trusted | str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    bullets_label: Trusted | None = None
    bullets: list[str] = field(default_factory=list)
    note: str | None = None
    commands: list[str] = field(default_factory=list)
    attention: bool = False


@dataclass(frozen=True)
class Change:
    """One change to the portfolio read from Git history."""

    date: str
    entry: EntryRef
    what: Trusted
    detail: str


@dataclass(frozen=True)
class ReviewRow:
    """One product in the annual portfolio review table."""

    entry: EntryRef
    municipalities: int
    findings: int


@dataclass(frozen=True)
class MeetingView:
    """A meeting as the agenda shows it."""

    date: str
    date_long: Trusted
    title: str
    location: str | None
    attendees: list[str]
    minutes: str | None


@dataclass(frozen=True)
class Item:
    """One numbered agenda item; `kind` picks the template block that prints it."""

    number: int
    kind: str
    title: Trusted | str
    decision: bool = False
    intro: Trusted | None = None
    rows: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Agenda:
    """Everything the agenda and minutes templates print."""

    language: str
    registry_name: str
    meeting: MeetingView
    previous: MeetingView | None
    today: str
    prepared: Trusted
    items: list[Item]
    notes: list[Trusted]
    board: list[str]
    messages: dict[str, Any] = field(default_factory=dict)


class Words:
    """Labels and formats from the message catalogue."""

    def __init__(self, messages: dict[str, Any]) -> None:
        self.messages = messages

    def __getitem__(self, key: str) -> Any:
        return self.messages[key]

    def label(self, group: str, value: object) -> Trusted | str:
        """The catalogue's label for a status, action, body, progress or rule; else the raw value."""
        if value is None:
            return ""
        labels = self.messages.get(group, {})
        return labels.get(value, str(value)) if isinstance(value, str) else str(value)

    def date_long(self, date: dt.date) -> Trusted:
        """`10. december 2026` / `10 December 2026`."""
        month = self.messages["months"][date.month - 1]
        return self.messages["date_long"].fill(day=date.day, month=month, year=date.year)

    def number(self, amount: int) -> Trusted:
        """An integer with the language's thousands separator."""
        return Trusted(f"{amount:,}".replace(",", self.messages["thousands_separator"]))

    def money(self, amount: int) -> Trusted:
        """An amount in Danish kroner."""
        return self.messages["money"].fill(amount=self.number(amount))

    def percent(self, value: int) -> Trusted:
        """A whole percentage."""
        return self.messages["percent"].fill(value=value)

    def join(self, texts: list[str]) -> str:
        """Texts joined with the language's list separator."""
        return str(self.messages["list_separator"]).join(texts)

    @staticmethod
    def plain(pattern: Trusted, parts: list[object]) -> str:
        """Registry values joined by a catalogue pattern: a separator (` · `) or `{0} → {1}`.

        The result is plain text, escaped like any registry value, because the parts are."""
        texts = [str(part) for part in parts]
        if "{" in pattern:
            return str(pattern).format(*texts)
        return str(pattern).join(text for text in texts if text)


def entry_ref(loaded: LoadedFile, words: Words, link_prefix: str) -> EntryRef:
    """The reference to an entry, from its model or, for an invalid file, from its raw data."""
    model = loaded.model
    data = loaded.doc.data if isinstance(loaded.doc.data, dict) else {}
    title = model.title if model is not None else _text(data.get("title")) or loaded.key
    level = model.level if model is not None else _text(data.get("level"))
    status = model.status if model is not None else _text(data.get("status"))
    return EntryRef(loaded.key, title, level, words.label("status", status) if status else "",
                    loaded.path, link_prefix + quote(loaded.path))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
