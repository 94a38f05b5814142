"""The document cache: parsed registry files keyed by content, so an unchanged file is not parsed again.

Parsing YAML with positions is most of what loading a large registry costs (README,
"Performance"). A parsed document depends only on the bytes of its file and on os2ctl's
parser, so it is stored under the file's Git blob id, as JSON, in the cache folder (never in
the registry: a pull request cannot plant documents). Records are spread over 16 shard
files by the first digit of the blob id, so one changed file rewrites one shard. A shard
keeps only the documents of the registry's current files: it is rewritten when it lacks
one of them or holds one no longer there, which also removes what a deleted file held.

A record that contains something looking like a CPR number is never written: the
personal-data rule reports it, and no copy of it may outlive its removal from the
registry. A shard that does not parse, has the wrong shape or was written by another
version of the parser is ignored, and a record that does not fit its data is parsed again.
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
from os2ctl.registry.yamlread import Document, pack_positions, unpack_positions

FORMAT = 1
BOM = "\ufeff".encode("utf-8")
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
        self.dirty = {name for name, records in self.shards.items() if set(records) != wanted[name]}
        self.dirty |= {name for name in _SHARDS if name not in wanted and (self.folder / f"{name}.json").exists()}

    def get(self, path: str, size_limit: int | None) -> Document | None:
        """The cached document of `path`, or None when it must be parsed (or is over the size limit)."""
        blob = self.ids.get(path)
        record = self.shards.get(blob[0], {}).get(blob) if blob else None
        if record is None:
            return None
        try:
            doc = document_from(path, json.loads(record) if isinstance(record, str) else record)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        if size_limit is not None and len(doc.text.encode("utf-8")) + len(BOM) > size_limit:
            return None  # at or near the limit: `_load` measures the file itself (its BOM is not in the text)
        return doc

    def put(self, path: str, record: str, text: str) -> None:
        """Remember the record (`encode_record`) of a freshly parsed file with `text` (written by `save`).

        Only under the blob id of that very text: a file edited after its id was taken is not
        stored under the old content's id.
        """
        blob = self.ids.get(path)
        data = text.encode("utf-8")
        if blob and blob in (blob_id(data), blob_id(BOM + data)):
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
        def text(record: list | str) -> str:
            return record if isinstance(record, str) else json.dumps(record, ensure_ascii=False, separators=(",", ":"))

        body = ",".join(f"{json.dumps(blob)}:{text(record)}" for blob, record in records.items())
        return f'{{"format":{FORMAT},"parser":{json.dumps(self.parser)},"records":{{{body}}}}}'


class EncodedDocument(NamedTuple):
    """A parsed file as its cache record: what a worker process sends back (less to pickle than a Document)."""

    path: str
    record: str

    def document(self) -> Document:
        """The document the record holds."""
        return document_from(self.path, json.loads(self.record))


def _parser_key() -> str:
    """What a cached document depends on besides its bytes: os2ctl's version and its parser."""
    from os2ctl import __version__
    from os2ctl.registry import yamlread

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{yamlread.FAST_PARSER}\0".encode())
    digest.update(Path(yamlread.__file__).read_bytes())
    return digest.hexdigest()


def _read_shard(path: Path, parser: str) -> dict[str, list]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("parser") != parser or not isinstance(document["records"], dict):
            return {}
        return document["records"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def encode_record(doc: Document) -> str | None:
    """The cache record of `doc` as JSON text ([text, data, date paths, packed positions, findings]),
    or None when it is not to be cached."""
    from os2ctl.rules.personal_data import find_cpr_numbers

    positions = pack_positions(doc) if doc.text is not None else None
    if positions is None:
        return None
    findings = [[f.line, f.column, f.rule, f.severity.value, f.message] for f in doc.findings]
    record = [doc.text, doc.data, list(_date_paths(doc.data, [])), positions, findings]
    encoded = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_iso_date)
    return None if any(find_cpr_numbers(encoded)) else encoded


def document_from(path: str, record: list) -> Document:
    text, data, dates, positions, findings = record
    if not isinstance(text, str) or not isinstance(positions, str):
        raise TypeError("record")
    for date_path in dates:
        data = _with_date(data, date_path)
    return Document(path, text, data, [
        Finding(path, int(line), int(column), str(rule), Severity(severity), str(message))
        for line, column, rule, severity, message in findings
    ], _packed=positions)


def _with_date(container: Any, path: list) -> Any:
    """A copy of `container` with the ISO date at `path` as a date (the record itself stays JSON)."""
    copy = container.copy()
    key = path[0]
    copy[key] = dt.date.fromisoformat(container[key]) if len(path) == 1 else _with_date(container[key], path[1:])
    return copy


def _date_paths(value: Any, path: list) -> Any:
    if isinstance(value, dt.date):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _date_paths(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _date_paths(item, [*path, index])


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not cached")
