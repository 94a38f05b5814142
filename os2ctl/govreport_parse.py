"""Read a filled-in governance report: a self-evaluation (✅ ❌ ➖ ❓, or the generator's words Ja,
Nej, Ikke relevant, Ved ikke, Planlagt) or an evaluation report (🟢 🟡 🔴 ⚪ with basis and
recommendation), in the layouts of OS2's templates.

Tolerant of what people do to Markdown tables: columns are found by their headings in any
order, extra columns are ignored, cells may be empty or hold `<br />`, links and escapes.
Every row that cannot be mapped is kept with its line and the reason; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from os2ctl.catalogue import Catalogue
from os2ctl.errors import UsageError
from os2ctl.govreport_cells import clean_cell, read_documentation, read_grade, read_status, split_row
from os2ctl.registry.loader import Registry
from os2ctl.text import did_you_mean

COLUMNS = {
    "id": {"#", "nr", "nr.", "id", "krav-id", "kravnr", "no", "no."},
    "status": {"🔽", "efterlevet", "status", "opfyldt", "egen status", "own status", "met", "selvevaluering"},
    "text": {"beskrivelse / dokumentation", "beskrivelse/dokumentation", "dokumentation", "beskrivelse",
             "documentation", "description / documentation", "evidence"},
    "grade": {"vurdering", "grade", "assessment", "trafiklys"},
    "basis": {"vurderingsgrundlag", "basis", "grundlag"},
    "recommendation": {"anbefaling", "anbefalinger", "recommendation"},
}
_TITLE_PREFIXES = ("governancerapport for", "governance report for", "governance-rapport for",
                   "evaluering af os2-produkt:", "evaluering af", "evalueringsrapport for", "evaluation of")
_ASSESSOR_LABELS = ("udfyldt af", "evaluering lavet af", "audit made by", "vurderet af", "assessed by")
_DATE_LABELS = ("dato for udfyldelse", "dato for seneste vurdering", "date")
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Row:
    """One mapped table row."""

    line: int
    id: str
    status: str | None = None
    text: str | None = None
    grade: str | None = None
    basis: str | None = None
    recommendation: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A row that could not be mapped, and why."""

    line: int
    label: str
    reason: str


@dataclass
class ParsedReport:
    """What a report file says: its product, its header fields and its rows."""

    product: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    tables: int = 0


def parse_report(text: str, catalogue: Catalogue) -> ParsedReport:
    """Read every requirement table of a report; rows are mapped against `catalogue`."""
    report = ParsedReport()
    lines = text.splitlines()
    seen: dict[str, int] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        if report.product is None and line.startswith("# "):
            report.product = _product(line[2:])
        elif not report.tables:
            _read_meta(line, report.meta)
        if line.lstrip().startswith("|") and index + 1 < len(lines) and _SEPARATOR.match(lines[index + 1].strip()):
            index = _read_table(lines, index, catalogue, report, seen)
            continue
        index += 1
    return report


def _read_table(lines: list[str], start: int, catalogue: Catalogue, report: ParsedReport, seen: dict) -> int:
    columns = _columns([clean_cell(c) for c in split_row(lines[start])])
    index = start + 2
    body = []
    while index < len(lines) and lines[index].lstrip().startswith("|"):
        body.append((index + 1, [clean_cell(c) for c in split_row(lines[index])]))
        index += 1
    if "id" not in columns:
        columns["id"] = _guess_id_column(body, catalogue)
    if columns.get("id") is None or not ({"status", "grade"} & set(columns)):
        return index  # not a requirement table (e.g. the counts at the end of an evaluation)
    report.tables += 1
    for number, cells in body:
        _read_row(number, cells, columns, catalogue, report, seen)
    return index


def _columns(headings: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, heading in enumerate(headings):
        key = re.sub(r"\s+", " ", heading.replace("*", "").replace("?", "").replace(":", "")).strip().lower()
        for name, names in COLUMNS.items():
            if key in names and name not in found:
                found[name] = position
    return found


def _guess_id_column(body: list, catalogue: Catalogue) -> int | None:
    ids = {req.id.lower() for req in catalogue.requirements}
    width = max((len(cells) for _, cells in body), default=0)
    for position in range(width):
        hits = sum(1 for _, cells in body if position < len(cells) and cells[position].lower() in ids)
        if body and hits * 2 > len(body):
            return position
    return None


def _read_row(number: int, cells: list[str], columns: dict, catalogue: Catalogue, report: ParsedReport, seen) -> None:
    def cell(name: str) -> str:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    if not any(cells):
        return
    raw_id = cell("id")
    requirement = catalogue.requirement(raw_id.upper()) or catalogue.requirement(raw_id)
    label = raw_id or (cells[0] if cells else "")
    if requirement is None:
        hint = did_you_mean(raw_id, [r.id for r in catalogue.requirements]) if raw_id else ""
        what = f"'{raw_id}' is not a requirement of {catalogue.id}{hint}" if raw_id else "no requirement id"
        report.skipped.append(Skipped(number, label, what))
        return
    if requirement.id not in catalogue.statement_ids():
        reason = f"{requirement.id} is computed by the registry ({requirement.kind}); {catalogue.id} keeps no record for it"
        report.skipped.append(Skipped(number, label, reason))
        return
    if requirement.id in seen:
        report.skipped.append(Skipped(number, label, f"{requirement.id} appears twice; the row on line "
                                                    f"{seen[requirement.id]} was used"))
        return
    seen[requirement.id] = number
    _map_row(number, requirement.id, cell, report)


def _map_row(number: int, requirement_id: str, cell, report: ParsedReport) -> None:
    status, problem = read_status(cell("status"))
    grade, grade_problem = read_grade(cell("grade"))
    problem = problem or grade_problem
    if problem:
        report.skipped.append(Skipped(number, requirement_id, problem))
        return
    text = read_documentation(cell("text"))
    if status is None and grade is None:
        if text or cell("basis"):
            report.skipped.append(Skipped(number, requirement_id, "no mark and no grade: nothing says whether it is met"))
        else:
            report.empty.append(requirement_id)
        return
    report.rows.append(Row(number, requirement_id, status, text or None, grade,
                           cell("basis") or None, cell("recommendation") or None))


def _product(heading: str) -> str | None:
    name = clean_cell(heading)
    lower = name.lower()
    if lower.startswith("guide") or "indsæt navnet" in lower:
        return None
    for prefix in _TITLE_PREFIXES:
        if lower.startswith(prefix):
            name = name[len(prefix):].strip()
            break
    return name or None


def _read_meta(line: str, meta: dict) -> None:
    match = re.search(r"\*\*([^*]+?):\*\*\s*(.*)$", line)
    if match:
        meta[match.group(1).strip().lower()] = clean_cell(match.group(2))


def slug(name: str) -> str:
    """An entry id from a product name: 'OS2udoglær' → 'os2udoglaer'."""
    text = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64]


def report_date(meta: dict) -> dt.date | None:
    """The report's own date ("Dato for udfyldelse"), in YYYY-MM-DD or DD-MM-YYYY."""
    for label in _DATE_LABELS:
        value = meta.get(label, "")
        for pattern, order in ((r"(\d{4})-(\d{2})-(\d{2})", (1, 2, 3)), (r"(\d{2})-(\d{2})-(\d{4})", (3, 2, 1))):
            match = re.search(pattern, value)
            if match:
                try:
                    return dt.date(*(int(match.group(i)) for i in order))
                except ValueError:
                    return None
    return None


def report_assessor(meta: dict, registry: Registry) -> tuple[str | None, str]:
    """The person id whose name the report's "Udfyldt af" line names, and that line."""
    named = next((meta[label] for label in _ASSESSOR_LABELS if meta.get(label)), "")
    people = registry.organisation.people if registry.organisation else []
    lower = named.lower()
    for person in people:
        if person.id == named.strip() or (person.name and person.name.lower() in lower):
            return person.id, named
    return None, named


def choose_entry(registry: Registry, report: ParsedReport, into: str | None) -> tuple[str, bool]:
    """The entry id to write to and whether it is new: `--into`, else the report's product name."""
    if into is not None:
        if into not in registry.entries:
            raise UsageError(f"--into: no entry '{into}' in the registry{did_you_mean(into, registry.entries)}")
        return into, False
    if not report.product:
        raise UsageError("the report names no product (no '# Governancerapport for ...' heading); use --into ID")
    by_title = [key for key, loaded in sorted(registry.entries.items())
                if loaded.model is not None and loaded.model.title.strip().lower() == report.product.strip().lower()]
    if by_title:
        return by_title[0], False
    entry_id = slug(report.product)
    if entry_id in registry.entries:
        return entry_id, False
    if len(entry_id) < 2:
        raise UsageError(f"cannot make an entry id from '{report.product}'; use --into ID")
    return entry_id, True
