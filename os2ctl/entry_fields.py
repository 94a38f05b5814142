"""What a proposer gives for a new entry, and the checks each value gets before anything is written."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from os2ctl import municipalities
from os2ctl.catalogue import Catalogue
from os2ctl.errors import UsageError
from os2ctl.models.common import EMAIL_RE
from os2ctl.text import described


@dataclass(frozen=True)
class NewEntryFields:
    """What a proposer says about a new idea; everything else is added on the way to `concept`."""

    title: str
    summary: str
    municipalities: Sequence[str | int]
    contact_name: str
    contact_organisation: str | None = None
    contact_email: str | None = None
    level: str = "N1"
    # Optional facts an importer may already know (publiccode.yml has them).
    supplier: str | None = None
    license: str | None = None
    repository: str | None = None


def resolve_municipality(value: str | int) -> str:
    """The official name for a name, case/spelling variant or 3-digit code; else a UsageError."""
    found = municipalities.resolve(value.strip() if isinstance(value, str) else value)
    if found is not None:
        return found.name
    if isinstance(value, int) or str(value).strip().isdigit():
        raise UsageError(f"'{value}' is not a municipality code (codes have 3 digits, e.g. 101 for København)")
    closest = municipalities.closest_name(value)
    hint = f" (did you mean '{closest}'?)" if closest else ""
    raise UsageError(f"'{value}' is not one of the 98 municipalities{hint}")


def resolve_municipalities(values: Iterable[str | int]) -> list[str]:
    """Official names in the given order, without repeats; names may be comma-separated."""
    names: list[str] = []
    for value in values:
        parts = [p for p in value.split(",") if p.strip()] if isinstance(value, str) else [value]
        names += [resolve_municipality(part) for part in parts]
    return list(dict.fromkeys(names))


def field_problems(fields: NewEntryFields, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(field, problem) for every field that cannot go into a new entry."""
    return given_problems(vars(fields), catalogue)


def given_problems(values: dict[str, object], catalogue: Catalogue) -> list[tuple[str, str]]:
    """(field, problem) for the values given so far (None or absent: not given yet), keyed like NewEntryFields."""
    problems = []
    for name, value in values.items():
        check = _CHECKS.get(name)
        problem = check(value, catalogue) if check and value is not None else None
        if problem:
            problems.append((_FIELD_NAMES.get(name, name), problem))
    return problems


def _text(required: bool, multi_line: bool = False):
    def check(value: str, catalogue: Catalogue) -> str | None:
        if required and not value.strip():
            return "must not be empty"
        return _characters_problem(value, allow_newline=multi_line)

    return check


def _summary(value: str, catalogue: Catalogue) -> str | None:
    if not described(value):
        return "must describe the idea (not empty or a placeholder)"
    return _characters_problem(value, allow_newline=True)


def _email(value: str, catalogue: Catalogue) -> str | None:
    if value and not EMAIL_RE.match(value):
        return f"'{value}' is not an e-mail address"
    return _characters_problem(value, allow_newline=False)


def _level(value: str, catalogue: Catalogue) -> str | None:
    if value not in catalogue.levels:
        return f"'{value}' is not a level of {catalogue.id} ({', '.join(catalogue.levels)})"
    return None


def _municipalities(values: Sequence[str | int], catalogue: Catalogue) -> str | None:
    if not values:
        return "at least one participating municipality is needed"
    try:
        resolve_municipalities(values)
    except UsageError as exc:
        return str(exc)
    return None


def _characters_problem(value: str, *, allow_newline: bool) -> str | None:
    for char in value:
        if char == "\n" and allow_newline:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            plain = "plain text" if allow_newline else "one line of plain text"
            return f"contains a control character (U+{ord(char):04X}); use {plain}"
    return None


_CHECKS = {
    "title": _text(required=True), "summary": _summary, "municipalities": _municipalities,
    "contact_name": _text(required=True), "contact_organisation": _text(required=False),
    "contact_email": _email, "level": _level, "supplier": _text(required=False),
    "license": _text(required=False), "repository": _text(required=False),
}
_FIELD_NAMES = {"contact_name": "contact.name", "contact_organisation": "contact.organisation",
                "contact_email": "contact.email"}
