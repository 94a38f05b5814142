"""`assessment`: the secretariat's traffic lights on requirements that are due.

A red grade on a due requirement is an error (a warning for a recommendation), a yellow grade
a warning; green and grey say nothing. A requirement is due when it belongs to the entry's
level or a lower one and the entry's status has reached its due stage. The rule reads the
validated entry, or for a file with schema errors the model of its valid parts, as the
requirement evaluation does.
"""

from __future__ import annotations

from collections.abc import Iterator

from os2ctl.assessment import record_for
from os2ctl.findings import Finding, Severity
from os2ctl.lifecycle import has_reached

RULE = "assessment"
_MEANING = {"red": "not met", "yellow": "only partly met"}


def check(registry, loaded) -> Iterator[Finding]:
    """Red and yellow grades on the due requirements of one entry."""
    entry = (loaded.model or getattr(loaded, "partial", None)) if loaded.kind == "entry" else None
    if entry is None or entry.level not in registry.catalogue.levels or not _graded(loaded):
        return
    for req in registry.catalogue.up_to(entry.level):
        record = record_for(entry, req.id)
        assessment = record.assessment if record is not None else None
        if assessment is None or assessment.grade not in _MEANING or not has_reached(entry.status, req.due):
            continue
        red = assessment.grade == "red" and req.severity == "error"
        line, column = loaded.doc.value_position(("requirements", req.id, "assessment", "grade"))
        yield Finding(loaded.path, line, column, RULE, Severity.ERROR if red else Severity.WARNING,
                      _message(req, assessment), entry=loaded.key, level=req.level)


def _graded(loaded) -> bool:
    """True when any requirement record carries an assessment (most entries have none)."""
    records = loaded.doc.data.get("requirements") if isinstance(loaded.doc.data, dict) else None
    return isinstance(records, dict) and any(isinstance(r, dict) and "assessment" in r for r in records.values())


def _message(req, assessment) -> str:
    basis = " ".join((assessment.basis or "").split())
    if len(basis) > 160:
        basis = basis[:157].rstrip() + "..."
    said = f": {basis}" if basis else ""
    return (f"{req.id} ({req.title.en}) is graded {assessment.grade}, {_MEANING[assessment.grade]}, "
            f"by {assessment.by} on {assessment.date}{said}")
