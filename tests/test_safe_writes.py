"""Writes are atomic and never lose a concurrent edit."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os

import pytest
import yaml

from os2ctl.decide import DecisionRequest, apply_decision, load_for_decision, plan_decision
from os2ctl.edit import write_atomic
from os2ctl.errors import RefusedError
from os2ctl.roundtrip import edit_file
from tests.factory import full_entry, make_registry

TODAY = dt.date(2026, 11, 29)


def test_write_refuses_when_the_file_changed_since_it_was_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    edit = edit_file(path, "x.yaml")
    edit.set_scalar("a", 2)
    path.write_text("a: 1\nb: 2\n", encoding="utf-8")  # someone else's edit
    with pytest.raises(RefusedError, match="changed on disk"):
        edit.write(path)
    assert path.read_text(encoding="utf-8") == "a: 1\nb: 2\n"


def test_edit_based_on_an_old_reading_is_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(RefusedError, match="changed on disk"):
        edit_file(path, "x.yaml", read_as="a: 0\n")


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_text("old\n", encoding="utf-8")

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new\n", expected="old\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["x.yaml"]


def _record_decisions(root: str, note: str, count: int, results) -> None:
    recorded = refused = 0
    while recorded < count:
        registry = load_for_decision(root, "os2test")
        request = DecisionRequest("os2test", "recommend", TODAY, level="N2", note=f"{note} {recorded}")
        try:
            apply_decision(registry, plan_decision(registry, request))
            recorded += 1
        except RefusedError:
            refused += 1  # the other process wrote first: read again and retry, as a user would
    results.put(refused)


def test_two_processes_deciding_at_once_lose_nothing(tmp_path):
    root = make_registry(tmp_path / "registry", {"os2test": full_entry("N2", "concept")})
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_record_decisions, args=(str(root), name, 15, results)) for name in "AB"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert all(worker.exitcode == 0 for worker in workers)
    entry = yaml.safe_load((root / "portfolio" / "os2test.yaml").read_text(encoding="utf-8"))
    notes = [d["note"] for d in entry["decisions"] if d["action"] == "recommend"]
    assert sorted(notes) == sorted([f"A {i}" for i in range(15)] + [f"B {i}" for i in range(15)])
