"""Markdown helpers: registry text must never become links, HTML or headings."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_LINE_BREAK = re.compile(r"\r\n?|\n")  # CommonMark ends a line at CR too
# What opens a block when it starts a line: a list item (`- `, `1. `, `1) `) or a thematic break or
# setext underline (`---`, `===`). Escaped wherever the text lands, since a template may put it there.
_BLOCK_START = re.compile(r"^(\s*)(?:([-=])|(\d{1,9})([.)]))")


def escape(text: str) -> str:
    """Escape Markdown syntax in inline text so it renders literally."""
    text = _LINE_BREAK.sub(" ", _SPECIAL.sub(r"\\\1", text))
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match) -> str:
    space, mark, number, delimiter = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{number}\\{delimiter}"


def escape_cell(text: str) -> str:
    """Escape registry text for a Markdown table cell."""
    return escape(text)


def trusted_cell(text: str) -> str:
    """os2ctl's own text in a table cell: only the column separator needs escaping."""
    return text.replace("|", "\\|").replace("\n", " ")
