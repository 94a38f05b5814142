"""publiccode.yml (standard version 0.4): export an entry.

Which registry field becomes which publiccode key is listed in the README; `export_entry` here
and `os2ctl.publiccode_import.read_publiccode` are the two directions of that one mapping, so
that an exported file reads back into the same title, summary, municipalities, contact,
supplier, licence and repository.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from os2ctl import municipalities as towns
from os2ctl.errors import RefusedError, UsageError
from os2ctl.lifecycle import is_open
from os2ctl.publiccode_rules import errors, validate
from os2ctl.publiccode_vocabulary import CATEGORIES, SOFTWARE_TYPES, VERSION
from os2ctl.registry.loader import Registry
from os2ctl.text import described, did_you_mean

DEVELOPMENT_STATUS = {"idea": "concept", "concept": "concept", "approved": "concept", "in_progress": "development",
                      "in_operation": "stable", "retired": "obsolete", "stopped": "obsolete", "rejected": "obsolete"}
SHORT, LONG_MIN, LONG_MAX = 150, 150, 10000
CLOSING_ACTIONS = ("retire", "stop", "reject")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"'(])")
# Official names that are not "<name> Kommune".
LABELS = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


@dataclass(frozen=True)
class ExportOptions:
    """What the registry does not record and publiccode.yml requires."""

    categories: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ("web",)
    software_type: str = "standalone/web"
    features: tuple[str, ...] = ()
    maintenance_until: dt.date | None = None  # default: 31 December of the current year


def export_entry(registry: Registry, entry_id: str, today: dt.date, options: ExportOptions) -> dict[str, Any]:
    """The publiccode.yml document of one entry; refuses what would not be a valid file."""
    _check_options(options)
    entry = _valid_entry(registry, entry_id)
    language = registry.settings.language
    section = {"shortDescription": short_description(entry.summary), "longDescription": _long_description(entry),
               "features": list(options.features) or sentences(entry.summary)}
    documentation = getattr(entry.requirements, "documentation", None)
    if documentation is not None and _is_web(documentation.evidence):
        section["documentation"] = documentation.evidence.strip()
    document = {
        "publiccodeYmlVersion": VERSION, "name": entry.title, "url": entry.repository,
        "platforms": list(options.platforms), "categories": list(options.categories),
        "usedBy": [municipality_label(m) for m in entry.municipalities] + list(entry.participants),
        "developmentStatus": DEVELOPMENT_STATUS[entry.status], "softwareType": options.software_type,
        "intendedAudience": {"countries": ["dk"]},
        "description": {language: section},
        "legal": {"license": entry.license},
        "maintenance": _maintenance(entry, options.maintenance_until or dt.date(today.year, 12, 31), today),
        "localisation": {"localisationReady": False, "availableLanguages": [language]},
    }
    if not document["usedBy"]:
        del document["usedBy"]
    problems = errors(validate(document))
    if problems:
        raise RefusedError(f"{entry_id}: cannot write a valid publiccode.yml: "
                           + "; ".join(f"{p.key} {p.message}" for p in problems))
    return document


def _check_options(options: ExportOptions) -> None:
    if not options.categories:
        raise UsageError("publiccode.yml needs at least one category from the standard's categories list "
                         "(https://yml.publiccode.tools/categories-list.html): give --category, e.g. "
                         "--category it-management")
    for category in options.categories:
        if category not in CATEGORIES:
            raise UsageError(f"--category: '{category}' is not in the publiccode.yml categories list"
                             f"{did_you_mean(category, CATEGORIES)}")
    if options.software_type not in SOFTWARE_TYPES:
        raise UsageError(f"--software-type: '{options.software_type}' is not one of {', '.join(SOFTWARE_TYPES)}")


def _valid_entry(registry: Registry, entry_id: str) -> Any:
    entries = registry.entries
    if entry_id not in entries:
        raise UsageError(f"no entry '{entry_id}' in the registry{did_you_mean(entry_id, entries)}")
    entry = entries[entry_id].model
    if entry is None:
        raise RefusedError(f"{entries[entry_id].path} has errors that must be fixed first (see os2ctl check)")
    missing = [(key, why) for key, why in (
        ("repository", "publiccode.yml `url` is the source repository"),
        ("license", "publiccode.yml `legal/license` is mandatory; the licence requirement is due at concept"),
    ) if not getattr(entry, key)]
    if missing:
        raise RefusedError(f"{entry_id} has no " + " and no ".join(f"`{k}` ({why})" for k, why in missing))
    return entry


def _is_web(text: Any) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://\S+$", text.strip()))


def flat(text: Any) -> str:
    """The text with its whitespace made single (folded YAML, line breaks)."""
    return " ".join(text.split()) if isinstance(text, str) else ""


def sentences(text: str) -> list[str]:
    """The sentences of a text, whitespace made single."""
    return [s for s in _SENTENCE_END.split(flat(text)) if s]


def short_description(summary: str) -> str:
    """The summary's first sentence, cut at a word to at most 150 characters."""
    first = (sentences(summary) or [""])[0]
    if len(first) <= SHORT:
        return first
    return first[: SHORT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _long_description(entry: Any) -> str:
    """The summary, then the described value texts, one paragraph each, within 10,000 characters."""
    paragraphs = [flat(entry.summary)]
    paragraphs += [flat(t) for t in (entry.value.local, entry.value.others, entry.value.common) if described(t)]
    while len("\n\n".join(paragraphs)) > LONG_MAX and len(paragraphs) > 1:
        paragraphs.pop()
    text = "\n\n".join(paragraphs)
    return text if len(text) <= LONG_MAX else text[: LONG_MAX - 1] + "…"


def municipality_label(value: Any) -> str:
    """`Aarhus Kommune`, `Københavns Kommune`: how a municipality names itself in usedBy."""
    found = towns.lookup(value)
    if found is None:
        return str(value)
    return LABELS.get(found.name, f"{found.name} Kommune")


def _maintenance(entry: Any, until: dt.date, today: dt.date) -> dict[str, Any]:
    contact = {"name": entry.contact.name, "email": entry.contact.email, "affiliation": entry.contact.organisation}
    contacts = [{k: v for k, v in contact.items() if v}]
    if not is_open(entry.status):
        # Closed: nobody maintains it any more; a supplier's contract ended with the closing decision.
        closed = [d.date for d in entry.decisions if d.action in CLOSING_ACTIONS]
        ended = max(closed, default=today)
        contractors = [{"name": entry.supplier, "until": ended.isoformat()}] if entry.supplier else []
        return {"type": "none", **({"contractors": contractors} if contractors else {}), "contacts": contacts}
    if entry.supplier:
        return {"type": "contract", "contractors": [{"name": entry.supplier, "until": until.isoformat()}],
                "contacts": contacts}
    return {"type": "internal", "contacts": contacts}


class _Dumper(yaml.SafeDumper):
    """Block style; texts with line breaks as literal blocks."""


def _text_representer(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text_representer)


def dump_publiccode(document: dict[str, Any], entry_id: str, today: dt.date) -> str:
    """The document as publiccode.yml text with a short header comment."""
    header = (f"# publiccode.yml (standard version {VERSION}, https://yml.publiccode.tools) for the OS2 entry "
              f"'{entry_id}',\n# written by `os2ctl export publiccode` on {today.isoformat()} from the registry.\n")
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return header + body
