"""The checklist of one entry, level by level and theme by theme (the `show` view)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from os2ctl.entries import results_for
from os2ctl.evaluate import Result, State
from os2ctl.lifecycle import is_open, is_product
from os2ctl.registry.loader import Registry


@dataclass(frozen=True)
class ThemeGroup:
    """The results of one theme at one level."""

    theme: str
    results: list[Result]


@dataclass(frozen=True)
class LevelGroup:
    """The results of one level, grouped by theme in catalogue order."""

    level: str
    themes: list[ThemeGroup]


@dataclass(frozen=True)
class Checklist:
    """Everything `show` displays about one entry."""

    id: str
    entry: Any
    levels: list[LevelGroup]
    counts: dict[str, int]
    decisions: list[Any] = field(default_factory=list)

    @property
    def is_product(self) -> bool:
        """True from in_operation on."""
        return is_product(self.entry.status)

    @property
    def is_open(self) -> bool:
        """False for rejected, stopped and retired entries (nothing is checked)."""
        return is_open(self.entry.status)


def build_checklist(registry: Registry, entry_id: str, today: dt.date) -> Checklist:
    """Evaluate one valid entry and group its results; the entry must have a model."""
    loaded = registry.entries[entry_id]
    results = results_for(registry, loaded, today)
    catalogue = registry.catalogue
    levels = []
    for level in catalogue.levels[: catalogue.level_index(loaded.model.level) + 1]:
        at_level = [r for r in results if r.requirement.level == level]
        themes = [ThemeGroup(t, [r for r in at_level if r.requirement.theme == t]) for t in catalogue.themes]
        levels.append(LevelGroup(level, [group for group in themes if group.results]))
    counts = Counter(r.state.value for r in results)
    return Checklist(entry_id, loaded.model, levels, {s.value: counts.get(s.value, 0) for s in State},
                     list(loaded.model.decisions))
