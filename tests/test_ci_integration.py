"""The CI files shipped with os2ctl: the pre-commit hooks and the GitHub Actions workflow template."""

from __future__ import annotations

import re
import shlex

import pytest

from os2ctl.registry.yamlread import parse_text
from os2ctl.resources import bundled_dir
from tests.conftest import REPO_ROOT

WORKFLOW = bundled_dir("templates") / "github-workflow.yml"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"


def load(path):
    doc = parse_text(path.name, path.read_text(encoding="utf-8"))
    assert doc.findings == []
    return doc.data


def commands(text: str) -> list[list[str]]:
    """Every `os2ctl ...` command line in a text, split into words."""
    found = []
    for line in text.splitlines():
        for match in re.finditer(r"\bos2ctl ([a-z]+[^\n;|>&]*)", line.split("#")[0] if "os2ctl" in line else ""):
            found.append(shlex.split(match.group(1)))
    return found


def test_the_workflow_runs_check_base_on_pull_requests_and_reclassify_weekly():
    workflow = load(WORKFLOW)
    assert set(workflow["on"]) >= {"pull_request", "schedule"}
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")
    check_steps = "\n".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert 'os2ctl check --format github --base "origin/$BASE_REF"' in check_steps
    assert workflow["jobs"]["check"]["steps"][0]["with"]["fetch-depth"] == 0
    weekly = "\n".join(step.get("run", "") for step in workflow["jobs"]["reclassify"]["steps"])
    assert "os2ctl reclassify --exit-code" in weekly
    assert "${{" not in check_steps + weekly  # expressions reach scripts only through env


@pytest.mark.parametrize("source", [WORKFLOW, HOOKS], ids=["workflow", "hooks"])
def test_every_os2ctl_command_in_the_ci_files_exists_with_its_options(cli, source):
    found = commands(source.read_text(encoding="utf-8"))
    assert found
    for words in found:
        name, options = words[0], [w.split("=")[0] for w in words[1:] if w.startswith("--")]
        help_text = cli(name, "--help").stdout
        for option in options:
            assert option in help_text, f"os2ctl {name} has no {option}"


def test_the_pre_commit_hooks_run_on_registry_files_only():
    hooks = {hook["id"]: hook for hook in load(HOOKS)}
    assert set(hooks) == {"os2ctl-check", "os2ctl-codeowners"}
    pattern = re.compile(hooks["os2ctl-check"]["files"])
    for path in ("registry/portfolio/os2mo.yaml", "portfolio/os2mo.yaml", "registry/meetings/2026-12-10.yaml",
                 "organisation.yaml", "registry/os2ctl.yaml"):
        assert pattern.search(path), path
    for path in ("README.md", "registry/portfolio/notes/x.yaml", "templates/github-workflow.yml"):
        assert not pattern.search(path), path
    assert all(hook["language"] == "python" and hook["pass_filenames"] is False for hook in hooks.values())
