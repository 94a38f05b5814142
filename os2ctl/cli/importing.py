"""`os2ctl import ...`: new entries (and evidence) from documents in other formats (a typer sub-app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.import_govreport import import_governance_report
from os2ctl.cli.options import RegistryOption, TodayOption, choose_language, parse_today

app = typer.Typer(
    name="import", help="Propose entries from documents in other formats.", no_args_is_help=True,
    add_completion=False, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("governance-report")(import_governance_report)


@app.command("publiccode")
@handle_errors
def publiccode(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A publiccode.yml (standard version 0.2 to 0.4).")],
    entry_id: Annotated[Optional[str], typer.Option(
        "--id", metavar="ID", show_default=False,
        help="The new entry's id (default: made from the name, 'OS2 Søgning' → os2-soegning).")] = None,
    level: Annotated[str, typer.Option("--level", "-l", metavar="L", help="The proposed level.")] = "N1",
    municipality: Annotated[Optional[list[str]], typer.Option(
        "--municipality", "-m", metavar="NAME|CODE", show_default=False,
        help="Participating municipality (repeat for more); replaces those read from usedBy.")] = None,
    contact_name: Annotated[Optional[str], typer.Option("--contact-name", metavar="NAME", show_default=False,
                                                        help="Contact (default: the first maintenance contact).")] = None,
    contact_organisation: Annotated[Optional[str], typer.Option("--contact-organisation", metavar="ORG", show_default=False,
                                                                 help="The contact's organisation.")] = None,
    contact_email: Annotated[Optional[str], typer.Option("--contact-email", metavar="EMAIL", show_default=False,
                                                          help="The contact's e-mail.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", metavar="da|en", help="da or en: language of the new file's comments and "
                                                "the description read first (default: the registry's).")] = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Propose a new entry (status idea) from a publiccode.yml, through the same code path as `os2ctl new`.

    Exit status: 0 written and clean, 1 the file breaks the standard or the entry exists, 2 usage error."""
    from os2ctl import new_entry as core
    from os2ctl.cli.console import print_text
    from os2ctl.errors import UsageError
    from os2ctl.findings import exit_code
    from os2ctl.publiccode_import import PubliccodeError, read_publiccode
    from os2ctl.registry.locate import display_path, locate_registry
    from os2ctl.render.findings_text import render_text
    from os2ctl.render.new_entry import render_created, render_next_step

    date = parse_today(today)
    root = locate_registry(registry)
    settings = core.read_settings(root)
    language = choose_language(lang, settings.language)
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    try:
        imported = read_publiccode(str(file), file.read_bytes(), language)
    except PubliccodeError as exc:
        for line in exc.problems:
            typer.echo(line, err=True)
        raise
    for line in imported.warnings:
        typer.echo(f"warning: {line}", err=True)
    fields = _fields(imported.fields, level.upper(), municipality, contact_name, contact_organisation, contact_email)
    chosen = entry_id or core.suggest_id(fields.title)
    if chosen is None:
        raise UsageError(f"cannot make an id from the name '{fields.title}': give --id")
    for note in _notes(imported, municipality, contact_name):
        typer.echo(f"note: {note}", err=True)
    created = core.create_entry(root, chosen, fields, language=language, today=date)
    shown = f"{display_path(root)}/{created.relative}"
    print_text(render_created(shown, fields.level, created.needs, not created.report.findings, language))
    if created.report.findings:
        from os2ctl.catalogue import load_catalogue

        print_text(render_text(created.report, load_catalogue(settings.model), language), stderr=True)
    print_text(render_next_step(None, language))
    raise typer.Exit(exit_code(created.report.findings))


def _fields(read: dict, level: str, municipality, contact_name, contact_organisation, contact_email):
    """The new entry's fields: what the file says, with the options winning; missing ones are a usage error."""
    from os2ctl.entry_fields import NewEntryFields
    from os2ctl.errors import UsageError

    contact = read["contact"] or {}
    municipalities = list(municipality) if municipality else read["municipalities"]
    name = contact_name or contact.get("name")
    missing = [option for option, value in (("--municipality", municipalities), ("--contact-name", name)) if not value]
    if missing:
        raise UsageError(f"the publiccode.yml does not give what a new entry needs: give {' and '.join(missing)}")
    return NewEntryFields(
        title=read["title"], summary=read["summary"], municipalities=municipalities, contact_name=name,
        contact_organisation=contact_organisation or (None if contact_name else contact.get("organisation")),
        contact_email=contact_email or (None if contact_name else contact.get("email")),
        level=level, supplier=read["supplier"], license=read["license"], repository=read["repository"],
    )


def _notes(imported, municipality, contact_name) -> list[str]:
    notes = [n for n in imported.notes if not (municipality and "--municipality" in n)
             and not (contact_name and "--contact-name" in n)]
    if imported.fields["participants"]:
        notes.append("usedBy names bodies that are not municipalities; add them to `participants` by hand: "
                     + ", ".join(imported.fields["participants"]))
    return notes
