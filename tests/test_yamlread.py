"""Reading YAML: positions, YAML 1.2 types, and every kind of bad input as a finding."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from os2ctl.registry.yamlread import read_document


def _rules(doc):
    return [(f.rule, f.line, f.column) for f in doc.findings]


def test_positions_of_keys_and_values():
    doc = read_document("x.yaml", "title: OS2mo\ncontact:\n  name: Jane\nmunicipalities: [Aarhus, 461]\n".encode())
    assert doc.key_position(("contact", "name")) == (3, 3)
    assert doc.value_position(("contact", "name")) == (3, 9)
    assert doc.value_position(("municipalities", 1)) == (4, 26)
    assert doc.key_position(("contact", "email")) == (2, 1)  # nearest existing parent


def test_yaml_12_core_schema():
    doc = read_document("x.yaml", b"a: yes\nb: on\nc: 1:20\nd: 0o17\ne: 2016-03-01\nf: true\ng: ~\nh: 2016-02-30\n")
    assert doc.data == {"a": "yes", "b": "on", "c": "1:20", "d": 15, "e": dt.date(2016, 3, 1), "f": True,
                        "g": None, "h": "2016-02-30"}


@pytest.mark.parametrize(
    ("raw", "rule", "line", "column", "words"),
    [
        (b"title: [a, b\n", "yaml-syntax", 2, 1, "expected"),
        (b"title: a\ntitle: b\n", "duplicate-key", 2, 1, "duplicate key 'title' (first on line 1)"),
        (b"contact:\n\tname: x\n", "yaml-syntax", 2, 1, "tab character"),
        (b"title: \xe6\xff\n", "yaml-syntax", 1, 8, "not UTF-8"),
        (b"", "schema", 1, 1, "empty"),
        (b"# only a comment\n", "schema", 1, 1, "empty"),
        (b"a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1, "single document"),
        (b"a: !!python/object:os.system 1\n", "schema", 1, 4, "unsupported YAML tag"),
        (b"a: &x [1]\nb: *x\n", "schema", 2, 1, "aliases"),
        (b"? [a, b]\n: 1\n", "schema", 1, 3, "plain text"),
    ],
)
def test_bad_input_becomes_a_finding(raw, rule, line, column, words):
    doc = read_document("x.yaml", raw)
    [finding] = doc.findings
    assert (finding.rule, finding.line, finding.column) == (rule, line, column)
    assert words in finding.message


def test_alias_bomb_is_refused_fast_without_expansion():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 10):
        previous, name = chr(96 + index), chr(97 + index)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{previous}" for _ in range(9)) + "]")
    start = time.perf_counter()
    doc = read_document("bomb.yaml", "\n".join(lines).encode())
    elapsed = time.perf_counter() - start
    assert all(f.rule == "schema" and "aliases" in f.message for f in doc.findings)
    assert len(doc.findings) == 9 * 9  # each alias reported once, never expanded
    assert elapsed < 5  # generous: a real expansion would take hours and gigabytes


def test_deep_nesting_is_a_finding_not_a_crash():
    doc = read_document("deep.yaml", ("a: " + "[" * 500 + "]" * 500 + "\n").encode())
    assert any("nested more than" in f.message for f in doc.findings)


def test_huge_integer_stays_text():
    doc = read_document("x.yaml", b"a: " + b"9" * 5000 + b"\n")
    assert doc.data == {"a": "9" * 5000}


def test_byte_order_mark_is_ignored():
    assert read_document("x.yaml", "\ufefftitle: x\n".encode()).data == {"title": "x"}


def test_pure_python_fallback_reads_the_same():
    from os2ctl.registry.yamlread import PureLoader, parse_text

    text = "title: OS2mo\nmunicipalities: [Aarhus, 461]\ndate: 2016-03-01\nflag: yes\n"
    fast, pure = parse_text("x.yaml", text), parse_text("x.yaml", text, loader=PureLoader)
    assert (fast.data, fast.positions) == (pure.data, pure.positions)
    deep = parse_text("x.yaml", "a: " + "[" * 2000 + "]" * 2000, loader=PureLoader)
    assert deep.findings and deep.findings[0].rule == "yaml-syntax"
