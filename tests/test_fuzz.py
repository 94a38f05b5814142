"""Fuzzing: whatever a file contains, `check` returns findings or a clean result, never an exception.

The default profile runs 2,100 generated cases (420 per test); set OS2CTL_FUZZ_EXAMPLES for a
longer run (e.g. OS2CTL_FUZZ_EXAMPLES=50000).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from os2ctl.check import check_file
from os2ctl.registry.doccache import EncodedDocument, encode_record
from os2ctl.registry.loader import load_context, load_entry_file
from os2ctl.registry.yamlread import read_document
from tests.conftest import REPO_ROOT
from tests.factory import dump, full_entry

EXAMPLES = int(os.environ.get("OS2CTL_FUZZ_EXAMPLES", "420"))  # x 5 tests = 2,100 cases
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
TODAY = dt.date(2026, 11, 29)
KEYS = ["title", "summary", "level", "status", "contact", "municipalities", "decisions", "requirements",
        "governance", "steering_group", "members", "date", "strategy", "related", "reports", "name", "æøå"]

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True),
    text, st.sampled_from(["N1", "N2", "N4", "idea", "concept", "2026-02-30", "2016-03-01", "Aarhus", "Århus",
                           "010190-1234", "TODO", "~", "yes", "0o17", "1:20", ".inf", "x" * 5000, "9" * 5000]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(KEYS), text), inner, max_size=5)),
    max_leaves=30)


@pytest.fixture(scope="module")
def context():
    return load_context(REPO_ROOT / "registry")


def _check_bytes(context, raw: bytes) -> None:
    loaded = load_entry_file(context, "portfolio/fuzz.yaml", raw=raw)
    result = check_file(context, loaded, TODAY)
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.message
    _survives_the_document_cache(loaded.doc)


def _survives_the_document_cache(doc) -> None:
    """A document read back from its cache record (through JSON, as stored) is the document."""
    record = encode_record(doc)
    if record is None:
        return
    back = EncodedDocument(doc.path, record).document()
    assert (back.text, repr(back.data), back.findings) == (doc.text, repr(doc.data), doc.findings)
    assert back.positions == doc.positions


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes(context, raw):
    _check_bytes(context, raw)


@FUZZ
@given(text.map(lambda t: t * 3))
def test_any_text(context, value):
    _check_bytes(context, value.encode("utf-8"))


@FUZZ
@given(values)
def test_any_yaml_structure(context, data):
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    _check_bytes(context, raw)


@FUZZ
@given(st.dictionaries(st.sampled_from(list(full_entry())), values, max_size=6),
       st.sampled_from(["N1", "N2", "N3"]),
       st.sampled_from(["idea", "concept", "approved", "in_progress", "in_operation", "retired"]))
def test_entries_with_random_fields(context, changes, level, status):
    entry = full_entry(level, status)
    entry.update(changes)
    _check_bytes(context, dump(entry).encode("utf-8"))


@FUZZ
@given(st.integers(min_value=1, max_value=400), st.sampled_from(["[", "{a: ", "- "]))
def test_deep_nesting(context, depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    body = opener * depth + "x" + closer * depth if closer else "\n".join("  " * i + "- " for i in range(depth)) + "x"
    _check_bytes(context, f"title: {body}\n".encode())
    assert read_document("x.yaml", body.encode()).findings is not None
