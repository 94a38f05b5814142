"""`os2ctl requirements`: print the requirement catalogue."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption, choose_language


class Format(str, enum.Enum):
    """Output formats of `requirements`."""

    text = "text"
    json = "json"
    markdown = "markdown"


@handle_errors
def requirements(
    level: Annotated[Optional[str], typer.Option("--level", "-l", help="Only what an entry at this level must "
                                                  "meet (levels are cumulative: N2 includes N1).")] = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    model: Annotated[Optional[str], typer.Option("--model", help="Governance model (default: the "
                                                  "registry's, else os2-2016).")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="da or en (default: the registry's language, else da).")] = None,
    registry: RegistryOption = None,
) -> None:
    """Print the requirement catalogue: id, level, theme, kind, due stage, title and report section."""
    from os2ctl.catalogue import load_catalogue
    from os2ctl.cli.console import echo, print_text
    from os2ctl.cli.context import registry_defaults
    from os2ctl.errors import UsageError
    from os2ctl.render import catalogue as render

    default_model, default_language = registry_defaults(registry)
    catalogue = load_catalogue(model or default_model)
    language = choose_language(lang, default_language)
    if level is not None and level not in catalogue.levels:
        raise UsageError(f"--level: '{level}' is not a level of {catalogue.id} ({', '.join(catalogue.levels)})")
    rows = catalogue.up_to(level) if level else list(catalogue.requirements)
    if output_format is Format.json:
        echo(render.as_json(catalogue, rows))
    elif output_format is Format.markdown:
        echo(render.as_markdown(catalogue, rows, language), nl=False)
    else:
        print_text(render.as_table(catalogue, rows, language))
