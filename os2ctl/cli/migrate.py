"""`os2ctl migrate --to MODEL`: move every entry of the registry to another governance model."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption


class Format(str, enum.Enum):
    """Output formats of `migrate`."""

    text = "text"
    json = "json"


@handle_errors
def migrate(
    to: Annotated[str, typer.Option("--to", metavar="MODEL", help="The governance model to move to, e.g. os2-2025.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    registry: RegistryOption = None,
) -> None:
    """Map the entries' recorded requirements to the new model's ids (the mapping is data in the
    catalogue), keep what has no counterpart as comments, switch os2ctl.yaml to the new model, and
    list what needs a person."""
    from os2ctl.catalogue import available_models
    from os2ctl.cli.console import echo
    from os2ctl.errors import UsageError
    from os2ctl.migrate import apply_migration, plan_migration
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry
    from os2ctl.render.migration import migration_json, migration_text
    from os2ctl.text import did_you_mean

    if to not in available_models():
        raise UsageError(f"--to: unknown governance model '{to}'{did_you_mean(to, available_models())}; "
                         f"known: {', '.join(available_models())}")
    loaded = load_registry(locate_registry(registry))
    plan = plan_migration(loaded, to)
    written = None if dry_run else apply_migration(loaded, plan)
    render = migration_json if output_format is Format.json else migration_text
    echo(render(plan, written), nl=output_format is Format.json)
