"""The source registry, the shipped files and their checksums, and cite()."""

from __future__ import annotations

import json
import re

import pytest

import threatbalance as tb
from threatbalance.sources import checksums, load_table, verify_checksums


def test_every_shipped_file_matches_its_checksum():
    res = verify_checksums()
    assert res, "no checksums recorded"
    bad = [f for f, ok in res.items() if not ok]
    assert not bad, f"checksum mismatch: {bad}"


def test_every_shipped_file_has_a_checksum():
    from importlib import resources

    d = resources.files("threatbalance").joinpath("data")
    shipped = {f.name for f in d.iterdir() if f.name.endswith((".parquet", ".bib"))}
    assert shipped == set(checksums())


def test_checksum_detects_a_change(tmp_path, monkeypatch):
    import threatbalance.sources._load as load  # the submodule is not shadowed by a function

    name = next(iter(checksums()))
    fake = tmp_path / "data"
    fake.mkdir()
    (fake / "checksums.json").write_text(json.dumps({name: "0" * 64}))
    (fake / name).write_bytes(b"tampered")
    monkeypatch.setattr(load, "_data_dir", lambda: fake)
    assert verify_checksums() == {name: False}


def test_shipped_data_are_small():
    from importlib import resources

    d = resources.files("threatbalance").joinpath("data")
    total = sum(f.stat().st_size for f in d.iterdir() if f.is_file()) if hasattr(d, "iterdir") else 0
    assert 0 < total < 30e6


@pytest.mark.parametrize("key", sorted(tb.data_sources()))
def test_every_source_cites_and_its_tables_load(key):
    src = tb.data_sources()[key]
    bib = tb.cite([key])
    for b in src.bibtex_keys:
        assert re.search(r"@\w+\{" + re.escape(b) + ",", bib), b
    for t in src.tables:
        assert load_table(t).height > 0


def test_cite_panel_prints_exactly_its_sources():
    p = tb.dyad_years(years=2000).add_nmc().add_atop_alliance()
    bib = tb.cite(p)
    assert "leedsetal2002atop" in bib and "singer1987rcwd" in bib
    assert "gibleretal2016amid" not in bib


def test_cite_unknown_source_is_a_clear_error():
    with pytest.raises(tb.InputError, match=r"unknown data source 'nope'.*known sources"):
        tb.cite(["nope"])


@pytest.mark.parametrize(
    "key,table,code",
    [
        ("nmc", "cow_nmc", "year"),
        ("atop", "atop_alliance", "year"),
        ("gml_mids", "gml_mid_ddydisps", "year"),
        ("trade", "cow_trade_ndy", "year"),
        ("sipri", "sipri_tiv", "year"),
        ("un_idealpoints", "unga_idealpoints", "year"),
    ],
)
def test_registry_coverage_is_the_data_coverage(key, table, code):
    t = load_table(table)
    assert (t[code].min(), t[code].max()) == tb.data_sources()[key].years
