"""View data of one entry's page: facts, findings, the `show` checklist, decisions, reports, history."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from os2ctl import municipalities as towns
from os2ctl.assessment import GRADE_MARKS, GRADE_WORDS, STATUS_MARKS, STATUS_WORDS, record_for
from os2ctl.checklist import build_checklist
from os2ctl.evaluate import State
from os2ctl.gitrepo import Commit
from os2ctl.lifecycle import is_open
from os2ctl.portfolio import Row
from os2ctl.site_words import ACTION, BODY, PROGRESS, STATE, STATUS, word

if TYPE_CHECKING:
    from os2ctl.site import Site

HISTORY_LIMIT = 50
MARKS = {State.MET: "✔", State.EXPLAINED: "≈", State.NOT_APPLICABLE: "–", State.UNMET: "✘", State.NOT_DUE: "·"}
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def link(text: object) -> str | None:
    """`text` as an href when it is an http(s) URL, else None (never `javascript:` or the like)."""
    return text.strip() if isinstance(text, str) and _URL.match(text.strip()) else None


def entry_view(site: Site, row: Row, commits: list[Commit] | None) -> dict[str, Any]:
    """Everything the entry page shows; `commits` is None when there is no Git repository."""
    loaded = site.entries[row.id]
    entry = loaded.model
    view = site.page("../", row.title, "entry")
    view.update(
        row=site.row_view(row), badge=site.badge_for(row), summary=_text(entry.summary if entry else None),
        facts=_facts(site, row, entry), findings=_findings(site, row.id), valid=entry is not None,
        open=bool(row.status) and is_open(row.status), checklist=None, counts=[], decisions=[], reports=[],
        history=_history(commits), history_known=commits is not None,
        older=max(len(commits or []) - HISTORY_LIMIT, 0),
    )
    if entry is not None:
        view.update(decisions=_decisions(site, entry), reports=_reports(site, entry))
        if view["open"]:
            view.update(_checklist(site, row.id, entry))
    return view


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _facts(site: Site, row: Row, entry: Any) -> dict[str, Any]:
    names = [{"name": name, "href": f"../municipalities/{towns.lookup(name).code}.html" if towns.lookup(name) else None}
             for name in row.municipalities]
    facts: dict[str, Any] = {"municipalities": names, "supplier": row.supplier or "", "participants": [],
                             "license": "", "repository": None, "contact": "", "related": []}
    if entry is None:
        return facts
    contact = ", ".join(p for p in (entry.contact.name, entry.contact.organisation) if p)
    related = [{"id": r, "title": _title(site, r), "href": f"{r}.html" if r in site.entries else None}
               for r in entry.strategy.related]
    repository = entry.repository or ""
    facts.update(participants=list(entry.participants), license=entry.license or "", contact=contact,
                 repository={"text": repository, "href": link(repository)} if repository else None, related=related)
    return facts


def _title(site: Site, entry_id: str) -> str:
    loaded = site.entries.get(entry_id)
    return loaded.model.title if loaded is not None and loaded.model is not None else entry_id


def _findings(site: Site, entry_id: str) -> list[dict[str, Any]]:
    return [{"severity": f.severity.value, "rule": f.rule, "message": f.message, "line": f.line, "column": f.column,
             "path": f.path} for f in site.findings.get(entry_id, [])]


def _checklist(site: Site, entry_id: str, entry: Any) -> dict[str, Any]:
    checklist = build_checklist(site.registry, entry_id, site.today)
    catalogue, language = site.registry.catalogue, site.language
    levels = [
        {"level": group.level, "themes": [
            {"title": catalogue.themes[theme.theme].get(language),
             "results": [_item(site, entry, result) for result in theme.results]}
            for theme in group.themes]}
        for group in checklist.levels
    ]
    counts = [{"state": state, "label": word(STATE, language, state), "count": count}
              for state, count in checklist.counts.items()]
    return {"checklist": levels, "counts": counts}


def _item(site: Site, entry: Any, result) -> dict[str, Any]:
    req = result.requirement
    record = record_for(entry, req.id)
    text = (record.evidence or record.explanation) if record is not None else None
    evidence = {"text": _text(text), "href": link(text)} if text else None
    return {
        "statement": _statement(record, site.language), "assessment": _assessment(record, site.language),
        "id": req.id, "title": req.title.get(site.language), "section": req.section, "state": result.state.value,
        "label": word(STATE, site.language, result.state.value), "mark": MARKS[result.state],
        "message": result.message if result.state is State.UNMET else "", "due": req.due,
        "due_label": word(STATUS, site.language, req.due), "awaiting": result.awaiting_decision, "evidence": evidence,
    }


def _statement(record: Any, language: str) -> str:
    """The product's own status, as `show` prints it: `✅ Ja`."""
    if record is None or not record.status:
        return ""
    return f"{STATUS_MARKS[record.status]} {STATUS_WORDS[language][record.status]}"


def _assessment(record: Any, language: str) -> dict[str, Any] | None:
    """The secretariat's grade with who, when and why, when the entry records one."""
    if record is None or record.assessment is None:
        return None
    a = record.assessment
    return {"grade": a.grade, "mark": GRADE_MARKS[a.grade], "word": GRADE_WORDS[language][a.grade], "by": a.by,
            "date": a.date.isoformat(), "basis": _text(a.basis), "recommendation": _text(a.recommendation)}


def _decisions(site: Site, entry: Any) -> list[dict[str, Any]]:
    language = site.language
    return [
        {"date": d.date.isoformat(), "body": word(BODY, language, d.body), "action": word(ACTION, language, d.action),
         "level": d.level or "", "meeting": d.meeting.isoformat() if d.meeting else "",
         "amount": amount(d.amount_dkk, language),
         "note": _text(d.note), "reference": link(d.reference)}
        for d in entry.decisions
    ]


def _reports(site: Site, entry: Any) -> list[dict[str, Any]]:
    return [
        {"date": r.date.isoformat(), "progress": word(PROGRESS, site.language, r.progress), "key": r.progress,
         "spent": amount(r.spent_dkk, site.language), "note": _text(r.note)}
        for r in sorted(entry.reports, key=lambda r: r.date, reverse=True)
    ]


def amount(value: int | None, language: str) -> str:
    """1.200.000 in Danish, 1,200,000 in English; empty when there is no amount."""
    if value is None:
        return ""
    text = f"{value:,}"
    return text.replace(",", ".") if language == "da" else text


def _history(commits: list[Commit] | None) -> list[dict[str, str]]:
    return [{"date": c.date.date().isoformat(), "author": c.author, "subject": c.subject, "sha": c.sha[:10]}
            for c in (commits or [])[:HISTORY_LIMIT]]
