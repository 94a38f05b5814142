"""Findings: every problem os2ctl reports, as plain data."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How serious a finding is; errors fail `check`, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in one registry file."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    entry: str | None = None
    level: str | None = None

    def __post_init__(self) -> None:
        # A message is one line and never repeats a CPR number: registry values quoted in it
        # cannot start a new line in a CI log (a workflow command) or leak into one.
        from os2ctl.safe_text import one_line

        object.__setattr__(self, "message", one_line(self.message))

    def sort_key(self) -> tuple:
        """Order findings by file, then position, then rule."""
        return (self.path, self.line, self.column, self.rule, self.message)

    def as_dict(self) -> dict:
        """The finding as the JSON object of spec section 8, keys in spec order."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "entry": self.entry,
            "rule": self.rule,
            "severity": self.severity.value,
            "level": self.level,
            "message": self.message,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order, without duplicates."""
    return sorted(set(findings), key=Finding.sort_key)


def count(findings: Iterable[Finding], severity: Severity) -> int:
    """Number of findings of one severity."""
    return sum(1 for f in findings if f.severity is severity)


def exit_code(findings: Iterable[Finding], *, strict: bool = False) -> int:
    """0 when clean, 1 when there are errors (or warnings under --strict)."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(f.severity in failing for f in findings) else 0
