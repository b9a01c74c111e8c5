"""Fearon & Laitin (2003) civil-war onset, as in peacesciencer's vignette, with threatbalance and statsmodels.

Replicates ``vignettes/fearon-laitin-example.Rmd`` of peacesciencer 1.2.9: Gleditsch-Ward
state-years 1946-2024, UCDP intra-state conflict onsets (all conflicts; wars only) with peace
spells, the extended UDS (and its square), CREG fractionalization, simulated GDP per capita and
population (isard), logged % mountainous terrain; two logits.  Run::

    python examples/fearon_laitin_2003.py                 # the table
    python examples/fearon_laitin_2003.py --format json   # {"models": {name: {"nobs", "coef", "se"}}}

N = 8,192 (all UCDP conflicts) and 8,189 (wars only), as peacesciencer gives.  The published
vignette table (2025-07-17) used isard's earlier democracy data; with those its every printed
coefficient is reproduced (docs/replications.md).
"""

from __future__ import annotations

import argparse
import json
import sys

import polars as pl

import threatbalance as tb

MODELS = {"All UCDP conflicts": ("ucdponset", "ucdpspell"), "Wars only": ("war_ucdponset", "war_ucdpspell")}
COVARIATES = ["l1_ln_mrgdppc", "l1_ln_pwtpop", "l1_aeuds", "I(l1_aeuds^2)", "newlmtnest", "ethfrac", "relfrac"]


def build(peer_compat: bool = True) -> pl.DataFrame:
    """The vignette's state-years with both onset codings, logs and one-year lags.

    ``peer_compat=True`` counts the wars-only spells (``ongo=True``) exactly as peacesciencer does
    (``stevemisc::ps_spells`` miscounts a few spells, see :func:`threatbalance.add_spells`).
    """
    base = tb.state_years(system="gw", years="1946-2024")
    allc = tb.add_ucdp_acd(base, type="intrastate", only_wars=False)
    allc = allc.with_data(allc.data.drop("maxintensity", "conflict_ids"))
    allc = tb.add_spells(allc, peer_compat=peer_compat)
    allc = tb.add_rugged_terrain(tb.add_gdppop(tb.add_creg_fractionalization(tb.add_democracy(allc))))
    wars = tb.add_ucdp_acd(base, type="intrastate", only_wars=True)
    wars = wars.with_data(wars.data.drop("maxintensity", "conflict_ids"))
    wars = tb.add_spells(wars, conflict_event_type="onset", ongo=True, peer_compat=peer_compat)
    w = wars.data.select(
        "gwcode", "year", *[pl.col(c).alias(f"war_{c}") for c in ("ucdpongoing", "ucdponset", "ucdpspell")]
    )
    d = allc.data.join(w, on=["gwcode", "year"], how="left", maintain_order="left").sort("gwcode", "year")
    d = d.with_columns(pl.col("mrgdppc").log().alias("ln_mrgdppc"), pl.col("pwtpop").log().alias("ln_pwtpop"))
    # lag by one row within the state, as stevemisc::lag_at on data sorted by gwcode, year
    return d.with_columns(
        pl.col(c).shift(1).over("gwcode").alias(f"l1_{c}") for c in ("aeuds", "ln_mrgdppc", "ln_pwtpop")
    )


def fit(d: pl.DataFrame) -> dict:
    """The two logits of the vignette, dropping incomplete rows like R's glm()."""
    import statsmodels.api as sm

    out = {}
    for name, (y, spell) in MODELS.items():
        t = pl.col(spell).cast(pl.Float64)
        terms = ["(Intercept)", *COVARIATES, spell, f"I({spell}^2)", f"I({spell}^3)"]
        x = d.select(
            pl.lit(1.0).alias("(Intercept)"),
            *[pl.col(c).cast(pl.Float64) for c in COVARIATES if not c.startswith("I(")][:3],
            (pl.col("l1_aeuds").cast(pl.Float64) ** 2).alias("I(l1_aeuds^2)"),
            *[pl.col(c).cast(pl.Float64) for c in ("newlmtnest", "ethfrac", "relfrac")],
            t.alias(spell),
            (t**2).alias(f"I({spell}^2)"),
            (t**3).alias(f"I({spell}^3)"),
            pl.col(y).cast(pl.Float64).alias("_y"),
        ).drop_nulls()
        m = sm.Logit(x["_y"].to_numpy(), x.select(terms).to_numpy()).fit(
            method="newton", tol=1e-12, maxiter=100, disp=0
        )
        out[name] = {
            "nobs": int(m.nobs),
            "coef": dict(zip(terms, map(float, m.params), strict=True)),
            "se": dict(zip(terms, map(float, m.bse), strict=True)),
        }
    return out


def table(models: dict) -> str:
    rows = ["(Intercept)", *COVARIATES, "t", "t^2", "t^3"]

    def key(m: dict, r: str) -> str:
        ks = list(m["coef"])
        return ks[-3 + ["t", "t^2", "t^3"].index(r)] if r.startswith("t") else r

    lines = [f"{'':<16}" + "".join(f"{n:>22}" for n in models)]
    for r in rows:
        lines.append(f"{r:<16}" + "".join(f"{m['coef'][key(m, r)]:>22.4f}" for m in models.values()))
        lines.append(
            f"{'':<16}" + "".join(f"{'(' + format(m['se'][key(m, r)], '.4f') + ')':>22}" for m in models.values())
        )
    lines.append(f"{'Num.Obs.':<16}" + "".join(f"{m['nobs']:>22,}" for m in models.values()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Fearon & Laitin (2003) civil conflict onset, peacesciencer's vignette")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--no-peer-compat", action="store_true", help="threatbalance's spell count (no ps_spells slip)")
    a = ap.parse_args(argv)
    models = fit(build(peer_compat=not a.no_peer_compat))
    if a.format == "json":
        print(json.dumps({"models": models}, indent=1))
    else:
        print("A civil conflict analysis of Gleditsch-Ward state-years (logits of UCDP intra-state onset)")
        print(table(models))
    return 0


if __name__ == "__main__":
    sys.exit(main())
