"""Message catalogues: the fixed texts of rendered documents, per language, as data.

A catalogue is `templates/messages/<name>.<language>.yaml`. The bundled file gives every
text; a registry's own `templates/messages/` file may override any of them, key by key.
Every text is `Trusted`: it is os2ctl's (or the registry owner's) wording, never a value
from an entry, so the Markdown renderer prints it without escaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from os2ctl.confine import inside_folder
from os2ctl.errors import RegistryError

LANGUAGES = ("da", "en")


class Trusted(str):
    """Text that is part of the document's own wording (messages, labels, numbers), not registry data."""

    __slots__ = ()

    def fill(self, **values: object) -> Trusted:
        """The text with its {placeholders} filled; pass only numbers, dates and other Trusted text."""
        return Trusted(self.format(**values))


def load_messages(name: str, language: str, folders: list[Path]) -> dict[str, Any]:
    """The catalogue `name` in `language`, merged from `folders` (the first folder wins)."""
    if language not in LANGUAGES:
        raise RegistryError(f"no messages for language '{language}' (known: {', '.join(LANGUAGES)})")
    merged: dict[str, Any] = {}
    for folder in reversed(folders):
        path = folder / "messages" / f"{name}.{language}.yaml"
        if path.is_file():
            if not inside_folder(path, folder):
                raise RegistryError(f"{path}: a symbolic link that points outside its templates folder")
            merged = _merge(merged, _read(path))
    return _trust(merged)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: not a valid message catalogue: {exc}") from None
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: a message catalogue is a mapping of names to texts")
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _trust(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _trust(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_trust(item) for item in value]
    return Trusted(value if isinstance(value, str) else str(value))
