"""Check results as plain data, and the second, cross-entry phase of `check`.

Kept free of heavy imports (pydantic, the models, the catalogue): a warm cached run
needs only this module, the cache and a formatter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from os2ctl.findings import Finding, Severity, sort_findings
from os2ctl.rules.references import related_findings


@dataclass
class EntryFacts:
    """What other entries' checks need to know about one entry."""

    repository: str | None = None  # normalised, and only for open entries
    repository_at: tuple[int, int] = (1, 1)
    related: list[tuple[str, int, int]] = field(default_factory=list)
    # Requirements (id, level, severity) whose cross-entry check is due and otherwise met.
    cross_checks: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class FileResult:
    """One file's findings from the first phase, and its facts for the second."""

    path: str
    kind: str
    entry: str | None
    findings: list[Finding]
    facts: EntryFacts | None = None
    dated: str | None = None  # the day (ISO) the findings hold for, when a date-dependent check was due


@dataclass(frozen=True)
class CheckReport:
    """The outcome of a check: findings in order, and how many entries were checked."""

    findings: list[Finding]
    entries: int
    files: int

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Number of warning findings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def assemble(results: list[FileResult], facts: dict[str, EntryFacts]) -> CheckReport:
    """Add the cross-entry findings to the first phase's and count."""
    findings = [f for result in results for f in result.findings]
    findings += cross_entry_findings(results, facts)
    entries = sum(1 for result in results if result.kind == "entry")
    return CheckReport(sort_findings(findings), entries, len(results))


def cross_entry_findings(results: list[FileResult], facts: dict[str, EntryFacts]) -> Iterator[Finding]:
    """Second phase: references to other entries and repositories shared with them."""
    cores: dict[str, list[str]] = {}
    for entry_id, entry_facts_ in facts.items():
        if entry_facts_.repository:
            cores.setdefault(entry_facts_.repository, []).append(entry_id)
    for result in results:
        if result.facts is None:
            continue
        yield from related_findings(result.path, result.entry, result.facts.related, facts)
        for requirement, level, severity in result.facts.cross_checks:
            others = sorted(set(cores.get(result.facts.repository, ())) - {result.entry})
            if others:
                line, column = result.facts.repository_at
                message = f"the repository is also the core of {', '.join(others)}"
                yield Finding(result.path, line, column, requirement, Severity(severity), message,
                              entry=result.entry, level=level)
