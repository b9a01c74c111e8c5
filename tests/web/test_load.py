"""The dashboard load test (benchmarks/load_dashboard.py) keeps working: a 3-second run of 3 simulated users.

It starts ``threatbalance serve`` on a free loopback port with an empty cache folder, loads the page,
fires the initial callbacks and changes years and states; every request must succeed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("dash", reason='the dashboard needs the web extra: pip install "threatbalance[web]"')

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_dashboard.py"


def _load():
    spec = importlib.util.spec_from_file_location("load_dashboard", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_short_load_run_has_no_errors(tmp_path):
    mod = _load()
    res = mod.main(
        [
            "--users",
            "3",
            "--duration",
            "3",
            "--think",
            "0.05",
            "0.2",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--out",
            str(tmp_path / "load.json"),
        ]
    )
    assert res["host"] == "127.0.0.1"
    assert res["errors"] == 0, res["actions"]
    actions = {r["action"]: r for r in res["actions"]}
    assert actions["page load"]["count"] == 3
    assert actions["first view (initial callbacks)"]["count"] == 3
    for cb in ("select", "map", "network", "series", "table"):
        assert actions[f"callback {cb}"]["count"] >= 3 and actions[f"callback {cb}"]["p50_ms"] is not None
    assert (tmp_path / "load.json").is_file()
    # the server stored the year frames it computed in the given cache folder
    assert list((tmp_path / "cache" / "frames").glob("*/*.parquet"))


def test_cache_folder_is_configurable_and_keyed(tmp_path, monkeypatch):
    """THREATBALANCE_CACHE_DIR picks the folder; another model gets another sub-folder; a frame reads back equal."""
    from threatbalance.threat import ThreatModel
    from threatbalance.web._cache import DiskFrames, cache_root, model_fingerprint

    monkeypatch.setenv("THREATBALANCE_CACHE_DIR", str(tmp_path))
    assert cache_root() == tmp_path
    fp = model_fingerprint(ThreatModel())
    assert fp == model_fingerprint(ThreatModel())
    assert fp != model_fingerprint(ThreatModel(lag=2))
    assert model_fingerprint(object()) is None  # unknown models are not cached on disk
    import polars as pl

    disk = DiskFrames(fp)
    f = pl.DataFrame({"year": [2000, 2000], "source": [2, 20], "target": [20, 2], "threat": [0.1, None]})
    disk.put(2000, f)
    assert disk.get(2000).equals(f) and disk.get(2001) is None
    assert not list(disk.dir.glob(".*.tmp"))  # no temporary file left behind
    (disk.dir / "2001.parquet").write_bytes(b"not parquet")
    assert disk.get(2001) is None  # a damaged file is ignored, not an error
