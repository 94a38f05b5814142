"""Round-trip YAML for the commands that rewrite registry files: comments, key order, quoting
and flow style of every line a command does not change stay as they were.

Two ways in:

- `YamlEdit` (reclassify --apply, decide) changes only the intended lines. A full ruamel.yaml
  load-and-dump keeps comments, but it still re-flows multi-line scalars, normalises spacing
  inside flow mappings and re-indents sequences; so these edits are splices. ruamel.yaml
  composes the file to find the exact span of each top-level key, ruamel.yaml renders the new
  fragment (so quoting is always valid YAML), and only that span of the original text is
  replaced. Every other byte (comments, key order, quoting, flow style, blank lines, Danish
  letters, line endings) stays. The result is parsed again and compared with the intended data
  before anything is written: an edit that would change anything else is refused, never written.
- `load_text` / `dump_text` (migrate, import-governance-report) load and dump a whole tree.
  Sequences are written the way the file writes them (indented under their key, as in the
  example registry, or not, as PyYAML writes them), so unchanged files dump byte for byte as
  they were read.

ruamel.yaml is slow and memory-hungry (performance notes): one file at a time, only in
commands that edit.
"""

from __future__ import annotations

import copy
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from os2ctl.edit import write_atomic
from os2ctl.errors import RefusedError
from os2ctl.registry.yamlread import parse_text

_WIDTH = 1 << 16  # never fold a line


@dataclass(frozen=True)
class _Key:
    """One top-level key: where its line starts, where its value's text ends."""

    name: str
    key: Node
    value: Node
    line_start: int  # offset of the first character of the key's line
    content_end: int  # offset just after the value's last character
    owned_end: int  # offset after the line break that ends the value (and its indented comments)


class YamlEdit:
    """Edits to the top-level mapping of one YAML file, applied as text splices."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.original = text
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.text = text.removeprefix("\ufeff")
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self._cache: tuple[str, dict[str, _Key]] | None = None
        self.expected = self._plain(self.text)
        if not isinstance(self.expected, dict):
            raise RefusedError(f"{path}: expected a mapping of fields at the top of the file")

    # ---- public operations -------------------------------------------------------------

    def get(self, key: str) -> Any:
        """The current plain value of a top-level key (None when absent)."""
        return self.expected.get(key)

    def set_scalar(self, key: str, value: Any) -> None:
        """Set a top-level key to a scalar, keeping the old value's quoting style."""
        if self.expected.get(key) == value and key in self.expected:
            return
        keys = self._keys()
        if key not in keys:
            self._insert(keys, self._render_block(key, value), before=())
        else:
            found = keys[key]
            if not isinstance(found.value, ScalarNode):
                raise RefusedError(f"{self.path}: `{key}` is not a single value and cannot be set")
            start, end = self._value_span(found)
            text = self._render_scalar(value, found.value.style)
            prefix = " " if start == end and self.text[start - 1 : start] == ":" else ""
            self._splice(start, end, prefix + text)
        self.expected[key] = value

    def set_mapping(self, key: str, value: dict, before: tuple[str, ...] = ()) -> None:
        """Set a top-level key to a block mapping; a new key goes before the first of `before`."""
        if self.expected.get(key) == value and key in self.expected:
            return
        keys = self._keys()
        rendered = self._render_block(key, value)
        if key in keys:
            self._splice(keys[key].line_start, keys[key].owned_end, rendered)
        else:
            self._insert(keys, rendered, before)
        self.expected[key] = copy.deepcopy(value)

    def remove(self, key: str) -> None:
        """Remove a top-level key with its value and the comments indented under it."""
        keys = self._keys()
        if key not in keys:
            return
        self._splice(keys[key].line_start, keys[key].owned_end, "")
        del self.expected[key]

    def append_item(self, key: str, item: Any, before: tuple[str, ...] = ()) -> None:
        """Append `item` to a top-level list, in the style (flow or block) of its last item."""
        keys = self._keys()
        if key not in keys:
            self._insert(keys, self._render_block(key, [item], flow_items=True), before)
            self.expected[key] = [copy.deepcopy(item)]
            return
        current = self.expected.get(key)
        if current is not None and not isinstance(current, list):
            raise RefusedError(f"{self.path}: `{key}` is not a list")
        found = keys[key]
        if isinstance(found.value, SequenceNode) and found.value.value:
            self._append_to_sequence(found, item)
        else:
            self._fill_empty(found, item)
        self.expected[key] = (current or []) + [copy.deepcopy(item)]

    def result(self) -> str:
        """The edited text, verified: it parses to exactly the intended data."""
        text = self.bom + self.text
        if self._plain(self.text) != self.expected:
            raise RefusedError(f"{self.path}: the edit could not be made without changing other lines; "
                               "nothing was written")
        return text

    def write(self, path: Path) -> bool:
        """Write the result atomically when it differs from what is on disk; True when written."""
        text = self.result()
        if Path(path).read_text(encoding="utf-8") == text:
            return False
        write_atomic(path, text, expected=self.original)
        return True

    # ---- structure -----------------------------------------------------------------------

    def _plain(self, text: str) -> Any:
        doc = parse_text(self.path, text)
        if doc.findings:
            first = doc.findings[0]
            raise RefusedError(f"{self.path}:{first.line}:{first.column}: {first.message}")
        return doc.data

    def _keys(self) -> dict[str, _Key]:
        if self._cache is not None and self._cache[0] == self.text:
            return self._cache[1]
        keys = self._compose_keys()
        self._cache = (self.text, keys)
        return keys

    def _compose_keys(self) -> dict[str, _Key]:
        try:
            root = YAML(typ="rt").compose(self.text)
        except YAMLError as exc:
            raise RefusedError(f"{self.path}: {exc}") from None
        if not isinstance(root, MappingNode) or root.flow_style:
            raise RefusedError(f"{self.path}: only a block mapping at the top of the file can be edited")
        starts = _line_starts(self.text)
        keys: dict[str, _Key] = {}
        for key, value in root.value:
            line_start = starts[key.start_mark.line]
            if self.text[line_start : self._offset(starts, key.start_mark)].strip():
                raise RefusedError(f"{self.path}:{key.start_mark.line + 1}: `{key.value}` does not start its line")
            end = self._content_end(key, value, starts)
            keys[str(key.value)] = _Key(str(key.value), key, value, line_start, end,
                                        self._owned_end(end, key.start_mark.column))
        return keys

    def _offset(self, starts: list[int], mark: Any) -> int:
        return starts[mark.line] + mark.column

    def _content_end(self, key: Node, value: Node, starts: list[int]) -> int:
        """Offset after the last character of `value` (after the colon for an empty value)."""
        if _is_empty(value):
            return self.text.index(":", self._offset(starts, key.end_mark)) + 1
        end = self._node_end(value, starts)
        while end > 0 and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _node_end(self, node: Node, starts: list[int]) -> int:
        if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
            return self._offset(starts, node.end_mark)
        children = [v for pair in node.value for v in pair] if isinstance(node, MappingNode) else node.value
        return max((self._node_end(child, starts) for child in children if not _is_empty(child)),
                   default=self._offset(starts, node.start_mark))

    def _owned_end(self, end: int, column: int) -> int:
        """After the line that ends at `end`, and the comment lines indented deeper than `column`."""
        position = self._line_end(end)
        while position < len(self.text):
            line = self.text[position : self._line_end(position)]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= column:
                break
            position = self._line_end(position)
        return position

    def _line_end(self, offset: int) -> int:
        newline = self.text.find("\n", offset)
        return len(self.text) if newline < 0 else newline + 1

    def _value_span(self, found: _Key) -> tuple[int, int]:
        if _is_empty(found.value):
            return found.content_end, found.content_end
        starts = _line_starts(self.text)
        return self._offset(starts, found.value.start_mark), found.content_end

    # ---- splicing ------------------------------------------------------------------------

    def _splice(self, start: int, end: int, replacement: str) -> None:
        self.text = self.text[:start] + replacement + self.text[end:]

    def _insert(self, keys: dict[str, _Key], rendered: str, before: tuple[str, ...]) -> None:
        """Insert a new top-level key after the key preceding the first anchor in `before`."""
        names = list(keys)
        anchor = next((name for name in before if name in keys), None)
        index = names.index(anchor) if anchor else len(names)
        if index == 0:
            offset = keys[names[0]].line_start if names else len(self.text)
        else:
            offset = keys[names[index - 1]].owned_end
        if offset > 0 and not self.text[:offset].endswith("\n"):
            rendered = self.newline + rendered
        self._splice(offset, offset, rendered)

    def _append_to_sequence(self, found: _Key, item: Any) -> None:
        sequence = found.value
        last = sequence.value[-1]
        if sequence.flow_style:
            closing = self.text.rindex("]", 0, found.content_end)
            self._splice(closing, closing, ", " + self._render_flow(item))
            return
        starts = _line_starts(self.text)
        item_start = self._offset(starts, last.start_mark)
        line_start = starts[last.start_mark.line]
        dash = self.text.rindex("-", line_start, item_start) - line_start
        line_end = found.owned_end  # after the list and the comments indented under its key
        flow = not isinstance(last, MappingNode) or bool(last.flow_style)
        self._splice(line_end, line_end, self._render_item(item, dash, last.start_mark.column, flow, line_end))

    def _fill_empty(self, found: _Key, item: Any) -> None:
        """`key:` or `key: []` becomes a block list with one item."""
        start, end = self._value_span(found)
        if end > start:
            self._splice(start - 1 if self.text[start - 1] == " " else start, end, "")
        line_end = self._line_end(start)
        indent = found.key.start_mark.column + self._sequence_offset()
        self._splice(line_end, line_end, self._render_item(item, indent, indent + 2, True, line_end))

    # ---- rendering -----------------------------------------------------------------------

    def _yaml(self) -> YAML:
        yaml = YAML(typ="rt")
        yaml.width = _WIDTH
        yaml.allow_unicode = True
        yaml.representer.ignore_aliases = lambda *_args: True  # a date used twice is written twice
        offset = self._sequence_offset()
        yaml.indent(mapping=self._mapping_indent(), sequence=offset + 2, offset=offset)
        return yaml

    def _dump(self, data: Any) -> str:
        buffer = io.StringIO()
        self._yaml().dump(data, buffer)
        return buffer.getvalue().replace("\n", self.newline)

    def _render_block(self, key: str, value: Any, flow_items: bool = False) -> str:
        if flow_items and isinstance(value, list):
            value = CommentedSeq(_flow(v) for v in value)
        text = self._dump({key: value})
        return text if text.endswith(self.newline) else text + self.newline

    def _render_flow(self, value: Any) -> str:
        """One line of flow YAML; strings are double-quoted when plain style would not read back."""
        text = self._flow_line(value)
        if parse_text(self.path, "- " + text).data == [value]:
            return text
        return self._flow_line(_double_quoted(value))

    def _flow_line(self, value: Any) -> str:
        text = self._dump(_flow(value)).rstrip("\r\n")
        return text.removesuffix(self.newline + "...").rstrip("\r\n")  # a lone scalar ends the document

    def _render_scalar(self, value: Any, style: str | None) -> str:
        if style in ('"', "'") and isinstance(value, str):
            return json.dumps(value, ensure_ascii=False) if style == '"' else "'" + value.replace("'", "''") + "'"
        text = self._dump({"k": value}).rstrip("\r\n")
        return text.split(":", 1)[1].strip()

    def _render_item(self, item: Any, dash: int, column: int, flow: bool, at: int) -> str:
        prefix = "" if self.text[:at].endswith("\n") or at == 0 else self.newline
        if flow:
            return f"{prefix}{' ' * dash}- {self._render_flow(item)}{self.newline}"
        lines = self._dump(item).rstrip("\r\n").split(self.newline)
        body = [" " * dash + "-" + " " * (column - dash - 1) + lines[0]] + [" " * column + line for line in lines[1:]]
        return prefix + self.newline.join(body) + self.newline

    def _mapping_indent(self) -> int:
        """The indentation step of nested mappings in this file (2 when there are none)."""
        for found in self._keys().values():
            if isinstance(found.value, MappingNode) and not found.value.flow_style and found.value.value:
                step = found.value.value[0][0].start_mark.column - found.key.start_mark.column
                if step > 0:
                    return step
        return 2

    def _sequence_offset(self) -> int:
        """How far this file indents a list's dashes under their key (2 when it has no block lists)."""
        starts = _line_starts(self.text)
        for found in self._keys().values():
            if isinstance(found.value, SequenceNode) and not found.value.flow_style and found.value.value:
                first = found.value.value[0]
                line_start = starts[first.start_mark.line]
                dash = self.text.rfind("-", line_start, self._offset(starts, first.start_mark))
                if dash >= 0:
                    return dash - line_start - found.key.start_mark.column
        return 2


def edit_file(path: Path, relative: str, read_as: str | None = None) -> YamlEdit:
    """Start editing the file at `path` (`relative` names it in messages).

    `read_as` is the text the caller's decision was based on (a loaded document's text): when
    the file no longer holds it, the edit is refused rather than applied to content nobody checked.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedError(f"{relative}: the file is not UTF-8") from None
    if read_as is not None and text.removeprefix("\ufeff") != read_as:
        raise RefusedError(f"{relative} changed on disk since os2ctl read it; nothing was written "
                           "(run the command again)")
    return YamlEdit(relative, text)


def _flow(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap(value)
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(value)
        sequence.fa.set_flow_style()
        return sequence
    return value


def _double_quoted(value: Any) -> Any:
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        return {key: _double_quoted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_double_quoted(item) for item in value]
    return value


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.style is None


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


# ---- whole-file round trip (load and dump a tree) ----------------------------------------

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


def dump_text(data: Any, like: str = "") -> str:
    """YAML text of a round-trip tree, its sequences indented like the text `like` (the file's old text)."""
    stream = io.StringIO()
    _yaml(indentless_sequences(like)).dump(data, stream)
    return stream.getvalue()
