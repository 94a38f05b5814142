"""`unknown-reference`: related entries and decision meetings must exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from os2ctl.findings import Finding, Severity
from os2ctl.rules import values_at
from os2ctl.text import did_you_mean

RULE = "unknown-reference"


def check(registry, loaded) -> Iterator[Finding]:
    """Entries named in `strategy.related` and meetings named by decisions."""
    if loaded.kind != "entry":
        return
    entries = registry.entries
    for path, value in values_at(loaded.doc.data, ("strategy", "related", "*")):
        if isinstance(value, str) and value not in entries:
            yield _finding(loaded, path, f"related entry '{value}' does not exist{did_you_mean(value, entries)}")
        elif value == loaded.key:
            yield _finding(loaded, path, "an entry cannot be related to itself")
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
