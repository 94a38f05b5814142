"""`os2ctl import governance-report FILE.md`: write the rows of a filled-in governance or evaluation
report into an entry's `requirements` (see os2ctl.govreport_parse for the reading).

Each mapped row sets the requirement's own `status` and its text (`evidence` when met, else
`explanation`) and, when the row is graded, its `assessment`; cells left empty change nothing.
An existing entry is edited round-trip (comments and formatting of every other line are kept);
a report about a product the registry does not know yet becomes a new entry at the lowest
level, status idea. The file is written atomically, and only when it is still a valid entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from os2ctl.errors import RefusedError, UsageError
from os2ctl.govreport_parse import ParsedReport, Row, Skipped, choose_entry, parse_report, report_assessor, report_date
from os2ctl.registry.loader import PORTFOLIO_DIR, Registry
from os2ctl.roundtrip import dump_text, load_text

_AFTER_REQUIREMENTS = ("proposal", "decisions", "reports")


@dataclass
class ImportPlan:
    """What an import will write, and what it could not map."""

    entry_id: str
    path: str
    created: bool
    old_text: str
    new_text: str
    rows: list[Row] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    assessor: str | None = None

    @property
    def statuses(self) -> int:
        """Rows that set the product's own status."""
        return sum(1 for row in self.rows if row.status)

    @property
    def assessments(self) -> int:
        """Rows that set an assessment."""
        return sum(1 for row in self.rows if row.grade)


def plan_import(registry: Registry, text: str, *, into: str | None = None, by: str | None = None,
                date: dt.date | None = None, today: dt.date | None = None) -> ImportPlan:
    """Read a report and compute the entry's new text; nothing is written."""
    catalogue = registry.catalogue
    report = parse_report(text, catalogue)
    if not report.rows:
        raise RefusedError(_nothing_mapped(registry, report))
    entry_id, created = choose_entry(registry, report, into)
    path = f"{PORTFOLIO_DIR}/{entry_id}.yaml"
    assessor = _assessor(registry, report, by) if any(row.grade for row in report.rows) else None
    when = date or report_date(report.meta) or today or dt.date.today()
    if not created and registry.entries[entry_id].doc.text is None:  # refused by the loader: never read it here
        raise RefusedError(f"{path} could not be read (run `os2ctl check`); fix it first")
    old_text = "" if created else (registry.root / path).read_text(encoding="utf-8")
    data = _new_entry(registry, report) if created else load_text(old_text, path)
    if not isinstance(data, dict):
        raise RefusedError(f"{path}: the file is not a mapping of fields; fix it first")
    records = _requirements(data)
    order = [req.id for req in catalogue.requirements]
    for row in report.rows:
        _apply_row(records, row, order, assessor, when)
    plan = ImportPlan(entry_id, path, created, old_text, dump_text(data, old_text), report.rows, report.skipped,
                      report.empty, assessor)
    _refuse_invalid(registry, plan)
    return plan


def write_import(registry: Registry, plan: ImportPlan) -> None:
    """Write the planned entry atomically."""
    from os2ctl.edit import create_atomic, write_atomic

    target = registry.root / plan.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if plan.created:
        create_atomic(target, plan.new_text)  # refuses if someone created the file meanwhile
    else:
        write_atomic(target, plan.new_text, expected=plan.old_text)


def _nothing_mapped(registry: Registry, report: ParsedReport) -> str:
    if not report.tables:
        return "no requirement table found (a table needs a '#' column and a mark or grade column)"
    if not registry.catalogue.self_evaluation:
        return (f"no row could be mapped: the registry uses {registry.catalogue.id}, and governance reports use the "
                "ids of os2-2025 (run `os2ctl migrate --to os2-2025` first)")
    return "no row could be mapped: every row is empty or unreadable"


def _assessor(registry: Registry, report: ParsedReport, by: str | None) -> str:
    people = {p.id for p in registry.organisation.people} if registry.organisation else set()
    if by is not None:
        if people and by not in people:
            raise UsageError(f"--by: '{by}' is not a person in organisation.yaml")
        return by
    found, named = report_assessor(report.meta, registry)
    if found is None:
        said = f" ('{named}' is not a person in organisation.yaml)" if named else ""
        raise UsageError(f"the report has grades; name the person who assessed them with --by PERSON{said}")
    return found


def _new_entry(registry: Registry, report: ParsedReport):
    from ruamel.yaml.comments import CommentedMap

    named = next((v for k, v in report.meta.items() if k in ("udfyldt af", "filled in by")), "") or "TODO"
    data = CommentedMap()
    data["title"] = report.product
    data["summary"] = "TODO"
    data["level"] = registry.catalogue.levels[0]
    data["status"] = "idea"
    data["contact"] = CommentedMap([("name", named.split(",")[0].strip() or "TODO")])
    data["municipalities"] = []
    data.yaml_set_start_comment(
        f"{report.product}: created by `os2ctl import governance-report`. Fill in the summary, contact and\n"
        "municipalities; the business manager places it at a level.")
    return data


def _requirements(data):
    from ruamel.yaml.comments import CommentedMap

    records = data.get("requirements")
    if isinstance(records, dict):
        return records
    records = CommentedMap()
    keys = list(data)
    position = next((keys.index(k) for k in _AFTER_REQUIREMENTS if k in keys), len(keys))
    if "requirements" in data:
        data["requirements"] = records
    else:
        data.insert(position, "requirements", records)
    return records


def _apply_row(records, row: Row, order: list[str], assessor: str | None, when: dt.date) -> None:
    from ruamel.yaml.comments import CommentedMap

    record = records.get(row.id)
    if not isinstance(record, dict):
        record = CommentedMap()
        keys = list(records)
        later = [k for k in keys if k in order and order.index(k) > order.index(row.id)]
        position = keys.index(later[0]) if later else len(keys)
        if row.id in records:
            records[row.id] = record
        else:
            records.insert(position, row.id, record)
    new_assessment = row.grade and not _same_assessment(record.get("assessment"), row, assessor, when)
    if record.fa.flow_style() and (new_assessment or "\n" in (row.text or "")):
        record.fa.set_block_style()
    if row.status:
        _set_statement(record, row)
    if new_assessment:
        record["assessment"] = _assessment(row, assessor, when)


def _set_statement(record, row: Row) -> None:
    """Set status and text; values that do not change are left alone (with their quoting)."""
    key, other = ("evidence", "explanation") if row.status == "met" else ("explanation", "evidence")
    if record.get("status") != row.status:
        record.pop(other, None)
        _put(record, "status", row.status, 0)
    if row.text and record.get(key) != row.text:
        _put(record, key, _scalar(row.text), 1)


def _put(record, key: str, value, position: int) -> None:
    if key in record:
        record[key] = value
    else:
        record.insert(min(position, len(record)), key, value)


def _same_assessment(existing, row: Row, assessor: str | None, when: dt.date) -> bool:
    if not isinstance(existing, dict):
        return False
    wanted = {"grade": row.grade, "by": assessor, "date": str(when), "basis": row.basis,
              "recommendation": row.recommendation}
    return all(str(existing.get(k)) == str(v) if v is not None else existing.get(k) is None
               for k, v in wanted.items())


def _assessment(row: Row, assessor: str | None, when: dt.date):
    from ruamel.yaml.comments import CommentedMap

    # A fresh date object per record: a shared one would be dumped as a YAML anchor and alias.
    assessment = CommentedMap([("grade", row.grade), ("by", assessor), ("date", dt.date.fromordinal(when.toordinal()))])
    if row.basis:
        assessment["basis"] = _scalar(row.basis)
    if row.recommendation:
        assessment["recommendation"] = _scalar(row.recommendation)
    return assessment


def _scalar(text: str):
    if "\n" in text:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(text)
    return text


def _refuse_invalid(registry: Registry, plan: ImportPlan) -> None:
    from os2ctl.models.entry import entry_model
    from os2ctl.registry.validation import validate
    from os2ctl.registry.yamlread import read_document

    model = entry_model(registry.catalogue)
    before = {f.message for f in validate(model, read_document(plan.path, plan.old_text.encode()))[1]} \
        if plan.old_text else set()
    after = validate(model, read_document(plan.path, plan.new_text.encode()))[1]
    new = [f for f in after if f.message not in before]
    if new:
        listed = "\n  ".join(f"{f.path}:{f.line}:{f.column}: {f.message}" for f in new)
        raise RefusedError(f"the imported entry would not be valid; nothing was written:\n  {listed}")
