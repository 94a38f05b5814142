"""The example registry is what a new user runs first: it must be clean and cover the model."""

from __future__ import annotations

import datetime as dt

from os2ctl.check import check_registry
from os2ctl.lifecycle import STAGES
from os2ctl.registry.loader import load_registry
from tests.conftest import REPO_ROOT


def test_example_registry_is_clean_and_covers_levels_and_statuses():
    registry = load_registry(REPO_ROOT / "registry")
    report = check_registry(registry, dt.date(2026, 11, 29))
    assert report.findings == []
    entries = [loaded.model for loaded in registry.entries.values()]
    assert len(entries) >= 12
    assert {e.level for e in entries} == {"N1", "N2", "N3"}
    assert set(STAGES) <= {e.status for e in entries}
    assert registry.meetings and registry.organisation is not None


def test_example_registry_checks_clean_today_from_the_cli(cli):
    assert cli("check", "--registry", REPO_ROOT / "registry", "--today", "2026-11-29").exit_code == 0
