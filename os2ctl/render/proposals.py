"""`reclassify --format text|json`: level change proposals for a board member (pure formatters)."""

from __future__ import annotations

import json

from rich.text import Text

from os2ctl.evaluate import Result
from os2ctl.reclassify import Proposal

_WORDS = {
    "en": {
        "up": "up", "down": "down", "proposal": "Proposal", "status": "status",
        "met": "Meets the {level} requirements due at status {status}:",
        "awaiting": "Only a board decision is missing – the one this proposal asks for:",
        "failed": "Fails these {level} requirements, which {lower} does not have:",
        "meets": "Meets every requirement of {level}.",
        "next": "Next step: the board decides at a meeting, e.g.",
        "section": "report section",
        "none": "No level changes to propose ({entries} reviewed).",
        "summary": "{count} proposal(s): {up} up, {down} down ({entries} reviewed).",
        "entries": ("entry", "entries"),
    },
    "da": {
        "up": "op", "down": "ned", "proposal": "Forslag", "status": "status",
        "met": "Opfylder de krav på {level}, som gælder ved status {status}:",
        "awaiting": "Mangler kun en beslutning i bestyrelsen – den, forslaget beder om:",
        "failed": "Opfylder ikke disse krav på {level}, som {lower} ikke har:",
        "meets": "Opfylder alle krav på {level}.",
        "next": "Næste skridt: bestyrelsen beslutter på et møde, fx",
        "section": "rapportens afsnit",
        "none": "Ingen niveauændringer at foreslå ({entries} gennemgået).",
        "summary": "{count} forslag: {up} op, {down} ned ({entries} gennemgået).",
        "entries": ("indgang", "indgange"),
    },
}


def render_text(proposals: list[Proposal], entries: int, language: str = "da") -> Text:
    """Each proposal with the requirements behind it (titles and report sections), then a summary."""
    words = _WORDS[language]
    entries = f"{entries} {words['entries'][0 if entries == 1 else 1]}"
    out = Text()
    for proposal in proposals:
        _append_proposal(out, proposal, words, language)
    if not proposals:
        out.append(words["none"].format(entries=entries) + "\n", style="green")
        return out
    up = sum(1 for p in proposals if p.direction == "up")
    summary = words["summary"].format(count=len(proposals), up=up, down=len(proposals) - up, entries=entries)
    out.append(summary + "\n", style="bold")
    return out


def render_json(proposals: list[Proposal], language: str = "da") -> str:
    """`{"proposals": [...]}` as in spec section 8."""
    return json.dumps({"proposals": [p.as_dict(language) for p in proposals]}, ensure_ascii=False, indent=2)


def _append_proposal(out: Text, proposal: Proposal, words: dict[str, str], language: str) -> None:
    arrow = f"{proposal.current} → {proposal.proposed} ({words[proposal.direction]})"
    out.append(f"{proposal.entry}", style="bold")
    out.append(f" — {proposal.title}\n")
    out.append(f"  {words['proposal']}: ")
    out.append(arrow, style="bold cyan")
    out.append(f", {words['status']} {proposal.status}\n")
    if proposal.direction == "up":
        out.append("  " + words["met"].format(level=proposal.proposed, status=proposal.status) + "\n")
        for result in proposal.met:
            _append_result(out, "✔", "green", result, words, language)
        if proposal.awaiting:
            out.append("  " + words["awaiting"] + "\n")
            for result in proposal.awaiting:
                _append_result(out, "…", "yellow", result, words, language)
    else:
        out.append("  " + words["failed"].format(level=proposal.current, lower=proposal.proposed) + "\n")
        for result in proposal.failed:
            _append_result(out, "✖", "red", result, words, language, with_message=True)
        out.append("  " + words["meets"].format(level=proposal.proposed) + "\n")
    out.append(f"  {words['next']}\n")
    command = f"os2ctl decide {proposal.entry} --action reclassify --level {proposal.proposed} --meeting YYYY-MM-DD"
    out.append(f"    {command}\n\n", style="dim")


def _append_result(out: Text, mark: str, style: str, result: Result, words: dict[str, str], language: str,
                   with_message: bool = False) -> None:
    requirement = result.requirement
    out.append(f"    {mark} ", style=style)
    out.append(f"{requirement.title.get(language)} ({words['section']} {requirement.section})")
    if with_message and result.message:
        out.append(f": {result.message}", style="dim")
    out.append("\n")
