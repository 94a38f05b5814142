"""Helpers for the level-change workflow tests: real Git repositories and a handwritten entry.

Repositories get a local identity, no signing and the branch `main`. The handwritten entry has
comments, flow mappings, a folded scalar, quoted strings and Danish letters, so that tests can
compare whole files byte for byte after an edit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.factory import EVIDENCE_IDS, make_registry


def git(root: Path, *args: str) -> str:
    """Run git in `root` and return its output; a failure fails the test."""
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout


def init_repo(root: Path) -> Path:
    """`git init` at `root` with a local identity, and commit everything in it on `main`."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test Person"), ("user.email", "test@example.org"),
                       ("commit.gpgsign", "false"), ("core.autocrlf", "false")):
        git(root, "config", "--local", key, value)
    commit_all(root, "Registry")
    return root


def commit_all(root: Path, message: str) -> str:
    """Commit every change in the work tree; returns the new commit's sha."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def branch(root: Path, name: str) -> None:
    """Create and switch to a new branch (a pull request's branch)."""
    git(root, "switch", "-q", "-c", name)


def sagsflow(level: str = "N2", status: str = "concept", decisions: tuple[str, ...] = (), **replace: str) -> str:
    """A handwritten entry that meets every requirement of `level` at `status` (today 2026-11-29).

    `decisions` are extra flow-mapping lines appended to the log after the business manager's
    placement; `replace` swaps whole lines (old line text → new line text).
    """
    evidence = "".join(f'  {rid}: {{status: met, evidence: "https://docs.example/{rid}"}}\n' for rid in EVIDENCE_IDS)
    log = "".join(f"  - {line}\n" for line in decisions)
    text = f"""\
# OS2 Sagsflow — et fælles sagsbehandlingssystem
title: "OS2 Sagsflow"
summary: >-
  Et fælles system til sagsbehandling i kommunerne,
  udviklet som open source.
level: {level}        # besluttet niveau
status: {status}
contact: {{name: Mette Christensen, organisation: Aarhus, email: mette@example.org}}
municipalities: [Aarhus, København, 461]   # 461 = Odense
supplier: 'Magenta ApS'
license: MPL-2.0
repository: https://github.com/OS2/sagsflow

value:
  local: Sparer tid i borgerservice.
  others: "Kan bruges af alle kommuner: også små."
  common: Fælles værdi for alle 98 kommuner.
strategy:
  innovation: Nyt open source-værktøj.
  os2_fit: Passer til OS2's strategi.
  relations: Snitflade til OS2mo.
  national: Fællesoffentlig digitaliseringsstrategi.
  initiatives: Understøtter KOMBIT's monopolbrud.
funding: {{source: local, budget_dkk: 1000000}}
line_management:
  - {{municipality: Aarhus, by: Digitaliseringschef, date: 2026-01-05}}
  - {{municipality: København, by: IT-chef, date: 2026-01-06}}
  - {{municipality: 461, by: Direktør, date: 2026-01-07}}
governance:
  project_owner: mchr
  project_leader: {{person: slar, certification: PRINCE2 Practitioner}}
  steering_group: {{chair: mchr, members: [mchr, lhan, kjen, tkri]}}
  coordination_group: {{chair: kjen, members: [kjen, tkri], facilitator: Magenta ApS}}
operation:
  form: Hostet af leverandøren
  support: Leverandørens support
  maintenance: Månedlige releases
requirements:
{evidence}
# Beslutninger: loggen må kun udvides
decisions:
  - {{date: 2026-02-01, body: business_manager, action: place, level: {level}, note: "Placeret efter dialog"}}
{log}reports:
  - {{date: 2026-10-01, progress: on_track, spent_dkk: 400000}}
"""
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


BOARD_APPROVAL = (
    "{date: 2026-03-19, body: board, action: approve, level: N2, meeting: 2026-03-19}",
    "{date: 2026-03-19, body: board, action: steering_group, meeting: 2026-03-19}",
    "{date: 2026-03-19, body: board, action: approve_budget, amount_dkk: 1000000, meeting: 2026-03-19}",
)


def registry_repo(root: Path, entries: dict[str, str | dict]) -> Path:
    """A registry at `root`/registry inside a Git repository at `root`, committed on main."""
    registry = make_registry(root / "registry", entries)
    init_repo(root)
    return registry
