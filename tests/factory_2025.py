"""Registries and entries on the os2-2025 model (OS2's governance report 1.1.0) for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from os2ctl.catalogue import load_catalogue
from tests.factory import SETTINGS, full_entry, make_registry

CATALOGUE = load_catalogue("os2-2025")
SETTINGS_2025 = {**SETTINGS, "model": "os2-2025"}
EVIDENCE_2025 = CATALOGUE.evidence_ids()


def full_entry_2025(level: str = "N3", status: str = "in_operation", **overrides: Any) -> dict:
    """An entry that meets every os2-2025 requirement of `level` at `status` (today 2026-11-29)."""
    entry = full_entry("N1" if level == "sandkasse" else level, status)
    entry["level"] = level
    entry["decisions"][0]["level"] = level
    entry["requirements"] = {rid: {"status": "met", "evidence": f"https://docs.example/{rid}"} for rid in EVIDENCE_2025}
    entry.update(overrides)
    return entry


def make_registry_2025(root: Path, entries: dict[str, dict | str] | None = None, **files: Any) -> Path:
    """A valid os2-2025 registry at `root` with the given entries."""
    return make_registry(root, entries, settings=files.pop("settings", SETTINGS_2025), **files)
