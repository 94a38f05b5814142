"""`os2ctl agenda --meeting DATE`: the board's agenda (or minutes skeleton) for a meeting."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption, TodayOption, parse_date, parse_today


class Format(str, enum.Enum):
    """Output formats of `agenda`."""

    markdown = "markdown"
    html = "html"


class Language(str, enum.Enum):
    """Languages of rendered documents."""

    da = "da"
    en = "en"


@handle_errors
def agenda(
    meeting: Annotated[str, typer.Option("--meeting", "-m", metavar="YYYY-MM-DD", show_default=False,
                                         help="The board meeting (a file in meetings/).")],
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Markdown, or one self-contained "
                                                  "HTML page for screen and A4 print.")] = Format.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                                   help="Write to FILE instead of standard output.")] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", show_default=False,
                                                     help="da or en (default: the registry's language).")] = None,
    minutes: Annotated[bool, typer.Option("--minutes", help="Render the minutes skeleton instead: one block per "
                                          "decision with the `os2ctl decide` commands (Markdown).")] = False,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Render the board's agenda for a meeting from the registry: decisions on new projects, level changes,
    budgets and steering groups; N1 projects, portfolio status, compliance, changes since the previous
    meeting; the annual portfolio review; the meeting's own items."""
    from os2ctl.agenda import board_meeting, build_agenda, template_folders
    from os2ctl.agenda.render import render_agenda, render_minutes
    from os2ctl.checkrun import run_check
    from os2ctl.cli.console import echo, write_document
    from os2ctl.errors import UsageError
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry

    if minutes and output_format is not Format.markdown:
        raise UsageError("--minutes renders Markdown only; leave out --format html")
    date, day = parse_date(meeting, "--meeting"), parse_today(today)
    if output is not None and not output.parent.resolve().is_dir():
        raise UsageError(f"--output: the folder {output.parent} does not exist")
    root = locate_registry(registry)
    loaded = load_registry(root)
    language = lang.value if lang else loaded.settings.language
    board_meeting(loaded, date)  # a wrong date fails before the whole registry is checked
    report = run_check(root, day, loaded=loaded)  # the findings of `check`, cached and parallel like it
    view = build_agenda(loaded, date, day, language, _link_prefix(loaded.root, output), report)
    folders = template_folders(loaded)
    text = render_minutes(view, folders) if minutes else render_agenda(view, output_format.value, folders)
    if output is None:
        echo(text, nl=False)
    else:
        write_document(output, text)


def _link_prefix(root: Path, output: Path | None) -> str:
    """Links to registry files are relative to the output file's folder (or to the registry root)."""
    if output is None:
        return ""
    relative = Path(os.path.relpath(root.resolve(), output.parent.resolve())).as_posix()
    return "" if relative == "." else relative + "/"
