"""The check cache: per-file results keyed by content, stored outside the repository.

A file's results are reused when its Git blob id (or, outside Git, the same SHA-1 of its
bytes) is unchanged and so is everything every entry depends on: os2ctl's version, the
catalogue, os2ctl.yaml, organisation.yaml and the meetings. Results that depend on the
date (a check looked at it, such as `recent-report` for a project in progress) are reused
on that day only. The cache lives in
`$OS2CTL_CACHE_DIR` or `$XDG_CACHE_HOME/os2ctl` (default `~/.cache/os2ctl`), never in the
registry, so a pull request cannot plant results that CI would trust. A file that does
not parse, has the wrong shape or was written for other inputs is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from os2ctl.checkresult import EntryFacts, FileResult
from os2ctl.edit import write_atomic
from os2ctl.findings import Finding, Severity

FORMAT = 2


def cache_folder() -> Path:
    """Where os2ctl keeps its caches: `$OS2CTL_CACHE_DIR`, else `$XDG_CACHE_HOME/os2ctl` (`~/.cache/os2ctl`)."""
    base = os.environ.get("OS2CTL_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "os2ctl"
    return Path(base)


def registry_name(root: Path) -> str:
    """A short name for the registry at `root` (a hash of its absolute path) to keep its caches apart."""
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]


def cache_file(root: Path) -> Path:
    """Where the check cache of the registry at `root` is kept."""
    return cache_folder() / f"check-{registry_name(root)}.json"


def read(path: Path, inputs: str) -> dict[str, tuple[str, FileResult]]:
    """Cached results by registry path, or nothing when the cache is missing, corrupt or stale."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("inputs") != inputs:
            return {}
        return {p: (record["blob"], _result(p, record)) for p, record in document["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write(path: Path, inputs: str, results: dict[str, tuple[str, FileResult]]) -> None:
    """Store results; a cache that cannot be written is not an error."""
    document = {
        "format": FORMAT,
        "inputs": inputs,
        "files": {p: {"blob": blob, **_record(result)} for p, (blob, result) in results.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass


def _record(result: FileResult) -> dict[str, Any]:
    facts = result.facts
    return {
        "kind": result.kind,
        "entry": result.entry,
        "findings": [[f.line, f.column, f.rule, f.severity.value, f.message, f.level] for f in result.findings],
        "facts": None if facts is None else [facts.repository, list(facts.repository_at), facts.related,
                                             facts.cross_checks],
        "dated": result.dated,
    }


def _result(path: str, record: dict[str, Any]) -> FileResult:
    entry = record["entry"]
    if entry is not None and not isinstance(entry, str):
        raise TypeError("entry")
    findings = [
        Finding(path, int(line), int(column), str(rule), Severity(severity), str(message), entry,
                None if level is None else str(level))
        for line, column, rule, severity, message, level in record["findings"]
    ]
    facts = None
    if record["facts"] is not None:
        repository, at, related, cross = record["facts"]
        facts = EntryFacts(
            None if repository is None else str(repository),
            (int(at[0]), int(at[1])),
            [(str(v), int(line), int(column)) for v, line, column in related],
            [(str(i), str(level), str(severity)) for i, level, severity in cross],
        )
    dated = record["dated"]
    if dated is not None and not isinstance(dated, str):
        raise TypeError("dated")
    return FileResult(path, str(record["kind"]), entry, findings, facts, dated)
