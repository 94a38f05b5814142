"""SPDX license expressions (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/), syntax only."""

from __future__ import annotations

import re

_SPDX_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+:-]+")
_SPDX_ID = re.compile(r"^(LicenseRef-|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-)?[A-Za-z0-9.-]+\+?$")


def spdx_expression(text: str) -> bool:
    """True for an SPDX license expression: ids (with `+`), AND, OR, WITH and parentheses."""
    tokens = _SPDX_TOKEN.findall(text)
    if "".join(tokens) != "".join(text.split()) or not tokens:
        return False
    depth, expect_id = 0, True
    for token in tokens:
        if token == "(":
            depth += 1
            if not expect_id:
                return False
        elif token == ")":
            depth -= 1
            if depth < 0 or expect_id:
                return False
        elif token in ("AND", "OR", "WITH"):
            if expect_id:
                return False
            expect_id = True
        else:
            if not expect_id or not _SPDX_ID.match(token):
                return False
            expect_id = False
    return depth == 0 and not expect_id
