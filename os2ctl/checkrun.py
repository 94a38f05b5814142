"""Run `check` as the command line does: cached per file, in parallel when there is much to do.

The result is the same as `check.check_registry` on a freshly loaded registry, finding for
finding and in the same order (a test compares them); only the time differs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from os2ctl import __version__, cache
from os2ctl.checkresult import CheckReport, FileResult, assemble
from os2ctl.memory import collection_paused
from os2ctl.registry.fileids import content_id, portfolio_ids, yaml_files

if TYPE_CHECKING:
    from os2ctl.registry.loader import Registry

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RunOptions:
    """How to run: worker processes (None = one per CPU) and whether to use the cache."""

    jobs: int | None = None
    use_cache: bool = True


def run_check(root: Path, today: dt.date, paths: list[str] | None = None, options: RunOptions = RunOptions(),
              loaded: Registry | None = None) -> CheckReport:
    """Check the registry at `root` (or the registry-relative `paths` in it), reusing cached results.

    A caller that has already loaded the registry passes it as `loaded`: files that need
    checking are then taken from it instead of being parsed again.
    """
    root = Path(root)
    context_files = _context_files(root)
    inputs = _inputs_key(root, context_files)
    entry_files = _entry_files(root)
    blobs = {p: loaded.content_ids.get(p) or content_id(root, p) for p in entry_files} if loaded and \
        loaded.content_ids else portfolio_ids(root, entry_files)
    cache_path = cache.cache_file(root)
    with collection_paused(freeze=False):  # thousands of results, all kept: no collections meanwhile
        cached = cache.read(cache_path, inputs) if options.use_cache else {}
    day = today.isoformat()
    results = {p: cached[p][1] for p, blob in blobs.items()
               if p in cached and cached[p][0] == blob and cached[p][1].dated in (None, day)}
    context_cached = all(p in cached for p in context_files)
    if context_cached:
        results.update({p: cached[p][1] for p in context_files})
    dirty = [p for p in entry_files if p not in results]
    if dirty or not context_cached:
        results.update(_compute(root, today, dirty, options.jobs, loaded))
        if options.use_cache:
            blobs.update({p: "context" for p in context_files})
            cache.write(cache_path, inputs, {p: (blobs[p], results[p]) for p in blobs if p in results})
    facts = {r.entry: r.facts for r in results.values() if r.facts is not None}
    chosen = list(context_files) + entry_files if paths is None else [p for p in paths if p in results]
    with collection_paused(freeze=False):
        return assemble([results[p] for p in chosen], facts)


def _compute(root: Path, today: dt.date, dirty: list[str], jobs: int | None,
             loaded: Registry | None) -> dict[str, FileResult]:
    from os2ctl.check import check_file
    from os2ctl.registry.loader import load_context
    from os2ctl.workers import map_in_processes, worker_count

    registry = loaded or load_context(root)
    context = [p for p in registry.files if not p.startswith("portfolio/")]
    results = {p: check_file(registry, registry.files[p], today) for p in context}
    workers = worker_count(len(dirty), jobs)
    check_one = functools.partial(_check_entry, today)
    if workers > 1:
        results.update(zip(dirty, map_in_processes(check_one, registry, dirty, workers)))
    else:
        results.update({p: check_one(registry, p) for p in dirty})
    return results


def _check_entry(today: dt.date, registry, path: str) -> FileResult:
    from os2ctl.check import check_file
    from os2ctl.registry.loader import load_entry_file

    loaded = registry.files.get(path)  # a loaded registry (inherited by forked workers) has it already
    return check_file(registry, loaded or load_entry_file(registry, path), today)


def _context_files(root: Path) -> list[str]:
    meetings = yaml_files(root, "meetings")
    return ["os2ctl.yaml", "organisation.yaml", *meetings]


def _entry_files(root: Path) -> list[str]:
    return yaml_files(root, "portfolio")


def _inputs_key(root: Path, context_files: list[str]) -> str:
    """A hash of everything every entry's result depends on, besides the entry itself and the date."""
    digest = hashlib.sha256(f"{__version__}\0".encode())
    for source in sorted(_PACKAGE.rglob("*.py")) + sorted(_PACKAGE.rglob("*.yaml")) + sorted(_PACKAGE.rglob("*.csv")):
        digest.update(source.read_bytes())
    for relative in context_files:
        digest.update(relative.encode() + b"\0" + content_id(root, relative).encode())
    return digest.hexdigest()
