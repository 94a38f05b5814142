"""Worker processes for the few jobs that parse thousands of files (check, loading a registry).

Workers get the registry's context (settings, organisation, meetings) once: inherited through
`fork` on Linux, loaded again by each worker elsewhere. Results come back in input order, so
output never depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
_state: tuple[Callable, Any] | None = None


def worker_count(items: int, jobs: int | None = None) -> int:
    """How many workers to use for `items` files: 1 for small jobs, else `jobs` or one per CPU."""
    if items < PARALLEL_FROM or jobs == 1:
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, items // 50))


def inherits_memory() -> bool:
    """True where workers are forked and so see everything already loaded (Linux)."""
    return sys.platform == "linux"


def map_in_processes(function: Callable[[Any, Any], Any], registry, items: Sequence, workers: int) -> list:
    """`[function(registry, item) for item in items]`, computed by `workers` processes."""
    return list(imap_in_processes(function, registry, items, workers))


def imap_in_processes(function: Callable[[Any, Any], Any], registry, items: Sequence, workers: int) -> Iterator:
    """Like `map_in_processes`, but results arrive (in order) while workers still compute."""
    global _state
    method = "fork" if inherits_memory() else "spawn"
    if method == "fork":
        _state, initializer, arguments = (function, registry), None, ()
    else:
        initializer, arguments = _start, (function, str(registry.root))
    context = multiprocessing.get_context(method)
    try:
        with context.Pool(workers, initializer=initializer, initargs=arguments) as pool:
            yield from pool.imap(_call, items, chunksize=max(1, len(items) // (workers * 16)))
    finally:
        _state = None


def _start(function: Callable, root: str) -> None:
    from os2ctl.registry.loader import load_context

    global _state
    _state = (function, load_context(Path(root)))


def _call(item: Any) -> Any:
    function, registry = _state
    return function(registry, item)
