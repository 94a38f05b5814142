"""The terminal: colours only on a terminal, NO_COLOR respected, no wrapping of long lines.

Everything a command prints or writes as a document goes through `echo`, `print_text` or
`write_document`, which pass it through `os2ctl.safe_text.safe_output`: no full CPR number
and no terminal control sequence from the registry reaches a terminal, a CI log or a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from os2ctl.safe_text import safe_output


def console(stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr); rich honours NO_COLOR and non-terminals.

    Off a terminal (CI logs, pipes) tables get room instead of the 80 columns rich assumes.
    """
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(file=stream, highlight=False, soft_wrap=True, width=width)


def print_text(renderable: RenderableType, stderr: bool = False) -> None:
    """Print a rich renderable (Text, Table) without re-wrapping it."""
    console(stderr).print(Safe(renderable), end="")


def echo(text: str, *, err: bool = False, nl: bool = True, commands: bool = False) -> None:
    """Print plain text (JSON, CSV, Markdown, messages); `commands` only for GitHub workflow commands."""
    typer.echo(safe_output(text, commands=commands), err=err, nl=nl)


def write_document(path: Path, text: str) -> None:
    """Write a rendered document (agenda, report, export) atomically."""
    from os2ctl.edit import write_atomic

    write_atomic(path, safe_output(text))


class Safe:
    """A renderable whose text segments pass through `safe_output` (rich's own styles stay)."""

    def __init__(self, renderable: RenderableType) -> None:
        if isinstance(renderable, Text):  # printed directly, a Text ends with print's `end`, not its own
            renderable = renderable.copy()
            renderable.end = ""
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(safe_output(segment.text), segment.style)
