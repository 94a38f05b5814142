"""Render portfolio rows as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from rich.table import Table
from rich.text import Text

from os2ctl.portfolio import Row

_HEAD = {
    "da": ("Id", "Titel", "Niveau", "Status", "Art", "Kommuner", "Leverandør", "Fejl", "Advarsler", "Seneste rapport"),
    "en": ("Id", "Title", "Level", "Status", "Kind", "Municipalities", "Supplier", "Errors", "Warnings", "Latest report"),
}
_KIND = {"da": {"project": "projekt", "product": "produkt"}, "en": {"project": "project", "product": "product"}}
CSV_FIELDS = ("id", "title", "level", "status", "kind", "municipalities", "supplier", "errors", "warnings",
              "latest_report_date", "latest_report_progress")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_table(rows: list[Row], language: str = "da") -> Table:
    """A rich table for people; the counts are right-aligned, problems in colour."""
    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for index, head in enumerate(_HEAD[language]):
        table.add_column(head, justify="right" if index in (5, 7, 8) else "left", no_wrap=index in (0, 2, 3))
    for row in rows:
        report = row.latest_report
        # Text cells: registry text is never interpreted as rich markup.
        table.add_row(
            Text(row.id, style="cyan"), Text(row.title), Text(row.level or "?"), Text(row.status or "?"),
            Text(_KIND[language][row.kind]), Text(str(len(row.municipalities))), Text(row.supplier or ""),
            _count(row.errors, "bold red"), _count(row.warnings, "yellow"),
            Text(f"{report.date.isoformat()} {report.progress}" if report else ""),
        )
    return table


def _count(value: int, style: str) -> Text:
    return Text(str(value), style=style if value else "dim")


def as_json(rows: list[Row]) -> str:
    """A JSON list with one object per row."""
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2)


def as_csv(rows: list[Row]) -> str:
    """CSV with a header line; cells that a spreadsheet would run as formulas are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        report = row.latest_report
        cells = (row.id, row.title, row.level, row.status, row.kind, len(row.municipalities), row.supplier,
                 row.errors, row.warnings, report.date.isoformat() if report else None,
                 report.progress if report else None)
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue()


def neutralise(cell: object) -> str:
    """The cell as text, prefixed with `'` when it starts with = + - @ (or a tab or carriage return)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
