"""Derived checks that the os2-2025 model (OS2's governance report, version 1.1.0) adds.

They register into the same `CHECKS` as the 2016 checks; the 2025 catalogue also reuses
2016 checks where the requirement is the same (licence, single core, operation set-up,
board approval, coordination group, line management, level placement).
"""

from __future__ import annotations

from os2ctl.catalogue.checks import MET, EntryContext, Outcome, board_decisions, check
from os2ctl.text import normalise_repository

# OS2's organisations on GitHub are named after the association or the product (OS2mo, os2display,
# OS2offdig, OS2sandbox, ...): an owner that starts with "os2" is one of OS2's.
OS2_OWNER_PREFIX = "os2"


@check("os2-repository")
def _os2_repository(ctx: EntryContext) -> Outcome:
    """F6: the core repository lives in one of OS2's GitHub organisations."""
    repository = ctx.entry.repository
    key = normalise_repository(repository or "")
    if not key:
        return Outcome(False, "no https `repository`: the source code is placed under OS2's GitHub", ("repository",))
    parts = key.removeprefix("https://").split("/")
    host, owner = parts[0], (parts[1] if len(parts) > 1 else "")
    if host not in ("github.com", "www.github.com") or not owner.startswith(OS2_OWNER_PREFIX):
        message = (f"the repository {repository} is not in one of OS2's GitHub organisations "
                   f"(https://github.com/{OS2_OWNER_PREFIX}…)")
        return Outcome(False, message, ("repository",))
    return MET


@check("coordinator-named")
def _coordinator_named(ctx: EntryContext) -> Outcome:
    """G3: a project leader or coordinator (tovholder) is named."""
    if ctx.entry.governance.project_leader is None:
        message = "no `governance.project_leader`: name the project leader or coordinator (tovholder)"
        return Outcome(False, message, ("governance",))
    return MET


@check("steering-group-formed")
def _steering_group_formed(ctx: EntryContext) -> Outcome:
    """G6: a steering group of at least two members, its chair among them."""
    group = ctx.entry.governance.steering_group
    path = ("governance", "steering_group")
    if group is None or len(set(group.members)) < 2:
        return Outcome(False, "no steering group of at least 2 members (`governance.steering_group`)",
                       path if group else ("governance",))
    if group.chair not in group.members:
        return Outcome(False, "the steering group's chair is not among its members", path)
    return MET


@check("board-approved-steering-group")
def _board_approved_steering_group(ctx: EntryContext) -> Outcome:
    """G11: the board has approved the steering group (a `steering_group` decision)."""
    group = ctx.entry.governance.steering_group
    if group is None or not group.members:
        return Outcome(False, "no steering group for the board to approve", ("governance",))
    if not board_decisions(ctx.entry, "steering_group"):
        return Outcome(False, "the board has not approved the steering group", ("governance", "steering_group"), True)
    return MET


@check("board-in-steering-group")
def _board_in_steering_group(ctx: EntryContext) -> Outcome:
    """G12: at least one member of the board sits in the steering group."""
    group = ctx.entry.governance.steering_group
    path = ("governance", "steering_group", "members")
    if group is None or not set(group.members) & ctx.board_members:
        return Outcome(False, "no board member sits in the steering group", path if group else ("governance",))
    return MET
