"""`os2ctl codeowners`: a CODEOWNERS file so that the right people must approve pull requests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption


@handle_errors
def codeowners(
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="Write the file here (e.g. .github/CODEOWNERS) instead of printing it.")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 when the committed file (--output, else .github/CODEOWNERS, "
        "CODEOWNERS or docs/CODEOWNERS) differs from what organisation.yaml and the entries give.")] = False,
    registry: RegistryOption = None,
) -> None:
    """Generate CODEOWNERS from organisation.yaml (people with a `github` handle): settings, organisation and
    meetings are owned by the board and the business manager; each entry by its steering group or coordination
    group, else the business manager.
    """
    import difflib

    from os2ctl.cli.console import echo
    from os2ctl.codeowners import LOCATIONS, find_codeowners, render_codeowners, repository_root
    from os2ctl.edit import write_atomic
    from os2ctl.errors import RefusedError
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry

    root = locate_registry(registry)
    loaded = load_registry(root)
    repository = repository_root(root)
    target = output.resolve() if output else find_codeowners(repository)
    own = _inside(target, repository) if target else LOCATIONS[0]
    text = render_codeowners(loaded, _inside(root.resolve(), repository) or ".", own)
    if check:
        if target is None or not target.is_file():
            where = output or ", ".join(LOCATIONS)
            raise RefusedError(f"no CODEOWNERS file ({where}): create it with "
                               f"`os2ctl codeowners --output {output or LOCATIONS[0]}`")
        shown = _shown(target)
        current = target.read_text(encoding="utf-8")
        if current != text:
            diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), shown, "generated")
            echo("".join(diff), nl=False)
            raise RefusedError(f"{shown} is stale: regenerate it with `os2ctl codeowners --output {shown}`")
        typer.echo(f"{shown} is up to date")
        return
    if output is None:
        echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, text)
    typer.echo(f"wrote {output}")


def _shown(path: Path) -> str:
    """`path` relative to the current folder when it lies inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _inside(path: Path, repository: Path) -> str | None:
    """`path` relative to the repository root, or None when it lies outside."""
    try:
        return path.resolve().relative_to(repository).as_posix()
    except ValueError:
        return None
