"""`unknown-reference`: related entries and decision meetings must exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from os2ctl.findings import Finding, Severity
from os2ctl.rules import values_at
from os2ctl.text import did_you_mean

RULE = "unknown-reference"


def check(registry, loaded) -> Iterator[Finding]:
    """Meetings named by decisions (related entries are checked by `related_findings`)."""
    if loaded.kind != "entry":
        return
    meetings = registry.meetings
    for path, value in values_at(loaded.doc.data, ("decisions", "*", "meeting")):
        if isinstance(value, (dt.date, str)) and str(value) not in meetings:
            hint = did_you_mean(str(value), meetings)
            yield _finding(loaded, path, f"meeting {value} does not exist in meetings/{hint}")
        elif str(value) in meetings:
            yield from _body_matches(registry, loaded, path, str(value))


def _body_matches(registry, loaded, path, date: str) -> Iterator[Finding]:
    meeting = registry.meeting(date)
    decision = loaded.doc.get(path[:-1])
    body = decision.get("body") if isinstance(decision, dict) else None
    if meeting is not None and body in ("board", "general_assembly") and body != meeting.body:
        message = f"a {body.replace('_', ' ')} decision names meeting {date}, which is a {meeting.body.replace('_', ' ')}"
        yield _finding(loaded, path, message)


def _finding(loaded, path, message: str) -> Finding:
    line, column = loaded.doc.value_position(path)
    return Finding(loaded.path, line, column, RULE, Severity.ERROR, message)


def related_ids(loaded) -> Iterator[tuple[tuple, str]]:
    """(path, id) of every entry named in `strategy.related`."""
    if loaded.kind == "entry":
        for path, value in values_at(loaded.doc.data, ("strategy", "related", "*")):
            if isinstance(value, str):
                yield path, value


def related_findings(path: str, entry: str, related: list[tuple[str, int, int]], entries) -> Iterator[Finding]:
    """Related entries that do not exist, or that are the entry itself."""
    for value, line, column in related:
        if value not in entries:
            message = f"related entry '{value}' does not exist{did_you_mean(value, entries)}"
            yield Finding(path, line, column, RULE, Severity.ERROR, message, entry=entry)
        elif value == entry:
            yield Finding(path, line, column, RULE, Severity.ERROR, "an entry cannot be related to itself", entry=entry)
