"""publiccode.yml → fields for a new entry (`os2ctl import publiccode`); the reverse of os2ctl.publiccode.

The file is checked against the 0.4 field rules first: errors refuse it, each located by line
and column; warnings (unknown or deprecated keys) are passed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from os2ctl import municipalities as towns
from os2ctl.errors import RefusedError
from os2ctl.publiccode import LABELS, flat
from os2ctl.publiccode_rules import Problem, errors, validate
from os2ctl.registry.yamlread import read_document


@dataclass
class Imported:
    """Fields for a new entry read from a publiccode.yml, and what could not be carried over."""

    fields: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    summary = flat(long_text.split("\n\n")[0]) if isinstance(long_text, str) and long_text.strip() else ""
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
        "summary": summary or flat(section["shortDescription"]),
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
    for official, written in LABELS.items():
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
