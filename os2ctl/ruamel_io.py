"""Round-trip YAML for the commands that rewrite registry files: comments, key order, quoting
and flow style of every line a command does not change stay as they were.

ruamel.yaml is slow and memory-hungry (performance notes): load one file at a time, only in
commands that edit. Sequences are written the way the file writes them (indented under their
key, as in the example registry, or not, as PyYAML writes them), so unchanged files dump byte
for byte as they were read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from os2ctl.errors import RefusedError


_KEY_ALONE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")


def _yaml(indentless: bool = False):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2 if indentless else 4, offset=0 if indentless else 2)
    return yaml


def indentless_sequences(text: str) -> bool:
    """True when the text's block sequences start at their key's column (`key:` / `- item`)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, following in zip(lines, lines[1:]):
        match = _KEY_ALONE.match(line)
        if match and following.lstrip().startswith("- "):
            return len(following) - len(following.lstrip()) == len(match.group(1))
    return False


def load_text(text: str, name: str) -> Any:
    """The round-trip tree of a YAML text; a syntax error is a RefusedError naming the file."""
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RefusedError(f"{name}{where}: not valid YAML ({problem}); fix it first") from None


def load_file(path: Path, name: str | None = None) -> Any:
    """The round-trip tree of a YAML file."""
    return load_text(Path(path).read_text(encoding="utf-8"), name or str(path))


def dump_text(data: Any, like: str = "") -> str:
    """YAML text of a round-trip tree, its sequences indented like the text `like` (the file's old text)."""
    stream = io.StringIO()
    _yaml(indentless_sequences(like)).dump(data, stream)
    return stream.getvalue()
