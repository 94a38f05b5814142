"""The portfolio overview: one row per entry, and the filters `os2ctl portfolio` offers.

Rows are plain data: the table, JSON and CSV formatters (os2ctl.render.portfolio) and
the static site (os2ctl.site) all read the same rows. An entry with schema errors still
gets a row, filled from its raw YAML where the values are usable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from os2ctl import municipalities as towns
from os2ctl.check import CheckReport, check_registry
from os2ctl.errors import UsageError
from os2ctl.findings import Severity
from os2ctl.lifecycle import STATUSES, is_product
from os2ctl.registry.loader import LoadedFile, Registry
from os2ctl.text import did_you_mean


@dataclass(frozen=True)
class LatestReport:
    """The newest progress report of an entry."""

    date: dt.date
    progress: str


@dataclass(frozen=True)
class Row:
    """One entry in the overview."""

    id: str
    title: str
    level: str | None
    status: str | None
    municipalities: tuple[str, ...]  # official names; values that are not municipalities as written
    supplier: str | None
    errors: int
    warnings: int
    latest_report: LatestReport | None
    valid: bool
    codes: tuple[str, ...] = field(default=(), compare=False)  # 3-digit codes of the known municipalities

    @property
    def kind(self) -> str:
        """`product` from in_operation on, else `project` (spec section 5)."""
        return "product" if self.status and is_product(self.status) else "project"

    def as_dict(self) -> dict[str, Any]:
        """The row as the JSON object of `portfolio --format json`."""
        report = self.latest_report
        return {
            "id": self.id, "title": self.title, "level": self.level, "status": self.status, "kind": self.kind,
            "municipalities": len(self.municipalities), "municipality_names": list(self.municipalities),
            "supplier": self.supplier, "errors": self.errors, "warnings": self.warnings,
            "latest_report": {"date": report.date.isoformat(), "progress": report.progress} if report else None,
            "valid": self.valid,
        }


@dataclass(frozen=True)
class Filters:
    """What `--level`, `--status` and `--municipality` ask for; within one filter any value matches."""

    levels: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    def match(self, row: Row) -> bool:
        """True when the row passes every filter that was given."""
        return (
            (not self.levels or row.level in self.levels)
            and (not self.statuses or row.status in self.statuses)
            and (not self.codes or bool(self.codes.intersection(row.codes)))
        )


def portfolio_rows(registry: Registry, today: dt.date, report: CheckReport | None = None) -> list[Row]:
    """A row per entry, ordered by level (catalogue order) and id; `report` saves a second check."""
    report = report if report is not None else check_registry(registry, today)
    errors = Counter(f.entry for f in report.findings if f.severity is Severity.ERROR)
    warnings = Counter(f.entry for f in report.findings if f.severity is Severity.WARNING)
    rows = [_row(entry_id, loaded, errors[entry_id], warnings[entry_id]) for entry_id, loaded in registry.entries.items()]
    rank = {level: index for index, level in enumerate(registry.catalogue.levels)}
    return sorted(rows, key=lambda r: (rank.get(r.level, len(rank)), r.id))


def _row(entry_id: str, loaded: LoadedFile, errors: int, warnings: int) -> Row:
    entry = loaded.model
    get = (lambda name: getattr(entry, name, None)) if entry is not None else _raw(loaded).get
    raw = _list(get("municipalities"))
    named = [towns.lookup(value) for value in raw]
    return Row(
        id=entry_id,
        title=_text(get("title")) or entry_id,
        level=_text(get("level")),
        status=_text(get("status")),
        municipalities=tuple(m.name if m else str(value) for m, value in zip(named, raw)),
        supplier=_text(get("supplier")),
        errors=errors,
        warnings=warnings,
        latest_report=_latest_report(entry),
        valid=entry is not None,
        codes=tuple(m.code for m in named if m),
    )


def _raw(loaded: LoadedFile) -> dict[str, Any]:
    return loaded.doc.data if isinstance(loaded.doc.data, dict) else {}


def _list(value: Any) -> list[Any]:
    return [v for v in value if isinstance(v, (str, int)) and not isinstance(v, bool)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _latest_report(entry: Any) -> LatestReport | None:
    reports = list(entry.reports) if entry is not None else []
    if not reports:
        return None
    newest = max(reports, key=lambda r: r.date)
    return LatestReport(newest.date, newest.progress)


def parse_filters(
    registry: Registry, levels: Iterable[str] = (), statuses: Iterable[str] = (), municipalities: Iterable[str] = ()
) -> Filters:
    """Check the filter values a user typed; an unknown value is a UsageError with a hint."""
    known_levels = registry.catalogue.levels
    for level in levels:
        if level not in known_levels:
            raise UsageError(f"--level: '{level}' is not a level ({', '.join(known_levels)}){did_you_mean(level, known_levels)}")
    for status in statuses:
        if status not in STATUSES:
            raise UsageError(f"--status: '{status}' is not a status ({', '.join(STATUSES)}){did_you_mean(status, STATUSES)}")
    return Filters(frozenset(levels), frozenset(statuses), frozenset(municipality_code(m) for m in municipalities))


def municipality_code(value: str) -> str:
    """The 3-digit code of a municipality given by name (any case, `Aarhus Kommune`) or code."""
    text = value.strip()
    found = towns.resolve(int(text) if text.isdigit() else text)
    if found is None:
        close = towns.closest_name(text)
        hint = f" (did you mean '{close}'?)" if close else ""
        raise UsageError(f"--municipality: '{value}' is not one of the 98 municipalities{hint}")
    return found.code


def select(rows: Iterable[Row], filters: Filters) -> list[Row]:
    """The rows that pass `filters`, in their order."""
    return [row for row in rows if filters.match(row)]
