"""Find the registry root (spec section 1)."""

from __future__ import annotations

import os
from pathlib import Path

from os2ctl.errors import RegistryError

ENVIRONMENT_VARIABLE = "OS2CTL_REGISTRY"
SETTINGS_FILE = "os2ctl.yaml"  # marks the registry root


def locate_registry(option: Path | str | None = None, cwd: Path | None = None, start: Path | None = None) -> Path:
    """--registry, else $OS2CTL_REGISTRY, else the nearest folder upward with os2ctl.yaml, else ./registry.

    `start` (a path given on the command line) is searched upward before the current folder.
    """
    cwd = Path(cwd or Path.cwd())
    explicit = option or os.environ.get(ENVIRONMENT_VARIABLE)
    if explicit:
        root = Path(explicit)
        root = root if root.is_absolute() else cwd / root
        if root.is_file() and root.name == SETTINGS_FILE:
            root = root.parent
        if not (root / SETTINGS_FILE).is_file():
            source = "--registry" if option else f"${ENVIRONMENT_VARIABLE}"
            raise RegistryError(f"{explicit} (from {source}) is not a registry: it has no {SETTINGS_FILE}")
        return root
    starts = [cwd]
    if start is not None:
        start = (start if start.is_absolute() else cwd / start).resolve()
        starts.insert(0, start if start.is_dir() else start.parent)
    for origin in starts:
        for folder in (origin, *origin.parents):
            if (folder / SETTINGS_FILE).is_file():
                return folder
    if (cwd / "registry" / SETTINGS_FILE).is_file():
        return cwd / "registry"
    raise RegistryError(
        f"no registry found: no {SETTINGS_FILE} here, in a parent folder or in ./registry "
        f"(use --registry DIR or set ${ENVIRONMENT_VARIABLE})"
    )


def display_path(root: Path, cwd: Path | None = None) -> str:
    """The registry path as people see it: relative to the current folder when inside it."""
    cwd = Path(cwd or Path.cwd()).resolve()
    resolved = root.resolve()
    try:
        relative = resolved.relative_to(cwd)
    except ValueError:
        return str(resolved)
    return relative.as_posix() or "."
