"""`os2ctl show ID`: one entry's requirement checklist and decisions."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import EntryIdArgument, LanguageOption, RegistryOption, TodayOption, choose_language, parse_today


class Format(str, enum.Enum):
    """Output formats of `show`."""

    text = "text"
    json = "json"


@handle_errors
def show(
    entry_id: EntryIdArgument,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    lang: LanguageOption = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Show an entry's checklist level by level and theme by theme: met, explained, not applicable,
    unmet or not yet due (with the stage at which it becomes due), then its decisions."""
    from os2ctl.check import check_registry
    from os2ctl.checklist import build_checklist
    from os2ctl.cli.console import echo, print_text
    from os2ctl.errors import RefusedError
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry
    from os2ctl.render.checklist import checklist_json, render_checklist
    from os2ctl.render.findings_text import render_text

    date = parse_today(today)
    loaded = load_registry(locate_registry(registry))
    entry_file = loaded.entry(entry_id)
    language = choose_language(lang, loaded.settings.language)
    if entry_file.model is None:
        report = check_registry(loaded, date, [entry_file.path])
        print_text(render_text(report, loaded.catalogue, language), stderr=True)
        raise RefusedError(f"{entry_file.path} has errors that must be fixed before its checklist can be shown")
    checklist = build_checklist(loaded, entry_id, date)
    if output_format is Format.json:
        echo(checklist_json(checklist))
    else:
        print_text(render_checklist(checklist, loaded.catalogue, language))
