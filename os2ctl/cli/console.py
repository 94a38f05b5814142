"""The terminal: colours only on a terminal, NO_COLOR respected, no wrapping of long lines."""

from __future__ import annotations

import sys

from rich.console import Console, RenderableType


def console(stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr); rich honours NO_COLOR and non-terminals.

    Off a terminal (CI logs, pipes) tables get room instead of the 80 columns rich assumes.
    """
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(file=stream, highlight=False, soft_wrap=True, width=width)


def print_text(renderable: RenderableType, stderr: bool = False) -> None:
    """Print a rich renderable (Text, Table) without re-wrapping it."""
    console(stderr).print(renderable, end="")
