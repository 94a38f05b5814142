"""Text that leaves os2ctl: no full CPR number, and no character a terminal or a CI log would act on.

Registry text reaches terminals, CI logs, published sites and documents. Two things in it
must never pass through as they are:

- a Danish CPR number: `personal-data` reports it (masked), and every output masks it too, so
  `show`, the agenda, the site or a CI log never repeat it in full;
- control characters: an escape sequence (`\\x1b[...`) re-styles or rewrites a terminal, a
  carriage return overwrites a line, and bidirectional overrides reorder what a reader sees;
- workflow commands: GitHub Actions runs every log line that starts with `::` (after spaces)
  and every `##[command]` anywhere in a line (`::stop-commands::`, `##[add-mask]`, ...). Only
  `check --format github` writes commands, and only its own; elsewhere a space breaks them
  up (`: :`, `# #[`; a zero-width character would not do: .NET's culture-aware comparison
  may ignore it).
"""

from __future__ import annotations

import re

from os2ctl.rules.personal_data import find_cpr_numbers, masked_cpr

# C0 controls except tab and line feed, a carriage return not ending a line, DEL, C1 controls,
# bidirectional embeddings, overrides and isolates, and the Unicode line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
                     "|\r(?!\n)")
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COMMAND_LINE = re.compile(r"(?m)^([^\S\n]*:)(?=:)")  # .NET trims any white space before `::`
REPLACEMENT = "\ufffd"


def mask_cpr(text: str) -> str:
    """`text` with the last four digits of every CPR number replaced by `XXXX`."""
    found = list(find_cpr_numbers(text))
    if not found:
        return text
    parts, last = [], 0
    for match in found:
        parts += [text[last:match.start()], masked_cpr(match)]
        last = match.end()
    return "".join(parts) + text[last:]


def one_line(text: str) -> str:
    """A message on one line: CPR numbers masked, line breaks and other controls shown as escapes (`\\n`)."""
    return _BREAKS.sub(_escape, mask_cpr(text))


def safe_output(text: str, *, commands: bool = False) -> str:
    """Text for a terminal, a log or a document: CPR numbers masked, unsafe controls replaced by `�`,
    workflow commands broken up (unless `commands`: the lines of `check --format github`).

    Tabs, line feeds and CRLF line ends stay; a lone carriage return does not.
    """
    text = _UNSAFE.sub(REPLACEMENT, mask_cpr(text)).replace("##[", "# #[")
    return text if commands else _COMMAND_LINE.sub(r"\1 ", text)


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
