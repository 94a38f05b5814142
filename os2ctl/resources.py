"""Files shipped with os2ctl: reference data, templates and schemas.

In a wheel, `templates/` and `schemas/` are bundled under `os2ctl/_bundled/`; in a
checkout (or an editable install) they are read from the project root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_file(name: str) -> Path:
    """Path of a reference data file inside the package."""
    return _PACKAGE / "data" / name


def bundled_dir(name: str) -> Path:
    """Path of a top-level project folder (`templates`, `schemas`) wherever it was installed."""
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name
