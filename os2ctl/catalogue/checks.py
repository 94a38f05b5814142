"""Named derived checks: requirements computed from an entry's structured fields.

A catalogue row of kind `derived` names one of these. Each check gets an
`EntryContext` and returns an `Outcome`; it never raises for odd data. When the
structure is in place and only a decision (by the board or business manager) is
missing, the outcome says so with `awaiting_decision`: such a gap neither blocks
an up proposal nor causes a down one, and it is what the board's agenda lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from os2ctl import municipalities
from os2ctl.lifecycle import BOARD_BODIES, LEVEL_ACTIONS
from os2ctl.text import described, normalise_repository


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check found; `path` points at the field at fault."""

    met: bool
    message: str = ""
    path: tuple = ()
    awaiting_decision: bool = False


@dataclass
class EntryContext:
    """Everything a check may look at for one entry, evaluated at `level`."""

    id: str
    entry: Any
    level: str
    _today: dt.date
    settings: Any
    organisation: Any = None
    board_levels: tuple[str, ...] = ("N2", "N3")
    repositories: dict[str, list[str]] = field(default_factory=dict)  # open entries by core repository
    date_read: bool = field(default=False, init=False)  # set when a check reads `today`

    @property
    def today(self) -> dt.date:
        """The day the entry is evaluated on. Reading it marks the result as valid for this day only
        (`check` caches the others across days), so no check can forget to say that it used the date."""
        self.date_read = True
        return self._today

    @property
    def board_members(self) -> set[str]:
        """Ids of the board's voting members (empty when organisation.yaml is unusable)."""
        return set(self.organisation.board.members) if self.organisation else set()


Check = Callable[[EntryContext], Outcome]
CHECKS: dict[str, Check] = {}
# Checks that look at other entries (through `ctx.repositories`). `check` runs them with an
# empty index per file and completes them across entries, so per-file results can be cached.
CROSS_ENTRY_CHECKS = {"single-core"}
# Checks whose outcome depends on `ctx.level`. The others give the same outcome at every level,
# so evaluating an entry at several levels (reclassify) computes them once; a test holds every
# check to what it declares.
LEVEL_DEPENDENT_CHECKS: set[str] = set()
MET = Outcome(True)


def check(name: str, *, uses_level: bool = False) -> Callable[[Check], Check]:
    """Register a derived check under the name catalogues use; `uses_level` if it reads `ctx.level`."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        if uses_level:
            LEVEL_DEPENDENT_CHECKS.add(name)
        return function

    return register


def latest_level_decision(entry: Any) -> Any | None:
    """The latest place, approve or reclassify decision (log order breaks date ties)."""
    level_decisions = [d for d in entry.decisions if d.action in LEVEL_ACTIONS]
    return max(reversed(level_decisions), key=lambda d: d.date, default=None) if level_decisions else None


def board_decisions(entry: Any, *actions: str) -> list[Any]:
    """Decisions taken by the board or the general assembly with one of `actions`."""
    return [d for d in entry.decisions if d.body in BOARD_BODIES and d.action in actions]


@check("repository-https")
def _repository_https(ctx: EntryContext) -> Outcome:
    repository = ctx.entry.repository
    if not repository:
        return Outcome(False, "no `repository`: the source code must be shared (e.g. on GitHub)", ("repository",))
    if not normalise_repository(repository):
        return Outcome(False, f"`repository` '{repository}' is not an https URL", ("repository",))
    return MET


@check("licence-allowed")
def _licence_allowed(ctx: EntryContext) -> Outcome:
    licence = ctx.entry.license
    if not licence:
        return Outcome(False, "no `license` (an SPDX id from os2ctl.yaml `licenses`)", ("license",))
    if licence not in ctx.settings.licenses:
        allowed = ", ".join(ctx.settings.licenses)
        return Outcome(False, f"licence '{licence}' is not one OS2 accepts ({allowed})", ("license",))
    return MET


@check("has-municipality")
def _has_municipality(ctx: EntryContext) -> Outcome:
    if not ctx.entry.municipalities:
        return Outcome(False, "no participating municipality: at least one (+1) is needed", ("municipalities",))
    return MET


@check("local-funding", uses_level=True)
def _local_funding(ctx: EntryContext) -> Outcome:
    if ctx.level in ctx.board_levels or ctx.entry.funding.source != "os2":
        return MET
    return Outcome(False, f"funding comes through OS2, which {ctx.level} does not allow", ("funding", "source"))


@check("level-backed-by-decision", uses_level=True)
def _level_backed(ctx: EntryContext) -> Outcome:
    latest = latest_level_decision(ctx.entry)
    if latest is None:
        return Outcome(False, f"no place, approve or reclassify decision backs level {ctx.level}", ("level",), True)
    if latest.level != ctx.level:
        message = (
            f"level is {ctx.level}, but the latest level decision ({latest.action}, {latest.date}) "
            f"says {latest.level}: a change of level needs a decision"
        )
        return Outcome(False, message, ("level",), True)
    return MET


@check("owner-or-steering-group")
def _owner_or_steering_group(ctx: EntryContext) -> Outcome:
    governance = ctx.entry.governance
    if governance.project_owner or (governance.steering_group and governance.steering_group.members):
        return MET
    return Outcome(False, "neither a steering group nor a project owner is named", ("governance",))


@check("leader-not-in-steering-group")
def _leader_not_in_steering_group(ctx: EntryContext) -> Outcome:
    governance = ctx.entry.governance
    if not (governance.project_leader and governance.steering_group):
        return MET
    leader = governance.project_leader.person
    group = governance.steering_group
    if leader in group.members or leader == group.chair:
        message = f"the project leader '{leader}' is a member of the steering group; they serve it as secretary"
        return Outcome(False, message, ("governance", "steering_group", "members"))
    return MET


@check("line-management")
def _line_management(ctx: EntryContext) -> Outcome:
    backed = {
        _municipality_key(item.municipality)
        for item in ctx.entry.line_management
        if described(item.by) and item.date is not None
    }
    missing = [str(m) for m in ctx.entry.municipalities if _municipality_key(m) not in backed]
    if missing:
        message = f"no backing from line management (with `by` and `date`) for: {', '.join(missing)}"
        return Outcome(False, message, ("line_management",))
    return MET


@check("qualified-project-leader")
def _qualified_project_leader(ctx: EntryContext) -> Outcome:
    leader = ctx.entry.governance.project_leader
    if leader is None:
        return Outcome(False, "no `governance.project_leader`", ("governance", "project_leader"))
    if not (described(leader.certification) or described(leader.experience)):
        message = f"the project leader '{leader.person}' has neither a `certification` nor documented `experience`"
        return Outcome(False, message, ("governance", "project_leader"))
    return MET


@check("single-core")
def _single_core(ctx: EntryContext) -> Outcome:
    key = normalise_repository(ctx.entry.repository or "")
    if not key:
        return Outcome(False, "no https `repository`: an N2 entry has exactly one core repository", ("repository",))
    others = [other for other in ctx.repositories.get(key, []) if other != ctx.id]
    if others:
        return Outcome(False, f"the repository is also the core of {', '.join(sorted(others))}", ("repository",))
    return MET


@check("operation-setup")
def _operation_setup(ctx: EntryContext) -> Outcome:
    operation = ctx.entry.operation
    missing = [name for name in ("form", "support", "maintenance") if not described(getattr(operation, name))]
    if missing:
        fields = ", ".join(f"`operation.{name}`" for name in missing)
        return Outcome(False, f"the operation set-up is not described: {fields}", ("operation",))
    return MET


@check("board-approval", uses_level=True)
def _board_approval(ctx: EntryContext) -> Outcome:
    if any(d.level == ctx.level for d in board_decisions(ctx.entry, "approve", "reclassify")):
        return MET
    return Outcome(False, f"no board decision approves the project at {ctx.level}", ("status",), True)


@check("approved-steering-group")
def _approved_steering_group(ctx: EntryContext) -> Outcome:
    group = ctx.entry.governance.steering_group
    path = ("governance", "steering_group")
    if group is None or len(set(group.members)) < 2:
        return Outcome(False, "a steering group of at least 2 members is needed", path)
    if group.chair not in group.members:
        return Outcome(False, "the steering group's chair is not among its members", path)
    if not board_decisions(ctx.entry, "steering_group"):
        return Outcome(False, "the board has not approved the steering group", path, True)
    return MET


@check("approved-budget")
def _approved_budget(ctx: EntryContext) -> Outcome:
    budget = ctx.entry.funding.budget_dkk
    if budget is None:
        return Outcome(False, "no `funding.budget_dkk`", ("funding",))
    approvals = board_decisions(ctx.entry, "approve_budget")
    if not approvals:
        return Outcome(False, f"the board has not approved the budget of {budget:,} DKK", ("funding", "budget_dkk"), True)
    latest = max(reversed(approvals), key=lambda d: d.date)
    if latest.amount_dkk is not None and budget > latest.amount_dkk:
        message = f"the budget of {budget:,} DKK exceeds the {latest.amount_dkk:,} DKK the board approved on {latest.date}"
        return Outcome(False, message, ("funding", "budget_dkk"), True)
    return MET


@check("coordination-group")
def _coordination_group(ctx: EntryContext) -> Outcome:
    group = ctx.entry.governance.coordination_group
    path = ("governance", "coordination_group")
    if group is None or not group.members:
        return Outcome(False, "no coordination group: a product has one from go-live", path)
    if group.chair not in group.members:
        return Outcome(False, "the coordination group's chair is not among its members", path)
    return MET


@check("recent-report")
def _recent_report(ctx: EntryContext) -> Outcome:
    if ctx.entry.status != "in_progress":
        return MET
    limit = ctx.settings.reporting.max_report_age_days
    dated = [r.date for r in ctx.entry.reports if r.date <= ctx.today]
    if not dated:
        return Outcome(False, f"no progress report yet; one is due at least every {limit} days", ("reports",))
    age = (ctx.today - max(dated)).days
    if age > limit:
        message = f"the latest progress report ({max(dated)}) is {age} days old; at most {limit} are allowed"
        return Outcome(False, message, ("reports",))
    return MET


@check("board-majority", uses_level=True)
def _board_majority(ctx: EntryContext) -> Outcome:
    if ctx.organisation is None:
        return MET  # organisation.yaml is unusable; its own findings say why
    group = ctx.entry.governance.steering_group
    path = ("governance", "steering_group", "members")
    members = set(group.members) if group else set()
    if not members:
        return Outcome(False, "no steering group, so the board cannot hold its majority", path)
    on_board = len(members & ctx.board_members)
    if on_board * 2 <= len(members):
        message = f"{on_board} of {len(members)} steering group members are board members; {ctx.level} needs more than half"
        return Outcome(False, message, path)
    return MET


@check("board-in-coordination-group")
def _board_in_coordination_group(ctx: EntryContext) -> Outcome:
    if ctx.organisation is None:
        return MET  # organisation.yaml is unusable; its own findings say why
    group = ctx.entry.governance.coordination_group
    path = ("governance", "coordination_group", "members")
    if group is None or not set(group.members) & ctx.board_members:
        return Outcome(False, "no board member sits in the coordination group", path)
    return MET


def _municipality_key(value: object) -> str:
    found = municipalities.lookup(value)
    return found.code if found else str(value)


# The derived checks of the os2-2025 model register themselves into CHECKS too.
from os2ctl.catalogue import checks_2025  # noqa: E402,F401
