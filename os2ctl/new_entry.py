"""Propose a new portfolio entry: validate, render from a template, write atomically, re-check.

`create_entry` is the one code path for every command that adds an entry (`os2ctl new`,
later `os2ctl import publiccode`): it never prompts, prints or exits. Nothing is written
unless the rendered file would pass `check`; an existing file is never replaced.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from os2ctl.catalogue import Catalogue, Requirement, load_catalogue
from os2ctl.check import CheckReport, check_file, check_registry
from os2ctl.entry_fields import (
    NewEntryFields,
    field_problems,
    given_problems,
    resolve_municipalities,
    resolve_municipality,
)
from os2ctl.edit import create_atomic
from os2ctl.entry_template import EntryView, render_entry, schema_reference
from os2ctl.errors import RefusedError, UsageError
from os2ctl.findings import Severity
from os2ctl.models.common import ID_PATTERN, ID_RE
from os2ctl.models.entry import entry_model
from os2ctl.models.settings import Settings
from os2ctl.registry.loader import PORTFOLIO_DIR, SETTINGS_FILE, LoadedFile, Registry, load_registry
from os2ctl.registry.validation import validate
from os2ctl.registry.yamlread import parse_text, read_document

__all__ = [
    "CreatedEntry",
    "Need",
    "NewEntryFields",
    "branch_name",
    "commit_message",
    "concept_needs",
    "create_atomic",
    "create_entry",
    "entry_path",
    "existing_entry",
    "field_problems",
    "given_problems",
    "id_problem",
    "read_settings",
    "refuse_existing",
    "resolve_municipalities",
    "resolve_municipality",
    "suggest_id",
    "unique_id",
]
NEXT_STAGE = "concept"
# Where an entry records what a derived requirement looks at (for the "needed at concept" list).
CHECK_FIELDS = {
    "licence-allowed": "license", "local-funding": "funding.source", "level-backed-by-decision": "decisions",
    "repository-https": "repository", "single-core": "repository", "has-municipality": "municipalities",
    "line-management": "line_management", "operation-setup": "operation",
    "qualified-project-leader": "governance.project_leader", "owner-or-steering-group": "governance",
}
_TRANSLITERATION = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ß", "ss"))


@dataclass(frozen=True)
class Need:
    """A requirement that becomes due at the next stage, and the field that answers it."""

    requirement: Requirement
    where: str | None


@dataclass(frozen=True)
class CreatedEntry:
    """A written entry, the findings of checking it, and what it needs at `concept`."""

    entry_id: str
    path: Path
    relative: str
    text: str
    schema: str
    report: CheckReport
    needs: list[Need]


def suggest_id(title: str) -> str | None:
    """An id from a title: `OS2 Søgning` → `os2-soegning` (æ→ae, ø→oe, å→aa); None if too short."""
    text = title.casefold()
    for letter, spelling in _TRANSLITERATION:
        text = text.replace(letter, spelling)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64].rstrip("-")
    return text if ID_RE.fullmatch(text) else None


def id_problem(entry_id: str) -> str | None:
    """Why `entry_id` is not a valid entry id (spec section 1), or None when it is."""
    if ID_RE.fullmatch(entry_id):
        return None
    if any(part in entry_id for part in ("/", "\\", "..")) or entry_id in (".", ""):
        return f"'{entry_id}' is not a valid id: an id is a file name in {PORTFOLIO_DIR}/, not a path"
    hint = suggest_id(entry_id.removesuffix(".yaml").removesuffix(".yml"))
    hint_text = f" (did you mean '{hint}'?)" if hint and hint != entry_id else ""
    return (f"'{entry_id}' is not a valid id: use 2-64 lower-case letters a-z, digits and hyphens, "
            f"starting with a letter or digit ({ID_PATTERN}){hint_text}")


def entry_path(root: Path, entry_id: str) -> Path:
    """`<root>/portfolio/<id>.yaml`, after checking the id and that it stays inside the registry."""
    problem = id_problem(entry_id)
    if problem:
        raise UsageError(problem)
    folder = Path(root) / PORTFOLIO_DIR
    if not folder.resolve().is_relative_to(Path(root).resolve()):
        raise RefusedError(f"{PORTFOLIO_DIR}/ points outside the registry {root}; refusing to write there")
    if folder.exists() and not folder.is_dir():
        raise RefusedError(f"{folder} is a file, not a folder; entries go in {PORTFOLIO_DIR}/")
    return folder / f"{entry_id}.yaml"


def existing_entry(root: Path, entry_id: str) -> str | None:
    """The registry-relative path of an entry file already using `entry_id`, if any."""
    for suffix in (".yaml", ".yml"):
        path = Path(root) / PORTFOLIO_DIR / f"{entry_id}{suffix}"
        if path.exists() or path.is_symlink():
            return f"{PORTFOLIO_DIR}/{entry_id}{suffix}"
    return None


def unique_id(root: Path, base: str) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever no entry uses yet."""
    candidate, number = base, 1
    while existing_entry(root, candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
    return candidate


def concept_needs(catalogue: Catalogue, level: str) -> list[Need]:
    """Requirements of `level` (and below) that become due at `concept`, from the catalogue."""
    return [Need(req, _where(req)) for req in catalogue.up_to(level) if req.due == NEXT_STAGE]


def _where(req: Requirement) -> str | None:
    if req.kind == "described":
        return req.field
    if req.takes_evidence:
        return f"requirements.{req.id}"
    return CHECK_FIELDS.get(req.check or "")


def read_settings(root: Path) -> Settings:
    """The registry's settings from os2ctl.yaml (defaults where it is unusable: `check` reports that)."""
    doc = read_document(SETTINGS_FILE, (Path(root) / SETTINGS_FILE).read_bytes())
    model, _ = validate(Settings, doc)
    if model is not None:
        return model
    data = doc.data if isinstance(doc.data, dict) else {}
    language = data.get("language") if data.get("language") in ("da", "en") else "da"
    model_id = data.get("model") if isinstance(data.get("model"), str) else "os2-2016"
    return Settings(name="registry", language=language, model=model_id)


def create_entry(
    root: Path, entry_id: str, fields: NewEntryFields, *, language: str | None = None, today: dt.date | None = None
) -> CreatedEntry:
    """Validate, render, pre-check, write `portfolio/<id>.yaml` atomically, then check it like `check` does."""
    root = Path(root)
    settings = read_settings(root)
    catalogue = load_catalogue(settings.model)
    language = language or settings.language
    today = today or dt.date.today()
    path = entry_path(root, entry_id)
    refuse_existing(root, entry_id)
    problems = field_problems(fields, catalogue)
    if problems:
        raise UsageError("; ".join(f"{name}: {message}" for name, message in problems))
    relative = f"{PORTFOLIO_DIR}/{entry_id}.yaml"
    view = _view(root, path, entry_id, fields, catalogue, language)
    text = render_entry(root, view, language)
    _precheck(root, relative, text, view, settings, catalogue, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    create_atomic(path, text)
    report = check_registry(load_registry(root), today, [relative])
    return CreatedEntry(entry_id, path, relative, text, view.schema, report, view.needs)


def refuse_existing(root: Path, entry_id: str) -> None:
    """A RefusedError when an entry file with this id exists (never overwrite one)."""
    existing = existing_entry(root, entry_id)
    if existing:
        raise RefusedError(f"{existing} already exists; refusing to overwrite it (choose another id)")


def _view(root: Path, path: Path, entry_id: str, fields: NewEntryFields, catalogue: Catalogue,
          language: str) -> EntryView:
    data = {
        "title": fields.title.strip(),
        "summary": fields.summary.strip(),
        "level": fields.level,
        "status": "idea",
        "contact": {key: value.strip() for key, value in (
            ("name", fields.contact_name), ("organisation", fields.contact_organisation),
            ("email", fields.contact_email)) if value and value.strip()},
        "municipalities": resolve_municipalities(fields.municipalities),
    }
    for key in ("supplier", "license", "repository"):
        if getattr(fields, key) and getattr(fields, key).strip():
            data[key] = getattr(fields, key).strip()
    return EntryView(
        id=entry_id, path=f"{PORTFOLIO_DIR}/{entry_id}.yaml", data=data, level=fields.level,
        schema=schema_reference(root, path.parent), needs=concept_needs(catalogue, fields.level),
        language=language, model=catalogue.title.get(language),
    )


def _precheck(root: Path, relative: str, text: str, view: EntryView, settings: Settings, catalogue: Catalogue,
              today: dt.date) -> None:
    """Refuse (writing nothing) when the rendered file would not read back as given or not pass `check`."""
    doc = parse_text(relative, text)
    loaded = LoadedFile(relative, "entry", doc, findings=list(doc.findings))
    loaded.model, schema_findings = validate(entry_model(catalogue), doc)
    loaded.findings += schema_findings
    draft = Registry(Path(root), settings, catalogue, {relative: loaded})
    errors = [f for f in check_file(draft, loaded, today).findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RefusedError(f"nothing written: {relative} would not pass check: line {first.line}: "
                           f"{first.rule}: {first.message}{more}")
    changed = [key for key, value in view.data.items() if not isinstance(doc.data, dict) or doc.data.get(key) != value]
    if changed:
        raise RefusedError(f"nothing written: the entry template changed or dropped {', '.join(changed)}; "
                           f"check the template in {root / 'templates'} if the registry has its own")


def commit_message(entry_id: str, title: str, language: str) -> str:
    """The commit message that proposes the idea (one line, naming it)."""
    verb = "Propose idea" if language == "en" else "Foreslå idé"
    return f"{verb}: {' '.join(title.split())} ({entry_id})"


def branch_name(entry_id: str) -> str:
    """The branch a proposal is committed on."""
    return f"idea/{entry_id}"
