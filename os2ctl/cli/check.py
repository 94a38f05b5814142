"""`os2ctl check`: validate the registry (or some of its files) for CI and pre-commit."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import RegistryOption, TodayOption, parse_today


class Format(str, enum.Enum):
    """Output formats of `check`."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


@handle_errors
def check(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Files or folders to check (default: the whole registry). "
                       "Cross-references are still resolved against the whole registry.", show_default=False),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text for people, json for tools, github for "
                             "pull-request annotations; auto picks github inside GitHub Actions, else text."),
    ] = Format.auto,
    registry: RegistryOption = None,
    today: TodayOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes for large cold runs "
                                                "(default: one per CPU).", show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every file again instead of reusing "
                                           "results of unchanged files.")] = False,
    base: Annotated[Optional[str], typer.Option(
        "--base", metavar="REV", show_default=False,
        help="Also compare each entry with its version at the Git revision REV (e.g. origin/main in a "
        "pull-request job) and report `transition` errors: status moves section 5 does not allow, changed or "
        "removed past decisions, entries deleted instead of closed.")] = None,
) -> None:
    """Check every entry against the requirements of its level and stage, and every file against the format.

    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error or no registry.
    """
    from os2ctl.checkrun import RunOptions, run_check
    from os2ctl.cli.console import echo
    from os2ctl.cli.selection import select_files
    from os2ctl.findings import exit_code
    from os2ctl.registry.locate import display_path, locate_registry

    date = parse_today(today)
    root = locate_registry(registry, start=paths[0] if paths else None)
    selected = select_files(root, paths) if paths else None
    _warn_without_libyaml()
    report = run_check(root, date, selected, RunOptions(jobs=jobs, use_cache=not no_cache))
    if base is not None:
        from os2ctl.transitions import with_transitions

        report = with_transitions(report, root, base, selected)
    shown = display_path(root)
    chosen = output_format
    if chosen is Format.auto:
        chosen = Format.github if os.environ.get("GITHUB_ACTIONS") == "true" else Format.text
    if chosen is Format.json:
        from os2ctl.render.findings_json import render_json

        echo(render_json(report, shown))
    elif chosen is Format.github:
        from os2ctl.render.github import render_github

        echo(render_github(report, shown), nl=False, commands=True)
    else:
        _print_text(root, report)
    raise typer.Exit(exit_code(report.findings, strict=strict))


def _print_text(root, report) -> None:
    """Text for people; the catalogue (for requirement titles) is loaded only when a finding needs it."""
    from os2ctl.cli.console import print_text
    from os2ctl.cli.context import registry_defaults
    from os2ctl.render.findings_text import render_text

    model, language = registry_defaults(root)
    catalogue = None
    if any(f.level for f in report.findings):
        from os2ctl.catalogue import available_models, load_catalogue

        catalogue = load_catalogue(model if model in available_models() else "os2-2016")
    print_text(render_text(report, catalogue, language))


def _warn_without_libyaml() -> None:
    """One line on stderr when PyYAML was built without libyaml: checks still work, ~5× slower."""
    import importlib.util

    if importlib.util.find_spec("yaml._yaml") is None:
        typer.echo("os2ctl: warning: PyYAML has no libyaml C extension; reading YAML with the slower "
                   "pure-Python parser", err=True)
