"""Render an entry's checklist for the terminal or as JSON."""

from __future__ import annotations

import json

from rich.text import Text

from os2ctl.assessment import GRADE_MARKS, GRADE_WORDS, STATUS_MARKS, STATUS_WORDS, record_for
from os2ctl.catalogue import Catalogue
from os2ctl.checklist import Checklist
from os2ctl.evaluate import Result, State

MARKS = {
    State.MET: ("✔", "green"),
    State.EXPLAINED: ("≈", "cyan"),
    State.NOT_APPLICABLE: ("–", "dim"),
    State.UNMET: ("✘", "bold red"),
    State.NOT_DUE: ("·", "dim"),
}
_WORDS = {
    "en": {"met": "met", "explained": "explained", "not_applicable": "not applicable", "unmet": "unmet",
           "not_due": "not yet due", "due_at": "due at", "decisions": "Decisions", "none": "none recorded",
           "closed": "closed: requirements are no longer checked", "product": "product", "project": "project",
           "awaiting": "awaiting a decision", "section": "section", "own": "own status",
           "assessed": "assessment"},
    "da": {"met": "opfyldt", "explained": "forklaret", "not_applicable": "ikke relevant", "unmet": "ikke opfyldt",
           "not_due": "endnu ikke aktuelt", "due_at": "fra", "decisions": "Beslutninger", "none": "ingen",
           "closed": "lukket: kravene kontrolleres ikke længere", "product": "produkt", "project": "projekt",
           "awaiting": "afventer en beslutning", "section": "afsnit", "own": "egen status",
           "assessed": "vurdering"},
}


def render_checklist(checklist: Checklist, catalogue: Catalogue, language: str = "da") -> Text:
    """The checklist as styled text."""
    words = _WORDS[language]
    entry = checklist.entry
    out = Text()
    kind = words["product"] if checklist.is_product else words["project"]
    out.append(f"{entry.title}", style="bold")
    out.append(f" ({checklist.id}) — {entry.level} · {entry.status} · {kind}\n")
    out.append(f"{entry.summary.strip()}\n", style="dim")
    if not checklist.is_open:
        out.append(f"\n{words['closed']}\n")
    for group in checklist.levels:
        out.append(f"\n{group.level}\n", style="bold underline")
        for theme in group.themes:
            out.append(f"  {catalogue.themes[theme.theme].get(language)}\n", style="bold")
            for result in theme.results:
                _append_result(out, result, language)
                _append_statement(out, record_for(entry, result.requirement.id), language)
    out.append(f"\n{_counts_line(checklist, words)}\n")
    out.append(f"\n{words['decisions']}\n", style="bold underline")
    for decision in checklist.decisions or []:
        out.append(f"  {decision_line(decision)}\n")
    if not checklist.decisions:
        out.append(f"  {words['none']}\n", style="dim")
    return out


def _append_result(out: Text, result: Result, language: str) -> None:
    words = _WORDS[language]
    mark, style = MARKS[result.state]
    req = result.requirement
    out.append(f"    {mark} ", style=style)
    out.append(req.id.ljust(30), style="cyan")
    out.append(f"{req.title.get(language)} ({words['section']} {req.section})")
    if result.state is State.NOT_DUE:
        out.append(f" — {words['not_due']}, {words['due_at']} {req.due}", style="dim")
    elif result.state is State.UNMET:
        extra = f" [{words['awaiting']}]" if result.awaiting_decision else ""
        out.append(f"\n        {result.message}{extra}", style=style)
    elif result.state is not State.MET:
        out.append(f" — {words[result.state.value]}", style=style)
    out.append("\n")


def _append_statement(out: Text, record, language: str) -> None:
    """The product's own status and the secretariat's assessment, when the entry records them."""
    if record is None:
        return
    words = _WORDS[language]
    parts = []
    if record.status:
        parts.append(f"{words['own']}: {STATUS_MARKS[record.status]} {STATUS_WORDS[language][record.status]}")
    if record.assessment:
        a = record.assessment
        parts.append(f"{words['assessed']}: {GRADE_MARKS[a.grade]} {GRADE_WORDS[language][a.grade]} ({a.by}, {a.date})")
    out.append(f"        {' · '.join(parts)}\n", style="dim")
    if record.assessment and record.assessment.basis:
        out.append(f"        {' '.join(record.assessment.basis.split())}\n", style="dim")


def _statement_json(record) -> dict:
    if record is None:
        return {"statement": None, "assessment": None}
    statement = {"status": record.status, "evidence": record.evidence, "explanation": record.explanation}
    assessment = record.assessment.model_dump(mode="json") if record.assessment else None
    return {"statement": statement if record.status else None, "assessment": assessment}


def _counts_line(checklist: Checklist, words: dict[str, str]) -> str:
    return ", ".join(f"{count} {words[state]}" for state, count in checklist.counts.items())


def decision_line(decision) -> str:
    """One decision on one line: date, body, action, level, meeting, amount and note."""
    parts = [str(decision.date), decision.body, decision.action]
    parts += [p for p in (decision.level, decision.meeting and f"meeting {decision.meeting}") if p]
    if decision.amount_dkk is not None:
        parts.append(f"{decision.amount_dkk:,} DKK")
    line = "  ".join(str(p) for p in parts)
    return f"{line} — {decision.note}" if decision.note else line


def checklist_json(checklist: Checklist) -> str:
    """The checklist as a JSON document for tools."""
    entry = checklist.entry
    document = {
        "entry": checklist.id, "title": entry.title, "level": entry.level, "status": entry.status,
        "kind": "product" if checklist.is_product else "project",
        "counts": checklist.counts,
        "requirements": [
            {"id": r.requirement.id, "level": r.requirement.level, "theme": r.requirement.theme,
             "state": r.state.value, "due": r.requirement.due, "message": r.message or None,
             "awaiting_decision": r.awaiting_decision, **_statement_json(record_for(entry, r.requirement.id))}
            for group in checklist.levels for theme in group.themes for r in theme.results
        ],
        "decisions": [d.model_dump(mode="json", exclude_none=True) for d in checklist.decisions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
