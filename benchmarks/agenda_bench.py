"""Benchmark `os2ctl agenda` on a generated registry of 5,000 entries (a script, not a test).

    python benchmarks/agenda_bench.py [--entries 5000] [--runs 3] [--no-git]

The registry comes from `benchmarks/generate.py` (copies of the example registry's entries:
every level and open status, recommendations, reports, about 2% files with errors). Unless
--no-git, it is committed before the previous board meeting (2026-09-24) and 1% of the
entries are then changed (status and a new decision) in a second commit, so the "changes
since the previous meeting" item reads real history. Prints the median wall and CPU time of
each phase in one process, and of the whole command in a fresh process: the first run (no
caches), a new day (parsed documents and check results cached, but the results that depend on
the date, those of projects in progress, computed again) and a second run on the same day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate as generate_registry  # noqa: E402

TODAY = dt.date(2026, 11, 29)
MEETING = "2026-12-10"


def generate(root: Path, count: int, with_git: bool) -> Path:
    """Write the registry (and its two commits around the previous meeting when `with_git`)."""
    generate_registry(count, root)
    if with_git:
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "Registry", date="2026-09-01T10:00:00")
        stop = "decisions:\n  - {date: 2026-10-20, body: board, action: stop, meeting: 2026-09-24}\n"
        for path in sorted((root / "portfolio").glob("*.yaml"))[::100]:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"^status: \S+", "status: stopped", text, count=1, flags=re.M)
            text = re.sub(r"^decisions:\n", lambda _: stop, text, count=1, flags=re.M)
            path.write_text(text, encoding="utf-8")
        _git(root, "commit", "-qam", "Stop 1% of the portfolio", date="2026-10-20T10:00:00")
    return root


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True)


def timed(function):
    """(result, wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def phases(root: Path, cache: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds per phase in one process, as `os2ctl agenda` runs them."""
    from os2ctl.agenda import build_agenda, template_folders
    from os2ctl.agenda.render import render_agenda
    from os2ctl.checkrun import run_check
    from os2ctl.registry.loader import load_registry

    os.environ["OS2CTL_CACHE_DIR"] = str(cache)
    _, *parse = timed(lambda: load_registry(root, use_cache=False))
    load_registry(root)  # fills the document cache
    registry, *load = timed(lambda: load_registry(root))
    report, *check = timed(lambda: run_check(root, TODAY, loaded=registry))  # an empty check cache: computed
    _, *cached_check = timed(lambda: run_check(root, TODAY, loaded=registry))
    agenda, *build = timed(lambda: build_agenda(registry, dt.date.fromisoformat(MEETING), TODAY, "da", report=report))
    folders = template_folders(registry)
    markdown, *render_md = timed(lambda: render_agenda(agenda, "markdown", folders))
    html, *render_html = timed(lambda: render_agenda(agenda, "html", folders))
    counts = {item.kind: len(item.rows) for item in agenda.items if item.rows}
    print(f"    rows per item: {counts}; markdown {len(markdown):,} chars, html {len(html):,} chars")
    return {"load, parsing": parse, "load, doc cache": load, "check, computed": check, "check, cached": cached_check,
            "build agenda": build, "render markdown": render_md, "render html": render_html}


def whole_command(root: Path, cache: Path, today: dt.date = TODAY) -> float:
    """Seconds for `os2ctl agenda --format html` in a fresh process, output to a file."""
    command = [sys.executable, "-m", "os2ctl", "agenda", "--registry", str(root), "--meeting", MEETING,
               "--today", today.isoformat(), "--format", "html", "--output", str(root.parent / "agenda.html")]
    env = dict(os.environ, OS2CTL_CACHE_DIR=str(cache))
    _, wall, _ = timed(lambda: subprocess.run(command, check=True, env=env))
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-git", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root, setup, _ = timed(lambda: generate(Path(folder) / "registry", options.entries, not options.no_git))
        print(f"generated {options.entries:,} entries in {setup:.1f} s (git history: {not options.no_git})")
        cache = Path(folder) / "cache"
        runs = []
        for run in range(options.runs):
            print(f"  run {run + 1}:")
            shutil.rmtree(cache, ignore_errors=True)
            runs.append(phases(root, cache))
        for name in runs[0]:
            wall = statistics.median(r[name][0] for r in runs)
            cpu = statistics.median(r[name][1] for r in runs)
            print(f"  {name:<16} median {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        print(f"  os2ctl agenda --format html in a fresh process, median of {options.runs} runs:")
        cold = []
        for _ in range(options.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(whole_command(root, cache))
        print(f"    first run, no caches:                        {statistics.median(cold):5.2f} s")
        new_day = []
        for day in range(options.runs):  # another --today: date-dependent check results are computed again
            new_day.append(whole_command(root, cache, TODAY + dt.timedelta(days=day + 1)))
        print(f"    a new day (projects in progress checked again): {statistics.median(new_day):5.2f} s")
        warm = [whole_command(root, cache) for _ in range(options.runs)]
        print(f"    again the same day:                           {statistics.median(warm):5.2f} s")


if __name__ == "__main__":
    main()
