"""`os2ctl decide ID --action A`: record a decision in an entry's log and apply it."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import EntryIdArgument, RegistryOption, TodayOption, parse_date, parse_today


class Action(str, enum.Enum):
    """Decision actions (spec section 5)."""

    recommend = "recommend"
    place = "place"
    approve = "approve"
    send_back = "send_back"
    reject = "reject"
    reclassify = "reclassify"
    steering_group = "steering_group"
    approve_budget = "approve_budget"
    stop = "stop"
    retire = "retire"


class Body(str, enum.Enum):
    """Who takes a decision."""

    board = "board"
    general_assembly = "general_assembly"
    business_manager = "business_manager"
    steering_group = "steering_group"
    coordination_group = "coordination_group"


@handle_errors
def decide(
    entry_id: EntryIdArgument,
    action: Annotated[Action, typer.Option("--action", "-a", help="What was decided.", show_default=False)],
    meeting: Annotated[Optional[str], typer.Option(
        "--meeting", "-m", metavar="YYYY-MM-DD", show_default=False,
        help="The meeting where it was decided (a file in meetings/); required for board and general-assembly "
        "decisions. The decision's date is the meeting's date.")] = None,
    level: Annotated[Optional[str], typer.Option(
        "--level", "-l", show_default=False,
        help="The level decided (place, approve, reclassify, recommend). approve defaults to the entry's level, "
        "reclassify to the pending proposal's level.")] = None,
    amount: Annotated[Optional[int], typer.Option(
        "--amount", metavar="DKK", show_default=False, help="The approved budget in DKK (approve_budget).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", show_default=False, help="A short note.")] = None,
    reference: Annotated[Optional[str], typer.Option(
        "--reference", metavar="URL", show_default=False, help="Link to the minutes or the case.")] = None,
    body: Annotated[Optional[Body], typer.Option(
        "--body", show_default=False,
        help="Who decided. Default: business_manager for place and recommend, else board.")] = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Record a decision after a meeting and apply it: approve (concept → approved, level set), reclassify
    (level set, pending proposal removed), send_back (→ idea), reject / stop / retire (close), place (idea →
    concept, level set), steering_group, approve_budget, recommend.

    A move section 5 does not allow is refused with the reason (exit 1) and nothing is written.
    Only the lines the decision changes are rewritten; comments and formatting stay.
    """
    from os2ctl.cli.console import echo
    from os2ctl.decide import DecisionRequest, apply_decision, load_for_decision, plan_decision
    from os2ctl.registry.locate import display_path, locate_registry

    request = DecisionRequest(
        entry=entry_id, action=action.value, today=parse_today(today),
        meeting=parse_date(meeting, "--meeting") if meeting is not None else None,
        level=level, amount=amount, note=note, reference=reference, body=body.value if body else None,
    )
    root = locate_registry(registry)
    loaded = load_for_decision(root, entry_id)
    plan = plan_decision(loaded, request)
    apply_decision(loaded, plan)
    decision = plan.decision
    at = f" at the meeting of {decision['meeting']}" if "meeting" in decision else f" on {decision['date']}"
    what = decision["action"] + (f" {decision['level']}" if "level" in decision else "")
    echo(f"{plan.entry}: recorded the {decision['body'].replace('_', ' ')}'s decision '{what}'{at}")
    for change in plan.changes:
        echo(f"  {change}")
    typer.echo(f"wrote {display_path(root)}/{plan.path}")
    _note_unmet(loaded, plan.path, request.today)


def _note_unmet(registry, path: str, today) -> None:
    """Say which requirements the entry does not meet now (a new status can make more of them due)."""
    from os2ctl.entries import results_for
    from os2ctl.registry.loader import load_entry_file

    entry = load_entry_file(registry, path)
    if entry.model is None:
        return
    failing = [r for r in results_for(registry, entry, today) if r.failing and r.requirement.severity == "error"]
    rules = sorted({r.requirement.id for r in failing})
    if rules:
        typer.echo(f"note: {path} does not meet {', '.join(rules)} yet (run `os2ctl check`)", err=True)
