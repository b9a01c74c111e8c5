"""Bremer (1992) "dangerous dyads", as in peacesciencer's vignette, with threatbalance and statsmodels.

Replicates ``vignettes/bremer-example.Rmd`` of peacesciencer 1.2.9: non-directed COW dyad-years
1816-2010, politically relevant dyads, GML MID onsets with peace spells (t, t^2, t^3), NMC, the
weak-link democracy (extended UDS) and GDP per capita (simulated, isard), ATOP defence pacts, and a
logit of MID onset.  Run::

    python examples/bremer_1992.py                 # the table
    python examples/bremer_1992.py --format json   # {"models": {"Model 1": {"nobs", "coef", "se"}}}

With the shipped data (peacesciencer 1.2.9 / isard 0.2.0: NMC 7.0) the model has 106,031
dyad-years, as peacesciencer 1.2.9 gives.  The published vignette table (N = 106,056) was built on
2025-07-17 with NMC 6.0 and isard's earlier democracy data; see docs/replications.md.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import polars as pl

import threatbalance as tb

MODEL = "Model 1"
TERMS = [
    "(Intercept)",
    "landcontig",
    "cincprop",
    "cowmajdyad",
    "atop_defense",
    "mindemest",
    "minmgdppc",
    "minmilit",
    "gmlmidspell",
    "I(gmlmidspell^2)",
    "I(gmlmidspell^3)",
]


def _ifelse(cond: pl.Expr, yes: pl.Expr, no: pl.Expr) -> pl.Expr:
    """R's ifelse(): missing where the condition is missing."""
    return pl.when(cond.is_null()).then(None).when(cond).then(yes).otherwise(no)


def build(peer_compat: bool = True) -> pl.DataFrame:
    """The vignette's data: one row per politically relevant non-directed dyad-year, 1816-2010.

    ``peer_compat=True`` uses peacesciencer's contiguity rule (the first record in force, so some
    land borders read 0; docs/data.md) for the politically-relevant filter and ``landcontig``.
    """
    p = tb.dyad_years(years="1816-2010", directed=False)
    # filter_prd(): contiguous or with a COW major power; peer_compat keeps the peer's contiguity rule and,
    # as the peer, its conttype / cowmaj1 / cowmaj2 columns
    if peer_compat:
        p = p.filter_prd(peer_compat=True)
    else:
        p = p.filter_prd().add_contiguity().add_major_powers()
    p = tb.add_gml_mids(p)
    p = tb.add_spells(p, peer_compat=peer_compat)
    p = tb.add_gdppop(tb.add_atop_alliance(tb.add_democracy(tb.add_nmc(p))))
    f = lambda c: pl.col(c).cast(pl.Float64).fill_nan(None)  # noqa: E731
    d = p.data.with_columns(
        (pl.col("conttype") == 1).cast(pl.Float64).alias("landcontig"),
        _ifelse((pl.col("cowmaj1") == 1) | (pl.col("cowmaj2") == 1), pl.lit(1.0), pl.lit(0.0)).alias("cowmajdyad"),
        (f("milper1") / f("tpop1")).fill_nan(None).alias("milit1"),
        (f("milper2") / f("tpop2")).fill_nan(None).alias("milit2"),
    )
    return d.with_columns(
        _ifelse(pl.col("milit1") > pl.col("milit2"), pl.col("milit2"), pl.col("milit1")).alias("minmilit"),
        _ifelse(f("cinc1") > f("cinc2"), f("cinc2") / f("cinc1"), f("cinc1") / f("cinc2"))
        .fill_nan(None)
        .alias("cincprop"),
        _ifelse(f("aeuds1") > f("aeuds2"), f("aeuds2"), f("aeuds1")).alias("mindemest"),
        _ifelse(f("mrgdppc1") > f("mrgdppc2"), f("mrgdppc2"), f("mrgdppc1")).alias("minmgdppc"),
    )


def fit(d: pl.DataFrame) -> dict:
    """The vignette's logit, ``glm(gmlmidonset ~ ..., family = binomial)``, dropping incomplete rows like R."""
    import statsmodels.api as sm

    t = pl.col("gmlmidspell").cast(pl.Float64)
    x = d.select(
        pl.lit(1.0).alias("(Intercept)"),
        *[pl.col(c).cast(pl.Float64) for c in TERMS[1:8]],
        t.alias("gmlmidspell"),
        (t**2).alias("I(gmlmidspell^2)"),
        (t**3).alias("I(gmlmidspell^3)"),
        pl.col("gmlmidonset").cast(pl.Float64).alias("_y"),
    ).drop_nulls()
    m = sm.Logit(x["_y"].to_numpy(), x.select(TERMS).to_numpy()).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    return {
        MODEL: {
            "nobs": int(m.nobs),
            "coef": dict(zip(TERMS, map(float, m.params), strict=True)),
            "se": dict(zip(TERMS, map(float, m.bse), strict=True)),
        }
    }


def table(models: dict) -> str:
    lines = [f"{'':<20}" + "".join(f"{n:>22}" for n in models)]
    terms = list(next(iter(models.values()))["coef"])
    for term in terms:
        lines.append(f"{term:<20}" + "".join(f"{m['coef'][term]:>22.6g}" for m in models.values()))
        lines.append(f"{'':<20}" + "".join(f"{'(' + format(m['se'][term], '.3g') + ')':>22}" for m in models.values()))
    lines.append(f"{'Num.Obs.':<20}" + "".join(f"{m['nobs']:>22,}" for m in models.values()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Bremer (1992) dangerous dyads, peacesciencer's vignette")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument(
        "--no-peer-compat", action="store_true", help="threatbalance's contiguity rule instead of the peer's"
    )
    a = ap.parse_args(argv)
    models = fit(build(peer_compat=not a.no_peer_compat))
    if a.format == "json":
        print(json.dumps({"models": models}, indent=1))
    else:
        print('A "Dangerous Dyads" analysis of non-directed dyad-years (logit of GML MID onset)')
        print(table(models))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
