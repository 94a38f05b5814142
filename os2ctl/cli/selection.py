"""Turn PATH arguments into registry files."""

from __future__ import annotations

import os
from pathlib import Path

from os2ctl.errors import UsageError


def select_files(registry_root: Path, paths: list[Path]) -> list[str]:
    """Registry-relative paths of the registry files at or under `paths` (others are ignored)."""
    root = registry_root.resolve()
    selected: list[str] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given}: no such file or folder")
        resolved = given.resolve()
        if not resolved.is_relative_to(root):
            raise UsageError(f"{given} is not inside the registry {registry_root}")
        relative = resolved.relative_to(root).as_posix()
        if resolved.is_dir():
            prefix = "" if relative == "." else relative + "/"
            selected += [p for p in registry_files(root) if p.startswith(prefix)]
        elif relative in registry_files(root):
            selected.append(relative)
    return list(dict.fromkeys(selected))


def registry_files(root: Path) -> list[str]:
    """Every file os2ctl reads in the registry at `root`, registry-relative."""
    files = [name for name in ("os2ctl.yaml", "organisation.yaml") if (root / name).exists()]
    for folder in ("meetings", "portfolio"):
        if (root / folder).is_dir():
            files += sorted(f"{folder}/{n}" for n in os.listdir(root / folder) if n.endswith((".yaml", ".yml")))
    return files
