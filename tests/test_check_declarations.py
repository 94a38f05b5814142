"""Checks declare whether they read the level (reclassify evaluates the others once per entry); a result
whose check read the date is marked as such (`check` keeps the other results when the date changes)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.generate import generate
from os2ctl.catalogue.checks import CHECKS, LEVEL_DEPENDENT_CHECKS
from os2ctl.entries import entry_context
from os2ctl.evaluate import evaluate
from os2ctl.registry.loader import load_registry
from tests.factory import drop, drop_decision, set_to
from tests.factory_2025 import full_entry_2025, make_registry_2025

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def registries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("levels")
    root_2016 = generate(80, folder / "os2-2016", error_rate=0.3)
    variants = {
        f"e-{level.lower()}-{status}-{index}": change(full_entry_2025(level, status))
        for level in ("sandkasse", "N1", "N2", "N3")
        for status in ("concept", "approved", "in_progress", "in_operation")
        for index, change in enumerate([lambda e: e, drop("governance", "steering_group"),
                                        drop_decision("approve_budget"), set_to("os2", "funding", "source")])
    }
    root_2025 = make_registry_2025(folder / "os2-2025", variants)
    return [load_registry(root_2016), load_registry(root_2025)]


def _outcomes(registry, loaded, name):
    """The check's outcome for the entry at each level of the catalogue."""
    return {CHECKS[name](entry_context(registry, loaded, TODAY, level)) for level in registry.catalogue.levels}


def test_only_declared_checks_depend_on_the_level(registries):
    varying = set()
    for registry in registries:
        names = {r.check for r in registry.catalogue.requirements if r.kind == "derived"}
        for loaded in registry.entries.values():
            if loaded.model is not None:
                varying |= {name for name in names if len(_outcomes(registry, loaded, name)) > 1}
    assert varying  # the data exercises level-dependent checks at all
    assert varying <= LEVEL_DEPENDENT_CHECKS


def test_shared_results_are_the_results(registries):
    for registry in registries:
        for loaded in registry.entries.values():
            if loaded.model is None:
                continue
            shared = {}
            for level in reversed(registry.catalogue.levels):
                context = entry_context(registry, loaded, TODAY, level)
                assert evaluate(context, registry.catalogue, shared=shared) == evaluate(context, registry.catalogue)


DAYS = [TODAY - dt.timedelta(days=400), TODAY, TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=400)]


def test_a_result_that_depends_on_the_date_is_marked(registries):
    varying = set()
    for registry in registries:
        for loaded in registry.entries.values():
            if loaded.model is None:
                continue
            by_day = [evaluate(entry_context(registry, loaded, day), registry.catalogue) for day in DAYS]
            for results in zip(*by_day):
                if len({(r.state, r.message) for r in results}) > 1:
                    varying.add(results[0].requirement.check)
                    assert all(r.used_date for r in results), (results[0].requirement.id, loaded.key)
    assert varying  # the data exercises date-dependent checks at all


def test_a_check_that_does_not_read_the_date_is_not_marked(registries):
    registry = registries[0]
    loaded = next(f for f in registry.entries.values()
                  if f.model is not None and f.model.status == "in_progress" and f.model.level in ("N2", "N3"))
    results = evaluate(entry_context(registry, loaded, TODAY), registry.catalogue)
    assert {r.requirement.check for r in results if r.used_date} == {"recent-report"}
