"""`personal-data`: Danish CPR numbers anywhere in any registry file, comments included (error),
and e-mail addresses of private persons in free-text fields (warning)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from os2ctl.findings import Finding, Severity

RULE = "personal-data"
# DDMMYY-SSSS or DDMMYYSSSS; runs of digits are found first (fast), then checked for length.
CPR_RE = re.compile(r"(\d{2})(\d{2})(\d{2})(-?)(\d{4})")
_CANDIDATE = re.compile(r"\d{6}-?\d{4}")
# Ten-digit numbers that are not CPR numbers when labelled so (P-numbers often look like one).
_NOT_CPR_LABEL = re.compile(r"(p-?\.?\s?n(umme)?r|produktionsenhed|ean|sags?-?\.?\s?nr|j\.?\s?nr|journal-?nr)\W{0,3}$",
                            re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
# Shared mailboxes of organisations, not of a person.
ROLE_MAILBOXES = frozenset({
    "info", "kontakt", "contact", "support", "post", "postkasse", "admin", "noreply", "no-reply", "sekretariat",
    "secretariat", "service", "servicedesk", "helpdesk", "help", "hello", "hej", "mail", "it", "office", "presse",
    "press", "bestyrelse", "board", "os2", "digitalisering", "kundeservice", "security", "sikkerhed", "dpo",
    "databeskyttelse", "github", "team", "git",
})
# Fields meant to hold an address: the person chose to be contacted there.
_ADDRESS_FIELDS = {("contact", "email"), ("email",)}


def check(registry, loaded) -> Iterator[Finding]:
    """Report each CPR number with a real date, masking its last four digits, and personal e-mails in text."""
    text = loaded.doc.text
    if not text:
        return
    yield from _private_emails(loaded)
    for match in find_cpr_numbers(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        message = f"a Danish CPR number ({masked_cpr(match)}) must not be in the registry; remove it and rewrite Git history"
        yield Finding(loaded.path, line, column, RULE, Severity.ERROR, message)


def find_cpr_numbers(text: str) -> Iterator[re.Match]:
    """Matches in `text` that are CPR numbers with a real date of birth, not part of a longer number."""
    for candidate in _CANDIDATE.finditer(text):
        start, end = candidate.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        match = CPR_RE.match(text, start, end)
        if match and birth_date(match) is not None and not _NOT_CPR_LABEL.search(text, max(0, start - 24), start):
            yield match


def masked_cpr(match: re.Match) -> str:
    """The CPR number of `match` with its last four digits (the serial number) as `XXXX`."""
    return f"{match.group(1)}{match.group(2)}{match.group(3)}{match.group(4)}XXXX"


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


def _private_emails(loaded) -> Iterator[Finding]:
    for path, value in _strings_with_at(loaded.doc.data):
        if tuple(p for p in path if not isinstance(p, int))[-2:] in _ADDRESS_FIELDS or path[-1:] == ("email",):
            continue
        for mailbox, domain in personal_emails(value):
            line, column = loaded.doc.value_position(path)
            message = (f"a personal e-mail address ({mailbox[:1]}…@{domain}) in free text; "
                       "name people by their id in organisation.yaml, or use a shared mailbox")
            yield Finding(loaded.path, line, column, RULE, Severity.WARNING, message)


def personal_emails(text: str) -> list[tuple[str, str]]:
    """(mailbox, domain) of each e-mail address in `text` that is not a shared mailbox."""
    found = []
    for match in _EMAIL.finditer(text):
        mailbox = match.group(1).lower().split("+", 1)[0]
        if mailbox not in ROLE_MAILBOXES:
            found.append((mailbox, match.group(2)))
    return found


def _strings_with_at(data) -> list[tuple[tuple, str]]:
    """(path, text) of every string value that contains an `@` (iterative: this runs on every file)."""
    found, stack = [], [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "@" in value:
                found.append((path, value))
        elif isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))
    return found
