"""State-year and dyad-year panels: universe, counts, false dyads, years and errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.sources import load_table


def test_directed_count_matches_peer():
    p = tb.dyad_years(years="1816-2016")
    assert p.height == 1_912_290
    assert p.unit == "dyad-year" and p.directed and p.years == (1816, 2016)


def test_non_directed_is_half_and_ordered():
    d = tb.dyad_years(years="1990-1995")
    n = tb.dyad_years(years="1990-1995", directed=False)
    assert n.height * 2 == d.height
    assert (n.data["ccode1"] < n.data["ccode2"]).all()


def test_false_dyads_removed():
    false = load_table("false_cow_dyads").cast(pl.Int32)
    p = tb.dyad_years(years=(1860, 1990))
    hits = p.data.join(false.select("ccode1", "ccode2", "year"), on=["ccode1", "ccode2", "year"])
    assert hits.height == 0


# Run in a fresh interpreter whose clock says 2031 from before threatbalance is imported, so that
# an end year taken from the date at import time or at call time would show up as 2030 or 2031.
_FROZEN_2031 = """
import datetime, time

class _Date(datetime.date):
    @classmethod
    def today(cls):
        return cls(2031, 6, 1)

class _DateTime(datetime.datetime):
    @classmethod
    def today(cls):
        return cls(2031, 6, 1, 12)

    @classmethod
    def now(cls, tz=None):
        return cls(2031, 6, 1, 12, tzinfo=tz)

_t = datetime.datetime(2031, 6, 1, 12).timestamp()
datetime.date, datetime.datetime = _Date, _DateTime
time.time = lambda: _t
assert datetime.date.today().year == datetime.datetime.now().year == time.localtime(time.time()).tm_year == 2031

import threatbalance as tb
print(tb.DATA_END, *tb.state_years().years, tb.state_years().data["year"].max(), tb.dyad_years().data["year"].max())
"""


def test_end_year_is_fixed_by_data_not_by_today():
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(tb.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]),
    }
    r = subprocess.run([sys.executable, "-c", _FROZEN_2031], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["2022", "1816", "2022", "2022", "2022"]
    p = tb.state_years()
    assert p.years == (1816, tb.DATA_END) == (1816, 2022)
    assert p.data["year"].max() == 2022
    assert tb.state_years(extend=False).data["year"].max() == 2016
    with pytest.raises(tb.YearRangeError, match="outside the panel's coverage 1816-2022"):
        tb.dyad_years(years="2000-2023")
    with pytest.raises(tb.YearRangeError, match="1816-2016"):
        tb.dyad_years(years="2017", extend=False)


@pytest.mark.parametrize("bad", ["1800-1900", "2010-2000", "abc", "1990-1995-2000", (1990,)])
def test_bad_years(bad):
    with pytest.raises(tb.YearRangeError):
        tb.dyad_years(years=bad)


def test_state_years_keys_unique_and_known_members():
    p = tb.state_years(years="1991-2013")
    assert not p.data.select("ccode", "year").is_duplicated().any()
    aze = p.data.filter(pl.col("ccode") == 373)["year"]
    assert aze.min() == 1991 and aze.max() == 2013
    assert p.data.filter((pl.col("ccode") == 265) & (pl.col("year") == 1991)).height == 0  # GDR gone in 1990


def test_gw_system():
    p = tb.dyad_years(years=2010, system="gw")
    assert p.keys == ["gwcode1", "gwcode2", "year"]
    assert p.height > 30000
    with pytest.raises(tb.UnitError):
        p.add_atop_alliance()


def test_unknown_system_and_unit_errors():
    with pytest.raises(tb.InputError, match="allowed: cow, gw"):
        tb.dyad_years(system="xyz")
    with pytest.raises(tb.UnitError, match="dyad-year"):
        tb.state_years(years=2000).add_contiguity()


def test_prd_filter_keeps_contiguous_or_major_power():
    full = tb.dyad_years(years=2000)
    p = tb.filter_prd(full)
    assert 0 < p.height < full.height
    q = p.add_contiguity().add_major_powers()
    ok = (q.data["conttype"] > 0) | (q.data["cowmaj1"] == 1) | (q.data["cowmaj2"] == 1)
    assert ok.all()
    assert p.columns == full.columns  # the filter adds no columns


def test_write_and_read_back(tmp_path):
    p = tb.state_years(years=2000).add_nmc()
    f = p.write(tmp_path / "p.parquet")
    back = tb.read_panel(f)
    assert back.data.equals(p.data) and back.sources == p.sources and back.unit == "state-year"
    c = p.write(tmp_path / "p.csv")
    assert pl.read_csv(c).height == p.height
    assert (tmp_path / "p.csv.meta.json").exists()
    with pytest.raises(tb.InputError, match=r"\.parquet, \.csv"):
        p.write(tmp_path / "p.xlsx")
    with pytest.raises(tb.InputError, match="does not exist"):
        p.write(tmp_path / "nope" / "p.parquet")
    assert not list(tmp_path.glob(".*tmp"))
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o666 & ~mask  # not mkstemp's 0600


def test_pandas_keeps_na():
    p = tb.dyad_years(years=2019).add_nmc().add_atop_alliance()
    pdf = p.to_pandas()
    assert len(pdf) == p.height
    assert pdf["atop_alliance"].isna().sum() == p.height  # ATOP ends in 2018: NA, not 0
    assert pdf["cinc1"].notna().mean() > 0.95
