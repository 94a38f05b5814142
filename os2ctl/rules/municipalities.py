"""`unknown-municipality`: every municipality is one of the 98, by official name or code."""

from __future__ import annotations

from collections.abc import Iterator

from os2ctl import municipalities
from os2ctl.findings import Finding, Severity
from os2ctl.rules import values_at

RULE = "unknown-municipality"
_PATTERNS = (("municipalities", "*"), ("line_management", "*", "municipality"))


def check(registry, loaded) -> Iterator[Finding]:
    """Unknown or repeated municipalities in an entry."""
    if loaded.kind != "entry":
        return
    for pattern in _PATTERNS:
        seen: dict[str, str] = {}
        for path, value in values_at(loaded.doc.data, pattern):
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                continue  # a wrong type is the schema's finding
            found = municipalities.lookup(value)
            line, column = loaded.doc.value_position(path)
            if found is None:
                yield Finding(loaded.path, line, column, RULE, Severity.ERROR, _unknown(value))
            elif found.code in seen and pattern[0] == "municipalities":
                message = f"{found.name} ({found.code}) is listed twice (first as '{seen[found.code]}')"
                yield Finding(loaded.path, line, column, RULE, Severity.ERROR, message)
            else:
                seen.setdefault(found.code if found else str(value), str(value))


def _unknown(value: object) -> str:
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return f"'{value}' is not a municipality code (codes have 3 digits, e.g. 101 for København)"
    closest = municipalities.closest_name(value)
    hint = f" (did you mean '{closest}'?)" if closest else ""
    return f"'{value}' is not one of the 98 municipalities{hint}"
