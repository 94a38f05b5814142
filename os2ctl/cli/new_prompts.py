"""The questions `os2ctl new` asks on a terminal, with defaults, validation and municipality completion."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import typer

from os2ctl import municipalities
from os2ctl import new_entry as core
from os2ctl.errors import UsageError
from os2ctl.models.common import EMAIL_RE
from os2ctl.text import described

TEXTS = {
    "da": {
        "title": "Titel (idéens navn, kort)",
        "id": "Id (filnavnet i portfolio/; små bogstaver, tal og bindestreger)",
        "summary": "Resumé: hvad er idéen, og hvad skal den løse?",
        "contact_name": "Dit navn (kontaktperson)",
        "contact_organisation": "Din organisation (fx din kommune; Enter for ingen)",
        "contact_email": "Din e-mail (Enter for ingen)",
        "municipalities": "Deltagende kommuner (adskilt med komma; Tab fuldender)",
        "empty": "skriv venligst noget",
        "not_described": "beskriv idéen med et par ord (ikke kun en pladsholder som TODO)",
        "email": "'{value}' er ikke en e-mailadresse",
        "exists": "{path} findes allerede; vælg et andet id",
        "ambiguous": "'{value}' passer på flere kommuner: {names}",
        "unknown": "'{value}' er ikke en af de 98 kommuner",
        "did_you_mean": "'{value}' er ikke en kommune. Mente du {name}?",
        "none": "mindst én kommune skal deltage",
    },
    "en": {
        "title": "Title (the idea's name, short)",
        "id": "Id (the file name in portfolio/; lower-case letters, digits and hyphens)",
        "summary": "Summary: what is the idea, and what should it solve?",
        "contact_name": "Your name (contact person)",
        "contact_organisation": "Your organisation (e.g. your municipality; Enter for none)",
        "contact_email": "Your e-mail (Enter for none)",
        "municipalities": "Participating municipalities (comma-separated; Tab completes)",
        "empty": "please type something",
        "not_described": "describe the idea in a few words (not just a placeholder such as TODO)",
        "email": "'{value}' is not an e-mail address",
        "exists": "{path} already exists; choose another id",
        "ambiguous": "'{value}' matches several municipalities: {names}",
        "unknown": "'{value}' is not one of the 98 municipalities",
        "did_you_mean": "'{value}' is not a municipality. Did you mean {name}?",
        "none": "at least one municipality must participate",
    },
}


@dataclass
class Answers:
    """What the proposer has given so far (options) or answered (prompts)."""

    entry_id: str | None = None
    title: str | None = None
    summary: str | None = None
    municipalities: list[str] | None = None
    contact_name: str | None = None
    contact_organisation: str | None = None
    contact_email: str | None = None


def ask(root: Path, given: Answers, language: str) -> Answers:
    """Ask for every answer not given as an option, validating each before moving on."""
    texts = TEXTS[language]
    answers = Answers(**vars(given))
    if answers.title is None:
        answers.title = typer.prompt(texts["title"], value_proc=_required(texts))
    if answers.entry_id is None:
        suggestion = core.suggest_id(answers.title)
        default = core.unique_id(root, suggestion) if suggestion else None
        answers.entry_id = typer.prompt(texts["id"], default=default, value_proc=_entry_id(root, texts))
    if answers.summary is None:
        answers.summary = typer.prompt(texts["summary"], value_proc=_summary(texts))
    if answers.contact_name is None:
        answers.contact_name = typer.prompt(texts["contact_name"], value_proc=_required(texts))
    if answers.contact_organisation is None:
        answers.contact_organisation = typer.prompt(texts["contact_organisation"], default="", show_default=False)
    if answers.contact_email is None:
        answers.contact_email = typer.prompt(texts["contact_email"], default="", show_default=False,
                                             value_proc=_email(texts))
    if answers.municipalities is None:
        answers.municipalities = ask_municipalities(texts, _home(answers.contact_organisation))
    return answers


def _required(texts: dict) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not value.strip():
            raise typer.BadParameter(texts["empty"])
        return value.strip()

    return check


def _summary(texts: dict) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not described(value):
            raise typer.BadParameter(texts["not_described"])
        return value.strip()

    return check


def _email(texts: dict) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value and not EMAIL_RE.match(value):
            raise typer.BadParameter(texts["email"].format(value=value))
        return value

    return check


def _entry_id(root: Path, texts: dict) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        problem = core.id_problem(value)
        if problem:
            raise typer.BadParameter(problem)
        existing = core.existing_entry(root, value)
        if existing:
            raise typer.BadParameter(texts["exists"].format(path=existing))
        return value

    return check


def _home(organisation: str | None) -> str | None:
    """The contact's own municipality, when the organisation is one (`Aarhus Kommune` → Aarhus)."""
    found = municipalities.resolve(organisation) if organisation else None
    return found.name if found else None


def ask_municipalities(texts: dict, default: str | None) -> list[str]:
    """Municipality names, completed by prefix and corrected by spelling, until all are known."""
    with completion([m.name for m in municipalities.all_municipalities()]):
        while True:
            raw = typer.prompt(texts["municipalities"], default=default)
            names = _resolve_answer(raw, texts)
            if names:
                return names


def _resolve_answer(raw: str, texts: dict) -> list[str] | None:
    names: list[str] = []
    for part in (p.strip() for p in raw.split(",")):
        if part:
            name = _resolve_one(part, texts)
            if name is None:
                return None
            names.append(name)
    if not names:
        typer.echo(f"Error: {texts['none']}")
        return None
    return list(dict.fromkeys(names))


def _resolve_one(part: str, texts: dict) -> str | None:
    try:
        return core.resolve_municipality(part)
    except UsageError:
        pass
    matches = completions(part)
    if len(matches) == 1:
        return matches[0]
    if matches:
        typer.echo(f"Error: {texts['ambiguous'].format(value=part, names=', '.join(matches))}")
        return None
    closest = municipalities.closest_name(part)
    if closest and typer.confirm(texts["did_you_mean"].format(value=part, name=closest), default=True):
        return closest
    if not closest:
        typer.echo(f"Error: {texts['unknown'].format(value=part)}")
    return None


def completions(prefix: str) -> list[str]:
    """Official names starting with `prefix`, compared with æ/ø/å folded (`aero` finds Ærø)."""
    folded = municipalities.fold(prefix.strip())
    return [m.name for m in municipalities.all_municipalities() if municipalities.fold(m.name).startswith(folded)]


@contextlib.contextmanager
def completion(names: list[str]) -> Iterator[None]:
    """Tab completion of the comma-separated item being typed, with readline on a real terminal."""
    readline = _readline() if sys.stdin.isatty() else None
    if readline is None:
        yield
        return
    old_completer, old_delims = readline.get_completer(), readline.get_completer_delims()

    def complete(text: str, state: int) -> str | None:
        lead = text[: len(text) - len(text.lstrip())]
        matches = [lead + name for name in completions(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer(complete)
    readline.set_completer_delims(",")
    try:
        yield
    finally:
        readline.set_completer(old_completer)
        readline.set_completer_delims(old_delims)


def _readline():
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline
        return None
    binding = "bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete"
    readline.parse_and_bind(binding)
    return readline
