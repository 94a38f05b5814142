"""The `os2ctl` command: a typer app with one small module per command.

Command modules import the core inside their functions, so `os2ctl --help` stays fast.
"""

from __future__ import annotations

import importlib

import typer

from os2ctl import __version__

app = typer.Typer(
    name="os2ctl",
    help="Run OS2's governance model over a Git-backed YAML registry: one file per project or "
    "product, checked against the requirements of its level (N1, N2, N3) and its stage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)

# (command name, module in os2ctl.cli, function name)
COMMANDS = [
    ("check", "check", "check"),
    ("show", "show", "show"),
    ("new", "new", "new"),
    ("reclassify", "reclassify", "reclassify"),
    ("decide", "decide", "decide"),
    ("agenda", "agenda", "agenda"),
    ("portfolio", "portfolio", "portfolio"),
    ("report", "report", "report"),
    ("requirements", "requirements", "requirements"),
    ("codeowners", "codeowners", "codeowners"),
    ("schema", "schema", "schema"),
    ("migrate", "migrate", "migrate"),
]
# Older spelling of `import governance-report`, kept working but not listed.
HIDDEN_COMMANDS = [("import-governance-report", "import_govreport", "import_governance_report")]

# Command groups: (group name, module in os2ctl.cli, the typer app in it) — `os2ctl export publiccode ID`.
GROUPS = [
    ("export", "export", "app"),
    ("import", "importing", "app"),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"os2ctl {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Run OS2's governance model over a Git-backed YAML registry."""


for _name, _module, _function in COMMANDS:
    app.command(_name)(getattr(importlib.import_module(f"os2ctl.cli.{_module}"), _function))
for _name, _module, _function in HIDDEN_COMMANDS:
    app.command(_name, hidden=True)(getattr(importlib.import_module(f"os2ctl.cli.{_module}"), _function))
for _name, _module, _attribute in GROUPS:
    app.add_typer(getattr(importlib.import_module(f"os2ctl.cli.{_module}"), _attribute), name=_name)


def main() -> None:
    """Entry point of the `os2ctl` script."""
    app()
