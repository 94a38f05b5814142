"""Record a decision in an entry's log and apply it (spec section 5).

`plan_decision` works out the decision and the moves it makes, refusing (with the
reason) whatever section 5 does not allow; `apply_decision` writes it with a
round-trip edit that changes only the lines it must. Nothing is written when a
decision is refused.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from os2ctl.catalogue.checks import latest_level_decision
from os2ctl.errors import RefusedError, UsageError
from os2ctl.lifecycle import (
    ACTION_BODIES, ACTIONS, BOARD_BODIES, BODIES, CLOSED, LEVEL_ACTIONS, has_reached, is_open, move_allowed,
)
from os2ctl.models.entry import entry_model
from os2ctl.models.common import ID_RE
from os2ctl.registry.loader import (
    PORTFOLIO_DIR, LoadedFile, Registry, list_entry_files, load_context, load_entry_file,
)
from os2ctl.text import did_you_mean, join_or

# Who may take each decision (governance model, section 4.1): the board decides every change of
# level, approves N2/N3 projects and their steering groups; the business manager places ideas at a
# level and recommends; steering and coordination groups may stop, retire or approve their budget.
DEFAULT_BODY = {"place": "business_manager", "recommend": "business_manager"}
# The status each action moves an entry to (the others leave the status as it is).
TARGET_STATUS = {
    "place": "concept", "approve": "approved", "send_back": "idea",
    "reject": "rejected", "stop": "stopped", "retire": "retired",
}
# The status an action moves an entry from, where section 5 names one.
SOURCE_STATUS = {"place": ("idea",), "approve": ("concept",), "retire": ("in_operation",)}
LEVEL_OPTION_ACTIONS = LEVEL_ACTIONS + ("recommend",)


@dataclass(frozen=True)
class DecisionRequest:
    """What `os2ctl decide` was asked to record."""

    entry: str
    action: str
    today: dt.date
    meeting: dt.date | None = None
    level: str | None = None
    amount: int | None = None
    note: str | None = None
    reference: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class DecisionPlan:
    """A decision that section 5 allows, and what it changes in the entry."""

    entry: str
    path: str
    decision: dict[str, Any]
    old_status: str
    new_status: str
    old_level: str
    new_level: str
    remove_proposal: bool = False

    @property
    def changes(self) -> list[str]:
        """What the decision moves, in words."""
        moved = []
        if self.new_status != self.old_status:
            moved.append(f"status {self.old_status} → {self.new_status}")
        if self.new_level != self.old_level:
            moved.append(f"level {self.old_level} → {self.new_level}")
        if self.remove_proposal:
            moved.append("pending proposal removed")
        return moved


def plan_decision(registry: Registry, request: DecisionRequest) -> DecisionPlan:
    """Check a decision against section 5 and the registry; raise with the reason if it is not allowed."""
    loaded = _entry(registry, request.entry)
    entry = loaded.model
    body = _body(request)
    _check_options(registry, request)
    date = _decision_date(registry, request, body)
    level = _decided_level(registry, request, entry)
    new_status = TARGET_STATUS.get(request.action, entry.status)
    _check_move(registry, request.action, entry, new_status, level)
    new_level = level if request.action in LEVEL_ACTIONS else entry.level
    if request.action in LEVEL_ACTIONS:
        _check_level_decision(request.action, entry, level, date)
    decision = _decision(request, body, date, level)
    plan = DecisionPlan(
        request.entry, loaded.path, decision, entry.status, new_status, entry.level, new_level,
        remove_proposal=_removes_proposal(request.action, entry, new_level),
    )
    _validate_result(registry, loaded, plan)
    return plan


def apply_decision(registry: Registry, plan: DecisionPlan) -> bool:
    """Write the planned decision into the entry's file; True when the file changed."""
    from os2ctl.roundtrip import edit_file

    path = registry.root / plan.path
    edit = edit_file(path, plan.path, read_as=registry.files[plan.path].doc.text)
    edit.append_item("decisions", plan.decision, before=("reports",))
    if plan.new_level != plan.old_level:
        edit.set_scalar("level", plan.new_level)
    if plan.new_status != plan.old_status:
        edit.set_scalar("status", plan.new_status)
    if plan.remove_proposal:
        edit.remove("proposal")
    return edit.write(path)


def load_for_decision(root: Path, entry_id: str) -> Registry:
    """The registry's context (settings, organisation, meetings) and the one entry a decision is about.

    Other entries play no part in a decision, so a large registry is not read in full.
    """
    registry = load_context(root)
    path = f"{PORTFOLIO_DIR}/{entry_id}.yaml"
    if ID_RE.match(entry_id) and (registry.root / path).is_file():
        registry.files[path] = load_entry_file(registry, path)
    return registry


def _entry(registry: Registry, entry_id: str) -> LoadedFile:
    if entry_id not in registry.entries:
        known = [Path(p).stem for p in list_entry_files(registry.root)]
        raise UsageError(f"no entry '{entry_id}' in the registry{did_you_mean(entry_id, known)}")
    loaded = registry.entries[entry_id]
    if loaded.model is None:
        raise RefusedError(f"{loaded.path} has errors that must be fixed before a decision can be recorded "
                           "(run `os2ctl check`)")
    return loaded


def _body(request: DecisionRequest) -> str:
    if request.action not in ACTIONS:
        raise UsageError(f"--action: '{request.action}' is not one of {', '.join(ACTIONS)}")
    body = request.body or DEFAULT_BODY.get(request.action, "board")
    if body not in BODIES:
        raise UsageError(f"--body: '{body}' is not one of {', '.join(BODIES)}")
    allowed = ACTION_BODIES[request.action]
    if body not in allowed:
        raise RefusedError(f"the '{request.action}' decision is taken by {join_or(allowed)}, not by the "
                           f"{body.replace('_', ' ')}")
    return body


def _check_options(registry: Registry, request: DecisionRequest) -> None:
    if request.level is not None:
        if request.action not in LEVEL_OPTION_ACTIONS:
            raise UsageError(f"--level applies only to {', '.join(LEVEL_OPTION_ACTIONS)} decisions")
        if request.level not in registry.catalogue.levels:
            raise UsageError(f"--level: '{request.level}' is not one of {', '.join(registry.catalogue.levels)}")
    if request.action == "approve_budget" and request.amount is None:
        raise UsageError("an approve_budget decision needs --amount (the approved budget in DKK)")
    if request.amount is not None and request.action != "approve_budget":
        raise UsageError("--amount applies only to approve_budget decisions")
    if request.amount is not None and request.amount < 0:
        raise UsageError("--amount: an amount cannot be negative")


def _decision_date(registry: Registry, request: DecisionRequest, body: str) -> dt.date:
    """The meeting's date for a decision taken at a meeting, else --today."""
    if request.meeting is None:
        if body in BOARD_BODIES:
            raise UsageError(f"a decision by the {body.replace('_', ' ')} names its meeting: add --meeting YYYY-MM-DD")
        return request.today
    key = request.meeting.isoformat()
    meetings = registry.meetings
    if key not in meetings:
        raise RefusedError(f"no meeting on {key} in meetings/{did_you_mean(key, meetings)}: "
                           f"add meetings/{key}.yaml first")
    meeting = meetings[key].model
    if meeting is None:
        raise RefusedError(f"{meetings[key].path} has errors that must be fixed first (run `os2ctl check`)")
    if body in BOARD_BODIES and meeting.body != body:
        raise RefusedError(f"the meeting on {key} is a {meeting.body.replace('_', ' ')} meeting, not a "
                           f"{body.replace('_', ' ')} meeting")
    if request.meeting > request.today:
        raise RefusedError(f"the meeting on {key} has not been held yet (today is {request.today}); "
                           "record its decisions after the meeting")
    return request.meeting


def _decided_level(registry: Registry, request: DecisionRequest, entry: Any) -> str | None:
    if request.action not in LEVEL_ACTIONS:
        return request.level
    if request.level is not None:
        return request.level
    if request.action == "approve":
        return entry.level
    if request.action == "reclassify" and entry.proposal is not None:
        return entry.proposal.level
    raise UsageError(f"a '{request.action}' decision needs --level ({', '.join(registry.catalogue.levels)})")


def _check_move(registry: Registry, action: str, entry: Any, new_status: str, level: str | None) -> None:
    old = entry.status
    if not is_open(old):
        raise RefusedError(f"the entry is {old}: a closed entry takes no more decisions")
    sources = SOURCE_STATUS.get(action)
    if sources and old not in sources:
        raise RefusedError(f"the '{action}' decision moves an entry from {join_or(sources)} to {new_status}; "
                           f"this entry is {old}" + _hint(action, old))
    if new_status == old and action in TARGET_STATUS:
        raise RefusedError(f"the entry is already {old}")
    board_levels = registry.catalogue.board_levels
    if action == "approve" and level not in board_levels:
        raise RefusedError(f"the board approves {join_or(board_levels)} projects; {level} skips the approved "
                           "stage (the business manager places it: --action place)")
    if not move_allowed(old, new_status, level=level or entry.level, board_levels=board_levels):
        raise RefusedError(f"section 5 does not allow moving from {old} to {new_status}")
    if action in ("reclassify", "steering_group", "approve_budget") and not has_reached(old, "concept"):
        raise RefusedError(f"the entry is an idea: the business manager places it at a level first "
                           f"(--action place) before the board can take a '{action}' decision")
    if action == "steering_group":
        group = entry.governance.steering_group
        if group is None or not group.members:
            raise RefusedError("name the steering group under `governance.steering_group` (chair and members) "
                               "before the board approves it")


def _hint(action: str, status: str) -> str:
    if action == "place" and has_reached(status, "concept"):
        return "; once placed, only the board changes the level (--action reclassify)"
    return ""


def _check_level_decision(action: str, entry: Any, level: str, date: dt.date) -> None:
    latest = latest_level_decision(entry)
    if action == "reclassify" and level == entry.level and (latest is None or latest.level == level):
        raise RefusedError(f"the entry is already at {level} and its latest level decision says so: "
                           "nothing to reclassify")
    if latest is not None and date < latest.date:
        raise RefusedError(f"the latest level decision is dated {latest.date}; a level decision dated {date} "
                           "would not be the one that counts")


def _decision(request: DecisionRequest, body: str, date: dt.date, level: str | None) -> dict[str, Any]:
    fields = {
        "date": date, "body": body, "action": request.action, "level": level,
        "amount_dkk": request.amount, "meeting": request.meeting,
        "note": request.note, "reference": request.reference,
    }
    return {name: value for name, value in fields.items() if value is not None}


def _removes_proposal(action: str, entry: Any, new_level: str) -> bool:
    """The board's decision settles a pending proposal; so does closing the entry."""
    if entry.proposal is None:
        return False
    if action == "reclassify" or TARGET_STATUS.get(action) in CLOSED:
        return True
    return action in LEVEL_ACTIONS and entry.proposal.level == new_level


def _validate_result(registry: Registry, loaded: LoadedFile, plan: DecisionPlan) -> None:
    """The entry must still be a valid entry after the decision (e.g. --reference is a URL)."""
    data = copy.deepcopy(loaded.doc.data)
    data["decisions"] = list(data.get("decisions") or []) + [plan.decision]
    data["level"], data["status"] = plan.new_level, plan.new_status
    if plan.remove_proposal:
        data.pop("proposal", None)
    try:
        entry_model(registry.catalogue).model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        raise UsageError(f"the decision would make {plan.path} invalid: {where}: {message}") from None
