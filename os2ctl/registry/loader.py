"""Load a registry folder: every file parsed, validated and kept with its findings."""

from __future__ import annotations

import datetime as dt
import functools
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from os2ctl.catalogue import Catalogue, available_models, load_catalogue
from os2ctl.errors import RegistryError, UsageError
from os2ctl.lifecycle import is_open
from os2ctl.memory import collection_paused
from os2ctl.findings import Finding, Severity
from os2ctl.models.entry import entry_model
from os2ctl.models.meeting import Meeting
from os2ctl.models.organisation import Organisation
from os2ctl.models.settings import Limits, Settings
from os2ctl.registry.fileids import outside_registry, yaml_files
from os2ctl.registry.validation import validate, validate_pruned
from os2ctl.registry.yamlread import Document, read_document
from os2ctl.text import did_you_mean, normalise_repository

if TYPE_CHECKING:
    from os2ctl.registry.doccache import DocumentCache, EncodedDocument

SETTINGS_FILE = "os2ctl.yaml"
ORGANISATION_FILE = "organisation.yaml"
PORTFOLIO_DIR = "portfolio"
MEETINGS_DIR = "meetings"
FREEZE_FROM = 500  # entries: a registry this large is loaded by a command, not by a long-lived process


@dataclass
class LoadedFile:
    """One registry file: what kind it is, its document, its model and its findings."""

    path: str
    kind: str  # settings | organisation | entry | meeting | stray (a file os2ctl does not read)
    doc: Document
    model: Any = None
    findings: list[Finding] = field(default_factory=list)
    partial: Any = None  # for an invalid entry: a model of its valid parts, which `check` still evaluates
    key: str = field(init=False)  # the entry id or meeting date the file name gives

    def __post_init__(self) -> None:
        self.key = self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    @property
    def core_repository(self) -> str | None:
        """The normalised core repository of an open entry (its valid part counts too), else None."""
        entry = self.model or self.partial
        if self.kind != "entry" or entry is None or not entry.repository or not is_open(entry.status):
            return None
        return normalise_repository(entry.repository)

    @property
    def entry_id(self) -> str | None:
        """The entry id for portfolio files, else None."""
        return self.key if self.kind == "entry" else None


@dataclass
class Registry:
    """A loaded registry: settings, organisation, entries and meetings."""

    root: Path
    settings: Settings
    catalogue: Catalogue
    files: dict[str, LoadedFile]
    organisation: Organisation | None = None
    content_ids: dict[str, str] = field(default_factory=dict)  # portfolio files' Git blob ids, when known

    @functools.cached_property
    def entries(self) -> dict[str, LoadedFile]:
        """Portfolio files by entry id."""
        return {f.key: f for f in self.files.values() if f.kind == "entry"}

    @functools.cached_property
    def meetings(self) -> dict[str, LoadedFile]:
        """Meeting files by date (YYYY-MM-DD)."""
        return {f.key: f for f in self.files.values() if f.kind == "meeting"}

    @functools.cached_property
    def repositories(self) -> dict[str, list[str]]:
        """Open entries by normalised core repository, for the single-core check."""
        index: dict[str, list[str]] = {}
        for entry_id, loaded in self.entries.items():
            if loaded.core_repository:
                index.setdefault(loaded.core_repository, []).append(entry_id)
        return index

    def add(self, loaded: LoadedFile) -> None:
        """Add (or replace) a file; the maps derived from the files are rebuilt on next use."""
        self.files[loaded.path] = loaded
        for derived in ("entries", "meetings", "repositories"):
            self.__dict__.pop(derived, None)

    def entry(self, entry_id: str) -> LoadedFile:
        """The portfolio file of `entry_id`; an unknown id is a usage error that suggests the closest one."""
        if entry_id not in self.entries:
            raise UsageError(f"no entry '{entry_id}' in the registry{did_you_mean(entry_id, self.entries)}")
        return self.entries[entry_id]

    def meeting(self, date: dt.date | str) -> Meeting | None:
        """The validated meeting held on `date`, if any."""
        loaded = self.meetings.get(str(date))
        return loaded.model if loaded else None


def load_registry(root: Path, jobs: int | None = None, use_cache: bool = True) -> Registry:
    """Read every file of the registry at `root`; only a missing root is an exception.

    Unchanged portfolio files come from the document cache (`use_cache`); the others are
    parsed, by worker processes when there are many (`jobs`, default one per CPU).
    """
    from os2ctl.registry.doccache import DocumentCache
    from os2ctl.registry.fileids import portfolio_ids

    registry = load_context(root)
    paths = list_entry_files(registry.root)
    documents = None
    with collection_paused(freeze=len(paths) >= FREEZE_FROM):
        if use_cache:
            registry.content_ids = portfolio_ids(registry.root, paths, registry.settings.limits.max_file_bytes)
            documents = DocumentCache(registry.root, registry.content_ids)
        cached = _cached_entry_files(registry, paths, documents) if documents is not None else {}
        parsed = _parse_entry_files(registry, [p for p in paths if p not in cached], jobs, documents)
        for path in paths:
            registry.add(validate_entry_file(registry, cached.get(path) or next(parsed)))
    if documents is not None:
        documents.save()
    return registry


def _cached_entry_files(registry: Registry, paths: list[str], documents: DocumentCache) -> dict[str, LoadedFile]:
    """The portfolio files whose parsed documents the cache holds, by path."""
    limit = registry.settings.limits.max_file_bytes
    found = {}
    for path in paths:
        doc = documents.get(path, limit) if not path.endswith(".yml") else None
        if doc is not None:
            found[path] = _parsed(path, "entry", doc)
    return found


def _parse_entry_files(registry: Registry, paths: list[str], jobs: int | None,
                       documents: DocumentCache | None) -> Iterator[LoadedFile]:
    """The parsed files, in order. Workers parse; this process builds models as documents arrive.

    With a cache, a worker sends a document back as its cache record (JSON text), which this
    process stores as it is and reads like a cached one: that costs less than unpickling the
    document, which in turn costs a third of unpickling a validated model.
    """
    from os2ctl.workers import imap_in_processes, worker_count

    read = read_entry_file if documents is None else _read_encoded
    workers = worker_count(len(paths), jobs)
    results = imap_in_processes(read, registry, paths, workers) if workers > 1 else (read(registry, p) for p in paths)
    for result in results:
        if isinstance(result, LoadedFile):
            yield result
            continue
        try:
            doc = result.document()
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # never seen; parse it here then
            yield read_entry_file(registry, result.path)
            continue
        documents.put(result.path, result.record, doc.text)
        yield _parsed(result.path, "entry", doc)


def _read_encoded(registry: Registry, path: str) -> LoadedFile | EncodedDocument:
    """A parsed file as its cache record when it may be cached, else as a LoadedFile."""
    from os2ctl.registry.doccache import EncodedDocument, encode_record

    loaded = read_entry_file(registry, path)
    record = encode_record(loaded.doc) if loaded.kind == "entry" else None
    return loaded if record is None else EncodedDocument(path, record)


def load_context(root: Path) -> Registry:
    """Settings, organisation and meetings: everything an entry is checked against, but no entries."""
    root = Path(root)
    if not (root / SETTINGS_FILE).is_file():
        raise RegistryError(f"{root}: not a registry (no {SETTINGS_FILE} in it)")
    settings_file = _load(root, SETTINGS_FILE, "settings", Limits().max_file_bytes)  # read before its own limit
    settings_file.model, schema_findings = validate(Settings, settings_file.doc)
    settings_file.findings += schema_findings
    settings = settings_file.model or _fallback_settings(settings_file)
    catalogue = _catalogue(settings, settings_file)
    limit = settings.limits.max_file_bytes
    files = {SETTINGS_FILE: settings_file}
    organisation_file = _load(root, ORGANISATION_FILE, "organisation", limit)
    organisation_file.model, schema_findings = validate(Organisation, organisation_file.doc)
    organisation_file.findings += schema_findings
    files[ORGANISATION_FILE] = organisation_file
    for path in yaml_files(root, MEETINGS_DIR):
        files[path] = _stray(path) if path.endswith(".yml") else _load_and_validate(root, path, "meeting", limit, Meeting)
    return Registry(root, settings, catalogue, files, organisation_file.model)


def list_entry_files(root: Path) -> list[str]:
    """Registry-relative paths of the portfolio files, sorted."""
    return yaml_files(root, PORTFOLIO_DIR)


def load_entry_file(registry: Registry, path: str, raw: bytes | None = None) -> LoadedFile:
    """Read and validate one portfolio file against the registry's catalogue."""
    return validate_entry_file(registry, read_entry_file(registry, path, raw))


def read_entry_file(registry: Registry, path: str, raw: bytes | None = None) -> LoadedFile:
    """Read and parse one portfolio file (no model yet: the result can cross processes)."""
    if path.endswith(".yml"):
        return _stray(path)
    return _load(registry.root, path, "entry", registry.settings.limits.max_file_bytes, raw)


def validate_entry_file(registry: Registry, loaded: LoadedFile) -> LoadedFile:
    """Build the entry's model (and, when invalid, the model of its valid parts)."""
    if loaded.kind != "entry":
        return loaded
    model = entry_model(registry.catalogue)
    loaded.model, schema_findings = validate(model, loaded.doc)
    loaded.findings += schema_findings
    if schema_findings:
        loaded.partial = validate_pruned(model, loaded.doc)
    return loaded


def _stray(path: str) -> LoadedFile:
    message = "not read: registry files use the extension .yaml"
    return LoadedFile(path, "stray", Document(path, None), findings=[_error(path, "invalid-id", message)])


def _load_and_validate(root: Path, path: str, kind: str, limit: int, model) -> LoadedFile:
    loaded = _load(root, path, kind, limit)
    loaded.model, schema_findings = validate(model, loaded.doc)
    loaded.findings += schema_findings
    return loaded


def _load(root: Path, path: str, kind: str, limit: int | None, raw: bytes | None = None) -> LoadedFile:
    full = root / path
    problem = _unreadable(root, full, limit) if raw is None else _too_large(len(raw), limit)
    if problem:
        return LoadedFile(path, kind, Document(path, None), findings=[problem(path)])
    return _parsed(path, kind, read_document(path, full.read_bytes() if raw is None else raw))


def _parsed(path: str, kind: str, doc: Document) -> LoadedFile:
    """A file as read, parsed or from the cache: its findings start as the document's own."""
    return LoadedFile(path, kind, doc, findings=list(doc.findings))


def _unreadable(root: Path, full: Path, limit: int | None):
    if outside_registry(root, full):
        return lambda path: _error(path, "file-safety", "a symbolic link that points outside the registry")
    if not full.exists():
        return lambda path: _error(path, "schema", f"{path} is missing; every registry has one")
    status = full.stat()
    if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
        return lambda path: _error(path, "file-safety", "not a regular file")
    return _too_large(status.st_size, limit)


def _too_large(size: int, limit: int | None):
    if limit is not None and size > limit:
        return lambda path: _error(path, "file-size", f"the file has {size:,} bytes; the limit is {limit:,}")
    return None


def _fallback_settings(settings_file: LoadedFile) -> Settings:
    data = settings_file.doc.data if isinstance(settings_file.doc.data, dict) else {}
    usable = {k: v for k, v in data.items() if k in Settings.model_fields}
    try:
        return Settings.model_validate({**usable, "name": str(usable.get("name") or "registry")})
    except ValueError:
        return Settings(name="registry")


def _catalogue(settings: Settings, settings_file: LoadedFile) -> Catalogue:
    if settings.model in available_models():
        return load_catalogue(settings.model)
    line, column = settings_file.doc.value_position(("model",))
    hint = did_you_mean(settings.model, available_models())
    message = f"unknown governance model '{settings.model}'{hint}; known: {', '.join(available_models())}"
    settings_file.findings.append(Finding(SETTINGS_FILE, line, column, "schema", Severity.ERROR, message))
    return load_catalogue()


def _error(path: str, rule: str, message: str) -> Finding:
    return Finding(path, 1, 1, rule, Severity.ERROR, message)
