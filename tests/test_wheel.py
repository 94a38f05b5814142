"""The built wheel carries everything the installed command needs (templates, data, catalogues)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO_ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("os2ctl-*.whl")
    return built


def test_wheel_contains_runtime_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "os2ctl/data/municipalities.csv" in names
    assert "os2ctl/catalogue/models/os2-2016.yaml" in names
    assert "os2ctl/_bundled/schemas/entry.schema.json" in names
    assert any(name.startswith("os2ctl/_bundled/templates/") for name in names)


def test_installed_wheel_checks_a_registry_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    registry = shutil.copytree(REPO_ROOT / "registry", tmp_path / "work" / "registry")
    result = subprocess.run([venv / "bin" / "os2ctl", "check", "--today", "2026-11-29"], cwd=registry.parent,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stdout
    result = subprocess.run([venv / "bin" / "os2ctl", "requirements", "--format", "json"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0 and '"board-majority"' in result.stdout


def test_wheel_contains_the_new_entry_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"os2ctl/_bundled/templates/entry.da.yaml.j2", "os2ctl/_bundled/templates/entry.en.yaml.j2"} <= names
