"""General rules (spec section 7): checks that apply to files, not to requirements.

Each rule module exposes `check(registry, loaded) -> Iterable[Finding]`, run once per
file. Rules read the raw parsed data (not the validated models), so they still work
on files with schema errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple  # a path into parsed data: keys and list indexes


def values_at(data: Any, pattern: tuple) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) in `data` matching `pattern`, where `*` matches any list item."""
    yield from _walk(data, pattern, ())


def _walk(data: Any, pattern: tuple, path: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _walk(item, rest, path + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _walk(data[head], rest, path + (head,))
