"""Read registry YAML fast, with the line and column of every key and value.

Parsing goes through libyaml (PyYAML's C parser) to a node graph, and a small
constructor turns nodes into plain Python values while recording positions from
the node marks. ruamel.yaml is kept for the commands that rewrite files; it is
about 18 times slower (README, "Performance").

The constructor follows the YAML 1.2 core schema, like ruamel.yaml: `yes`, `on`
and `1:20` stay strings. Duplicate keys, aliases and unsupported tags become
findings instead of being silently resolved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from os2ctl.findings import Finding, Severity


class _PureParser(Reader, Scanner, Parser, Composer):
    """PyYAML's pure-Python parser: used only when PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


try:
    from yaml.cyaml import CParser as _Parser

    FAST_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = _PureParser  # type: ignore[misc, assignment]
    FAST_PARSER = False


def libyaml_version() -> str:
    """The version of libyaml doing the parsing, or "none" for the pure-Python fallback."""
    if not FAST_PARSER:
        return "none"
    from yaml import _yaml

    return _yaml.get_version_string()


MAX_DEPTH = 64
Path = tuple[str | int, ...]
Position = tuple[int, int, int, int]  # key line, key column, value line, value column

_CORE = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (_CORE + t for t in ("null", "bool", "int", "float", "str"))
_DATE, _SEQ, _MAP = _CORE + "timestamp", _CORE + "seq", _CORE + "map"


_RESOLVERS = [
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
    (_DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", list("0123456789")),
]
_IMPLICIT: dict[str, list] = {}  # first character → [(tag, pattern)]
for _tag, _pattern, _first in _RESOLVERS:
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, re.compile(_pattern)))


class _Resolving(yaml.resolver.BaseResolver):
    """Implicit types of the YAML 1.2 core schema (plus plain dates, as ruamel.yaml reads them)."""

    # The parser calls these for every node; without path resolvers they have nothing to do,
    # and skipping PyYAML's general versions saves a third of the parse time.
    def descend_resolver(self, current_node, current_index) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    def resolve(self, kind, value, implicit) -> str:
        """The tag of a node without an explicit one (YAML 1.2 core schema)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _Loader(_Parser, _Resolving):  # type: ignore[misc, valid-type]
    """libyaml's parser with the YAML 1.2 core resolver; it composes nodes, never objects."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolving.__init__(self)


class PureLoader(_PureParser, _Resolving):
    """The same, on the pure-Python parser (the fallback; also used to test it)."""

    def __init__(self, stream: str) -> None:
        _PureParser.__init__(self, stream)
        _Resolving.__init__(self)


@dataclass(eq=False)
class Document:
    """One parsed file: its values, where each value sits, and what went wrong."""

    path: str
    text: str | None
    data: Any = None
    findings: list[Finding] = field(default_factory=list)
    _positions: dict[Path, Position] = field(default_factory=dict, repr=False)
    _packed: str | None = field(default=None, repr=False)  # positions from the cache, unpacked on first use

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.text, self.data, self.findings, self.positions) == \
            (other.path, other.text, other.data, other.findings, other.positions)

    @property
    def positions(self) -> dict[Path, Position]:
        """Where each key and value sits: (key line, key column, value line, value column) by path."""
        if self._packed is not None:
            try:
                self._positions = unpack_positions(self.data, self._packed)
            except ValueError:  # a damaged cache record: the text is the truth
                self._positions = parse_text(self.path, self.text or "").positions
            self._packed = None
        return self._positions

    def key_position(self, path: Path) -> tuple[int, int]:
        """Line and column of the key at `path`, or of its nearest existing parent."""
        pos = self._nearest(path)
        return (pos[0], pos[1]) if pos else (1, 1)

    def value_position(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest existing parent's key."""
        if path in self.positions:
            pos = self.positions[path]
            return pos[2], pos[3]
        return self.key_position(path)

    def position(self, path: Path) -> tuple[int, int]:
        """Where a finding about `path` points: a scalar's value, a collection's key."""
        if path in self.positions and not isinstance(self.get(path), (dict, list)):
            return self.value_position(path)
        return self.key_position(path) if path else (1, 1)

    def get(self, path: Path) -> Any:
        """The raw value at `path`, or None."""
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def _nearest(self, path: Path) -> Position | None:
        for end in range(len(path), 0, -1):
            pos = self.positions.get(path[:end])
            if pos:
                return pos
        return None


def pack_positions(doc: Document) -> str | None:
    """The document's positions as one compact string (for the document cache), or None if they don't pack.

    Only the numbers are kept: the paths follow from the data, which the builder walks in
    the order it records positions.
    """
    positions = doc.positions
    if not positions:
        return ""
    if list(positions) != [(), *(path for path, _ in walk(doc.data))]:
        return None
    return ",".join(str(number) for position in positions.values() for number in position)


def unpack_positions(data: Any, packed: str) -> dict[Path, Position]:
    """The positions `pack_positions` packed, for the same data."""
    if not packed:
        return {}
    numbers = [int(n) for n in packed.split(",")]
    paths = [(), *(path for path, _ in walk(data))]
    if len(numbers) != 4 * len(paths):
        raise ValueError("the packed positions do not fit the data")
    return {path: tuple(numbers[4 * i : 4 * i + 4]) for i, path in enumerate(paths)}  # type: ignore[misc]


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """(path, value) of everything below `value`, in the order `_Builder` records positions."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        child = path + (key,)
        yield child, item
        yield from walk(item, child)


def read_document(path: str, raw: bytes) -> Document:
    """Decode and parse one registry file; problems become findings, never exceptions."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _offset_position(raw, exc.start)
        message = f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded"
        return Document(path, None, findings=[_finding(path, line, column, "yaml-syntax", message)])
    return parse_text(path, text.removeprefix("\ufeff"))


def parse_text(path: str, text: str, *, loader: type | None = None) -> Document:
    """Parse YAML text into a Document with positions."""
    doc = Document(path, text)
    try:
        root = yaml.compose(text, Loader=loader or _Loader)
    except yaml.MarkedYAMLError as exc:
        doc.findings.append(_syntax_finding(path, text, exc))
        return doc
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at depth 1000
        doc.findings.append(_finding(path, 1, 1, "yaml-syntax", "the file is nested too deeply"))
        return doc
    except (yaml.YAMLError, ValueError) as exc:  # libyaml reader errors carry no mark
        doc.findings.append(_finding(path, 1, 1, "yaml-syntax", _first_line(str(exc))))
        return doc
    if root is None:
        doc.findings.append(_finding(path, 1, 1, "schema", "the file is empty; expected a mapping of fields"))
        return doc
    builder = _Builder(doc)
    doc.positions[()] = _mark(root) * 2
    doc.data = builder.build(root, (), 0)
    return doc


class _Builder:
    """Turns a node graph into values, recording positions and problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if id(node) in self.seen:
            line, column = self.doc.key_position(path)
            message = "anchors and aliases (*name) are not supported in registry files"
            self.doc.findings.append(_finding(self.doc.path, line, column, "schema", message))
            return None
        self.seen.add(id(node))  # scalars too: an alias of a scalar is refused like any other
        if depth > MAX_DEPTH:
            self._report(node, "schema", f"the file is nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path, depth)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        self._check_tag(node, _MAP)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(key_node, "schema", "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key in result:
                first = self.doc.positions[path + (key,)]
                self._report(key_node, "duplicate-key", f"duplicate key '{key}' (first on line {first[0]})")
                continue
            child = path + (key,)
            self.doc.positions[child] = _mark(key_node) + _mark(value_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _sequence(self, node: yaml.SequenceNode, path: Path, depth: int) -> list:
        self._check_tag(node, _SEQ)
        items = []
        for index, item in enumerate(node.value):
            child = path + (index,)
            self.doc.positions[child] = _mark(item) * 2
            items.append(self.build(item, child, depth + 1))
        return items

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        constructor = _SCALARS.get(node.tag)
        if constructor is None:
            self._report(node, "schema", f"unsupported YAML tag '{node.tag}'")
            return value
        try:
            return constructor(value)
        except ValueError:
            return value  # e.g. 2026-02-30 or an int too long to convert: the schema reports it

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self._report(node, "schema", f"unsupported YAML tag '{node.tag}'")

    def _report(self, node: yaml.Node, rule: str, message: str) -> None:
        line, column = _mark(node)
        self.doc.findings.append(_finding(self.doc.path, line, column, rule, message))


def _int(value: str) -> int:
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(value)


_SCALARS = {
    _STR: str,
    _NULL: lambda _value: None,
    _BOOL: lambda value: value.lower() == "true",
    _INT: _int,
    _FLOAT: _float,
    _DATE: dt.date.fromisoformat,
}


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _syntax_finding(path: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if "tab" in problem or (mark and text[mark.index : mark.index + 1] == "\t"):
        problem = "a tab character is used for indentation; YAML needs spaces"
    elif exc.context and exc.problem:
        problem = f"{problem} ({exc.context})"
    return _finding(path, line, column, "yaml-syntax", problem)


def _finding(path: str, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(path, line, column, rule, Severity.ERROR, message)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid YAML"


def _offset_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
