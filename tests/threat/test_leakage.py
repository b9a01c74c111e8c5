"""No look-ahead: the features of year T are the same when every year-keyed source ends at T - 1.

A subprocess truncates every shipped table that is keyed by year at ``T - 1`` (geography, which is
that of the first day of T, is kept), rebuilds the features of every directed dyad-year of T and
writes them out; they must equal the features built here from the full tables.  A feature that
reads anything of year T (a same-year leak) fails this test.
"""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from threatbalance.threat._features import FEATURE_NAMES, build_features, panel_keys

T = 1995
#: A year after 2018 also exercises the event-hostility (GDELT) and post-2014 carry-forward paths.

SCRIPT = r"""
import sys
import polars as pl
T, out = int(sys.argv[1]), sys.argv[2]
import threatbalance
import threatbalance.sources as S
import threatbalance.sources._load as L

orig = L.load_table
# geography of the first day of T and the system membership defining the dyad-years of T are known in T
KEEP = {"cw_system", "cow_contdir", "cow_capitals", "gw_capitals", "cow_states", "gw_system", "false_cow_dyads",
        "false_gw_dyads", "country_crosswalk", "cw_gw_panel", "cow_system", "gw_states"}
untouched = []


def truncated(name):
    t = orig(name)
    if name in KEEP:
        return t
    if name == "tss_rivalries":
        return t.filter(pl.col("start") <= T - 1).with_columns(pl.min_horizontal("end", pl.lit(T - 1)).alias("end"))
    if name == "cow_majors":
        capped = pl.min_horizontal("endyear", pl.lit(T - 1)).alias("endyear")
        return t.filter(pl.col("styear") <= T - 1).with_columns(capped)
    if name == "nuclear_weapons":  # a ledger of spells: nothing known of weapons built in T or later
        return t.filter(pl.col("first_weapon_year") <= T - 1).with_columns(
            pl.when(pl.col("end_year") <= T - 1).then(pl.col("end_year")).otherwise(None).alias("end_year")
        )
    if name == "nuclear_latency":  # facility spans: what was known at the end of T - 1
        nul = lambda c: pl.when(pl.col(c) <= T - 1).then(pl.col(c)).otherwise(None).alias(c)
        return t.filter(pl.min_horizontal("construction_start", "operation_start") <= T - 1).with_columns(
            *[nul(c) for c in ("construction_end", "operation_start", "operation_end", "operation2_start")],
            nul("operation2_end"),
        )
    if name == "missile_tests":
        return t.filter(pl.col("launch_date").dt.year() <= T - 1)
    if "year" in t.columns:
        return t.filter(pl.col("year") <= T - 1)
    untouched.append(name)
    return t


L.load_table = S.load_table = truncated
for m in list(sys.modules.values()):
    if getattr(m, "__name__", "").startswith("threatbalance") and getattr(m, "load_table", None) is orig:
        m.load_table = truncated
from threatbalance.threat._features import build_features, panel_keys

build_features(panel_keys(T, T)).write_parquet(out)
print(",".join(sorted(set(untouched))))
"""


@pytest.mark.parametrize("T", [T, 2020])
def test_features_of_year_T_use_nothing_of_year_T(tmp_path, T):
    out = tmp_path / "trunc.parquet"
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(T), str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    untouched = [n for n in r.stdout.strip().split(",") if n]
    assert not untouched, f"tables neither truncated nor declared geography: {untouched}"
    trunc = pl.read_parquet(out)
    full = build_features(panel_keys(T, T))
    assert trunc.height == full.height > 10_000
    cols = ["ccode1", "ccode2", "year", *FEATURE_NAMES]
    a, b = full.select(cols).sort("ccode1", "ccode2"), trunc.select(cols).sort("ccode1", "ccode2")
    for c in FEATURE_NAMES:
        same = (a[c].fill_null(-1.0) - b[c].fill_null(-1.0)).abs().max() <= 1e-12
        assert same, f"feature {c} of {T} changes when the sources end in {T - 1}: a same-year leak"
