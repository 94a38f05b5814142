"""Cells of a governance report's tables: plain text out of Markdown, and the marks and grades
people write in them (✅ ❌ ➖ ❓ or words; 🟢 🟡 🔴 ⚪ or words)."""

from __future__ import annotations

import re

_STATUS_SIGNS = (("✅", "met"), ("✔", "met"), ("☑", "met"), ("❌", "not_met"), ("✖", "not_met"), ("✗", "not_met"),
                 ("➖", "not_applicable"), ("❓", "unsure"), ("❔", "unsure"))
_STATUS_WORDS = {
    "ja": "met", "yes": "met", "x": "met", "[x]": "met", "opfyldt": "met", "met": "met",
    "nej": "not_met", "no": "not_met", "ikke opfyldt": "not_met", "not met": "not_met",
    "ikke relevant": "not_applicable", "not relevant": "not_applicable", "n/a": "not_applicable",
    "na": "not_applicable", "-": "not_applicable", "–": "not_applicable", "—": "not_applicable",
    "ved ikke": "unsure", "tvivl": "unsure", "unsure": "unsure", "?": "unsure",
    "planlagt": "planned", "planned": "planned",
}
_GRADE_SIGNS = (("🟢", "green"), ("🟡", "yellow"), ("🔴", "red"), ("⚪", "grey"), ("⚫", "grey"))
_GRADE_WORDS = {"grøn": "green", "green": "green", "gul": "yellow", "yellow": "yellow", "rød": "red",
                "red": "red", "grå": "grey", "grey": "grey", "gray": "grey"}
# The template's prompts in the documentation column: left in place they say nothing.
_PROMPTS = {"hvordan?", "hvor?", "indsæt link", "fx link til referat", "link til kommissorium", "link til aftale",
            "hvem? evt. link til beskrivelse af ansvar/opgaver", "henvisning til en faggruppe eller et forum"}

def clean_cell(cell: str) -> str:
    """Plain text of a Markdown table cell: links, autolinks, <br /> and escapes resolved."""
    escapes: list[str] = []

    def protect(match: re.Match) -> str:
        escapes.append(match.group(1))
        return f"\uf000{len(escapes) - 1}\uf001"

    text = re.sub(r"\\([\\`*_{}\[\]<>()#+!|~.\-])", protect, cell)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", _link, text)
    text = re.sub("\uf000(\\d+)\uf001", lambda m: escapes[int(m.group(1))], text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _link(match: re.Match) -> str:
    label, url = match.group(1).strip(), match.group(2)
    return url if label.rstrip("/") == url.rstrip("/") or label in url else f"{label} ({url})"


def split_row(line: str) -> list[str]:
    """The raw cells of a table line (escaped pipes stay inside their cell)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def read_status(value: str) -> tuple[str | None, str | None]:
    plain = value.replace("*", "").strip()
    if not plain or re.fullmatch(r"\[.*\]", plain):
        return None, None
    lower = plain.lower()
    if "planlagt" in lower or "planned" in lower:
        return "planned", None
    signs = {status for sign, status in _STATUS_SIGNS if sign in plain}
    if len(signs) > 1:
        return None, f"more than one mark ('{plain}'): use one of ✅ ❌ ➖ ❓"
    if signs:
        return signs.pop(), None
    word = _STATUS_WORDS.get(lower.rstrip("."))
    if word:
        return word, None
    return None, f"unknown mark '{plain}': use ✅ ❌ ➖ ❓ or Ja, Nej, Ikke relevant, Ved ikke, Planlagt"


def read_grade(value: str) -> tuple[str | None, str | None]:
    plain = value.replace("*", "").strip()
    if not plain:
        return None, None
    signs = {grade for sign, grade in _GRADE_SIGNS if sign in plain}
    signs |= {grade for word, grade in _GRADE_WORDS.items() if re.search(rf"\b{word}\b", plain.lower())}
    if len(signs) > 1:
        return None, f"more than one grade ('{plain}'): use one of 🟢 🟡 🔴 ⚪"
    if signs:
        return signs.pop(), None
    return None, f"unknown grade '{plain}': use 🟢 🟡 🔴 ⚪"


def read_documentation(value: str) -> str:
    if value.strip().lower() in _PROMPTS or re.fullmatch(r"\[.*\]", value.strip()):
        return ""
    return value
