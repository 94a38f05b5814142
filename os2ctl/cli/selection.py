"""Turn PATH arguments into registry files."""

from __future__ import annotations

from pathlib import Path

from os2ctl.errors import UsageError
from os2ctl.registry.loader import Registry


def select_files(registry: Registry, paths: list[Path]) -> list[str]:
    """Registry-relative paths of the registry files at or under `paths`."""
    root = registry.root.resolve()
    selected: list[str] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given}: no such file or folder")
        resolved = given.resolve()
        if not resolved.is_relative_to(root):
            raise UsageError(f"{given} is not inside the registry {registry.root}")
        relative = resolved.relative_to(root).as_posix()
        if resolved.is_dir():
            prefix = "" if relative == "." else relative + "/"
            selected += [p for p in registry.files if p.startswith(prefix)]
        elif relative in registry.files:
            selected.append(relative)
    return list(dict.fromkeys(selected))
