"""Evaluate one entry against a catalogue: entry × level × stage → requirement results.

Pure: no I/O, no printing. `check`, `show`, `reclassify`, the agenda and the site
all read the same results.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from os2ctl.catalogue import Catalogue, Requirement
from os2ctl.catalogue.checks import CHECKS, LEVEL_DEPENDENT_CHECKS, EntryContext, Outcome
from os2ctl.lifecycle import has_reached, is_open
from os2ctl.safe_text import one_line
from os2ctl.text import described, placeholder


class State(str, enum.Enum):
    """Where an entry stands with one requirement."""

    MET = "met"
    EXPLAINED = "explained"
    NOT_APPLICABLE = "not_applicable"
    UNMET = "unmet"
    NOT_DUE = "not_due"

    @property
    def satisfied(self) -> bool:
        """Met, explained or not applicable."""
        return self in (State.MET, State.EXPLAINED, State.NOT_APPLICABLE)


@dataclass(frozen=True, slots=True)
class Result:
    """One requirement's result for one entry."""

    requirement: Requirement
    state: State
    message: str = ""
    path: tuple = ()
    awaiting_decision: bool = False
    used_date: bool = False  # a derived check read the date (`EntryContext.today`): valid for that day only

    @property
    def failing(self) -> bool:
        """Due and not satisfied."""
        return self.state is State.UNMET

    @property
    def blocking(self) -> bool:
        """Failing for a reason other than a missing decision, at error severity."""
        return self.failing and not self.awaiting_decision and self.requirement.severity == "error"


# Statuses by which the entry itself says a requirement is not (yet) met (os2-2025 self-evaluation).
_OWN_UNMET = {
    None: "no status recorded, only an assessment",
    "not_met": "the entry states that it is not met (❌)",
    "planned": "the entry states that it is planned, not yet met",
    "unsure": "the entry is unsure whether it is met (❓)",
}


def evaluate(ctx: EntryContext, catalogue: Catalogue, *, stage: str | None = None,
             shared: dict[tuple[str, str], Result] | None = None) -> list[Result]:
    """Results for every requirement up to `ctx.level`, due by `stage` (default: the entry's status).

    Evaluating one entry at several levels, pass the same `shared` dict to each call: results
    that do not depend on the level are then computed once.
    """
    status = stage or ctx.entry.status
    if not is_open(status):
        return []
    if shared is None:
        return [_evaluate_one(ctx, req, status) for req in catalogue.up_to(ctx.level)]
    results = []
    for req in catalogue.up_to(ctx.level):
        key = (req.id, status)
        result = shared.get(key)
        if result is None:
            result = _evaluate_one(ctx, req, status)
            if not (req.kind == "derived" and req.check in LEVEL_DEPENDENT_CHECKS):
                shared[key] = result
        results.append(result)
    return results


def _evaluate_one(ctx: EntryContext, req: Requirement, status: str) -> Result:
    if not has_reached(status, req.due):
        return Result(req, State.NOT_DUE)
    if req.kind == "described":
        return _described(ctx.entry, req)
    if req.kind == "derived":
        ctx.date_read = False
        outcome = CHECKS[req.check](ctx)
        return _from_outcome(req, outcome, ctx.date_read)
    return _evidence(ctx.entry, req)


def _described(entry: Any, req: Requirement) -> Result:
    path = tuple(req.field.split("."))
    value: Any = entry
    for name in path:
        value = getattr(value, name, None)
    if described(value):
        return Result(req, State.MET, path=path)
    dotted = f"`{req.field}`"
    if placeholder(value):
        return Result(req, State.UNMET, f"{dotted} is only a placeholder ('{placeholder(value)}')", path)
    return Result(req, State.UNMET, f"{dotted} is not described", path)


def _from_outcome(req: Requirement, outcome: Outcome, used_date: bool) -> Result:
    if outcome.met:
        return Result(req, State.MET, path=outcome.path, used_date=used_date)
    # Derived checks quote registry values: one line, no CPR number (show, agenda, reasons print it).
    return Result(req, State.UNMET, one_line(outcome.message), outcome.path, outcome.awaiting_decision, used_date)


def _evidence(entry: Any, req: Requirement) -> Result:
    record = getattr(entry.requirements, _attribute(req.id), None)
    path = ("requirements", req.id)
    if record is None:
        return Result(req, State.UNMET, f"no evidence recorded under `requirements.{req.id}`", ("requirements",))
    if record.status is None or record.status in _OWN_UNMET:
        return Result(req, State.UNMET, _OWN_UNMET[record.status], path)
    if record.status == "met":
        if described(record.evidence):
            return Result(req, State.MET, path=path)
        return Result(req, State.UNMET, "status `met` needs `evidence` (a URL or document reference)", path)
    if record.status == "explained":
        if req.kind != "follow_or_explain":
            why = "status `explained` is only for follow-or-explain requirements; this one needs evidence"
            return Result(req, State.UNMET, why, path + ("status",))
        if described(record.explanation):
            return Result(req, State.EXPLAINED, path=path)
        return Result(req, State.UNMET, "status `explained` needs an `explanation`", path)
    if not req.not_applicable:
        return Result(req, State.UNMET, "status `not_applicable` is not allowed for this requirement", path + ("status",))
    if described(record.explanation):
        return Result(req, State.NOT_APPLICABLE, path=path)
    return Result(req, State.UNMET, "status `not_applicable` needs an `explanation`", path)


@functools.cache
def _attribute(requirement_id: str) -> str:
    return requirement_id.replace("-", "_")
