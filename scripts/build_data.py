"""Build the Parquet files shipped inside threatbalance from the raw data.

Reads ``../shared/data/raw/{peacesciencer,isard,more}`` (R ``.rda`` and Parquet files), converts
every table threatbalance uses into a sorted, typed, zstd-compressed Parquet file under
``src/threatbalance/data/``, copies the BibTeX database, and writes ``checksums.json`` (sha256 of
every shipped file).  The installed package only ever reads ``src/threatbalance/data``.

Usage::

    python scripts/build_data.py [--raw ../shared/data/raw]

The conversion is deterministic: running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "threatbalance" / "data"
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "raw"

# (shipped name, raw folder, raw file, sort keys, columns to drop)
TABLES: list[tuple[str, str, str, list[str], list[str]]] = [
    # state systems
    ("cw_system", "isard", "cw_system.rda", ["ccode", "start"], []),
    ("gw_system", "isard", "gw_system.rda", ["gwcode", "start"], []),
    ("cw_gw_panel", "isard", "cw_gw_panel.rda", ["ccode", "year"], []),
    ("false_cow_dyads", "peacesciencer", "false_cow_dyads.rda", ["ccode1", "ccode2", "year"], []),
    ("false_gw_dyads", "peacesciencer", "false_gw_dyads.rda", ["gwcode1", "gwcode2", "year"], []),
    ("cow_majors", "peacesciencer", "cow_majors.rda", ["ccode", "styear"], []),
    # capabilities, economy, democracy
    ("cow_nmc", "peacesciencer", "cow_nmc.rda", ["ccode", "year"], []),
    ("cw_democracy", "isard", "cw_democracy.rda", ["ccode", "year"], []),
    ("gw_democracy", "isard", "gw_democracy.rda", ["gwcode", "year"], []),
    ("cw_gdppop", "isard", "cw_gdppop.rda", ["ccode", "year"], []),
    ("gw_gdppop", "isard", "gw_gdppop.rda", ["gwcode", "year"], []),
    ("cow_sdp_gdp", "peacesciencer", "cow_sdp_gdp.rda", ["ccode", "year"], []),
    ("gw_sdp_gdp", "peacesciencer", "gw_sdp_gdp.rda", ["gwcode", "year"], []),
    ("terrthreat", "peacesciencer", "terrthreat.rda", ["ccode", "year"], []),
    # geography
    ("cow_capitals", "peacesciencer", "cow_capitals.rda", ["ccode", "stdate"], []),
    ("gw_capitals", "peacesciencer", "gw_capitals.rda", ["gwcode", "stdate"], []),
    ("cow_contdir", "peacesciencer", "cow_contdir.rda", ["ccode1", "ccode2", "stdate"], []),
    ("cow_mindist", "peacesciencer", "cow_mindist.rda", ["ccode1", "ccode2", "year"], []),
    ("gw_mindist", "peacesciencer", "gw_mindist.rda", ["gwcode1", "gwcode2", "year"], []),
    # alliances, conflict, rivalry
    ("atop_alliance", "peacesciencer", "atop_alliance.rda", ["ccode1", "ccode2", "year"], []),
    ("gml_mid_ddydisps", "peacesciencer", "gml_mid_ddydisps.rda", ["ccode1", "ccode2", "year"], []),
    ("cow_mid_ddydisps", "peacesciencer", "cow_mid_ddydisps.rda", ["ccode1", "ccode2", "year"], []),
    ("tss_rivalries", "peacesciencer", "tss_rivalries.rda", ["tssr_id"], []),
    ("td_rivalries", "peacesciencer", "td_rivalries.rda", ["rivalryno"], []),
    ("grh_arms_races", "peacesciencer", "grh_arms_races.rda", ["race_id"], []),
    # exchange and affinity
    ("cow_trade_ndy", "peacesciencer", "cow_trade_ndy.rda", ["ccode1", "ccode2", "year"], []),
    ("cow_igo_ndy", "peacesciencer", "cow_igo_ndy.rda", ["ccode1", "ccode2", "year"], []),
    ("cow_trade_sy", "peacesciencer", "cow_trade_sy.rda", ["ccode", "year"], []),
    ("cow_igo_sy", "peacesciencer", "cow_igo_sy.rda", ["ccode", "year"], []),
    ("ps_data_version", "peacesciencer", "ps_data_version.rda", [], []),
    (
        "sipri_tiv",
        "more",
        "sipri_tiv_dyad_year_1950_2021_360info.parquet",
        ["supplier", "recipient", "year"],
        ["supplier_lon", "supplier_lat", "recipient_lon", "recipient_lat"],
    ),
    (
        "unga_idealpoints",
        "more",
        "unga_idealpoints_voeten_jul2025.parquet",
        ["ccode", "year"],
        [],
    ),
    ("unvotes_votes", "more", "unvotes_0.3.0_votes.parquet", ["rcid", "ccode"], ["country"]),
    (
        "unvotes_roll_calls",
        "more",
        "unvotes_0.3.0_roll_calls.parquet",
        ["rcid"],
        ["descr"],
    ),
    ("unvotes_issues", "more", "unvotes_0.3.0_roll_call_issues.parquet", ["rcid", "issue"], []),
    ("dipl_ties", "more", "dipl_ties_duque_1970_2005.parquet", ["year", "sender_ccode", "host_ccode"], []),
    ("country_crosswalk", "more", "country_crosswalk_cow_iso_fa.parquet", ["cown", "country_name_en"], []),
    ("cameo_codes", "more", "cameo_codes_goldstein.parquet", ["code"], []),
    (
        "gdelt_dyad_year",
        "more",
        "gdelt_graph_dyad_year_2018_2024.parquet",
        ["iso3_a", "iso3_b", "year"],
        [],
    ),
    # event data (threatbalance.events): the GDELT pair-months and an ICEWS sample for ingestion
    ("gdelt_dyad_month", "more", "gdelt_graph_dyad_month_2018_2024.parquet", ["iso3_a", "iso3_b", "year", "month"], []),
    ("icews_sample", "more", "icews_sample_20180601_03.parquet", ["event_id"], []),
]


# peacesciencer 1.2.9 coverage (issue 14): conflict, fractionalization, terrain, leaders, dispute-level data
TABLES += [
    ("gw_cw_panel", "isard", "gw_cw_panel.rda", ["gwcode", "year", "ccode"], []),
    ("ucdp_acd", "peacesciencer", "ucdp_acd.rda", ["conflict_id", "year", "gwno_a"], []),
    ("ucdp_onsets", "peacesciencer", "ucdp_onsets.rda", ["gwcode", "year"], []),
    ("cow_war_inter", "peacesciencer", "cow_war_inter.rda", [], []),
    ("cow_war_intra", "peacesciencer", "cow_war_intra.rda", [], []),
    ("creg", "peacesciencer", "creg.rda", [], []),
    ("hief", "peacesciencer", "hief.rda", ["ccode", "year"], []),
    ("rugged", "peacesciencer", "rugged.rda", ["ccode"], []),
    ("archigos", "peacesciencer", "archigos.rda", [], []),
    ("archigossums", "peacesciencer", "archigossums.rda", ["gwcode", "year"], []),
    ("lead", "peacesciencer", "LEAD.rda", [], []),
    ("lwuf", "peacesciencer", "lwuf.rda", [], []),
    ("gml_dirdisp", "peacesciencer", "gml_dirdisp.rda", [], []),
    ("gml_mid_disps", "peacesciencer", "gml_mid_disps.rda", ["dispnum"], []),
    ("cow_mid_dirdisps", "peacesciencer", "cow_mid_dirdisps.rda", [], []),
    ("cow_mid_disps", "peacesciencer", "cow_mid_disps.rda", ["dispnum"], []),
]
# ---- threat v2: offensive capabilities and party ideology (tables derived from several raw files) ----
RAW_LEDGERS = ROOT / "scripts" / "raw"


def _threat_v2_tables(raw: Path) -> dict[str, pl.DataFrame]:
    """Nuclear latency facilities, the nuclear-weapon ledger, CNS missile tests and V-Party governing parties."""
    more = raw / "more"
    out: dict[str, pl.DataFrame] = {}
    nl = pl.read_parquet(more / "nuclear_latency_fuhrmann_tkach_1.2.parquet")
    yr = ["construction_start", "construction_end", "operation_start", "operation_end", "operation2_start"]
    nl = nl.with_columns(  # -99 marks an unknown construction start in the source
        *[pl.when(pl.col(c) < 0).then(None).otherwise(pl.col(c)).alias(c) for c in [*yr, "operation2_end"]]
    )
    out["nuclear_latency"] = nl.sort("ccode", "facility_name")
    out["nuclear_weapons"] = pl.read_csv(RAW_LEDGERS / "nuclear_weapon_states.csv").sort("ccode")
    cols = [
        "ccode",
        "launch_date",
        "missile_name",
        "missile_type",
        "distance_travelled_km",
        "apogee_km",
        "test_confirmed",
        "test_successful",
        "sources",
    ]
    tests = []
    for code, f, kind in (
        (630, "missile_tests_iran_cns", "missile_family"),
        (731, "missile_tests_dprk_cns", "missile_type"),
    ):
        t = pl.read_parquet(more / f"{f}.parquet")
        tests.append(
            t.with_columns(
                pl.lit(code, pl.Int16).alias("ccode"),
                pl.col("launch_time").dt.date().alias("launch_date"),
                pl.col(kind).alias("missile_type"),
            ).select(cols)
        )
    out["missile_tests"] = pl.concat(tests).sort("ccode", "launch_date", "missile_name", maintain_order=True)
    vp = pl.read_parquet(more / "vparty_v2_party_year.parquet")
    out["vparty"] = (
        vp.filter(pl.col("COWcode").is_not_null())
        .select(
            pl.col("COWcode").alias("ccode"),
            "year",
            "v2paid",
            "v2paenname",
            "v2pagovsup",
            "v2paseatshare",
            "v2pariglef",
            "v2xpa_antiplural",
            "v2xpa_popul",
        )
        .sort("ccode", "year", "v2paid")
    )
    return out


def _read_rda(path: Path) -> pl.DataFrame:
    import pyreadr

    res = pyreadr.read_r(str(path))
    (frame,) = res.values()
    out = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype == object:
            vals = s.tolist()
            if any(isinstance(v, (dt.date, dt.datetime)) for v in vals):
                out[col] = pl.Series(
                    col,
                    [v if not isinstance(v, dt.datetime) else v.date() for v in vals],
                    dtype=pl.Date,
                )
                continue
            out[col] = pl.Series(col, [None if v is None or v != v else str(v) for v in vals], dtype=pl.Utf8)
        elif str(s.dtype).startswith(("string", "str")) or s.dtype.name in ("string", "str"):
            out[col] = pl.Series(col, [None if v is None or v != v else str(v) for v in s.tolist()], dtype=pl.Utf8)
        else:
            out[col] = pl.Series(col, s.to_numpy())
    return pl.DataFrame(out)


def _tighten(df: pl.DataFrame) -> pl.DataFrame:
    """Cast whole-valued float columns to the smallest safe integer type; NaN becomes null."""
    exprs = []
    for name, dtype in df.schema.items():
        if dtype in (pl.Float64, pl.Float32):
            arr = df[name].to_numpy()
            finite = arr[~np.isnan(arr)]
            col = pl.col(name).fill_nan(None)
            if finite.size and np.all(finite == np.round(finite)):
                lo, hi = finite.min(), finite.max()
                if lo >= -(2**15) and hi < 2**15:
                    col = col.cast(pl.Int16)
                elif lo >= -(2**31) and hi < 2**31:
                    col = col.cast(pl.Int32)
                else:
                    col = col.cast(pl.Int64)
            exprs.append(col.alias(name))
        else:
            exprs.append(pl.col(name))
    return df.select(exprs)


def build(raw: Path, out: Path = OUT) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    for name, folder, file, keys, drop in TABLES:
        src = raw / folder / file
        if not src.exists():
            sys.exit(f"build_data: missing raw file {src}")
        df = _read_rda(src) if file.endswith(".rda") else pl.read_parquet(src)
        if drop:
            df = df.drop(drop)
        df = _tighten(df)
        if keys:
            df = df.sort(keys, nulls_last=True, maintain_order=True)
        tmp = out / f".{name}.parquet.tmp"
        df.write_parquet(tmp, compression="zstd", compression_level=19, statistics=False)
        tmp.replace(out / f"{name}.parquet")
        print(f"  {name:<22} {df.height:>8} rows  {(out / f'{name}.parquet').stat().st_size / 1e6:6.2f} MB")
    for name, df in _threat_v2_tables(raw).items():
        df = _tighten(df)
        tmp = out / f".{name}.parquet.tmp"
        df.write_parquet(tmp, compression="zstd", compression_level=19, statistics=False)
        tmp.replace(out / f"{name}.parquet")
        print(f"  {name:<22} {df.height:>8} rows  {(out / f'{name}.parquet').stat().st_size / 1e6:6.2f} MB")
    bib = (raw / "peacesciencer" / "sources.bib").read_text(encoding="utf-8")
    extra = (ROOT / "scripts" / "extra_sources.bib").read_text(encoding="utf-8")
    (out / "sources.bib").write_text(bib.rstrip() + "\n\n" + extra, encoding="utf-8")
    sums = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.iterdir())
        if p.suffix in (".parquet", ".bib")
    }
    (out / "checksums.json").write_text(json.dumps(sums, indent=1) + "\n", encoding="utf-8")
    total = sum((out / n).stat().st_size for n in sums)
    print(f"  total {total / 1e6:.2f} MB in {len(sums)} files")
    return sums


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder holding peacesciencer/, isard/, more/")
    args = ap.parse_args(argv)
    build(args.raw)


if __name__ == "__main__":
    main()
