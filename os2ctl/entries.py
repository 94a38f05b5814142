"""Build evaluation contexts for the entries of a loaded registry."""

from __future__ import annotations

import datetime as dt

from os2ctl.catalogue.checks import EntryContext
from os2ctl.evaluate import Result, evaluate
from os2ctl.registry.loader import LoadedFile, Registry


def entry_context(
    registry: Registry, loaded: LoadedFile, today: dt.date, level: str | None = None, entry=None,
    repositories: dict[str, list[str]] | None = None,
) -> EntryContext:
    """The context in which `loaded`'s requirements are evaluated, at its own level or `level`."""
    entry = entry or loaded.model
    return EntryContext(
        id=loaded.key,
        entry=entry,
        level=level or entry.level,
        _today=today,
        settings=registry.settings,
        organisation=registry.organisation,
        board_levels=registry.catalogue.board_levels,
        repositories=registry.repositories if repositories is None else repositories,
    )


def results_for(
    registry: Registry, loaded: LoadedFile, today: dt.date, level: str | None = None, entry=None,
    repositories: dict[str, list[str]] | None = None, shared: dict | None = None,
) -> list[Result]:
    """Requirement results of one valid entry (or `entry`, e.g. its valid part) at its level or `level`.

    Calls for the same entry at several levels may pass one `shared` dict (see `evaluate`).
    """
    context = entry_context(registry, loaded, today, level, entry, repositories)
    return evaluate(context, registry.catalogue, shared=shared)

