"""`os2ctl codeowners`: who must approve pull requests, from organisation.yaml and the entries."""

from __future__ import annotations

import copy

import pytest

from tests.factory import ORGANISATION, full_entry, make_registry
from tests.workflow import commit_all, init_repo

BOARD_AND_MANAGER = "@bomo @karenj @larsh @mettec @petern"  # apou (board) has no GitHub handle


def entries():
    groups = {
        "project": full_entry("N2", "in_progress"),          # steering group mchr, lhan, kjen, tkri
        "product": full_entry("N2", "in_operation"),         # coordination group kjen, tkri
        "small": full_entry("N1", "in_progress"),
        "orphan": full_entry("N1", "idea"),
    }
    groups["small"]["governance"] = {"project_owner": "slar"}
    groups["orphan"]["governance"] = {"steering_group": {"chair": "tkri", "members": ["tkri", "jped"]}}
    for name, entry in groups.items():
        entry["repository"] = f"https://github.com/OS2/{name}"
    return groups


@pytest.fixture
def repo(tmp_path):
    make_registry(tmp_path / "registry", entries())
    init_repo(tmp_path)
    return tmp_path


def codeowners(cli, repo, *args):
    return cli("codeowners", "--registry", repo / "registry", *args)


def test_each_file_is_owned_by_the_people_the_governance_model_names(cli, repo):
    result = codeowners(cli, repo)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    assert lines == [
        "/registry/portfolio/ @bomo",
        "/registry/portfolio/orphan.yaml @bomo",                      # nobody in its group has a handle
        "/registry/portfolio/product.yaml @karenj",                   # a product: its coordination group
        "/registry/portfolio/project.yaml @karenj @larsh @mettec",    # a project: its steering group
        "/registry/portfolio/small.yaml @sofiel",                     # a small project: its owner
        f"/registry/os2ctl.yaml {BOARD_AND_MANAGER}",
        f"/registry/organisation.yaml {BOARD_AND_MANAGER}",
        f"/registry/meetings/ {BOARD_AND_MANAGER}",
        f"/registry/templates/ {BOARD_AND_MANAGER}",
        f"/.github/CODEOWNERS {BOARD_AND_MANAGER}",
        f"/.github/workflows/ {BOARD_AND_MANAGER}",
    ]


def test_output_then_check_passes_and_a_change_in_organisation_makes_it_stale(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)
    assert codeowners(cli, repo, "--output", ".github/CODEOWNERS").exit_code == 0
    commit_all(repo, "CODEOWNERS")
    assert codeowners(cli, repo, "--check").exit_code == 0
    organisation = copy.deepcopy(ORGANISATION)
    organisation["people"][4]["github"] = "anne-p"
    make_registry(repo / "registry", entries(), organisation=organisation)
    result = codeowners(cli, repo, "--check")
    assert result.exit_code == 1
    assert "is stale: regenerate it with `os2ctl codeowners --output" in result.stderr
    assert f"+/registry/meetings/ @anne-p {BOARD_AND_MANAGER}" in result.stdout


def test_check_without_a_codeowners_file_fails(cli, repo):
    result = codeowners(cli, repo, "--check")
    assert result.exit_code == 1 and "no CODEOWNERS file" in result.stderr


def test_check_finds_codeowners_where_github_looks(cli, repo):
    text = codeowners(cli, repo).stdout.replace("/.github/CODEOWNERS", "/docs/CODEOWNERS")
    (repo / "docs").mkdir()
    (repo / "docs" / "CODEOWNERS").write_text(text, encoding="utf-8")
    assert codeowners(cli, repo, "--check").exit_code == 0


def test_a_registry_at_the_repository_root_has_no_prefix(cli, tmp_path):
    make_registry(tmp_path, entries())
    init_repo(tmp_path)
    result = cli("codeowners", "--registry", tmp_path)
    assert "\n/portfolio/project.yaml @karenj @larsh @mettec\n" in result.stdout


def test_an_invalid_handle_makes_organisation_invalid_and_nothing_is_generated(cli, repo):
    organisation = copy.deepcopy(ORGANISATION)
    organisation["people"][0]["github"] = "@mette c"
    make_registry(repo / "registry", entries(), organisation=organisation)
    result = codeowners(cli, repo)
    assert result.exit_code == 1 and "organisation.yaml has errors" in result.stderr and result.stdout == ""


def test_governing_files_without_anyone_with_a_handle_say_so(cli, repo):
    organisation = copy.deepcopy(ORGANISATION)
    for person in organisation["people"]:
        person["github"] = None
    make_registry(repo / "registry", entries(), organisation=organisation)
    lines = codeowners(cli, repo).stdout.splitlines()
    assert "/registry/meetings/" in lines
    assert lines[lines.index("/registry/meetings/") - 1] == "# nobody with a GitHub handle owns this:"
