"""`check`: every finding for a registry, or for some of its files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from os2ctl.entries import results_for
from os2ctl.evaluate import Result
from os2ctl.findings import Finding, Severity, sort_findings
from os2ctl.registry.loader import LoadedFile, Registry
from os2ctl.rules import ids, municipalities, people, personal_data, references

RULES = (ids, municipalities, people, references, personal_data)


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


def check_registry(registry: Registry, today: dt.date, paths: Iterable[str] | None = None) -> CheckReport:
    """Check the files at `paths` (registry-relative; default all) against the whole registry."""
    selected = [registry.files[p] for p in paths] if paths is not None else list(registry.files.values())
    findings: list[Finding] = []
    for loaded in selected:
        findings.extend(_with_entry(loaded, check_file(registry, loaded, today)))
    entries = sum(1 for loaded in selected if loaded.kind == "entry")
    return CheckReport(sort_findings(findings), entries, len(selected))


def check_file(registry: Registry, loaded: LoadedFile, today: dt.date) -> Iterator[Finding]:
    """Load, schema, rule and requirement findings of one file."""
    yield from loaded.findings
    for rule in RULES:
        yield from rule.check(registry, loaded)
    entry = loaded.model or loaded.partial
    if loaded.kind == "entry" and entry is not None:
        for result in results_for(registry, loaded, today, entry=entry):
            if result.failing:
                yield requirement_finding(loaded, result)


def requirement_finding(loaded: LoadedFile, result: Result) -> Finding:
    """The finding for an unmet requirement, pointing at the field at fault."""
    line, column = loaded.doc.position(result.path)
    requirement = result.requirement
    return Finding(
        loaded.path, line, column, requirement.id, Severity(requirement.severity),
        result.message, entry=loaded.key, level=requirement.level,
    )


def _with_entry(loaded: LoadedFile, findings: Iterable[Finding]) -> Iterator[Finding]:
    entry = loaded.entry_id
    for finding in findings:
        yield dataclasses.replace(finding, entry=entry) if finding.entry != entry else finding
