"""`os2ctl report`: a product's governance report (its self-evaluation, in the template's layout
and marks) or its evaluation report (the secretariat's traffic lights, a summary and the
recommended level from the reclassification engine), as Markdown or HTML.

Grouping, counting and wording happen here; the Jinja2 templates in templates/report/ only
loop and print. Registry text is escaped: Jinja2 autoescapes HTML, and the Markdown
environment escapes every value that is not marked as os2ctl's own (`Trusted`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from os2ctl.assessment import (GRADE_MARKS, GRADE_WORDS, GRADES, STATUS_MARKS, STATUS_WORDS, Statement,
                               grade_counts, statements, summary)
from os2ctl.catalogue import Catalogue
from os2ctl.entries import results_for
from os2ctl.evaluate import State
from os2ctl.reclassify import propose
from os2ctl.registry.loader import Registry
from os2ctl.report_words import WORDS

KINDS = ("self", "evaluation")
FORMATS = ("markdown", "html")


class Trusted(str):
    """os2ctl's own text (catalogue titles and guidelines): in Markdown only `|` is escaped, so the
    guidelines' links stay links. Registry text is never Trusted."""


_LEGEND_MARKS = (("met", "✅"), ("not_met", "❌"), ("not_applicable", "➖"), ("unsure", "❓"))


def level_label(level: str) -> str:
    """The template's way of writing a level: `sandkasse`, `1`, `2`, `3`."""
    match = re.fullmatch(r"N(\d+)", level)
    return match.group(1) if match else level


def render_report(registry: Registry, entry_id: str, *, kind: str = "self", fmt: str = "markdown",
                  today: dt.date | None = None, language: str = "da") -> str:
    """The report of one valid entry as Markdown or HTML text."""
    from os2ctl.render.report import render

    today = today or dt.date.today()
    view = self_view(registry, entry_id, language) if kind == "self" else \
        evaluation_view(registry, entry_id, today, language)
    return render(f"{kind}.{'md' if fmt == 'markdown' else 'html'}.j2", view)


def self_view(registry: Registry, entry_id: str, language: str) -> dict:
    """View data of the self-evaluation: one table per theme, the product's own marks."""
    words = WORDS[language]
    entry = registry.entries[entry_id].model
    found = statements(entry, registry.catalogue)
    themes = [{"heading": heading, "rows": [_self_row(s, language) for s in items]}
              for heading, items in _by_theme(registry.catalogue, found, language)]
    legend = [{"mark": mark, "text": words["legend"][key]} for key, mark in _LEGEND_MARKS]
    return {**_common(registry, entry_id, language), "title": words["self_title"].format(title=entry.title),
            "themes": themes, "legend": legend, "words": words}


def evaluation_view(registry: Registry, entry_id: str, today: dt.date, language: str) -> dict:
    """View data of the evaluation: grades per theme, counts, summary and the recommended level."""
    words = WORDS[language]
    loaded = registry.entries[entry_id]
    entry = loaded.model
    catalogue = registry.catalogue
    found = statements(entry, catalogue)
    computed = {r.requirement.id: r.state for r in results_for(registry, loaded, today)}
    themes = [{"heading": heading, "rows": [_evaluation_row(s, computed, language) for s in items]}
              for heading, items in _by_theme(catalogue, found, language)]
    assessments = [s.assessment for s in found if s.assessment]
    return {
        **_common(registry, entry_id, language),
        "title": words["evaluation_title"].format(title=entry.title),
        "words": words, "themes": themes,
        "assessors": _assessors(registry, assessments),
        "assessed_on": str(max(a.date for a in assessments)) if assessments else words["none"],
        "summary": summary(grade_counts(found), len(found), language) + ".",
        "grade_legend": [{"mark": GRADE_MARKS[g], "word": GRADE_WORDS[language][g].capitalize(),
                          "text": words["grade_legend"][g]} for g in GRADES],
        "grade_heads": [f"{GRADE_MARKS[g]} {GRADE_WORDS[language][g].capitalize()}" for g in GRADES],
        "level_counts": _level_counts(catalogue, found, language),
        "theme_counts": _theme_counts(catalogue, found, language),
        "level_heads": [_level_word(level, language) for level in catalogue.levels],
        "recommendation": _recommendation(registry, loaded, today, language),
    }


def _common(registry: Registry, entry_id: str, language: str) -> dict:
    words = WORDS[language]
    entry = registry.entries[entry_id].model
    info = [(words["model"], f"{registry.catalogue.title.get(language)}"),
            (words["level"], entry.level), (words["status"], entry.status)]
    if entry.repository:
        info.append((words["repository"], entry.repository))
    return {"id": entry_id, "entry_title": entry.title, "info": info, "language": language}


def _by_theme(catalogue: Catalogue, found: list[Statement], language: str) -> list[tuple[str, list[Statement]]]:
    groups = []
    for key, theme in catalogue.themes.items():
        items = [s for s in found if s.requirement.theme == key]
        if items:
            groups.append((theme.get(language).upper(), items))
    return groups


def _self_row(statement: Statement, language: str) -> dict:
    req = statement.requirement
    mark = statement.mark
    if statement.status == "planned":
        mark = f"{mark} {STATUS_WORDS[language]['planned']}"
    return {"mark": mark, "id": req.id, "title": Trusted(req.title.get(language)), "documentation": statement.text or "",
            "level": level_label(req.level), "guideline": Trusted(req.guideline or req.met_when)}


def _evaluation_row(statement: Statement, computed: dict, language: str) -> dict:
    req = statement.requirement
    assessment = statement.assessment
    state = computed.get(req.id)
    words = WORDS[language]["state"]
    own = f"{STATUS_MARKS[statement.status]} {STATUS_WORDS[language][statement.status]}" if statement.status else ""
    return {
        "id": req.id, "title": Trusted(req.title.get(language)), "level": level_label(req.level), "own": own,
        "documentation": statement.text or "",
        "registry": words[state.value] if isinstance(state, State) else words["above"],
        "grade": GRADE_MARKS[assessment.grade] if assessment else "",
        "basis": (assessment.basis or "") if assessment else "",
        "recommendation": (assessment.recommendation or "") if assessment else "",
    }


def _assessors(registry: Registry, assessments: list[Any]) -> str:
    people = {p.id: p.name for p in registry.organisation.people} if registry.organisation else {}
    ids = list(dict.fromkeys(a.by for a in assessments))
    return ", ".join(people.get(i, i) for i in ids)


def _level_word(level: str, language: str) -> str:
    label = level_label(level)
    if label == level:
        return level.capitalize()
    return f"{'Niveau' if language == 'da' else 'Level'} {label}"


def _level_counts(catalogue: Catalogue, found: list[Statement], language: str) -> list[dict]:
    rows = []
    for level in [*catalogue.levels, None]:
        items = [s for s in found if level is None or s.requirement.level == level]
        counts = grade_counts(items)
        rows.append({"label": WORDS[language]["total"] if level is None else _level_word(level, language),
                     "counts": [counts.get(g, 0) for g in GRADES], "none": counts.get(None, 0), "total": len(items),
                     "strong": level is None})
    return rows


def _theme_counts(catalogue: Catalogue, found: list[Statement], language: str) -> list[dict]:
    rows = []
    themes = [*catalogue.themes, None]
    for theme in themes:
        items = [s for s in found if theme is None or s.requirement.theme == theme]
        cells = [_mini(grade_counts([s for s in items if s.requirement.level == level])) for level in catalogue.levels]
        label = WORDS[language]["total"] if theme is None else catalogue.themes[theme].get(language)
        rows.append({"label": label, "cells": cells, "total": _mini(grade_counts(items)), "strong": theme is None})
    return rows


def _mini(counts) -> str:
    return " ".join(f"{GRADE_MARKS[g]} {counts.get(g, 0)}" for g in GRADES)


def _recommendation(registry: Registry, loaded, today: dt.date, language: str) -> dict:
    words = WORDS[language]
    entry = loaded.model
    proposal = propose(registry, loaded, today)
    if proposal is not None:
        return {"text": words[proposal.direction].format(proposed=proposal.proposed, current=proposal.current),
                "level": proposal.proposed, "reasons": proposal.reasons(language), "blocked": None, "blockers": []}
    result = {"text": words["stay"].format(current=entry.level), "level": entry.level, "reasons": [],
              "blocked": None, "blockers": []}
    if entry.status not in registry.catalogue.stages:
        result["text"] = words["closed"].format(status=entry.status)
        return result
    own = [r for r in results_for(registry, loaded, today) if r.blocking]
    levels = registry.catalogue.levels
    rank = levels.index(entry.level)
    if own:
        result["blocked"], result["blockers"] = words["failing_own"], [_blocker(r, language) for r in own]
    elif rank + 1 < len(levels):
        above = [r for r in results_for(registry, loaded, today, levels[rank + 1]) if r.blocking]
        result["blocked"] = words["blocked"].format(level=levels[rank + 1])
        result["blockers"] = [_blocker(r, language) for r in above]
    return result


def _blocker(result, language: str) -> str:
    req = result.requirement
    return f"{req.id} ({req.title.get(language)}): {result.message}"
