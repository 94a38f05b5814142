"""Render a requirement catalogue as a table, JSON or Markdown."""

from __future__ import annotations

import json

from rich.table import Table

from os2ctl.catalogue import Catalogue, Requirement
from os2ctl.render.markdown import trusted_cell

_HEAD = {
    "da": ("Id", "Niveau", "Tema", "Art", "Forfalder", "Krav", "Afsnit"),
    "en": ("Id", "Level", "Theme", "Kind", "Due", "Requirement", "Section"),
}


def _kind(req: Requirement) -> str:
    kind = req.kind.replace("_", "-")
    extras = [e for e, on in (("n/a allowed", req.not_applicable), ("warning", req.severity == "warning")) if on]
    return f"{kind} ({', '.join(extras)})" if extras else kind


def _cells(catalogue: Catalogue, req: Requirement, language: str) -> tuple[str, ...]:
    theme = catalogue.themes[req.theme].get(language)
    return (req.id, req.level, theme, _kind(req), req.due, req.title.get(language), req.section)


def as_json(catalogue: Catalogue, rows: list[Requirement]) -> str:
    """The catalogue's identity and the given rows as a JSON document."""
    document = {
        "model": catalogue.id,
        "version": catalogue.version,
        "levels": list(catalogue.levels),
        "requirements": [
            {
                "id": r.id, "level": r.level, "theme": r.theme, "kind": r.kind, "due": r.due,
                "severity": r.severity, "not_applicable_allowed": r.not_applicable,
                "title": {"da": r.title.da, "en": r.title.en}, "section": r.section, "met_when": r.met_when,
            }
            for r in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_markdown(catalogue: Catalogue, rows: list[Requirement], language: str) -> str:
    """A Markdown table, one row per requirement."""
    head = _HEAD[language]
    lines = [f"# {catalogue.title.get(language)}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for req in rows:
        cells = _cells(catalogue, req, language)
        lines.append("| " + " | ".join([f"`{cells[0]}`", *map(trusted_cell, cells[1:])]) + " |")
    return "\n".join(lines) + "\n"


def as_table(catalogue: Catalogue, rows: list[Requirement], language: str) -> Table:
    """A rich table for the terminal."""
    table = Table(title=catalogue.title.get(language), title_justify="left", show_lines=False)
    for index, name in enumerate(_HEAD[language]):
        table.add_column(name, overflow="fold", no_wrap=index in (0, 1, 4, 6))
    for req in rows:
        table.add_row(*_cells(catalogue, req, language))
    return table
