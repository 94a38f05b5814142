"""`os2ctl reclassify [ID...]`: propose level changes; `--apply` writes `proposal:` into the entries."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from os2ctl.cli.errors import handle_errors
from os2ctl.cli.options import LanguageOption, RegistryOption, TodayOption, choose_language, parse_today


class Format(str, enum.Enum):
    """Output formats of `reclassify`."""

    text = "text"
    json = "json"


@handle_errors
def reclassify(
    entry_ids: Annotated[Optional[list[str]], typer.Argument(
        metavar="[ID]...", show_default=False, help="Entries to review (default: every entry).")] = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text for people, json for tools.")]
    = Format.text,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Write each proposal into its entry as `proposal:` (level, date, reasons), and remove "
        "proposals that no longer hold. Only those lines change.")] = False,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there is a proposal (for scheduled CI jobs).")] = False,
    lang: LanguageOption
    = None,
    registry: RegistryOption = None,
    today: TodayOption = None,
) -> None:
    """Propose level changes from the requirements: up when an entry meets every requirement of a higher
    level due at its status, down when it fails a requirement of its own level that a lower level does not
    have. Only the board decides: record its decision with `os2ctl decide ID --action reclassify`.

    Exit status: 0 (or 1 with --exit-code when there is a proposal), 2 usage error or no registry.
    """
    from os2ctl.cli.console import echo, print_text
    from os2ctl.reclassify import propose_all, write_proposal
    from os2ctl.registry.loader import load_registry
    from os2ctl.registry.locate import locate_registry
    from os2ctl.render import proposals as render

    date = parse_today(today)
    loaded = load_registry(locate_registry(registry))
    language = choose_language(lang, loaded.settings.language)
    for entry_id in entry_ids or []:
        if loaded.entry(entry_id).model is None:
            echo(f"os2ctl: warning: {loaded.entries[entry_id].path} has errors and was skipped "
                 "(run `os2ctl check`)", err=True)
    chosen = list(dict.fromkeys(entry_ids)) if entry_ids else sorted(loaded.entries)
    proposals = propose_all(loaded, date, chosen)
    if output_format is Format.json:
        echo(render.render_json(proposals, language))
    else:
        print_text(render.render_text(proposals, len(chosen), language))
    if apply:
        by_entry = {p.entry: p for p in proposals}
        for entry_id in chosen:
            entry_file = loaded.entries[entry_id]
            if entry_file.model is None:
                continue
            outcome = write_proposal(loaded, entry_file, by_entry.get(entry_id), date, language)
            if outcome != "unchanged":
                message = f"{outcome} proposal: {entry_file.path}"
                echo(message, err=output_format is Format.json)
    raise typer.Exit(1 if exit_code and proposals else 0)
