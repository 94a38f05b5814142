"""`os2ctl report ID`: a product's governance report (self-evaluation) or evaluation report."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import EntryIdArgument, LanguageOption, RegistryOption, TodayOption, choose_language, parse_today


class Kind(str, enum.Enum):
    """Which report."""

    self = "self"
    evaluation = "evaluation"


class Format(str, enum.Enum):
    """Output formats of `report`."""

    markdown = "markdown"
    html = "html"


@handle_errors
def report(
    entry_id: EntryIdArgument,
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="self: the product's own governance report "
                                       "(✅ ❌ ➖ ❓); evaluation: the secretariat's grades (🟢 🟡 🔴 ⚪), a "
                                       "summary and the recommended level.")] = Kind.self,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                                   help="Write to FILE instead of standard output.")] = None,
    lang: LanguageOption = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Render an entry's governance report as Markdown or HTML, from its `requirements` records."""
    from os2ctl.check import check_registry
    from os2ctl.cli.console import echo, print_text, write_document
    from os2ctl.errors import RefusedError, UsageError
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry
    from os2ctl.render.findings_text import render_text
    from os2ctl.report import render_report

    date = parse_today(today)
    loaded = load_registry(locate_registry(registry))
    entry_file = loaded.entry(entry_id)
    language = choose_language(lang, loaded.settings.language)
    if entry_file.model is None:
        print_text(render_text(check_registry(loaded, date, [entry_file.path]), loaded.catalogue, language), stderr=True)
        raise RefusedError(f"{entry_file.path} has errors that must be fixed before its report can be made")
    text = render_report(loaded, entry_id, kind=kind.value, fmt=output_format.value, today=date, language=language)
    if output is None:
        echo(text, nl=False)
    else:
        if not output.parent.is_dir():
            raise UsageError(f"--output: the folder {output.parent} does not exist")
        write_document(output, text)
