"""Benchmark: `os2ctl portfolio --site` on a generated registry of 5,000 entries (goal: under 30 s).

Not a test: run it by hand from the project root and read the figure it prints.

    python benchmarks/site_bench.py [--entries 5000] [--no-git] [--keep DIR]

The registry is generated from tests/factory.py's compliant entry with varied levels,
statuses and municipalities, committed to a fresh Git repository in three commits (so the
one-pass history has work to do), and the command runs in a subprocess as a user runs it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from os2ctl.municipalities import all_municipalities  # noqa: E402
from tests.factory import full_entry, make_registry  # noqa: E402

STATUSES = ("idea", "concept", "approved", "in_progress", "in_operation", "retired")


def generate(root: Path, count: int, seed: int = 6) -> Path:
    """A valid-looking registry of `count` entries (some with findings, as in real life)."""
    rng = random.Random(seed)
    names = [m.name for m in all_municipalities()]
    entries = {}
    for index in range(count):
        level = rng.choice(("N1", "N2", "N3"))
        status = rng.choice(STATUSES if level != "N1" else tuple(s for s in STATUSES if s != "approved"))
        entry = full_entry(level, status, title=f"OS2 Bench {index:05d}",
                           summary=f"Et genereret projekt nummer {index} til måling af portfolio --site.",
                           municipalities=rng.sample(names, rng.randint(1, 12)),
                           repository=f"https://github.com/OS2bench/p{index:05d}")
        entry.pop("line_management")
        entries[f"bench-{index:05d}"] = entry
    return make_registry(root, entries)


def commit_all(root: Path) -> None:
    """Three commits: everything, then a tenth of the entries edited, then one renamed."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, stdout=subprocess.DEVNULL)

    git("init", "-q")
    git("config", "user.name", "Bench")
    git("config", "user.email", "bench@example.org")
    git("config", "commit.gpgsign", "false")
    git("add", "-A")
    git("commit", "-qm", "Generated registry")
    for path in sorted((root / "portfolio").glob("*.yaml"))[::10]:
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    git("commit", "-qam", "Edit a tenth of the entries")
    git("mv", "portfolio/bench-00000.yaml", "portfolio/bench-renamed.yaml")
    git("commit", "-qm", "Rename one entry")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--no-git", action="store_true", help="do not put the registry in a Git repository")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="os2ctl-site-bench-"))
    registry = work / "registry"
    started = time.perf_counter()
    generate(registry, options.entries)
    if not options.no_git:
        commit_all(registry)
    print(f"generated {options.entries} entries in {time.perf_counter() - started:.1f} s ({registry})")
    command = [sys.executable, "-m", "os2ctl", "portfolio", "--registry", str(registry), "--today", "2026-11-29",
               "--site", str(work / "site")]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    print(result.stdout.strip() or result.stderr.strip())
    verdict = "OK" if result.returncode == 0 and elapsed < 30 else "TOO SLOW" if result.returncode == 0 else "FAILED"
    print(f"portfolio --site, {options.entries} entries: {elapsed:.1f} s (goal: under 30 s) {verdict}")
    if options.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if verdict == "OK" else 1)


if __name__ == "__main__":
    main()
