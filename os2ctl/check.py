"""`check`: every finding for a registry, or for some of its files.

Checking runs in two phases so that results can be cached per file and computed in
parallel: `check_file` finds everything that depends only on the file and on the
registry's context (settings, organisation, meetings); `checkresult.cross_entry_findings`
then adds what depends on other entries (related entries exist, one core per repository)
from small per-entry facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from os2ctl.catalogue.checks import CROSS_ENTRY_CHECKS
from os2ctl.checkresult import CheckReport, EntryFacts, FileResult, assemble
from os2ctl.entries import results_for
from os2ctl.evaluate import Result, State
from os2ctl.findings import Finding, Severity
from os2ctl.registry.loader import LoadedFile, Registry
from os2ctl.rules import assessments, ids, municipalities, people, personal_data, references

RULES = (ids, municipalities, people, references, personal_data, assessments)


def check_registry(registry: Registry, today: dt.date, paths: Iterable[str] | None = None) -> CheckReport:
    """Check the files at `paths` (registry-relative; default all) against the whole registry."""
    selected = [registry.files[p] for p in paths] if paths is not None else list(registry.files.values())
    results = [check_file(registry, loaded, today) for loaded in selected]
    facts = {key: entry_facts(loaded) for key, loaded in registry.entries.items()}
    for result in results:
        if result.facts is not None:
            facts[result.entry] = result.facts
    return assemble(results, facts)


def check_file(registry: Registry, loaded: LoadedFile, today: dt.date) -> FileResult:
    """First phase: load, schema, rule and requirement findings of one file."""
    findings = list(loaded.findings)
    for rule in RULES:
        findings.extend(rule.check(registry, loaded))
    facts, dated = None, None
    entry = loaded.model or loaded.partial
    if loaded.kind == "entry":
        facts = entry_facts(loaded)
        if entry is not None:
            results = results_for(registry, loaded, today, entry=entry, repositories={})
            findings += [requirement_finding(loaded, r) for r in results if r.failing]
            facts.cross_checks = [_cross_check(r) for r in results if _pending_cross_check(r)]
            dated = today.isoformat() if any(r.used_date for r in results) else None
    entry_id = loaded.entry_id
    findings = [dataclasses.replace(f, entry=entry_id) if f.entry != entry_id else f for f in findings]
    return FileResult(loaded.path, loaded.kind, entry_id, findings, facts, dated)


def entry_facts(loaded: LoadedFile) -> EntryFacts:
    """The facts of one entry file that other entries' checks depend on."""
    facts = EntryFacts(repository=loaded.core_repository)
    if facts.repository:
        facts.repository_at = loaded.doc.position(("repository",))
    facts.related = [(value, *loaded.doc.value_position(path)) for path, value in references.related_ids(loaded)]
    return facts


def requirement_finding(loaded: LoadedFile, result: Result) -> Finding:
    """The finding for an unmet requirement, pointing at the field at fault."""
    line, column = loaded.doc.position(result.path)
    requirement = result.requirement
    return Finding(
        loaded.path, line, column, requirement.id, Severity(requirement.severity),
        result.message, entry=loaded.key, level=requirement.level,
    )


def _pending_cross_check(result: Result) -> bool:
    return result.requirement.check in CROSS_ENTRY_CHECKS and result.state is State.MET


def _cross_check(result: Result) -> tuple[str, str, str]:
    return (result.requirement.id, result.requirement.level, result.requirement.severity)
