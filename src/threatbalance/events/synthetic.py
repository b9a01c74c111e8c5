"""Synthetic ICEWS-shaped event files for tests and benchmarks (10^3 to 10^8 rows, streamed to disk).

Rows follow the shipped ICEWS sample's distributions: 70% are the sample's own (source actor,
target actor, CAMEO code) combinations, so actor names, sectors, countries, domestic vs international
events and the code mix are ICEWS's; 30% pair a state actor or a sub-state actor (sectors taken from
the sample) of a country drawn from a Zipf law over all current COW states with a code drawn from the
sample's code frequencies, so every dyad occurs at scale.  Dates are uniform over ``years``.  The file
is written in chunks of ``chunk`` rows: a 10^8-row file never sits in memory.

Examples
--------
>>> import tempfile, pathlib
>>> from threatbalance.events.synthetic import generate_icews
>>> f = pathlib.Path(tempfile.mkdtemp()) / "events.tab"
>>> generate_icews(f, 1000, seed=1)
1000
>>> f.read_text().splitlines()[0].split("\\t")[:3]
['Event ID', 'Event Date', 'Source Name']
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import polars as pl

from ..sources import load_table
from ._formats import _ICEWS_DATAVERSE

_TEXT_COLS = ("source_name", "source_sectors", "source_country", "target_name", "target_sectors", "target_country")


def _clean(s: pl.Expr) -> pl.Expr:
    return s.str.replace_all(r"[\t\r\n]", " ")


def _pools(seed: int) -> dict:
    t = load_table("icews_sample").with_columns(
        [_clean(pl.col(c)) for c in (*_TEXT_COLS, "event_text", "publisher", "city", "district", "province", "country")]
    )
    current = load_table("cw_system").filter(pl.col("end") >= pl.date(2016, 12, 31))["ccode"].cast(pl.Int32)
    cw = load_table("country_crosswalk").filter(pl.col("cown").cast(pl.Int32).is_in(current.implode()))
    states = cw.unique("cown", keep="first", maintain_order=True)["country_name_en"].sort()
    substate = (
        pl.concat([t.select(pl.col("source_sectors").alias("s")), t.select(pl.col("target_sectors").alias("s"))])
        .drop_nulls()
        .filter(~pl.col("s").str.contains("Government|Military|Executive|Police"))["s"]
    )
    codes = t["cameo_code"].value_counts().sort("cameo_code")
    return {"sample": t, "states": states, "substate": substate, "codes": codes}


def _names(country: np.ndarray, state: np.ndarray, sectors: np.ndarray) -> tuple[list, list]:
    name = np.where(state, country, np.char.add(np.char.add("Citizen (", country.astype(str)), ")"))
    sec = np.where(state, np.where(np.arange(len(country)) % 2 == 0, "Government", None), sectors)
    return name.tolist(), sec.tolist()


def _chunk(pools: dict, rng: np.random.Generator, start_id: int, n: int, years: tuple[int, int]) -> pl.DataFrame:
    t: pl.DataFrame = pools["sample"]
    tmpl = t[rng.integers(0, t.height, n)]
    synth = rng.random(n) < 0.3
    k = int(synth.sum())
    if k:
        states = pools["states"].to_numpy()
        zipf = 1.0 / np.arange(1, len(states) + 1) ** 1.1
        zipf /= zipf.sum()
        order = rng.permutation(len(states))  # which states are the "big" ones: fixed by the seed
        sc = states[order[rng.choice(len(states), k, p=zipf)]]
        tc = states[order[rng.choice(len(states), k, p=zipf)]]
        sub = pools["substate"].to_numpy()
        ss, ts = rng.random(k) < 0.55, rng.random(k) < 0.55
        sn, ssec = _names(sc, ss, sub[rng.integers(0, len(sub), k)])
        tn, tsec = _names(tc, ts, sub[rng.integers(0, len(sub), k)])
        cv = pools["codes"]
        p = cv["count"].to_numpy() / cv["count"].sum()
        code = cv["cameo_code"].to_numpy()[rng.choice(cv.height, k, p=p)]
        idx = np.flatnonzero(synth)
        repl = pl.DataFrame(
            {
                "source_name": sn,
                "source_sectors": ssec,
                "source_country": sc.tolist(),
                "target_name": tn,
                "target_sectors": tsec,
                "target_country": tc.tolist(),
                "cameo_code": code.tolist(),
            },
            schema=dict.fromkeys((*_TEXT_COLS, "cameo_code"), pl.Utf8),
        )
        base = tmpl.select(*_TEXT_COLS, "cameo_code")
        merged = base.with_row_index("_i").update(repl.with_columns(pl.Series("_i", idx, dtype=pl.UInt32)), on="_i")
        tmpl = tmpl.with_columns(merged.drop("_i").get_columns())
    d0 = np.datetime64(f"{years[0]}-01-01")
    span = int((np.datetime64(f"{years[1] + 1}-01-01") - d0).astype(int))
    dates = d0 + rng.integers(0, span, n).astype("timedelta64[D]")
    return pl.DataFrame(
        {
            "Event ID": np.arange(start_id, start_id + n, dtype=np.int64),
            "Event Date": pl.Series(dates).cast(pl.Date),
            "Source Name": tmpl["source_name"],
            "Source Sectors": tmpl["source_sectors"],
            "Source Country": tmpl["source_country"],
            "Event Text": tmpl["event_text"],
            "CAMEO Code": tmpl["cameo_code"],
            "Intensity": tmpl["intensity"],
            "Target Name": tmpl["target_name"],
            "Target Sectors": tmpl["target_sectors"],
            "Target Country": tmpl["target_country"],
            "Story ID": rng.integers(10_000_000, 99_999_999, n),
            "Sentence Number": rng.integers(1, 12, n),
            "Publisher": tmpl["publisher"],
            "City": tmpl["city"],
            "District": tmpl["district"],
            "Province": tmpl["province"],
            "Country": tmpl["country"],
            "Latitude": tmpl["latitude"],
            "Longitude": tmpl["longitude"],
        }
    )


def generate_icews(
    path: str | Path,
    n_rows: int,
    seed: int = 0,
    years: tuple[int, int] = (2010, 2019),
    chunk: int = 1_000_000,
    start_id: int = 100_000_000,
) -> int:
    """Write ``n_rows`` synthetic events in the ICEWS Dataverse layout (tab-separated, header); ``.gz`` compresses.

    Returns the number of rows written.  Memory stays at one chunk whatever ``n_rows`` is.
    """
    path = Path(path)
    rng = np.random.default_rng(seed)
    pools = _pools(seed)
    opener = gzip.open if path.suffix == ".gz" else open
    tmp = path.with_name(f".{path.name}.tmp")
    written = 0
    try:
        with opener(tmp, "wb") as fh:
            fh.write(("\t".join(_ICEWS_DATAVERSE) + "\n").encode())
            while written < n_rows:
                n = min(chunk, n_rows - written)
                _chunk(pools, rng, start_id + written, n, years).write_csv(
                    fh, separator="\t", include_header=False, quote_style="never", null_value=""
                )
                written += n
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def main(argv: list[str] | None = None) -> None:
    """``python -m threatbalance.events.synthetic OUT N [--seed S]``"""
    import argparse

    ap = argparse.ArgumentParser(description="Write a synthetic ICEWS-shaped event file (streamed).")
    ap.add_argument("out", type=Path)
    ap.add_argument("rows", type=float, help="number of rows, e.g. 1e7")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    print(generate_icews(a.out, int(a.rows), seed=a.seed))


if __name__ == "__main__":
    main()
