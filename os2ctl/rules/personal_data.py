"""`personal-data`: Danish CPR numbers anywhere in any registry file, comments included."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from os2ctl.findings import Finding, Severity

RULE = "personal-data"
# DDMMYY-SSSS or DDMMYYSSSS; runs of digits are found first (fast), then checked for length.
CPR_RE = re.compile(r"(\d{2})(\d{2})(\d{2})(-?)(\d{4})")
_CANDIDATE = re.compile(r"\d{6}-?\d{4}")


def check(registry, loaded) -> Iterator[Finding]:
    """Report each CPR number with a real date, masking its last four digits."""
    text = loaded.doc.text
    if not text:
        return
    for match in find_cpr_numbers(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        masked = f"{match.group(1)}{match.group(2)}{match.group(3)}{match.group(4)}XXXX"
        message = f"a Danish CPR number ({masked}) must not be in the registry; remove it and rewrite Git history"
        yield Finding(loaded.path, line, column, RULE, Severity.ERROR, message)


def find_cpr_numbers(text: str) -> Iterator[re.Match]:
    """Matches in `text` that are CPR numbers with a real date of birth, not part of a longer number."""
    for candidate in _CANDIDATE.finditer(text):
        start, end = candidate.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        match = CPR_RE.match(text, start, end)
        if match and birth_date(match) is not None:
            yield match


def birth_date(match: re.Match) -> dt.date | None:
    """The date of birth a CPR match encodes (century from the 7th digit), if real."""
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    seventh = int(match.group(5)[0])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year <= 36 else 1900
    else:
        century = 2000 if year <= 57 else 1800
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None
