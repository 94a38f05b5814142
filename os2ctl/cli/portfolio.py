"""`os2ctl portfolio`: the portfolio overview as a table, JSON, CSV, or a static site."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import LanguageOption, RegistryOption, TodayOption, choose_language, parse_today


class Format(str, enum.Enum):
    """Output formats of `portfolio`."""

    table = "table"
    json = "json"
    csv = "csv"


@handle_errors
def portfolio(
    output_format: Annotated[Format, typer.Option("--format", "-f", help="table for people, json or csv for tools.")]
    = Format.table,
    level: Annotated[Optional[list[str]], typer.Option("--level", "-l", metavar="L", show_default=False,
                     help="Only entries at this level (repeat for several).")] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", metavar="S", show_default=False,
                      help="Only entries with this status (repeat for several).")] = None,
    municipality: Annotated[Optional[list[str]], typer.Option("--municipality", "-m", metavar="M", show_default=False,
                            help="Only entries this municipality takes part in: name or 3-digit code "
                            "(repeat for several).")] = None,
    site: Annotated[Optional[Path], typer.Option("--site", metavar="DIR", show_default=False,
                    help="Write a static, self-contained website of the whole portfolio to DIR instead.")] = None,
    lang: LanguageOption = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """One row per project or product: level, status, project/product, municipalities, supplier,
    errors and warnings, latest report. Filters combine: --level N2 --status in_progress."""
    from os2ctl.checkrun import run_check
    from os2ctl.cli.console import echo
    from os2ctl.errors import UsageError
    from os2ctl.portfolio import parse_filters, portfolio_rows, select
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry

    date = parse_today(today)
    loaded = load_registry(locate_registry(registry))
    language = choose_language(lang, loaded.settings.language)
    filters = parse_filters(loaded, level or (), status or (), municipality or ())
    report = run_check(loaded.root, date, loaded=loaded)  # the findings of `check`, cached and parallel like it
    if site is not None:
        if level or status or municipality:
            raise UsageError("--site builds the whole portfolio; --level, --status and --municipality do not apply "
                             "(the site has its own filters)")
        _write_site(loaded, date, language, report, site)
        return
    rows = select(portfolio_rows(loaded, date, report), filters)
    from os2ctl.render import portfolio as render

    if output_format is Format.json:
        echo(render.as_json(rows))
    elif output_format is Format.csv:
        echo(render.as_csv(rows), nl=False)
    else:
        _print_table(render.as_table(rows, language))


def _print_table(table) -> None:
    import sys

    from rich.console import Console

    from os2ctl.cli.console import Safe

    # On a terminal rich fits the table to its width; in a pipe or file it keeps its natural width.
    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    if not out.is_terminal:
        out = Console(file=sys.stdout, highlight=False, soft_wrap=True, width=1000)
    out.print(Safe(table))


def _write_site(loaded, date, language, report, target: Path) -> None:
    from os2ctl.site import build_site
    from os2ctl.safe_text import safe_output
    from os2ctl.site_render import write_site

    files = build_site(loaded, date, language, report=report)
    write_site(target, {name: safe_output(text) for name, text in files.items()})
    pages = sum(1 for name in files if name.endswith(".html"))
    badges = sum(1 for name in files if name.endswith(".svg"))
    typer.echo(f"wrote {pages} pages and {badges} badges to {target} (open {target / 'index.html'})")
