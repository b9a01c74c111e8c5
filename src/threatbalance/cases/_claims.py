"""Checkable claims and the rules that give their verdicts from the data.

A claims file is a JSON list; each claim names a ``rule`` of :data:`RULES` and its ``params``.
A rule reads only the shipped data through the public API (threat model, alignment functions,
panel covariates) and returns one of three verdicts: ``supported``, ``not_supported`` or
``cannot_tell``, with the numbers behind it and a sentence (a :class:`~._text.Msg` of the message
catalogue, rendered in English and Persian).  The rules and
their thresholds are documented in ``docs/case.md``; nothing in a verdict is typed in.

Pre-registration: a shipped claim declares its rule, its thresholds (``params``), a ``version`` and
the thresholds of a stricter and a looser reading (``sensitivity``); :func:`evaluate_claims` gives
the verdict under each.  :func:`claim_hash` fingerprints a claim's declaration together with the
code of its rule; each case's ``claims.lock.json`` stores the fingerprint with the version, and a
test fails when a rule or threshold changes without a new version and a line in the case's
``CHANGELOG.md`` (``scripts/lock_claims.py``).  ``cannot_tell`` means that no shipped source covers
the claim's quantity and years; a documented ``caveat`` is printed beside a data result, never
instead of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError
from .._validate import coverage
from ..panels import dyad_years
from ..sources import DATA_END, DATA_START
from ..states import resolve_state, resolve_states
from ._compute import PARTNER_METHOD, CaseData, pair_panel
from ._text import LANGS, N_, Arg, Cat, Join, Msg, Name, Num, PMsg, Years, render

VERDICTS = ("supported", "not_supported", "cannot_tell")
RULES: dict[str, Callable[..., dict]] = {}
REQUIRED: dict[str, tuple[str, ...]] = {}

SIPRI = coverage("sipri")
ATOP = coverage("atop")
COW_TRADE = coverage("trade")


def rule(key: str, *required: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        RULES[key] = fn
        REQUIRED[key] = required
        return fn

    return deco


def _window(p: dict, data: CaseData, clip: bool = True) -> tuple[int, int, bool]:
    lo, hi = (int(p["years"][0]), int(p["years"][1])) if "years" in p else (data.years[0], data.years[-1])
    if not clip:
        return lo, hi, False
    a, b = max(lo, data.years[0]), min(hi, data.years[-1])
    return a, b, (a, b) != (lo, hi)


def _out(verdict: str, value: Any, text: Arg, **detail: Any) -> dict:
    assert verdict in VERDICTS
    return {"verdict": verdict, "value": value, "text": {lg: render(text, lg) for lg in LANGS}, "detail": detail}


# ---- threat and alignment rules -----------------------------------------------------------------
@rule("common_enemy", "a", "b", "enemy")
def _common_enemy(p: dict, data: CaseData) -> dict:
    """``enemy`` is the largest contributor to the common threat of ``a`` and ``b`` in at least
    ``min_share`` (default 0.5) of the years with a common-threat score."""
    from .. import alignment as al

    a, b, e = resolve_state(p["a"]), resolve_state(p["b"]), resolve_state(p["enemy"])
    lo, hi, cut = _window(p, data)
    min_share = float(p.get("min_share", 0.5))
    if (a, b) == data.pair or (b, a) == data.pair:
        en = data.enemies.filter((pl.col("rank") == 1) & pl.col("year").is_between(lo, hi))
        tops = dict(zip(en["year"].to_list(), en["enemy"].to_list()))
        shares = data.enemies.filter((pl.col("enemy") == e) & pl.col("year").is_between(lo, hi))["share"].to_list()
    else:
        tops, shares = {}, []
        for y in range(lo, hi + 1):
            c = al.common_enemies(a, b, y, top=None, model=data.model)
            if c.height:
                tops[y] = int(c["enemy"][0])
                s = c.filter(pl.col("enemy") == e)["share"]
                if len(s):
                    shares.append(s[0])
    n = len(tops)
    if n == 0:
        return _out(
            "cannot_tell",
            None,
            Msg("No year in {years} has a common-threat score for the pair.", years=Years(lo, hi)),
        )
    k = sum(1 for v in tops.values() if v == e)
    others = pl.Series([v for v in tops.values() if v != e], dtype=pl.Int64)
    other = int(others.mode().sort()[0]) if len(others) else None
    n_other = int((others == other).sum()) if other is not None else 0
    med = float(np.median([s for s in shares if s is not None])) if shares else None
    verdict = "supported" if k / n >= min_share else "not_supported"

    text: list[Arg] = [
        Msg(
            "The model names {e} the largest contributor to the common threat in {k} of {n} years {years} "
            "({share}; rule: at least {min}); its median share of the common threat is {med}.",
            e=Name(e),
            k=k,
            n=n,
            years=Years(lo, hi),
            share=Num(k / n, 0, pct=True),
            min=Num(min_share, 0, pct=True),
            med=Num(med, 1, pct=True),
        )
    ]
    if other is not None:
        text.append(Msg(" The most frequent other top contributor is {o} ({n} years).", o=Name(other), n=n_other))
    return _out(
        verdict,
        k / n,
        Cat(tuple(text)),
        years_top=k,
        years=n,
        median_share=med,
        top_by_year={str(y): v for y, v in tops.items()},
        window=[lo, hi],
        clipped=cut,
    )


@rule("threat_rank", "source", "targets")
def _threat_rank(p: dict, data: CaseData) -> dict:
    """``source`` ranks among the ``top`` (default 10) states threatening each target, of all states
    of the system, in at least ``min_share`` (default 0.5) of the years."""
    src = resolve_state(p["source"])
    targets = resolve_states(p["targets"])
    top = int(p.get("top", 10))
    min_share = float(p.get("min_share", 0.5))
    lo, hi, cut = _window(p, data)
    tf = data.threats
    if src not in data.case.states or any(t not in data.case.states for t in targets):
        return _out(
            "cannot_tell",
            None,
            Msg("The source or a target is not among the report's states."),
        )
    per = {}
    for tg in targets:
        r = tf.filter(
            (pl.col("source") == src)
            & (pl.col("target") == tg)
            & pl.col("year").is_between(lo, hi)
            & pl.col("rank").is_not_null()
        )
        if r.height == 0:
            return _out(
                "cannot_tell",
                None,
                Msg(
                    "The threat model has no score of {s} against {t} in {years}.",
                    s=Name(src),
                    t=Name(tg),
                    years=Years(lo, hi),
                ),
            )
        k = int((r["rank"] <= top).sum())
        first = r["top_source"].drop_nulls()
        lead = int(first.mode().sort()[0]) if len(first) else None
        per[tg] = {
            "years_top": k,
            "years": r.height,
            "median_rank": float(r["rank"].median()),
            "median_of": int(r["n_sources"].median()),
            "most_often_first": lead,
            "years_first": int((first == lead).sum()) if lead is not None else 0,
        }
    ok = all(v["years_top"] / v["years"] >= min_share for v in per.values())

    parts = tuple(
        Msg(
            "to {t} in {k} of {n} years (median rank {rank} of {of}; the model's first threat to {t} is most "
            "often {lead}, {first} years)",
            t=Name(tg),
            k=v["years_top"],
            n=v["years"],
            rank=Num(v["median_rank"], 0),
            of=v["median_of"],
            lead=Name(v["most_often_first"]),
            first=v["years_first"],
        )
        for tg, v in per.items()
    )
    text = Msg(
        "{s} is among the {top} strongest threats {parts} (rule: top {top} in at least {min} of years).",
        s=Name(src),
        top=top,
        parts=Join(parts, "; "),
        min=Num(min_share, 0, pct=True),
    )
    value = min(v["years_top"] / v["years"] for v in per.values())
    return _out(
        "supported" if ok else "not_supported",
        value,
        text,
        per_target={str(k): v for k, v in per.items()},
        window=[lo, hi],
        clipped=cut,
    )


@rule("partner_rank", "a", "b")
def _partner_rank(p: dict, data: CaseData) -> dict:
    """Each of ``a`` and ``b`` is in the top ``top_fraction`` (default 10%) of the other's predicted
    partners in at least ``min_share`` of the years."""
    from .. import alignment as al

    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    frac = float(p.get("top_fraction", 0.1))
    min_share = float(p.get("min_share", 0.5))
    lo, hi, cut = _window(p, data)
    if (a, b) == data.pair or (b, a) == data.pair:
        s = data.pair_series.filter(pl.col("year").is_between(lo, hi))
        if (b, a) == data.pair:
            s = s.rename(
                {"rank_b_in_a": "x", "n_b_in_a": "nx", "rank_a_in_b": "rank_b_in_a", "n_a_in_b": "n_b_in_a"}
            ).rename({"x": "rank_a_in_b", "nx": "n_a_in_b"})
        rows = s.select("year", "rank_b_in_a", "n_b_in_a", "rank_a_in_b", "n_a_in_b")
    else:
        recs = []
        for y in range(lo, hi + 1):
            rec = {"year": y}
            for me, other, key in ((a, b, "b_in_a"), (b, a, "a_in_b")):
                pp = al.partners(me, y, top=None, model=data.model, method=PARTNER_METHOD)
                hit = pp.filter(pl.col("ccode") == other)
                rec[f"rank_{key}"] = int(hit["rank"][0]) if hit.height else None
                rec[f"n_{key}"] = pp.height
            recs.append(rec)
        rows = pl.DataFrame(recs)
    rows = rows.drop_nulls()
    if rows.height == 0:
        return _out(
            "cannot_tell",
            None,
            Msg("Neither state has a partner ranking in these years."),
        )
    lim_b = (rows["n_b_in_a"] * frac).ceil()
    lim_a = (rows["n_a_in_b"] * frac).ceil()
    both = (rows["rank_b_in_a"] <= lim_b) & (rows["rank_a_in_b"] <= lim_a)
    k, n = int(both.sum()), rows.height
    mb, ma = float(rows["rank_b_in_a"].median()), float(rows["rank_a_in_b"].median())
    nn = int(rows["n_b_in_a"].median())
    verdict = "supported" if k / n >= min_share else "not_supported"
    text = Msg(
        "Both rank in the top {frac} of each other's predicted partners in {k} of {n} years (rule: at least {min}); "
        "median rank of {b} among {a}'s partners {mb}, of {a} among {b}'s {ma}, of about {nn} states.",
        frac=Num(frac, 0, pct=True),
        k=k,
        n=n,
        min=Num(min_share, 0, pct=True),
        a=Name(a),
        b=Name(b),
        mb=Num(mb, 0),
        ma=Num(ma, 0),
        nn=nn,
    )
    return _out(
        verdict,
        k / n,
        text,
        years_top=k,
        years=n,
        median_rank_b_in_a=mb,
        median_rank_a_in_b=ma,
        n_states=nn,
        window=[lo, hi],
        clipped=cut,
    )


# ---- alignment-behaviour rules ------------------------------------------------------------------
def _pair_rows(a: int, b: int, lo: int, hi: int) -> pl.DataFrame:
    return pair_panel([a, b], (lo, hi)).filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b)).sort("year")


def _clip(lo: int, hi: int, cov: tuple[int, int]) -> tuple[int, int] | None:
    a, b = max(lo, cov[0], DATA_START), min(hi, cov[1], DATA_END)
    return (a, b) if a <= b else None


@rule("no_alliance", "a", "b")
def _no_alliance(p: dict, data: CaseData) -> dict:
    """ATOP records no alliance obligation between ``a`` and ``b`` in any covered year of the window."""
    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    lo, hi, _ = _window(p, data, clip=False)
    w = _clip(lo, hi, ATOP)
    if w is None:
        return _out(
            "cannot_tell",
            None,
            Msg("ATOP covers {cover}, not {years}.", cover=Years(*ATOP), years=Years(lo, hi)),
        )
    d = _pair_rows(a, b, *w)
    yrs = d.filter(pl.col("atop_alliance") == 1)["year"].to_list()
    if not yrs:
        return _out(
            "supported",
            0,
            Msg(
                "ATOP v5.1 records no alliance obligation between {a} and {b} in any year {years} ({n} dyad-years).",
                a=Name(a),
                b=Name(b),
                years=Years(*w),
                n=d.height,
            ),
            allied_years=[],
            window=list(w),
        )
    return _out(
        "not_supported",
        len(yrs),
        Msg("ATOP records an alliance obligation in {n} years ({years}).", n=len(yrs), years=Years(yrs[0], yrs[-1])),
        allied_years=yrs,
        window=list(w),
    )


@rule("alliance_share", "a", "b")
def _alliance_share(p: dict, data: CaseData) -> dict:
    """ATOP records an alliance obligation between ``a`` and ``b`` in at least ``min_share`` of the years."""
    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    lo, hi, _ = _window(p, data, clip=False)
    min_share = float(p.get("min_share", 0.5))
    w = _clip(lo, hi, ATOP)
    d = _pair_rows(a, b, *w) if w else pl.DataFrame()
    if w is None or d.height == 0:
        return _out(
            "cannot_tell",
            None,
            Msg("ATOP has no dyad-years of {a} and {b} in {years}.", a=Name(a), b=Name(b), years=Years(lo, hi)),
        )
    k, n = int((d["atop_alliance"] == 1).sum()), d.height
    verdict = "supported" if k / n >= min_share else "not_supported"
    return _out(
        verdict,
        k / n,
        Msg(
            "ATOP records an alliance obligation between {a} and {b} in {k} of {n} years {years} "
            "(rule: at least {min}).",
            a=Name(a),
            b=Name(b),
            k=k,
            n=n,
            years=Years(*w),
            min=Num(min_share, 0, pct=True),
        ),
        years_allied=k,
        years=n,
        window=list(w),
    )


def _suppliers(recipient: int, lo: int, hi: int) -> pl.DataFrame:
    p = dyad_years(years=(lo, hi), directed=True)
    p = p.with_data(p.data.filter(pl.col("ccode2") == recipient)).add_sipri_transfers()
    return (
        p.data.group_by("ccode1")
        .agg(pl.col("tiv12").sum().alias("tiv"), pl.col("tiv12").is_not_null().sum().alias("n"))
        .filter(pl.col("n") > 0)
        .sort(["tiv", "ccode1"], descending=[True, False])
    )


@rule("arms_supplier_rank", "supplier", "recipient")
def _arms_supplier_rank(p: dict, data: CaseData) -> dict:
    """``supplier`` ranks among the ``top`` (default 3) suppliers of ``recipient`` by SIPRI TIV summed
    over the window."""
    s, r = resolve_state(p["supplier"]), resolve_state(p["recipient"])
    top = int(p.get("top", 3))
    lo, hi, _ = _window(p, data, clip=False)
    w = _clip(lo, hi, SIPRI)
    if w is None:
        return _out(
            "cannot_tell",
            None,
            Msg("SIPRI covers {cover}, not {years}.", cover=Years(*SIPRI), years=Years(lo, hi)),
        )
    sup = _suppliers(r, *w)
    total = float(sup["tiv"].sum()) if sup.height else 0.0
    if total <= 0:
        return _out(
            "cannot_tell",
            None,
            Msg("SIPRI records no arms imports of {r} in {years}.", r=Name(r), years=Years(*w)),
        )
    pos = sup.filter(pl.col("tiv") > 0).with_row_index("rank", offset=1)
    hit = pos.filter(pl.col("ccode1") == s)
    rank = int(hit["rank"][0]) if hit.height else None
    tiv = float(hit["tiv"][0]) if hit.height else 0.0
    lead = Join(tuple(Cat((Name(c), " ", Num(v, 0))) for c, v in pos.head(4).select("ccode1", "tiv").iter_rows()))
    verdict = "supported" if rank is not None and rank <= top else "not_supported"
    if rank:
        rk = Msg("rank {rank} of {n}", rank=rank, n=pos.height)
    else:
        rk = Msg("none of {n} suppliers", n=pos.height)
    return _out(
        verdict,
        rank,
        Msg(
            "SIPRI: {s} delivered {tiv} TIV (million) of arms to {r} in {years}, {share} of its imports, {rank} "
            "(rule: top {top}). Largest: {lead}.",
            s=Name(s),
            tiv=Num(tiv, 0),
            r=Name(r),
            years=Years(*w),
            share=Num(tiv / total, 1, pct=True),
            rank=rk,
            top=top,
            lead=lead,
        ),
        tiv=tiv,
        share=tiv / total,
        rank=rank,
        n_suppliers=pos.height,
        window=list(w),
        top_suppliers=[{"ccode": c, "tiv": v} for c, v in pos.head(5).select("ccode1", "tiv").iter_rows()],
    )


@rule("arms_delivered", "supplier", "recipient", "baseline")
def _arms_delivered(p: dict, data: CaseData) -> dict:
    """SIPRI deliveries from ``supplier`` to ``recipient`` per year in the window exceed ``min_ratio``
    (default 1) times those of the ``baseline`` window (a rise consistent with a large new contract)."""
    s, r = resolve_state(p["supplier"]), resolve_state(p["recipient"])
    lo, hi, _ = _window(p, data, clip=False)
    w, bw = _clip(lo, hi, SIPRI), _clip(int(p["baseline"][0]), int(p["baseline"][1]), SIPRI)
    if w is None or bw is None:
        return _out(
            "cannot_tell",
            None,
            Msg("SIPRI covers {cover}; the windows fall outside it.", cover=Years(*SIPRI)),
        )
    d = _pair_rows(s, r, min(w[0], bw[0]), max(w[1], bw[1]))
    inw = d.filter(pl.col("year").is_between(*w))["tiv12"]
    inb = d.filter(pl.col("year").is_between(*bw))["tiv12"]
    mw, mb = float(inw.mean()), float(inb.mean())
    ratio = float(p.get("min_ratio", 1.0))
    verdict = "supported" if mw > ratio * mb else "not_supported"
    return _out(
        verdict,
        mw,
        Msg(
            "SIPRI records {mw} TIV (million) a year from {s} to {r} in {years} against {mb} in {base} (rule: more "
            "than {ratio} times the baseline). TIV measures military value, not contract dollars.",
            mw=Num(mw, 1),
            s=Name(s),
            r=Name(r),
            years=Years(*w),
            mb=Num(mb, 1),
            base=Years(*bw),
            ratio=Num(ratio, 1),
        ),
        mean_window=mw,
        mean_baseline=mb,
        window=list(w),
        baseline=list(bw),
    )


@rule("trade_value", "a", "b", "year", "value_musd")
def _trade_value(p: dict, data: CaseData) -> dict:
    """COW's total trade of the pair in ``year`` is within ``tolerance`` (default 30%) of the claimed
    ``value_musd``; outside it the verdict is ``not_supported`` (a claim's documented caveat is shown
    beside the result, it does not change it); ``cannot_tell`` only when COW has no record of the
    pair in that year or the year is outside COW's 1870-2014."""
    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    y, claim, tol = int(p["year"]), float(p["value_musd"]), float(p.get("tolerance", 0.3))
    if not COW_TRADE[0] <= y <= COW_TRADE[1]:
        return _out(
            "cannot_tell",
            None,
            Msg("COW trade covers {cover}, not {year}.", cover=Years(*COW_TRADE), year=y),
        )
    d = _pair_rows(a, b, y, y)
    tot = (
        d["flow1"][0] + d["flow2"][0] if d.height and d["flow1"][0] is not None and d["flow2"][0] is not None else None
    )
    if tot is None:
        return _out(
            "cannot_tell",
            None,
            Msg("COW has no trade record of {a} and {b} in {year}.", a=Name(a), b=Name(b), year=y),
        )
    ratio = tot / claim
    text: list[Arg] = [
        Msg(
            "COW records US$ {tot} m of trade in {year} ({a} imports {fa}, {b} imports {fb}), {ratio} of the claimed "
            "US$ {claim} m (rule: within {tol}).",
            tot=Num(tot, 0),
            year=y,
            a=Name(a),
            fa=Num(d["flow1"][0], 0),
            b=Name(b),
            fb=Num(d["flow2"][0], 0),
            ratio=Num(ratio, 1, pct=True),
            claim=Num(claim, 0),
            tol=Num(tol, 0, pct=True),
        )
    ]
    verdict = "supported" if abs(ratio - 1) <= tol else "not_supported"
    return _out(verdict, tot, Cat(tuple(text)), trade_musd=tot, claimed_musd=claim, ratio=ratio, year=y)


#: Quantities some claims speak of that no shipped source measures, with the shipped sources that
#: come nearest and why they do not measure it (checked against the source registry by a test).
UNCOVERED: dict[str, dict[str, str]] = {
    "energy_share": {
        "nmc": "COW NMC's primary energy consumption (pec) is a state's total, not by origin",
        "trade": "COW trade is the value of all goods between two states, not energy by origin",
    },
}


@rule("energy_share", "supplier", "buyer", "year", "share")
def _energy_share(p: dict, data: CaseData) -> dict:
    """The supplier's share of the buyer's energy supply is within ``tolerance`` (default 30%) of the
    claimed ``share``.  No shipped source covers this quantity (energy supply by origin: COW NMC
    records only a state's total energy consumption, COW trade only the value of all goods), so the
    verdict is ``cannot_tell``, and the report says which sources were checked; the supplier's
    share of the buyer's recorded imports (COW) is shown beside it as context, not as a test."""
    s, b, y = resolve_state(p["supplier"]), resolve_state(p["buyer"]), int(p["year"])
    share = None
    if COW_TRADE[0] <= y <= COW_TRADE[1]:
        pan = dyad_years(years=y, directed=True)
        pan = pan.with_data(pan.data.filter(pl.col("ccode1") == b)).add_cow_trade()
        tot = pan.data["flow1"].sum()
        part = pan.data.filter(pl.col("ccode2") == s)["flow1"]
        if tot and len(part) and part[0] is not None:
            share = float(part[0]) / float(tot)
    if share is not None:
        ctx = Msg(
            "COW records {s} as {share} of {b}'s recorded imports in {year}.",
            s=Name(s),
            share=Num(share, 2, pct=True),
            b=Name(b),
            year=y,
        )
    else:
        ctx = Msg("COW has no import record for {year}.", year=y)
    return _out(
        "cannot_tell",
        share,
        Msg(
            "No shipped source covers where {b}'s energy comes from (checked: COW NMC records only total energy "
            "consumption; COW trade only the value of all goods). Context, not a test: {context}",
            b=Name(b),
            context=ctx,
        ),
        import_share=share,
        year=y,
        claimed_share=float(p["share"]),
        uncovered=sorted(UNCOVERED["energy_share"]),
    )


@rule("diplomatic_representation", "sender", "host")
def _diplomatic(p: dict, data: CaseData) -> dict:
    """In at least ``min_share`` (default 1: every one) of the survey years of the window (Duque 2018:
    1970-2005, every five years) ``sender`` is (``expected``) / is not represented in ``host``, and
    ``host`` in ``sender`` as ``reverse_expected``, for each direction given."""
    s, h = resolve_state(p["sender"]), resolve_state(p["host"])
    lo, hi, _ = _window(p, data, clip=False)
    w = _clip(lo, hi, coverage("diplomacy"))
    d = (
        _pair_rows(s, h, *w).filter(pl.col("dipl12").is_not_null() | pl.col("dipl21").is_not_null())
        if w
        else pl.DataFrame()
    )
    if d.height == 0:
        return _out(
            "cannot_tell",
            None,
            Msg(
                "The diplomatic data ({cover}, every five years) have no survey year in {years}.",
                cover=Years(1970, 2005),
                years=Years(lo, hi),
            ),
        )
    exp, rev = p.get("expected"), p.get("reverse_expected")
    min_share = float(p.get("min_share", 1.0))
    ok = True
    differ: set[int] = set()
    for col, want in (("dipl12", exp), ("dipl21", rev)):
        if want is None:
            continue
        v = d.filter(pl.col(col).is_not_null())
        match = v[col] == int(want)
        ok &= bool(v.height) and int(match.sum()) / v.height >= min_share
        differ |= set(v.filter(~match)["year"].to_list())
    yrs = d["year"].to_list()
    v12, v21 = d["dipl12"].to_list(), d["dipl21"].to_list()
    yn = {1: Msg("yes"), 0: Msg("no"), None: PMsg("missing value", "NA")}
    survey = Join(
        tuple(
            Msg("{year}: {s} in {h} {sh}, {h} in {s} {hs}", year=y, s=Name(s), h=Name(h), sh=yn[x], hs=yn[z])
            for y, x, z in zip(yrs, v12, v21)
        ),
        "; ",
    )
    dy = sorted(differ)
    return _out(
        "supported" if ok else "not_supported",
        None,
        Msg(
            "Diplomatic representation (Duque 2018) — {survey}. Survey years differing from the claim: {differ} "
            "(rule: the claim holds in at least {min} of survey years).",
            survey=survey,
            differ=Join(tuple(dy)) if dy else Msg("none"),
            min=Num(min_share, 0, pct=True),
        ),
        years=yrs,
        sender_in_host=v12,
        host_in_sender=v21,
        differing_years=dy,
    )


@rule("trade_exists", "a", "b")
def _trade_exists(p: dict, data: CaseData) -> dict:
    """COW records positive trade between ``a`` and ``b`` in at least one year of the window."""
    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    lo, hi, _ = _window(p, data, clip=False)
    w = _clip(lo, hi, COW_TRADE)
    d = _pair_rows(a, b, *w) if w else pl.DataFrame()
    if d.height == 0:
        return _out("cannot_tell", None, Msg("COW trade does not cover these years."))
    d = d.with_columns((pl.col("flow1") + pl.col("flow2")).alias("tot"))
    known = d.filter(pl.col("tot").is_not_null())
    if known.height == 0:
        return _out(
            "cannot_tell",
            None,
            Msg("COW has no trade record of {a} and {b} in {years}.", a=Name(a), b=Name(b), years=Years(*w)),
        )
    pos = known.filter(pl.col("tot") > 0)
    tot = float(known["tot"].sum())
    verdict = "supported" if pos.height else "not_supported"
    return _out(
        verdict,
        tot,
        Msg(
            "COW records US$ {tot} m of trade between {a} and {b} in {years}, positive in {k} of {n} years.",
            tot=Num(tot, 0),
            a=Name(a),
            b=Name(b),
            years=Years(*w),
            k=pos.height,
            n=known.height,
        ),
        trade_musd=tot,
        years_positive=pos.height,
        years=known.height,
    )


# ---- loading and evaluating ---------------------------------------------------------------------
#: The two readings of a claim besides its declared one (``sensitivity`` in a claims file).
SENSITIVITY = ("stricter", "looser")


def load_claims(source: Any) -> list[dict]:
    """Read and check a claims file (JSON list; see ``docs/case.md``) or a case name.

    Each claim may declare ``version`` (an integer, default 1) and ``sensitivity``:
    ``{"stricter": {param: value}, "looser": {param: value}}``, parameters of its rule to override.

    Examples
    --------
    >>> import threatbalance as tb
    >>> [c["id"] for c in tb.load_claims("israel-azerbaijan")][:3]
    ['C1', 'C2', 'C3']
    """
    if isinstance(source, list):
        items = source
    else:
        path = Path(str(source))
        if not path.suffix and not path.exists():
            from ._registry import get_case

            case = get_case(str(source))
            if case.claims is None:
                return []
            path = case.claims
        if not path.is_file():
            raise InputError(f"claims file {str(path)!r} does not exist")
        try:
            with open(path, encoding="utf-8") as fh:
                items = json.load(fh)
        except json.JSONDecodeError as exc:
            raise InputError(f"claims file {str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(items, list):
        raise InputError("a claims file must hold a JSON list of claims")
    seen = set()
    for i, c in enumerate(items):
        if not isinstance(c, dict) or "rule" not in c or "claim" not in c:
            raise InputError(f"claim #{i + 1} needs at least 'rule' and 'claim'")
        if c["rule"] not in RULES:
            raise InputError(f"claim {c.get('id', i + 1)!r}: unknown rule {c['rule']!r}; allowed: {', '.join(RULES)}")
        miss = [k for k in REQUIRED[c["rule"]] if k not in c.get("params", {})]
        if miss:
            raise InputError(f"claim {c.get('id', i + 1)!r}: rule {c['rule']!r} needs params {miss}")
        c.setdefault("id", f"C{i + 1}")
        if c["id"] in seen:
            raise InputError(f"claim id {c['id']!r} is used twice")
        seen.add(c["id"])
        v = c.setdefault("version", 1)
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise InputError(f"claim {c['id']!r}: version must be a whole number >= 1, got {v!r}")
        sens = c.get("sensitivity") or {}
        if not isinstance(sens, dict) or any(k not in SENSITIVITY for k in sens):
            raise InputError(
                f"claim {c['id']!r}: sensitivity must be an object with keys {' and '.join(SENSITIVITY)}, got {sens!r}"
            )
        for k, over in sens.items():
            if over is not None and not isinstance(over, dict):
                raise InputError(f"claim {c['id']!r}: sensitivity {k!r} must map parameters to values, got {over!r}")
        if isinstance(c["claim"], str):
            c["claim"] = {"en": c["claim"], "fa": c["claim"]}
    return items


def _rule_code(rule_name: str) -> str:
    """The rule function's code as a syntax tree (formatting, comments, docstring and imports left out)."""
    import ast
    import inspect
    import textwrap

    fn = RULES[rule_name]
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    node = tree.body[0]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    node.decorator_list = []
    body = [
        b
        for b in node.body
        if not isinstance(b, (ast.Import, ast.ImportFrom))
        and not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant) and isinstance(b.value.value, str))
    ]
    node.body = body or [ast.Pass()]
    return ast.dump(node, annotate_fields=False)


def claim_hash(claim: dict) -> str:
    """Fingerprint of a claim's definition: its rule, parameters and sensitivity thresholds, and the
    code of its rule.  Any edit of these changes the fingerprint (the claim needs a new version).

    Examples
    --------
    >>> from threatbalance.cases._claims import claim_hash
    >>> c = {"rule": "no_alliance", "params": {"a": "ISR", "b": "AZE"}}
    >>> claim_hash(c) == claim_hash(dict(c, claim={"en": "reworded"}))
    True
    >>> claim_hash(c) == claim_hash({"rule": "no_alliance", "params": {"a": "ISR", "b": "ARM"}})
    False
    """
    import hashlib

    decl = {"rule": claim["rule"], "params": claim.get("params", {}), "sensitivity": claim.get("sensitivity") or {}}
    text = json.dumps(decl, sort_keys=True, ensure_ascii=False) + "\n" + _rule_code(claim["rule"])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _apply(c: dict, params: dict, data: CaseData) -> dict:
    return RULES[c["rule"]](dict(params), data)


def evaluate_claims(claims: list[dict], data: CaseData, progress: Callable[[str], None] | None = None) -> list[dict]:
    """Apply each claim's rule to the data, under its declared thresholds and under the stricter and
    looser thresholds it declares (``sensitivity``); returns one result dict per claim."""
    say = progress or (lambda text=None: None)
    out = []
    for c in claims:
        say(f"checking claim {c['id']}")
        params = dict(c.get("params", {}))
        res = _apply(c, params, data)
        sens: dict[str, Any] = {}
        for k in SENSITIVITY:
            over = (c.get("sensitivity") or {}).get(k)
            if not over:
                sens[k] = None
                continue
            r = _apply(c, {**params, **over}, data)
            sens[k] = {"params": over, "verdict": r["verdict"], "value": r["value"]}
        out.append(
            {
                "id": c["id"],
                "rule": c["rule"],
                "version": c.get("version", 1),
                "claim": c["claim"],
                "params": c.get("params", {}),
                "sensitivity": sens,
                "evidence": c.get("evidence", []),
                "citation": c.get("citation", ""),
                "caveat": c.get("caveat"),
                "rule_note": c.get("rule_note"),
                **res,
            }
        )
    return out


#: Each rule's test in one sentence, as a catalogue message (shown in the report in its language).
RULE_TEXT: dict[str, str] = {
    "common_enemy": N_(
        "enemy is the largest contributor to the common threat of a and b in at least min_share of the years "
        "with a common-threat score."
    ),
    "threat_rank": N_(
        "source ranks among the top strongest threats (of all states) to every target in at least min_share of "
        "the years."
    ),
    "partner_rank": N_(
        "Each of a and b is within the top top_fraction of the other's predicted partners in at least min_share "
        "of the years."
    ),
    "no_alliance": N_("ATOP records no alliance obligation between a and b in any covered year of the window."),
    "alliance_share": N_("ATOP records an alliance obligation between a and b in at least min_share of the years."),
    "arms_supplier_rank": N_(
        "supplier ranks among the top suppliers of recipient by SIPRI trend-indicator values summed over the window."
    ),
    "arms_delivered": N_(
        "SIPRI deliveries from supplier to recipient per year in the window exceed min_ratio times those of the "
        "baseline window."
    ),
    "trade_value": N_(
        "COW's total trade of the pair in the year is within tolerance of the claimed value; a caveat is shown "
        "beside the result and does not change it."
    ),
    "energy_share": N_(
        "The supplier's share of the buyer's energy supply is within tolerance of the claimed share; no shipped "
        "source covers energy by origin, so the data cannot tell, and the sources checked are named."
    ),
    "diplomatic_representation": N_(
        "In at least min_share of the survey years of the window (Duque 2018, every five years) the "
        "representation matches the claim in each direction given."
    ),
    "trade_exists": N_("COW records positive trade between a and b in at least one year of the window."),
}


def rules_doc(lang: str = "en") -> dict[str, str]:
    """Rule name -> its test in one sentence, in ``lang`` (the catalogue's :data:`RULE_TEXT`)."""
    from ._text import tr

    return {k: tr(RULE_TEXT[k], lang) for k in RULES}
