"""`os2ctl import-governance-report FILE.md`: write a filled-in governance or evaluation report into
an entry's requirements. (To become `os2ctl import governance-report` under the `import` group.)"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption, TodayOption, parse_date, parse_today


@handle_errors
def import_governance_report(
    file: Annotated[Path, typer.Argument(metavar="FILE.md", help="A filled-in governance report (self-evaluation) "
                                         "or evaluation report in Markdown.")],
    into: Annotated[Optional[str], typer.Option("--into", metavar="ID", show_default=False,
                                                help="The entry to update (default: the entry named after the "
                                                "report's product; a new entry when there is none).")] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="PERSON", show_default=False,
                                              help="Who assessed the grades (a person id; default: the person "
                                              "the report's 'Udfyldt af' line names).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", show_default=False,
                                                help="Date of the assessments (default: the report's "
                                                "'Dato for udfyldelse', else --today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")] = False,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Import the marks (✅ ❌ ➖ ❓ / Ja, Nej, ...) and grades (🟢 🟡 🔴 ⚪) of a report into
    `requirements.<id>` of an entry, keeping the file's comments; list every row that could not be mapped."""
    from os2ctl.cli.console import echo
    from os2ctl.errors import UsageError
    from os2ctl.govreport_import import plan_import, write_import
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry

    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{file}: not a UTF-8 text file") from None
    loaded = load_registry(locate_registry(registry))
    when = parse_date(date, "--date") if date else None
    plan = plan_import(loaded, text, into=into, by=by, date=when, today=parse_today(today))
    if not dry_run:
        write_import(loaded, plan)
    echo(_summary(plan, file, dry_run))


def _summary(plan, file: Path, dry_run: bool) -> str:
    verb = "would write" if dry_run else ("created" if plan.created else "updated")
    lines = [f"{plan.path}: {verb} from {file.name}: {len(plan.rows)} rows "
             f"({plan.statuses} own statuses, {plan.assessments} assessments"
             + (f" by {plan.assessor}" if plan.assessor else "") + ")"]
    if plan.empty:
        lines.append(f"not filled in ({len(plan.empty)}): {', '.join(plan.empty)}")
    if plan.skipped:
        lines.append(f"{len(plan.skipped)} rows could not be mapped:")
        lines += [f"  {file.name}:{s.line}: {s.label or '(no id)'}: {s.reason}" for s in plan.skipped]
    else:
        lines.append("every row was mapped")
    return "\n".join(lines)
