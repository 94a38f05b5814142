"""Generate a realistic registry of N entries for benchmarks (and the cache/jobs equivalence test).

Entries are made from the example registry's files: every level and status, comments, Danish text,
one repository each, and a few deliberate errors (about 2% of files) so the findings path is measured.

    python benchmarks/generate.py 10000 /tmp/registry-10k [--git]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "registry"
ERRORS = [
    ("license: MPL-2.0", "license: Proprietary"),
    ("municipalities: [", "municipalities: [Arhus, "),
    ("title: ", "titel: x\ntitle: "),
]


def generate(count: int, target: Path, *, seed: int = 2016, error_rate: float = 0.02) -> Path:
    """Write a registry of `count` entries to `target` (replacing it) and return it."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("portfolio"))
    (target / "portfolio").mkdir()
    templates = sorted((EXAMPLE / "portfolio").glob("*.yaml"))
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in templates]
    for index in range(count):
        stem, text = texts[index % len(texts)]
        entry_id = f"{stem}-{index:05d}"
        text = _unique(text, stem, entry_id)
        if rng.random() < error_rate:
            old, new = rng.choice(ERRORS)
            text = text.replace(old, new, 1)
        text += f"\n# Genereret til benchmark: post nr. {index} – æøå ÆØÅ.\n"
        (target / "portfolio" / f"{entry_id}.yaml").write_text(text, encoding="utf-8")
    return target


def _unique(text: str, stem: str, entry_id: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("repository: "):
            line = f"{line.rstrip('/')}-{entry_id}"
        elif line.strip().startswith("related:"):
            line = line[: line.index("related:")] + "related: []"  # the example's ids do not exist here
        lines.append(line)
    return "\n".join(lines) + "\n"


def commit_all(root: Path) -> None:
    """Make `root` a Git repository with everything committed."""
    run = lambda *args: subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("config", "user.email", "bench@example.org")
    run("config", "user.name", "Benchmark")
    run("add", "-A")
    run("commit", "-qm", "Generated registry")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--git", action="store_true", help="commit the registry to a new Git repository")
    args = parser.parse_args()
    generate(args.count, args.target)
    if args.git:
        commit_all(args.target)
    print(f"wrote {args.count} entries to {args.target}")


if __name__ == "__main__":
    main()
