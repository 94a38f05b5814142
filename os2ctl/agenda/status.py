"""The agenda's items for information: N1 projects, portfolio status, compliance, annual review."""

from __future__ import annotations

from collections import defaultdict

from os2ctl import municipalities
from os2ctl.agenda.context import AgendaContext
from os2ctl.agenda.view import Fact, ReviewRow, Row
from os2ctl.findings import Finding, Severity
from os2ctl.messages import Trusted
from os2ctl.registry.loader import LoadedFile

# Projects that need the board's attention come first in the portfolio status.
_PROGRESS_ORDER = {"off_track": 0, "at_risk": 1, None: 2, "on_track": 3}


def n1_information(ctx: AgendaContext) -> list[Row]:
    """N1 entries placed at N1 after the previous board meeting and by this meeting."""
    rows = []
    for loaded in ctx.valid:
        entry = loaded.model
        placed = [d.date for d in entry.decisions if d.action == "place" and d.level == "N1"
                  and (ctx.previous is None or d.date > ctx.previous) and d.date <= ctx.meeting]
        if entry.level == "N1" and placed:
            text = ctx.words["n1_information"]
            names = [_municipality(m) for m in entry.municipalities]
            rows.append(Row(ctx.ref(loaded), lines=[text["placed"].fill(date=max(placed).isoformat())],
                            facts=[Fact(text["municipalities"], ctx.words.join(names))]))
    return rows


def portfolio_status(ctx: AgendaContext) -> list[Row]:
    """N2/N3 projects in progress with their latest report; the ones needing attention first."""
    board_levels = ctx.registry.catalogue.board_levels
    rows = [
        (_status_key(ctx, loaded), _status_row(ctx, loaded))
        for loaded in ctx.valid
        if loaded.model.level in board_levels and loaded.model.status == "in_progress"
    ]
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _latest_report(ctx: AgendaContext, loaded: LoadedFile):
    reports = [r for r in loaded.model.reports if r.date <= ctx.today]
    return max(reversed(reports), key=lambda r: r.date) if reports else None


def _status_key(ctx: AgendaContext, loaded: LoadedFile) -> tuple:
    report = _latest_report(ctx, loaded)
    return (_PROGRESS_ORDER[report.progress if report else None], not _stale(ctx, report), loaded.key)


def _stale(ctx: AgendaContext, report) -> bool:
    limit = ctx.registry.settings.reporting.max_report_age_days
    return report is None or (ctx.today - report.date).days > limit


def _status_row(ctx: AgendaContext, loaded: LoadedFile) -> Row:
    entry, words = loaded.model, ctx.words
    text = words["portfolio_status"]
    report = _latest_report(ctx, loaded)
    if report is None:
        return Row(ctx.ref(loaded), lines=[text["missing"]], attention=True)
    lines = [text["report"].fill(date=report.date.isoformat(), progress=words.label("progress", report.progress))]
    budget = entry.funding.budget_dkk
    if report.spent_dkk is not None and budget:
        percent = words.percent(round(100 * report.spent_dkk / budget))
        lines.append(text["spent"].fill(spent=words.money(report.spent_dkk), budget=words.money(budget),
                                        percent=percent))
    elif report.spent_dkk is not None:
        lines.append(text["spent_no_budget"].fill(spent=words.money(report.spent_dkk)))
    stale = _stale(ctx, report)
    if stale:
        limit = ctx.registry.settings.reporting.max_report_age_days
        lines.append(text["stale"].fill(days=(ctx.today - report.date).days, limit=limit))
    attention = stale or report.progress != "on_track"
    return Row(ctx.ref(loaded), lines=lines, note=report.note, attention=attention)


def compliance(ctx: AgendaContext) -> list[Row]:
    """Entries with errors from `check`, grouped by entry, one line per rule broken."""
    by_entry: dict[str, list[Finding]] = defaultdict(list)
    for finding in ctx.report.findings:
        if finding.severity is Severity.ERROR and finding.entry in ctx.entries:
            by_entry[finding.entry].append(finding)
    return [Row(ctx.ref(ctx.entries[entry_id]), bullets=_rules(ctx, findings))
            for entry_id, findings in sorted(by_entry.items())]


def _rules(ctx: AgendaContext, findings: list[Finding]) -> list[Trusted]:
    lines_by_rule: dict[str, list[int]] = defaultdict(list)
    for finding in findings:
        lines_by_rule[finding.rule].append(finding.line)
    document = ctx.words["document"]
    bullets = []
    for rule, lines in lines_by_rule.items():
        requirement = ctx.registry.catalogue.requirement(rule)
        title = ctx.requirement_title(requirement) if requirement else ctx.words.label("rules", rule)
        where = document["line"] if len(set(lines)) == 1 else document["lines"]
        numbers = ctx.words.join([str(n) for n in sorted(set(lines))])
        bullets.append(ctx.words["compliance"]["rule"].fill(title=title, where=where, lines=numbers))
    return bullets


def portfolio_review(ctx: AgendaContext) -> list[ReviewRow]:
    """Every product in operation, for the annual review; N3 first, then by title."""
    open_findings: dict[str, int] = defaultdict(int)
    for finding in ctx.report.findings:
        open_findings[finding.entry] += 1
    products = [loaded for loaded in ctx.valid if loaded.model.status == "in_operation"]
    levels = ctx.registry.catalogue.levels
    products.sort(key=lambda f: (-levels.index(f.model.level), f.model.title.casefold(), f.key))
    return [ReviewRow(ctx.ref(loaded), len(loaded.model.municipalities), open_findings[loaded.key])
            for loaded in products]


def is_review_meeting(ctx: AgendaContext) -> bool:
    """True at the first board meeting in the month of the annual portfolio review."""
    month = ctx.registry.settings.portfolio_review_month
    if ctx.meeting.month != month:
        return False
    return not any(date.year == ctx.meeting.year and date.month == month and date < ctx.meeting
                   for date in ctx.board_meetings)


def _municipality(value: object) -> str:
    found = municipalities.lookup(value)
    return found.name if found else str(value)
