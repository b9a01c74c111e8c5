"""The report folder is written atomically and never clobbers a folder that is not a report."""

from __future__ import annotations

import json

import pytest

import threatbalance as tb
from threatbalance.cases import write_atomic


def _files(tag: str) -> dict[str, bytes]:
    return {"summary.json": json.dumps({"generator": "threatbalance test", "tag": tag}).encode(), "a.txt": tag.encode()}


def test_new_and_replaced(tmp_path):
    out = tmp_path / "rep"
    write_atomic(out, _files("one"))
    assert (out / "a.txt").read_text() == "one"
    write_atomic(out, {**_files("two"), "b.txt": b"x"})
    assert (out / "a.txt").read_text() == "two" and (out / "b.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]  # no temporary or old folder left


def test_refuses_foreign_folder_and_file(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(tb.InputError, match="not a threatbalance report"):
        write_atomic(foreign, _files("x"))
    assert (foreign / "thesis.docx").read_text() == "precious"
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(tb.InputError, match="not a folder"):
        write_atomic(f, _files("x"))
    empty = tmp_path / "empty"
    empty.mkdir()
    write_atomic(empty, _files("ok"))
    assert (empty / "a.txt").read_text() == "ok"


def test_failure_leaves_the_old_report(tmp_path):
    out = tmp_path / "rep"
    write_atomic(out, _files("old"))

    class Boom(dict):
        def items(self):
            yield "summary.json", b"{}"
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(out, Boom())
    assert (out / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_unwritable_or_missing_parent_fails_before_computing(tmp_path, run_cli, monkeypatch):
    import os
    import time

    from threatbalance.cases._write import check_out

    with pytest.raises(tb.InputError, match="does not exist"):
        check_out(tmp_path / "nope" / "rep")
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    # simulate a read-only folder (chmod is not enforced for root)
    monkeypatch.setattr(
        os, "access", lambda p, mode, *a, **k: False if str(p) == str(locked) else real(p, mode, *a, **k)
    )
    with pytest.raises(tb.InputError, match="no permission"):
        check_out(locked / "rep")
    t0 = time.perf_counter()
    code, _, err = run_cli("case", "israel-azerbaijan", "--out", str(locked / "rep"))
    assert code == 1 and "locked" in err and "internal error" not in err
    assert time.perf_counter() - t0 < 5  # refused before the report is computed


def test_mount_point_is_refused_with_advice(monkeypatch, tmp_path):
    import os

    from threatbalance.cases._write import check_out

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda p: str(p) == str(mnt))
    with pytest.raises(tb.InputError, match=r"mount point.*inside it"):
        check_out(mnt)
