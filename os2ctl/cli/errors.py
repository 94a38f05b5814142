"""One error handler for every command: user errors are one line, bugs exit 3."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer

from os2ctl.errors import Os2ctlError

INTERNAL_ERROR = 3


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Os2ctlError into `os2ctl: error: ...` and its exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Os2ctlError as exc:
            fail(str(exc), exc.exit_code)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            fail(f"internal error: {type(exc).__name__}: {exc} (please report this at the os2ctl issue tracker)",
                 INTERNAL_ERROR)

    return wrapper


def fail(message: str, code: int) -> None:
    """Print one error line to stderr and exit with `code`."""
    from os2ctl.safe_text import one_line, safe_output

    print(safe_output(f"os2ctl: error: {one_line(message)}"), file=sys.stderr)
    raise typer.Exit(code)
