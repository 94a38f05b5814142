"""Benchmark `os2ctl agenda` on a generated registry of 5,000 entries (a script, not a test).

    python benchmarks/agenda_bench.py [--entries 5000] [--runs 3] [--no-git]

The registry mixes every level and open status, so every agenda item has work to do:
N2/N3 concepts with recommendations, level changes, budgets and steering groups waiting
for the board, N1 placements, projects in progress with fresh, stale and missing reports,
entries with errors, products for the annual review, and (unless --no-git) a Git history
with changes after the previous meeting. Prints the median wall time of each phase and of
the whole command run in a fresh process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.factory import dump, full_entry, make_registry  # noqa: E402

TODAY = dt.date(2026, 11, 29)
MEETING = "2026-12-10"
# (level, status) in rotation: every agenda item gets entries.
MIX = [("N1", "concept"), ("N1", "in_progress"), ("N1", "in_operation"), ("N2", "concept"), ("N2", "approved"),
       ("N2", "in_progress"), ("N2", "in_operation"), ("N3", "concept"), ("N3", "in_progress"),
       ("N3", "in_operation"), ("N2", "idea"), ("N1", "idea")]


def entry(number: int) -> dict:
    """One generated entry; every 7th has an error, every 5th a stale report."""
    level, status = MIX[number % len(MIX)]
    data = full_entry(level, status, title=f"OS2 Benchmark {number}",
                      repository=f"https://github.com/OS2/bench-{number}")
    if status == "concept":
        data["decisions"].append({"date": "2026-11-02", "body": "business_manager", "action": "recommend",
                                  "level": level, "note": f"Indstilling nr. {number}"})
    if level == "N1":
        data["decisions"][0]["date"] = "2026-10-15"
    if status == "approved":
        data["decisions"] = [d for d in data["decisions"] if d["action"] not in ("approve_budget", "steering_group")]
    if number % 5 == 0:
        data["reports"] = [{"date": "2026-03-01", "progress": "at_risk", "spent_dkk": 900_000}]
    if number % 7 == 0:
        data["municipalities"] = ["Arhus"]
    return data


def generate(root: Path, count: int, with_git: bool) -> Path:
    """Write the registry (and two commits around the previous meeting when `with_git`)."""
    entries = {f"bench-{n:05d}": entry(n) for n in range(count)}
    make_registry(root, entries)
    if with_git:
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "registry", date="2026-09-01T10:00:00")
        for n in range(0, count, 50):
            changed = entries[f"bench-{n:05d}"] | {"status": "stopped"}
            (root / "portfolio" / f"bench-{n:05d}.yaml").write_text(dump(changed), encoding="utf-8")
        _git(root, "commit", "-qam", "stop some", date="2026-10-20T10:00:00")
    return root


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True)


def timed(function):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def phases(root: Path) -> dict[str, float]:
    """Seconds per phase, in one process."""
    from os2ctl.agenda import build_agenda, template_folders
    from os2ctl.agenda.render import render_agenda
    from os2ctl.registry.loader import load_registry

    registry, load = timed(lambda: load_registry(root))
    agenda, build = timed(lambda: build_agenda(registry, dt.date.fromisoformat(MEETING), TODAY, "da"))
    folders = template_folders(registry)
    markdown, render_md = timed(lambda: render_agenda(agenda, "markdown", folders))
    html, render_html = timed(lambda: render_agenda(agenda, "html", folders))
    counts = {item.kind: len(item.rows) for item in agenda.items}
    print(f"    items: {counts}; markdown {len(markdown):,} chars, html {len(html):,} chars")
    return {"load": load, "build": build, "render markdown": render_md, "render html": render_html}


def whole_command(root: Path) -> float:
    """Seconds for `os2ctl agenda --format html` in a fresh process, output to a file."""
    command = [sys.executable, "-m", "os2ctl", "agenda", "--registry", str(root), "--meeting", MEETING,
               "--today", TODAY.isoformat(), "--format", "html", "--output", str(root / "agenda.html")]
    _, seconds = timed(lambda: subprocess.run(command, check=True))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-git", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root, setup = timed(lambda: generate(Path(folder) / "registry", options.entries, not options.no_git))
        print(f"generated {options.entries:,} entries in {setup:.1f} s (git history: {not options.no_git})")
        runs = []
        for run in range(options.runs):
            print(f"  run {run + 1}:")
            runs.append(phases(root))
        for name in runs[0]:
            print(f"  {name:<16} median {statistics.median(r[name] for r in runs):6.2f} s")
        commands = [whole_command(root) for _ in range(options.runs)]
        print(f"  whole command    median {statistics.median(commands):6.2f} s "
              f"(os2ctl agenda --format html, fresh process, {options.runs} runs)")


if __name__ == "__main__":
    main()
