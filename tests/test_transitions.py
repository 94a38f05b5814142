"""`check --base REV`: pull requests in real Git repositories, compared with the base branch."""

from __future__ import annotations

import subprocess

import pytest

from os2ctl.registry.loader import load_registry
from os2ctl.transitions import load_base
from tests.factory import full_entry, make_registry
from tests.workflow import BOARD_APPROVAL, branch, commit_all, git, init_repo, registry_repo, sagsflow

AFTER = "2026-12-11"
NO_N3 = {"  national: Fællesoffentlig digitaliseringsstrategi.\n": ""}
LEVEL_LINE = "level: N2        # besluttet niveau\n"


@pytest.fixture
def repo(tmp_path):
    """main: an approved N2 project `sagsflow` (with its board decisions); HEAD: the branch `pr`."""
    registry_repo(tmp_path, {"sagsflow": sagsflow("N2", "approved", BOARD_APPROVAL, **NO_N3)})
    branch(tmp_path, "pr")
    return tmp_path


def path_of(repo, entry="sagsflow"):
    return repo / "registry" / "portfolio" / f"{entry}.yaml"


def edit(repo, old, new, entry="sagsflow"):
    path = path_of(repo, entry)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def check_base(cli, repo, *args, base="main"):
    result, data = cli.json("check", "--registry", repo / "registry", "--today", AFTER, "--format", "json",
                            "--base", base, *args)
    return result, [(f["rule"], f["line"], f["message"]) for f in data["findings"]]


def line_of(repo, words, entry="sagsflow"):
    lines = path_of(repo, entry).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if words in line)


def transitions(findings):
    return [f for f in findings if f[0] == "transition"]


def test_a_pull_request_that_edits_level_without_a_decision_fails(cli, repo):
    edit(repo, LEVEL_LINE, "level: N3\n")
    commit_all(repo, "Move to N3")
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    assert ("level-placement", line_of(repo, "level: N3")) in [(rule, line) for rule, line, _ in findings]


def test_one_that_adds_the_board_decision_passes(cli, repo):
    result = cli("decide", "sagsflow", "--action", "reclassify", "--level", "N1", "--meeting", "2026-12-10",
                 "--registry", repo / "registry", "--today", AFTER)
    assert result.exit_code == 0, result.stderr
    commit_all(repo, "The board moves sagsflow to N1")
    result, findings = check_base(cli, repo)
    assert (result.exit_code, findings) == (0, [])


def test_rewriting_an_old_decision_fails(cli, repo):
    edit(repo, "action: place, level: N2,", "action: place, level: N3,")
    edit(repo, LEVEL_LINE, "level: N3\n")
    commit_all(repo, "Rewrite history")
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    [(rule, line, message)] = transitions(findings)
    assert line == line_of(repo, "action: place") and "decision 1 (2026-02-01, business_manager, place, N2) was changed" in message


def test_removing_or_reordering_past_decisions_fails(cli, repo):
    edit(repo, f"  - {BOARD_APPROVAL[2]}\n", "")
    result, findings = check_base(cli, repo)
    assert [m for _r, _l, m in transitions(findings)] == [
        "decision 4 (2026-03-19, board, approve_budget) was removed: the decision log is append-only"]
    edit(repo, f"  - {BOARD_APPROVAL[1]}\n", "")
    edit(repo, "  - {date: 2026-02-01,", f"  - {BOARD_APPROVAL[2]}\n  - {BOARD_APPROVAL[1]}\n  - {{date: 2026-02-01,")
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    assert all("was moved" in m for _r, _l, m in transitions(findings)) and len(transitions(findings)) == 4


def test_a_status_move_section_5_does_not_allow_fails(cli, repo):
    edit(repo, "status: approved\n", "status: in_operation\n")
    result, findings = check_base(cli, repo)
    [(_rule, line, message)] = transitions(findings)
    assert line == line_of(repo, "status:") and message.startswith("status moved from approved to in_operation, which section 5 does not")
    assert "from approved an entry can move to idea, in_progress, rejected, stopped" in message


def test_a_move_that_a_decision_makes_needs_that_decision(cli, repo):
    edit(repo, "status: approved\n", "status: stopped\n")
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    assert "without a 'stop' decision: record it with `os2ctl decide sagsflow --action stop`" in (
        transitions(findings)[0][2])
    git(repo, "checkout", "--", ".")
    assert cli("decide", "sagsflow", "--action", "stop", "--meeting", "2026-12-10", "--registry",
               repo / "registry", "--today", AFTER).exit_code == 0
    result, findings = check_base(cli, repo)
    assert (result.exit_code, findings) == (0, [])


def test_moves_without_a_decision_of_their_own_pass(cli, repo):
    edit(repo, "status: approved\n", "status: in_progress\n")
    result, findings = check_base(cli, repo)
    assert transitions(findings) == []


def test_deleting_an_open_entry_fails_and_deleting_a_closed_one_does_not(cli, repo):
    path_of(repo).unlink()
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    assert transitions(findings)[0][2].startswith("the entry was deleted instead of closed")
    git(repo, "checkout", "--", ".")
    edit(repo, "status: approved\n", "status: rejected\n")
    edit(repo, "reports:\n", "  - {date: 2026-12-10, body: board, action: reject, meeting: 2026-12-10}\nreports:\n")
    commit_all(repo, "Rejected")
    path_of(repo).unlink()
    result, findings = check_base(cli, repo, base="HEAD")
    assert (result.exit_code, findings) == (0, [])


def test_a_new_entry_is_not_a_transition(cli, repo):
    path_of(repo, "nyt").write_text(sagsflow("N1", "idea", **{"sagsflow": "nyt"}), encoding="utf-8")
    result, findings = check_base(cli, repo)
    assert transitions(findings) == []


@pytest.mark.parametrize("decision, words", [
    ("{date: 2026-12-10, body: business_manager, action: reclassify, level: N1}",
     "the 'reclassify' decision is taken by 'board' or 'general_assembly', not by 'business_manager'"),
    ("{date: 2026-12-11, body: board, action: reclassify, level: N1, meeting: 2026-12-10}",
     "a decision taken at a meeting carries the meeting's date"),
    ("{date: 2026-12-10, body: business_manager, action: place, level: N1}",
     "a 'place' decision cannot move a placed entry from N2 to N1"),
])
def test_added_decisions_the_body_cannot_take_fail(cli, repo, decision, words):
    edit(repo, LEVEL_LINE, "level: N1\n")
    edit(repo, "reports:\n", f"  - {decision}\nreports:\n")
    result, findings = check_base(cli, repo)
    assert result.exit_code == 1
    assert any(words in m for _r, _l, m in transitions(findings)), findings


def test_only_changed_files_are_read_from_the_base(tmp_path):
    registry_repo(tmp_path, {"a-entry": full_entry(), "b-entry": full_entry()})
    (tmp_path / "registry" / "portfolio" / "b-entry.yaml").write_text("title: changed\n", encoding="utf-8")
    base = load_base(load_registry(tmp_path / "registry").root, "HEAD")
    assert list(base) == ["portfolio/b-entry.yaml"] and base["portfolio/b-entry.yaml"].startswith(b"title: OS2")


def test_paths_limit_the_transitions_reported(cli, repo):
    path_of(repo, "andet").write_text(sagsflow("N2", "approved", BOARD_APPROVAL, **NO_N3), encoding="utf-8")
    commit_all(repo, "Another entry")
    edit(repo, "status: approved\n", "status: in_operation\n", entry="andet")
    edit(repo, "status: approved\n", "status: in_operation\n")
    result, findings = check_base(cli, repo, str(path_of(repo)), base="HEAD")
    assert len(transitions(findings)) == 1


def test_github_format_annotates_the_pull_request(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)
    edit(repo, "status: approved\n", "status: in_operation\n")
    result = cli("check", "--registry", "registry", "--today", AFTER, "--format", "github", "--base", "main")
    assert "::error file=registry/portfolio/sagsflow.yaml,line=7,col=9,title=transition::status moved" in (
        result.stdout)


@pytest.mark.parametrize("revision, words", [
    ("-x", "'-x' is not a Git revision"),
    ("--output=/tmp/x", "is not a Git revision"),
    ("main branch", "is not a Git revision"),
    ("origin/main", "unknown revision 'origin/main': fetch the base first, e.g. `git fetch origin main`"),
])
def test_bad_revisions_are_usage_errors(cli, repo, revision, words):
    result = cli("check", "--registry", repo / "registry", "--base", revision)
    assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_a_shallow_clone_says_how_to_fetch_the_base(cli, repo, tmp_path_factory):
    git(repo, "switch", "-q", "main")
    commit_all(repo, "Second commit")
    clone = tmp_path_factory.mktemp("clone") / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    result = cli("check", "--registry", clone / "registry", "--base", "HEAD~1")
    assert result.exit_code == 2
    assert "in this shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr


def test_a_registry_outside_git_is_a_usage_error(cli, tmp_path):
    make_registry(tmp_path / "registry", {"os2test": full_entry()})
    result = cli("check", "--registry", tmp_path / "registry", "--base", "main")
    assert result.exit_code == 2 and "not in one" in result.stderr


def test_a_registry_at_the_repository_root(cli, tmp_path):
    make_registry(tmp_path, {"sagsflow": sagsflow("N2", "approved", BOARD_APPROVAL, **NO_N3)})
    init_repo(tmp_path)
    edit_path = tmp_path / "portfolio" / "sagsflow.yaml"
    edit_path.write_text(edit_path.read_text(encoding="utf-8").replace("status: approved", "status: in_operation"),
                         encoding="utf-8")
    result, data = cli.json("check", "--registry", tmp_path, "--today", AFTER, "--format", "json", "--base", "HEAD")
    assert [f["path"] for f in data["findings"] if f["rule"] == "transition"] == ["portfolio/sagsflow.yaml"]


def test_requoting_a_past_decision_is_not_a_change(cli, repo):
    edit(repo, "{date: 2026-02-01, body: business_manager, action: place, level: N2,",
         "{date: '2026-02-01', body: \"business_manager\", action: place, level: N2,")
    result, findings = check_base(cli, repo)
    assert transitions(findings) == []
