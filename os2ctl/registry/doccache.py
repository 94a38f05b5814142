"""The document cache: parsed registry files keyed by content, so an unchanged file is not parsed again.

Parsing YAML with positions is most of what loading a large registry costs (README,
"Performance"). A parsed document depends only on the bytes of its file and on os2ctl's
parser, so it is stored under the file's Git blob id, as JSON, in the cache folder (never in
the registry: a pull request cannot plant documents). Records are spread over 16 shard
files by the first digit of the blob id, so one changed file rewrites one shard. A shard
keeps only the documents of the registry's current files: it is rewritten when it holds
one no longer there, which removes what a changed or deleted file held.

A record is served only when its text hashes to the id it is stored under, so it is the
file's content whatever the cache file says. A record in which anything looks like a CPR
number (in the text, a value, a key or a message) is never written: the personal-data
rule reports it, and no copy may outlive its removal from the registry. A shard that does
not parse, has the wrong shape or was written by another version of the parser is
ignored, and a record that does not fit its data is parsed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

from os2ctl.findings import Finding, Severity
from os2ctl.registry.fileids import blob_id, is_blob_id
from os2ctl.registry.yamlread import Document, pack_positions, walk

FORMAT = 1
_BOM = "\ufeff".encode("utf-8")  # stripped from a file's text, still part of its blob
_SHARDS = "0123456789abcdef"


class DocumentCache:
    """Cached documents of one registry's portfolio files; `save` writes back what changed."""

    def __init__(self, root: Path, ids: dict[str, str]) -> None:
        from os2ctl.cache import cache_folder, registry_name

        self.folder = cache_folder() / f"documents-{registry_name(root)}"
        self.ids = {path: blob for path, blob in ids.items() if is_blob_id(blob)}
        self.parser = _parser_key()
        wanted = defaultdict(set)
        for blob in self.ids.values():
            wanted[blob[0]].add(blob)
        self.shards = {name: _read_shard(self.folder / f"{name}.json", self.parser) for name in wanted}
        # Rewritten: shards with records of files that changed or went, and shards no file needs any more.
        self.dirty = {name for name, records in self.shards.items() if not records.keys() <= wanted[name]}
        self.dirty |= {name for name in _SHARDS if name not in wanted and _exists(self.folder / f"{name}.json")}

    def get(self, path: str, size_limit: int | None) -> Document | None:
        """The cached document of `path`, or None when it must be parsed (or is near the size limit)."""
        blob = self.ids.get(path)
        record = self.shards.get(blob[0], {}).get(blob) if blob else None
        if record is None:
            return None
        try:
            doc = document_from(path, json.loads(record) if isinstance(record, str) else record)
            data = doc.text.encode("utf-8")
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            return None
        if not _holds(blob, data):
            return None  # not this file's content, whatever put it there
        if size_limit is not None and len(data) + len(_BOM) > size_limit:
            return None  # at or near the limit: `_load` measures the file itself (its BOM is not in the text)
        return doc

    def put(self, path: str, record: str, text: str) -> None:
        """Remember the record (`encode_record`) of a freshly parsed file with `text` (written by `save`).

        Only under the blob id of that very text: a file edited after its id was taken is not
        stored under the old content's id.
        """
        blob = self.ids.get(path)
        if blob and _holds(blob, text.encode("utf-8")):
            self.shards.setdefault(blob[0], {})[blob] = record
            self.dirty.add(blob[0])

    def save(self) -> None:
        """Write the shards that changed, keeping only the registry's current documents; errors are not fatal."""
        if not self.dirty:
            return
        from os2ctl.edit import write_atomic

        current = set(self.ids.values())
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name in sorted(self.dirty):
                records = {blob: r for blob, r in self.shards.get(name, {}).items() if blob in current}
                path = self.folder / f"{name}.json"
                if records:
                    write_atomic(path, self._shard_text(records))
                else:
                    path.unlink(missing_ok=True)
        except OSError:
            pass

    def _shard_text(self, records: dict[str, list | str]) -> str:
        """The shard's JSON; fresh records are JSON text already and are joined in as they are."""
        body = ",".join(f"{json.dumps(blob)}:{r if isinstance(r, str) else _json(r)}" for blob, r in records.items())
        return f'{{"format":{FORMAT},"parser":{json.dumps(self.parser)},"records":{{{body}}}}}'


class EncodedDocument(NamedTuple):
    """A parsed file as its cache record: what a worker process sends back (less to pickle than a Document)."""

    path: str
    record: str

    def document(self) -> Document:
        """The document the record holds."""
        return document_from(self.path, json.loads(self.record))


def _parser_key() -> str:
    """What a cached document depends on besides its bytes: os2ctl's version and its parser (and libyaml's)."""
    import yaml

    from os2ctl import __version__
    from os2ctl.registry import yamlread

    libyaml = yamlread.libyaml_version()
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{yaml.__version__}\0{libyaml}\0".encode())
    digest.update(Path(yamlread.__file__).read_bytes())
    return digest.hexdigest()


def _holds(blob: str, text: bytes) -> bool:
    """True when `blob` is the Git blob id of a file whose text is `text` (with or without a BOM)."""
    return blob in (blob_id(text), blob_id(_BOM + text))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a folder that cannot be searched: nothing to clean up there
        return False


def _read_shard(path: Path, parser: str) -> dict[str, list]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("parser") != parser or not isinstance(document["records"], dict):
            return {}
        return document["records"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def encode_record(doc: Document) -> str | None:
    """The cache record of `doc` as JSON text ([text, data, date paths, packed positions, findings]),
    or None when it is not to be cached (no text, a CPR-like number anywhere, values JSON cannot hold)."""
    if doc.text is None:
        return None
    try:
        items = list(walk(doc.data))
        positions = pack_positions(doc)
        if positions is None or _holds_cpr_number(doc, items):
            return None
        dates = [list(path) for path, value in items if isinstance(value, dt.date)]
        if isinstance(doc.data, dt.date):
            dates.append([])
        findings = [[f.line, f.column, f.rule, f.severity.value, f.message] for f in doc.findings]
        return _json([doc.text, doc.data, dates, positions, findings])
    except (ValueError, TypeError, RecursionError):  # e.g. an integer too long to print
        return None


def document_from(path: str, record: list) -> Document:
    """The document a decoded record holds (raises ValueError, TypeError, KeyError or IndexError if damaged)."""
    text, data, dates, positions, findings = record
    if not isinstance(text, str) or not isinstance(positions, str):
        raise TypeError("record")
    for date_path in dates:
        data = _with_date(data, date_path)
    return Document(path, text, data, [
        Finding(path, int(line), int(column), str(rule), Severity(severity), str(message))
        for line, column, rule, severity, message in findings
    ], _packed=positions)


def _holds_cpr_number(doc: Document, items: list[tuple[tuple, Any]]) -> bool:
    """True when the text, a value, a key or a message holds a CPR-like number (each scanned as it is)."""
    from os2ctl.rules.personal_data import find_cpr_numbers

    texts = [doc.text or "", *(f.message for f in doc.findings)]
    texts += [str(path[-1]) for path, _ in items]
    texts += [str(value) for _, value in items if not isinstance(value, (dict, list))]
    if not isinstance(doc.data, (dict, list)):
        texts.append(str(doc.data))
    return any(find_cpr_numbers("\n".join(texts)))


def _with_date(value: Any, path: list) -> Any:
    """`value` with the ISO date at `path` as a date, copying only what lies on the path (the record stays JSON)."""
    if not path:
        return dt.date.fromisoformat(value)
    copy = value.copy()
    copy[path[0]] = _with_date(value[path[0]], path[1:])
    return copy


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not cached")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_iso_date)
