"""Shared fixtures: a fresh registry per test, the CLI runner, and no writes to the real home."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from os2ctl.cli.app import app
from tests.factory import full_entry, make_registry

TODAY = dt.date(2026, 11, 29)
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Fail loudly rather than write to the developer's home; no registry from the environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("OS2CTL_REGISTRY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def registry(tmp_path) -> Path:
    """A valid registry with one N3 product in operation."""
    return make_registry(tmp_path / "registry", {"os2test": full_entry()})


class Cli:
    """Run os2ctl in-process, as a user would."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    def json(self, *args: str):
        result = self(*args)
        return result, json.loads(result.stdout)


@pytest.fixture
def cli() -> Cli:
    """The command line, run in-process with typer's CliRunner."""
    return Cli()
