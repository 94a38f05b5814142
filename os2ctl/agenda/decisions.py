"""The agenda's items for decision: new projects, level changes, budgets and steering groups."""

from __future__ import annotations

from collections import Counter
from typing import Any

from os2ctl.agenda.context import AgendaContext
from os2ctl.agenda.view import Fact, Row
from os2ctl.catalogue import Catalogue
from os2ctl.catalogue.checks import latest_level_decision
from os2ctl.entries import entry_context
from os2ctl.evaluate import Result, State, evaluate
from os2ctl.lifecycle import has_reached
from os2ctl.messages import Trusted
from os2ctl.reclassify import Proposal, propose_all
from os2ctl.registry.loader import LoadedFile

# Requirements whose only gap may be a board decision that item 4 asks for, with the decide action.
BOARD_DECIDES = {"budget-approval": "approve_budget", "steering-group": "steering_group"}


def new_projects(ctx: AgendaContext) -> list[Row]:
    """N2/N3 concepts awaiting approval, with the recommendation and what approval would require."""
    board_levels = ctx.registry.catalogue.board_levels
    return [
        _new_project(ctx, loaded)
        for loaded in ctx.valid
        if loaded.model.status == "concept" and loaded.model.level in board_levels
    ]


def _new_project(ctx: AgendaContext, loaded: LoadedFile) -> Row:
    entry, words = loaded.model, ctx.words
    text = words["new_projects"]
    results = _results(ctx, loaded, "approved")
    unmet = [r for r in results if r.failing and not r.awaiting_decision]
    summary = _summary(ctx, text["summary"], results, unmet, entry.level, "approved")
    recommendation = _latest(entry.decisions, "business_manager", "recommend")
    if recommendation is not None:
        first = text["recommendation"].fill(date=recommendation.date.isoformat(),
                                            level=recommendation.level or entry.level)
    else:
        first = text["no_recommendation"]
    commands = [c for action in ("approve", "send_back", "reject")
                for c in ctx.decide(loaded.key, action, entry.level if action == "approve" else None)]
    return Row(
        ctx.ref(loaded), lines=[first, summary], note=recommendation.note if recommendation else None,
        bullets_label=text["missing"] if unmet else None, bullets=[_title(ctx, r) for r in unmet],
        commands=commands,
    )


def level_changes(ctx: AgendaContext) -> list[Row]:
    """Computed reclassification proposals (not read from `proposal:`) and the business manager's
    pending recommendations of another level, one row per entry, up before down."""
    proposals = {p.entry: p for p in propose_all(ctx.registry, ctx.today)}
    recommendations = {loaded.key: r for loaded in ctx.valid if (r := _pending_recommendation(loaded)) is not None}
    rows = [_level_change(ctx, ctx.entries[entry_id], proposals.get(entry_id), recommendations.get(entry_id))
            for entry_id in sorted(set(proposals) | set(recommendations))]
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _pending_recommendation(loaded: LoadedFile) -> Any | None:
    """The business manager's latest recommendation of another level, made after the latest level decision."""
    entry = loaded.model
    if not has_reached(entry.status, "approved"):
        return None  # concepts are recommended for approval under "new projects"
    recommendation = _latest(entry.decisions, "business_manager", "recommend")
    decided = latest_level_decision(entry)
    if recommendation is None or recommendation.level in (None, entry.level):
        return None
    if decided is not None and decided.date > recommendation.date:
        return None
    return recommendation


def _level_change(ctx: AgendaContext, loaded: LoadedFile, proposal: Proposal | None, recommendation: Any | None):
    """One entry's row: the computed proposal and/or the recommendation (with what its level requires).

    The commands reclassify, then record what the new level needs only the board for (steering
    group, budget), so that the minutes record the whole decision."""
    entry, text = loaded.model, ctx.words["level_changes"]
    lines, bullets, label, targets, awaiting = [], [], None, [], []
    if proposal is not None:
        lines.append(text["change"].fill(current=proposal.current, proposed=proposal.proposed,
                                         direction=ctx.words.label("direction", proposal.direction)))
        label, bullets, targets, awaiting = text["reasons"], proposal.reasons(ctx.language), [proposal.proposed], \
            list(proposal.awaiting)
    if recommendation is not None:
        lines.append(text["recommendation"].fill(date=recommendation.date.isoformat(), current=entry.level,
                                                 level=recommendation.level))
    if recommendation is not None and recommendation.level not in targets:
        results = _results(ctx, loaded, entry.status, recommendation.level)
        unmet = [r for r in results if r.failing and not r.awaiting_decision]
        lines.append(_summary(ctx, text["summary"], results, unmet, recommendation.level, entry.status))
        if proposal is None and unmet:
            label, bullets = text["missing"], [_title(ctx, r) for r in unmet]
        targets.append(recommendation.level)
        awaiting += [r for r in results if r.failing and r.awaiting_decision]
    commands = [c for level in targets for c in ctx.decide(loaded.key, "reclassify", level)]
    commands += _board_commands(ctx, loaded, list({r.requirement.id: r for r in awaiting}.values()))
    up = ctx.registry.catalogue.level_index(targets[0]) > ctx.registry.catalogue.level_index(entry.level)
    row = Row(ctx.ref(loaded), lines=lines, note=recommendation.note if recommendation else None,
              bullets_label=label, bullets=bullets, commands=commands)
    return (not up, loaded.key), row


def budgets_and_steering_groups(ctx: AgendaContext) -> list[Row]:
    """Open N2/N3 entries from `concept` on whose budget or steering group lacks only the board decision.

    Both requirements are due at `in_progress`; entries not yet started are evaluated as if they
    were, because the board decides before the project starts.
    """
    rows = []
    # Only these two requirements matter here: evaluate them alone, not the whole catalogue.
    catalogue = _only(ctx.registry.catalogue, BOARD_DECIDES)
    for loaded in ctx.valid:
        entry = loaded.model
        if entry.level not in ctx.registry.catalogue.board_levels or not has_reached(entry.status, "concept"):
            continue
        stage = entry.status if has_reached(entry.status, "in_progress") else "in_progress"
        waiting = [r for r in _results(ctx, loaded, stage, catalogue=catalogue) if r.failing and r.awaiting_decision]
        if waiting:
            rows.append(_budget_row(ctx, loaded, waiting))
    return rows


def _only(catalogue: Catalogue, ids) -> Catalogue:
    """A catalogue of just the requirements `ids` (a new object: no cached views of the full one)."""
    fields = {name: getattr(catalogue, name) for name in Catalogue.model_fields}
    fields["requirements"] = tuple(r for r in catalogue.requirements if r.id in ids)
    return Catalogue.model_construct(**fields)


def _budget_row(ctx: AgendaContext, loaded: LoadedFile, waiting: list[Result]) -> Row:
    entry, words = loaded.model, ctx.words
    text = words["budgets"]
    facts = []
    for result in waiting:
        if result.requirement.id == "budget-approval":
            facts.append(Fact(text["budget"], words.money(entry.funding.budget_dkk)))
            approved = _latest(entry.decisions, None, "approve_budget")
            if approved is not None and approved.amount_dkk is not None:
                label = text["approved_budget"].fill(date=approved.date.isoformat())
                facts.append(Fact(label, words.money(approved.amount_dkk)))
        else:
            group = entry.governance.steering_group
            facts.append(Fact(text["chair"], _person(ctx, group.chair)))
            facts.append(Fact(text["members"], words.join([_person(ctx, p) for p in group.members])))
    return Row(ctx.ref(loaded), facts=facts, bullets_label=text["waiting"], bullets=[_title(ctx, r) for r in waiting],
               commands=_board_commands(ctx, loaded, waiting))


def _board_commands(ctx: AgendaContext, loaded: LoadedFile, results: list[Result]) -> list[str]:
    """`decide` commands for the steering group and budget among `results` (with the budget's amount)."""
    commands = []
    for result in results:
        action = BOARD_DECIDES.get(result.requirement.id)
        amount = loaded.model.funding.budget_dkk if action == "approve_budget" else None
        commands += ctx.decide(loaded.key, action, amount=amount) if action else []
    return commands


def _results(ctx: AgendaContext, loaded: LoadedFile, stage: str, level: str | None = None,
             catalogue: Catalogue | None = None) -> list[Result]:
    context = entry_context(ctx.registry, loaded, ctx.today, level)
    return evaluate(context, catalogue or ctx.registry.catalogue, stage=stage)


def _summary(ctx: AgendaContext, pattern: Trusted, results: list[Result], unmet: list[Result],
             level: str, stage: str) -> Trusted:
    """Counts of met / explained / not applicable / unmet requirements; `unmet` leaves out
    what only the decision being asked for can give."""
    counts = Counter(r.state for r in results)
    return pattern.fill(level=level, status=ctx.words.label("status", stage), met=counts[State.MET],
                        explained=counts[State.EXPLAINED], not_applicable=counts[State.NOT_APPLICABLE],
                        unmet=len(unmet))


def _latest(decisions: list[Any], body: str | None, action: str) -> Any | None:
    """The latest decision with `action` (by `body`, or the board for None); log order breaks ties."""
    bodies = (body,) if body else ("board", "general_assembly")
    matching = [d for d in decisions if d.action == action and d.body in bodies]
    return max(reversed(matching), key=lambda d: d.date) if matching else None


def _title(ctx: AgendaContext, result: Result) -> Trusted:
    return ctx.requirement_title(result.requirement)


def _person(ctx: AgendaContext, person_id: str | None) -> str:
    return ctx.names.get(person_id, person_id) if person_id else ""
