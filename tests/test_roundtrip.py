"""Round-trip edits change only the intended lines: whole files are compared byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from os2ctl.errors import RefusedError
from os2ctl.registry.yamlread import parse_text
from os2ctl.roundtrip import YamlEdit, edit_file

# Comments, a folded scalar, quoted strings, flow mappings and lists, Danish letters, blank
# lines, odd spacing inside a flow mapping, a 4-space mapping indent and a line longer than 80.
ORIGINAL = """\
# OS2 Tæstprodukt — en kommentar med æøå ÆØÅ
title: "OS2 Tæstprodukt"   # citeret titel
summary: >-
  Et fælles system til sagsbehandling, som er skrevet på en meget lang linje der fortsætter og fortsætter langt over firs tegn.
  Anden linje.

level: N2    # besluttet af bestyrelsen
status: 'concept'
contact: { name: Jane Doe ,  organisation: "Aarhus" }
municipalities: [Aarhus, København, 461]
value:
    local: 'Sparer tid: meget'
    others: "Kan bruges af alle — også Høje-Taastrup"
requirements:
    documentation: {status: met, evidence: "https://docs.example/dokumentation"}
decisions:
  - {date: 2026-02-01, body: business_manager, action: place, level: N2, note: "Placeret, efter møde"}
  # flere beslutninger følger

# Rapporter til forretningslederen
reports: []
"""
DECISION = {"date": dt.date(2026, 12, 10), "body": "board", "action": "approve", "level": "N2",
            "meeting": dt.date(2026, 12, 10), "note": "Godkendt: æøå, »enstemmigt«"}
DECISION_LINE = ("  - {date: 2026-12-10, body: board, action: approve, level: N2, meeting: 2026-12-10, "
                 "note: 'Godkendt: æøå, »enstemmigt«'}\n")


def edited(text: str, *operations) -> str:
    edit = YamlEdit("portfolio/os2test.yaml", text)
    for name, *arguments in operations:
        getattr(edit, name)(*arguments)
    return edit.result()


def test_set_scalar_changes_only_its_value_and_keeps_quotes_and_comments():
    result = edited(ORIGINAL, ("set_scalar", "level", "N3"), ("set_scalar", "status", "approved"),
                    ("set_scalar", "title", "OS2 Tæst – ny"))
    expected = (ORIGINAL.replace("level: N2    # besluttet", "level: N3    # besluttet")
                .replace("status: 'concept'", "status: 'approved'")
                .replace('title: "OS2 Tæstprodukt"   #', 'title: "OS2 Tæst – ny"   #'))
    assert result == expected


def test_append_item_follows_the_flow_style_and_indent_of_the_last_item():
    result = edited(ORIGINAL, ("append_item", "decisions", DECISION))
    anchor = "  # flere beslutninger følger\n"
    assert result == ORIGINAL.replace(anchor, anchor + DECISION_LINE)


def test_append_item_to_block_items_writes_a_block_item_with_the_same_indentation():
    text = "title: X\ndecisions:\n    -   date: 2026-02-01\n        body: business_manager  # BM\nreports: []\n"
    result = edited(text, ("append_item", "decisions", {"date": dt.date(2026, 3, 1), "body": "board"}))
    assert result == text.replace("# BM\n", "# BM\n    -   date: 2026-03-01\n        body: board\n")


def test_append_item_to_an_empty_flow_list_and_to_a_missing_key():
    result = edited(ORIGINAL, ("append_item", "reports", {"date": dt.date(2026, 10, 1), "progress": "on_track"}))
    assert result == ORIGINAL.replace("reports: []\n", "reports:\n  - {date: 2026-10-01, progress: on_track}\n")
    text = "title: X  # titel\nstatus: idea\n"
    result = edited(text, ("append_item", "decisions", {"date": dt.date(2026, 3, 1), "body": "board"}))
    assert result == text + "decisions:\n  - {date: 2026-03-01, body: board}\n"


def test_append_item_to_a_key_without_value_keeps_its_comment():
    text = "title: X\ndecisions:   # append only\nreports: []\n"
    result = edited(text, ("append_item", "decisions", {"date": dt.date(2026, 3, 1)}))
    assert result == "title: X\ndecisions:   # append only\n  - {date: 2026-03-01}\nreports: []\n"


def test_append_item_to_a_flow_list_inserts_before_its_bracket():
    text = "municipalities: [Aarhus, 461]   # to\n"
    assert edited(text, ("append_item", "municipalities", "København")) == (
        "municipalities: [Aarhus, 461, København]   # to\n")


def test_set_mapping_inserts_before_decisions_after_the_previous_value():
    proposal = {"level": "N3", "date": dt.date(2026, 11, 29), "reasons": ["Opfylder alle krav: æøå", "plain"]}
    result = edited(ORIGINAL, ("set_mapping", "proposal", proposal, ("decisions", "reports")))
    block = ("proposal:\n    level: N3\n    date: 2026-11-29\n    reasons:\n      - 'Opfylder alle krav: æøå'\n"
             "      - plain\n")
    anchor = '    documentation: {status: met, evidence: "https://docs.example/dokumentation"}\n'
    assert result == ORIGINAL.replace(anchor, anchor + block)


def test_set_mapping_replaces_an_existing_block_and_remove_takes_it_out_again():
    first = {"level": "N3", "date": dt.date(2026, 11, 29), "reasons": ["a"]}
    with_proposal = edited(ORIGINAL, ("set_mapping", "proposal", first, ("decisions",)))
    replaced = edited(with_proposal, ("set_mapping", "proposal", {**first, "level": "N1"}, ("decisions",)))
    assert replaced == with_proposal.replace("    level: N3\n    date", "    level: N1\n    date")
    assert edited(replaced, ("remove", "proposal")) == ORIGINAL


def test_remove_keeps_comments_that_belong_to_the_next_key():
    text = "title: X\nproposal:\n  level: N2\n  # written by reclassify\n\n# Beslutninger\ndecisions: []\n"
    assert edited(text, ("remove", "proposal")) == "title: X\n\n# Beslutninger\ndecisions: []\n"


def test_setting_the_same_value_changes_nothing():
    result = edited(ORIGINAL, ("set_scalar", "level", "N2"), ("set_mapping", "value", parse_text("x", ORIGINAL)
                                                                   .data["value"]))
    assert result == ORIGINAL


def test_crlf_line_endings_and_a_byte_order_mark_survive():
    text = "\ufefftitle: Æble\r\nlevel: N1\r\ndecisions:\r\n  - {date: 2026-02-01}\r\n"
    result = edited(text, ("set_scalar", "level", "N2"), ("append_item", "decisions", {"date": dt.date(2026, 3, 1)}))
    assert result == "\ufefftitle: Æble\r\nlevel: N2\r\ndecisions:\r\n  - {date: 2026-02-01}\r\n  - {date: 2026-03-01}\r\n"


def test_a_file_without_a_final_newline_gets_one_only_where_a_line_is_added():
    result = edited("title: X\nstatus: idea", ("append_item", "decisions", {"date": dt.date(2026, 3, 1)}))
    assert result == "title: X\nstatus: idea\ndecisions:\n  - {date: 2026-03-01}\n"


@pytest.mark.parametrize("text", [
    "{title: X, level: N1}\n",           # a flow mapping at the top
    "title: X\ntitle: Y\n",              # a duplicate key
    "title: [unclosed\n",                # a syntax error
    "- just\n- a list\n",                # not a mapping
])
def test_files_that_cannot_be_edited_safely_are_refused(text):
    with pytest.raises(RefusedError):
        edited(text, ("set_scalar", "level", "N2"))


def test_an_edit_whose_result_differs_from_the_intent_is_refused():
    edit = YamlEdit("x.yaml", "title: X\n")
    edit.expected["title"] = "something else"
    with pytest.raises(RefusedError, match="nothing was written"):
        edit.result()


def test_write_is_atomic_and_skips_unchanged_files(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    edit = edit_file(path, "entry.yaml")
    assert edit.write(path) is False
    edit.set_scalar("level", "N3")
    assert edit.write(path) is True
    assert path.read_text(encoding="utf-8") == ORIGINAL.replace("level: N2 ", "level: N3 ")
    assert [p.name for p in tmp_path.iterdir()] == ["entry.yaml"]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_bytes("title: Æble\n".encode("latin-1"))
    with pytest.raises(RefusedError, match="not UTF-8"):
        edit_file(path, "entry.yaml")


TEXTS = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(note=TEXTS)
def test_any_note_round_trips_and_leaves_the_other_lines_alone(note):
    result = edited(ORIGINAL, ("append_item", "decisions", {**DECISION, "note": note}))
    assert parse_text("x", result).data["decisions"][-1]["note"] == note
    anchor = "  # flere beslutninger følger\n"
    before, after = ORIGINAL.split(anchor)
    assert result.startswith(before + anchor) and result.endswith(after)
