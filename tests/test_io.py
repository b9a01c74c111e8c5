"""Atomic writes: whole files only, the mode a plainly created file gets, and no change of the process umask."""

from __future__ import annotations

import os
import stat
import threading

import polars as pl
import pytest

from threatbalance._io import atomic_write_bytes, write_frame


@pytest.fixture
def umask_027():
    """Run with umask 027 (so the expected mode 0640 differs from mkstemp's 0600 and from 0644)."""
    old = os.umask(0o027)
    yield 0o640
    os.umask(old)


def _forbid_umask(monkeypatch):
    def boom(*a):
        raise AssertionError("library code must not call os.umask (process-wide, not thread-safe)")

    monkeypatch.setattr(os, "umask", boom)


@pytest.mark.parametrize("name", ["t.parquet", "t.csv", "t.json"])
def test_write_frame_mode_follows_umask_without_touching_it(tmp_path, monkeypatch, umask_027, name):
    _forbid_umask(monkeypatch)
    df = pl.DataFrame({"a": [1, 2]})
    out = write_frame(df, tmp_path / name, meta={"k": 1})
    monkeypatch.undo()
    assert stat.S_IMODE(os.stat(out).st_mode) == umask_027
    assert not list(tmp_path.glob(".*.tmp"))
    if name.endswith(".json"):
        assert stat.S_IMODE(os.stat(tmp_path / (name + ".meta.json")).st_mode) == umask_027


def test_atomic_write_bytes_mode_and_replace(tmp_path, monkeypatch, umask_027):
    _forbid_umask(monkeypatch)
    p = tmp_path / "x.txt"
    atomic_write_bytes(p, b"one")
    atomic_write_bytes(p, b"two")
    monkeypatch.undo()
    assert p.read_bytes() == b"two"
    assert stat.S_IMODE(os.stat(p).st_mode) == umask_027
    assert sorted(q.name for q in tmp_path.iterdir()) == ["x.txt"]


def test_failed_write_leaves_no_file(tmp_path):
    class Boom(pl.DataFrame):
        def write_csv(self, *a, **k):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_frame(Boom({"a": [1]}), tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []


def test_concurrent_writes_are_whole(tmp_path, monkeypatch):
    _forbid_umask(monkeypatch)
    p = tmp_path / "shared.bin"
    payloads = [bytes([k]) * 200_000 for k in range(8)]
    threads = [threading.Thread(target=atomic_write_bytes, args=(p, b)) for b in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert p.read_bytes() in payloads
    assert sorted(q.name for q in tmp_path.iterdir()) == ["shared.bin"]
