"""Round-trip YAML for the commands that rewrite registry files: comments, key order, quoting
and flow style of every line a command does not change stay as they were.

ruamel.yaml is slow and memory-hungry (performance notes): load one file at a time, only in
commands that edit. The indentation matches the registry's style (sequences indented under
their key), so unchanged files dump byte for byte as they were read.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from os2ctl.errors import RefusedError


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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


def dump_text(data: Any) -> str:
    """YAML text of a round-trip tree."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()
