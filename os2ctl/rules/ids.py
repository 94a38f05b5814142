"""`invalid-id`: file names and ids that are not valid (spec section 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import PurePosixPath

from os2ctl.findings import Finding, Severity
from os2ctl.models.common import ID_PATTERN, ID_RE
from os2ctl.rules import values_at

RULE = "invalid-id"
_ID_LISTS = (("people", "*", "id"), ("committees", "*", "id"), ("interest_groups", "*", "id"))


def check(registry, loaded) -> Iterator[Finding]:
    """Entry and meeting file names, and duplicate ids in organisation.yaml."""
    name = PurePosixPath(loaded.path)
    if loaded.kind == "entry" and not ID_RE.fullmatch(name.stem):
        yield _finding(loaded.path, 1, 1, f"'{name.stem}' is not a valid entry id ({ID_PATTERN}): rename the file")
    elif loaded.kind == "meeting" and not _is_date(name.stem):
        yield _finding(loaded.path, 1, 1, f"'{name.stem}' is not a real date: meeting files are named YYYY-MM-DD")
    if loaded.kind == "organisation":
        yield from _duplicate_ids(loaded)


def _duplicate_ids(loaded) -> Iterator[Finding]:
    for pattern in _ID_LISTS:
        seen: set[str] = set()
        for path, value in values_at(loaded.doc.data, pattern):
            if isinstance(value, str) and value in seen:
                line, column = loaded.doc.value_position(path)
                yield _finding(loaded.path, line, column, f"the id '{value}' is used twice in `{pattern[0]}`")
            seen.add(value)


def _is_date(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _finding(path: str, line: int, column: int, message: str) -> Finding:
    return Finding(path, line, column, RULE, Severity.ERROR, message)
