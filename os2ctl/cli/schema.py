"""`os2ctl schema`: JSON Schema files for editors and other validators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors


@handle_errors
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Folder to write the schema files to.")]
    = Path("schemas"),
    model: Annotated[Optional[str], typer.Option("--model", help="Governance model whose levels and requirement ids "
                                                  "the entry schema lists.")] = "os2-2016",
) -> None:
    """Write JSON Schema files (os2ctl, organisation, entry, meeting) for yaml-language-server and check-jsonschema."""
    from os2ctl.catalogue import load_catalogue
    from os2ctl.edit import write_atomic
    from os2ctl.schemas import schema_documents

    output.mkdir(parents=True, exist_ok=True)
    for name, text in schema_documents(load_catalogue(model)).items():
        write_atomic(output / name, text)
        typer.echo(f"wrote {output / name}")
