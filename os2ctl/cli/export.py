"""`os2ctl export ...`: registry data in formats other tools read (a typer sub-app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import EntryIdArgument, RegistryOption, TodayOption, parse_date, parse_today

app = typer.Typer(
    name="export", help="Write registry data in formats other tools read.", no_args_is_help=True,
    add_completion=False, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command("publiccode")
@handle_errors
def publiccode(
    entry_id: EntryIdArgument,
    category: Annotated[Optional[list[str]], typer.Option(
        "--category", "-c", metavar="CATEGORY", show_default=False,
        help="A category from the publiccode.yml categories list (required; repeat for more), "
        "e.g. identity-management.")] = None,
    platform: Annotated[Optional[list[str]], typer.Option(
        "--platform", metavar="PLATFORM", show_default=False, help="Where users use it: web, windows, mac, linux, ios, android "
        "(repeat for more; default: web).")] = None,
    software_type: Annotated[str, typer.Option("--software-type", metavar="TYPE", help="standalone/web, standalone/backend, "
                                               "standalone/desktop, library, addon, ...")] = "standalone/web",
    feature: Annotated[Optional[list[str]], typer.Option(
        "--feature", metavar="TEXT", show_default=False, help="A feature for description/<lang>/features (repeat for more; "
        "default: the sentences of the summary).")] = None,
    maintenance_until: Annotated[Optional[str], typer.Option(
        "--maintenance-until", metavar="YYYY-MM-DD", show_default=False,
        help="End of the supplier's maintenance contract (default: 31 December of this year).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                                   help="Write to FILE instead of standard output.")] = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Write a publiccode.yml (standard version 0.4) for an entry, checked against the standard's field rules.

    Exit status: 0 written, 1 the entry cannot give a valid file (e.g. no licence yet), 2 usage error."""
    from os2ctl.cli.console import echo, write_document
    from os2ctl.publiccode import ExportOptions, dump_publiccode, export_entry
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry

    date = parse_today(today)
    until = parse_date(maintenance_until, "--maintenance-until") if maintenance_until else None
    options = ExportOptions(tuple(category or ()), tuple(platform or ("web",)), software_type, tuple(feature or ()),
                            until)
    loaded = load_registry(locate_registry(registry))
    text = dump_publiccode(export_entry(loaded, entry_id, date, options), entry_id, date)
    if output is None:
        echo(text, nl=False)
    else:
        write_document(output, text)
        typer.echo(f"wrote {output}", err=True)
