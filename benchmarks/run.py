"""Time os2ctl as whole processes on generated registries and print a table of medians.

    python benchmarks/run.py [--entries 10000] [--runs 5]

Measures `check` cold (no cache), warm (nothing changed) and with 1% of files edited,
`agenda` and `portfolio --site` (when those commands exist), `os2ctl --help`, peak memory of a
cold check, and a naive baseline measured in the same run: ruamel.yaml's round-trip loader on
every file, which is what a checker that keeps comments and positions the obvious way pays.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import commit_all, generate  # noqa: E402

OS2CTL = [sys.executable, "-m", "os2ctl"]


def timed(command: list[str], env: dict, runs: int, before=None) -> tuple[float, int]:
    """Median wall time in seconds and the largest peak RSS (KB) over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times), max(peaks)


def baseline(root: Path) -> float:
    """Seconds to load every entry with ruamel.yaml's round-trip loader, in this process."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    start = time.perf_counter()
    for path in sorted((root / "portfolio").glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            yaml.load(handle)
    return time.perf_counter() - start


def has_command(name: str, env: dict) -> bool:
    """True when this os2ctl has the command `name`."""
    return subprocess.run([*OS2CTL, name, "--help"], env=env, capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="os2ctl-bench-"))
    root = generate(args.entries, work / "registry")
    commit_all(root)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
    check = [*OS2CTL, "check", "--registry", str(root), "--format", "json", "--today", "2026-11-29"]
    rows = []
    naive = baseline(root)
    rows.append(("baseline: ruamel.yaml round-trip load of every file", naive, None))
    cold, peak = timed([*check, "--no-cache"], env, args.runs)
    rows.append((f"check, cold ({os.cpu_count()} workers)", cold, peak))
    serial, _ = timed([*check, "--no-cache", "--jobs", "1"], env, max(1, args.runs // 2))
    rows.append(("check, cold, one process", serial, None))
    timed(check, env, 1)
    warm, _ = timed(check, env, args.runs)
    rows.append(("check, warm (nothing changed)", warm, None))
    edited = sorted((root / "portfolio").glob("*.yaml"))[:: 100]

    def touch_one_percent() -> None:
        for path in edited:
            path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    changed, _ = timed(check, env, args.runs, before=touch_one_percent)
    rows.append(("check, 1% of files changed", changed, None))
    if has_command("agenda", env):
        agenda = [*OS2CTL, "agenda", "--registry", str(root), "--meeting", "2026-12-10", "--today", "2026-11-29"]
        rows.append(("agenda --meeting 2026-12-10", timed(agenda, env, args.runs)[0], None))
    if has_command("portfolio", env):
        site = [*OS2CTL, "portfolio", "--registry", str(root), "--site", str(work / "site"), "--today", "2026-11-29"]
        rows.append(("portfolio --site", timed(site, env, max(1, args.runs // 2))[0], None))
    rows.append(("os2ctl --help", timed([*OS2CTL, "--help"], env, args.runs)[0], None))
    print(f"\n{args.entries} entries, median of {args.runs} runs, Python {sys.version.split()[0]}\n")
    print("| what | seconds | vs baseline | peak memory |\n|---|---|---|---|")
    for label, seconds, memory in rows:
        ratio = f"{naive / seconds:.1f}× faster" if seconds and label.startswith("check") else ""
        mem = f"{memory / 1024:.0f} MB" if memory else ""
        print(f"| {label} | {seconds:.2f} | {ratio} | {mem} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
