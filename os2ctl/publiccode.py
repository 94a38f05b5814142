"""publiccode.yml (standard version 0.4): export an entry, and read a file into fields for a new entry.

Which registry field becomes which publiccode key is listed in the README ("publiccode.yml");
`export_entry` and `read_publiccode` are the two directions of that one mapping, so that an
exported file reads back into the same title, summary, municipalities, contact, supplier,
licence and repository.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from os2ctl import municipalities as towns
from os2ctl.errors import RefusedError, UsageError
from os2ctl.lifecycle import is_open
from os2ctl.publiccode_rules import CATEGORIES, SOFTWARE_TYPES, VERSION, Problem, errors, validate
from os2ctl.registry.loader import Registry
from os2ctl.registry.yamlread import read_document
from os2ctl.text import described, did_you_mean

DEVELOPMENT_STATUS = {"idea": "concept", "concept": "concept", "approved": "concept", "in_progress": "development",
                      "in_operation": "stable", "retired": "obsolete", "stopped": "obsolete", "rejected": "obsolete"}
SHORT, LONG_MIN, LONG_MAX = 150, 150, 10000
CLOSING_ACTIONS = ("retire", "stop", "reject")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"'(])")
# Official names that are not "<name> Kommune".
_LABELS = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


@dataclass(frozen=True)
class ExportOptions:
    """What the registry does not record and publiccode.yml requires."""

    categories: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ("web",)
    software_type: str = "standalone/web"
    features: tuple[str, ...] = ()
    maintenance_until: dt.date | None = None  # default: 31 December of the current year


@dataclass
class Imported:
    """Fields for a new entry read from a publiccode.yml, and what could not be carried over."""

    fields: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def _flat(text: Any) -> str:
    return " ".join(text.split()) if isinstance(text, str) else ""


def sentences(text: str) -> list[str]:
    """The sentences of a text, whitespace made single."""
    return [s for s in _SENTENCE_END.split(_flat(text)) if s]


def short_description(summary: str) -> str:
    """The summary's first sentence, cut at a word to at most 150 characters."""
    first = (sentences(summary) or [""])[0]
    if len(first) <= SHORT:
        return first
    return first[: SHORT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _long_description(entry: Any) -> str:
    """The summary, then the described value texts, one paragraph each, within 10,000 characters."""
    paragraphs = [_flat(entry.summary)]
    paragraphs += [_flat(t) for t in (entry.value.local, entry.value.others, entry.value.common) if described(t)]
    while len("\n\n".join(paragraphs)) > LONG_MAX and len(paragraphs) > 1:
        paragraphs.pop()
    text = "\n\n".join(paragraphs)
    return text if len(text) <= LONG_MAX else text[: LONG_MAX - 1] + "…"


def municipality_label(value: Any) -> str:
    """`Aarhus Kommune`, `Københavns Kommune`: how a municipality names itself in usedBy."""
    found = towns.lookup(value)
    if found is None:
        return str(value)
    return _LABELS.get(found.name, f"{found.name} Kommune")


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


def read_publiccode(name: str, raw: bytes, language: str = "da") -> Imported:
    """Fields for a new entry from a publiccode.yml; a file that breaks the standard is refused.

    Problems are listed as `name:line:column: key: message` on the raised error's `problems`.
    """
    doc = read_document(name, raw)
    located = [f"{f.path}:{f.line}:{f.column}: {f.message}" for f in doc.findings]
    problems = validate(doc.data) if doc.data is not None else []
    located += [_locate(doc, name, p) for p in errors(problems)]
    if located:
        raise PubliccodeError(f"{name} is not a valid publiccode.yml ({len(located)} problems)", located)
    data = doc.data
    imported = Imported(_fields(data, language))
    imported.warnings = [_locate(doc, name, p) for p in problems if p.severity == "warning"]
    imported.notes = _notes(data, imported.fields)
    return imported


class PubliccodeError(RefusedError):
    """A publiccode.yml that breaks the standard; `problems` holds one located line per problem."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def _locate(doc: Any, name: str, problem: Problem) -> str:
    line, column = doc.position(problem.path)
    return f"{name}:{line}:{column}: {problem.key}: {problem.message}"


def _section(data: dict, language: str) -> dict:
    sections = data["description"]
    for wanted in (language, "da", "en"):
        for key, section in sections.items():
            if isinstance(section, dict) and str(key).split("-")[0].lower() == wanted:
                return section
    return next(s for s in sections.values() if isinstance(s, dict))


def _fields(data: dict, language: str) -> dict[str, Any]:
    section = _section(data, language)
    long_text = section.get("longDescription")
    summary = _flat(long_text.split("\n\n")[0]) if isinstance(long_text, str) and long_text.strip() else ""
    municipalities, participants = [], []
    for label in data.get("usedBy") or []:
        found = municipality_from_label(label)
        if found is not None:
            municipalities.append(found.name)
        else:
            participants.append(label)
    maintenance = data["maintenance"]
    contacts = maintenance.get("contacts") or []
    contact = contacts[0] if contacts else {}
    contractors = maintenance.get("contractors") or []
    return {
        "title": data["name"].strip(),
        "summary": summary or _flat(section["shortDescription"]),
        "municipalities": list(dict.fromkeys(municipalities)),
        "participants": participants,
        "contact": {"name": contact.get("name"), "organisation": contact.get("affiliation"),
                    "email": contact.get("email")} if contact else None,
        "supplier": contractors[0]["name"] if contractors else None,
        "license": data["legal"]["license"],
        "repository": data["url"],
    }


def municipality_from_label(label: Any) -> towns.Municipality | None:
    """The municipality a usedBy item names (`Aarhus Kommune`, `Københavns Kommune`, `Aarhus`), if any."""
    if not isinstance(label, str):
        return None
    for official, written in _LABELS.items():
        if label.strip().casefold() == written.casefold():
            return towns.lookup(official)
    text = re.sub(r"\s+(kommune|municipality)$", "", label.strip(), flags=re.IGNORECASE)
    return towns.resolve(text)


def _notes(data: dict, fields: dict[str, Any]) -> list[str]:
    notes = []
    if fields["contact"] is None:
        notes.append("the file names no maintenance contact: give --contact-name (and --contact-organisation)")
    if not fields["municipalities"]:
        notes.append("usedBy names no Danish municipality: give --municipality")
    if data.get("developmentStatus") not in (None, "concept"):
        notes.append(f"developmentStatus is '{data['developmentStatus']}': a new entry starts as an idea; the "
                     "business manager places it at a level and stage")
    return notes
