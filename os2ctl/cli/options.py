"""Options shared by several commands (spec section 8, "Common options")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.errors import UsageError

RegistryOption = Annotated[
    Optional[Path],
    typer.Option(
        "--registry", "-r", metavar="DIR", show_default=False,
        help="Registry folder (the one holding os2ctl.yaml). Default: $OS2CTL_REGISTRY, "
        "else the nearest folder upward with os2ctl.yaml, else ./registry.",
    ),
]
EntryIdArgument = Annotated[str, typer.Argument(metavar="ID", help="The entry's id (its file name without .yaml).")]
LanguageOption = Annotated[
    Optional[str], typer.Option("--lang", metavar="da|en", help="da or en (default: the registry's language).")
]
TodayOption = Annotated[
    Optional[str],
    typer.Option(
        "--today", metavar="YYYY-MM-DD", show_default=False,
        help="The date that time-dependent rules use (report age). Default: today.",
    ),
]


def choose_language(lang: str | None, default: str) -> str:
    """The --lang value, or the registry's language; anything but da or en is a usage error."""
    language = lang or default
    if language not in ("da", "en"):
        raise UsageError(f"--lang: '{language}' is not one of da, en")
    return language


def parse_today(value: str | None) -> dt.date:
    """The --today date, or today; a malformed date is a usage error."""
    if value is None:
        return dt.date.today()
    return parse_date(value, "--today")


def parse_date(value: str, option: str) -> dt.date:
    """A YYYY-MM-DD date given on the command line."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date (use YYYY-MM-DD)") from None

