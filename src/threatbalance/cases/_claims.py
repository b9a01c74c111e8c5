"""Checkable claims and the rules that give their verdicts from the data.

A claims file is a JSON list; each claim names a ``rule`` of :data:`RULES` and its ``params``.
A rule reads only the shipped data through the public API (threat model, alignment functions,
panel covariates) and returns one of three verdicts: ``supported``, ``not_supported`` or
``cannot_tell``, with the numbers behind it and a sentence in English and Persian.  The rules and
their thresholds are documented in ``docs/case.md``; nothing in a verdict is typed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError
from ..panels import dyad_years
from ..sources import DATA_END, DATA_START
from ..states import resolve_state, resolve_states
from ._compute import CaseData, pair_panel
from ._text import digits, name, num, years_text

VERDICTS = ("supported", "not_supported", "cannot_tell")
RULES: dict[str, Callable[..., dict]] = {}
REQUIRED: dict[str, tuple[str, ...]] = {}

SIPRI = (1950, 2021)
ATOP = (1815, 2018)
COW_TRADE = (1870, 2014)


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


def _out(verdict: str, value: Any, en: str, fa: str, **detail: Any) -> dict:
    assert verdict in VERDICTS
    return {"verdict": verdict, "value": value, "text": {"en": en, "fa": fa}, "detail": detail}


def _nyears(k: int, n: int, lang: str) -> str:
    return digits(f"{k}/{n}", lang) if lang == "en" else digits(f"{k} از {n}", lang)


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
            f"No year in {lo}-{hi} has a common-threat score for the pair.",
            f"در {digits(f'{lo}-{hi}', 'fa')} هیچ سالی برای این زوج امتیاز تهدید مشترک ندارد.",
        )
    k = sum(1 for v in tops.values() if v == e)
    others = pl.Series([v for v in tops.values() if v != e], dtype=pl.Int64)
    other = int(others.mode().sort()[0]) if len(others) else None
    n_other = int((others == other).sum()) if other is not None else 0
    med = float(np.median([s for s in shares if s is not None])) if shares else None
    verdict = "supported" if k / n >= min_share else "not_supported"

    def txt(lang: str) -> str:
        if lang == "en":
            s = (
                f"The model names {name(e)} the largest contributor to the common threat in {k} of {n} years "
                f"{lo}-{hi} ({num(k / n, 'en', 0, pct=True)}; rule: at least {num(min_share, 'en', 0, pct=True)}); "
                f"its median share of the common threat is {num(med, 'en', 1, pct=True)}."
            )
            if other is not None:
                s += f" The most frequent other top contributor is {name(other)} ({n_other} years)."
            return s
        s = (
            f"مدل، {name(e, 'fa')} را در {_nyears(k, n, 'fa')} سال ({years_text(lo, hi, 'fa')}) بزرگ‌ترین سهم‌دار "
            f"تهدید مشترک می‌داند ({num(k / n, 'fa', 0, pct=True)}؛ قاعده: دست‌کم {num(min_share, 'fa', 0, pct=True)})؛ "
            f"میانه سهم آن {num(med, 'fa', 1, pct=True)} است."
        )
        if other is not None:
            s += f" پرتکرارترین سهم‌دار دیگر {name(other, 'fa')} است ({digits(n_other, 'fa')} سال)."
        return s

    return _out(
        verdict,
        k / n,
        txt("en"),
        txt("fa"),
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
            "The source or a target is not among the report's states.",
            "منبع یا یکی از آماج‌ها در میان کشورهای گزارش نیست.",
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
                f"The threat model has no score of {name(src)} against {name(tg)} in {lo}-{hi}.",
                f"مدل تهدید برای {name(src, 'fa')} در برابر {name(tg, 'fa')} امتیازی ندارد.",
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

    def txt(lang: str) -> str:
        parts = []
        for tg, v in per.items():
            lead = v["most_often_first"]
            if lang == "en":
                parts.append(
                    f"to {name(tg)} in {v['years_top']} of {v['years']} years (median rank "
                    f"{num(v['median_rank'], 'en', 0)} of {v['median_of']}; the model's first threat to "
                    f"{name(tg)} is most often {name(lead)}, {v['years_first']} years)"
                )
            else:
                parts.append(
                    f"برای {name(tg, 'fa')} در {_nyears(v['years_top'], v['years'], 'fa')} سال (میانه رتبه "
                    f"{num(v['median_rank'], 'fa', 0)} از {digits(v['median_of'], 'fa')}؛ نخستین تهدید "
                    f"{name(tg, 'fa')} در مدل بیشتر {name(lead, 'fa')} است، {digits(v['years_first'], 'fa')} سال)"
                )
        if lang == "en":
            return (
                f"{name(src)} is among the {top} strongest threats "
                + "; ".join(parts)
                + f" (rule: top {top} in at least {num(min_share, 'en', 0, pct=True)} of years)."
            )
        return (
            f"{name(src, 'fa')} در میان {digits(top, 'fa')} تهدید نخست است: "
            + "؛ ".join(parts)
            + f" (قاعده: دست‌کم در {num(min_share, 'fa', 0, pct=True)} سال‌ها)."
        )

    value = min(v["years_top"] / v["years"] for v in per.values())
    return _out(
        "supported" if ok else "not_supported",
        value,
        txt("en"),
        txt("fa"),
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
                pp = al.partners(me, y, top=None, model=data.model)
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
            "Neither state has a partner ranking in these years.",
            "در این سال‌ها رتبه‌بندی شریکان برای این دو کشور در دست نیست.",
        )
    lim_b = (rows["n_b_in_a"] * frac).ceil()
    lim_a = (rows["n_a_in_b"] * frac).ceil()
    both = (rows["rank_b_in_a"] <= lim_b) & (rows["rank_a_in_b"] <= lim_a)
    k, n = int(both.sum()), rows.height
    mb, ma = float(rows["rank_b_in_a"].median()), float(rows["rank_a_in_b"].median())
    nn = int(rows["n_b_in_a"].median())
    verdict = "supported" if k / n >= min_share else "not_supported"
    en = (
        f"Both rank in the top {num(frac, 'en', 0, pct=True)} of each other's predicted partners in {k} of {n} years "
        f"(rule: at least {num(min_share, 'en', 0, pct=True)}); median rank of {name(b)} among {name(a)}'s partners "
        f"{num(mb, 'en', 0)}, of {name(a)} among {name(b)}'s {num(ma, 'en', 0)}, of about {nn} states."
    )
    fa = (
        f"هر دو در {_nyears(k, n, 'fa')} سال در {num(frac, 'fa', 0, pct=True)} نخست شریکان پیش‌بینی‌شده یکدیگرند "
        f"(قاعده: دست‌کم {num(min_share, 'fa', 0, pct=True)})؛ میانه رتبه {name(b, 'fa')} میان شریکان {name(a, 'fa')} "
        f"{num(mb, 'fa', 0)} و رتبه {name(a, 'fa')} میان شریکان {name(b, 'fa')} {num(ma, 'fa', 0)} از حدود "
        f"{digits(nn, 'fa')} کشور است."
    )
    return _out(
        verdict,
        k / n,
        en,
        fa,
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
            f"ATOP covers {ATOP[0]}-{ATOP[1]}, not {lo}-{hi}.",
            f"داده ATOP سال‌های {years_text(lo, hi, 'fa')} را پوشش نمی‌دهد.",
        )
    d = _pair_rows(a, b, *w)
    yrs = d.filter(pl.col("atop_alliance") == 1)["year"].to_list()
    if not yrs:
        return _out(
            "supported",
            0,
            f"ATOP v5.1 records no alliance obligation between {name(a)} and {name(b)} in any "
            f"year {w[0]}-{w[1]} ({d.height} dyad-years).",
            f"ATOP نسخه ۵٫۱ در هیچ سالی از {years_text(*w, 'fa')} تعهد اتحادی میان {name(a, 'fa')} و "
            f"{name(b, 'fa')} ثبت نکرده است.",
            allied_years=[],
            window=list(w),
        )
    return _out(
        "not_supported",
        len(yrs),
        f"ATOP records an alliance obligation in {len(yrs)} years ({yrs[0]}-{yrs[-1]}).",
        f"ATOP در {digits(len(yrs), 'fa')} سال تعهد اتحاد ثبت کرده است.",
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
            f"ATOP has no dyad-years of {name(a)} and {name(b)} in {lo}-{hi}.",
            f"ATOP برای {name(a, 'fa')} و {name(b, 'fa')} داده‌ای ندارد.",
        )
    k, n = int((d["atop_alliance"] == 1).sum()), d.height
    verdict = "supported" if k / n >= min_share else "not_supported"
    return _out(
        verdict,
        k / n,
        f"ATOP records an alliance obligation between {name(a)} and {name(b)} in {k} of {n} "
        f"years {w[0]}-{w[1]} (rule: at least {num(min_share, 'en', 0, pct=True)}).",
        f"ATOP در {_nyears(k, n, 'fa')} سال ({years_text(*w, 'fa')}) میان {name(a, 'fa')} و {name(b, 'fa')} "
        f"تعهد اتحاد ثبت کرده است (قاعده: دست‌کم {num(min_share, 'fa', 0, pct=True)}).",
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
            f"SIPRI covers {SIPRI[0]}-{SIPRI[1]}, not {lo}-{hi}.",
            f"داده SIPRI سال‌های {years_text(lo, hi, 'fa')} را پوشش نمی‌دهد.",
        )
    sup = _suppliers(r, *w)
    total = float(sup["tiv"].sum()) if sup.height else 0.0
    if total <= 0:
        return _out(
            "cannot_tell",
            None,
            f"SIPRI records no arms imports of {name(r)} in {w[0]}-{w[1]}.",
            f"SIPRI در {years_text(*w, 'fa')} واردات تسلیحاتی برای {name(r, 'fa')} ثبت نکرده است.",
        )
    pos = sup.filter(pl.col("tiv") > 0).with_row_index("rank", offset=1)
    hit = pos.filter(pl.col("ccode1") == s)
    rank = int(hit["rank"][0]) if hit.height else None
    tiv = float(hit["tiv"][0]) if hit.height else 0.0
    lead = ", ".join(f"{name(c)} {num(v, 'en', 0)}" for c, v in pos.head(4).select("ccode1", "tiv").iter_rows())
    lead_fa = "، ".join(
        f"{name(c, 'fa')} {num(v, 'fa', 0)}" for c, v in pos.head(4).select("ccode1", "tiv").iter_rows()
    )
    verdict = "supported" if rank is not None and rank <= top else "not_supported"
    rk = f"rank {rank} of {pos.height}" if rank else f"none of {pos.height} suppliers"
    rk_fa = f"رتبه {digits(rank, 'fa')} از {digits(pos.height, 'fa')}" if rank else "بدون رتبه"
    return _out(
        verdict,
        rank,
        f"SIPRI: {name(s)} delivered {num(tiv, 'en', 0)} TIV (million) of arms to {name(r)} in {w[0]}-{w[1]}, "
        f"{num(tiv / total, 'en', 1, pct=True)} of its imports, {rk} (rule: top {top}). Largest: {lead}.",
        f"SIPRI: {name(s, 'fa')} در {years_text(*w, 'fa')} معادل {num(tiv, 'fa', 0)} میلیون TIV تسلیحات به "
        f"{name(r, 'fa')} داد، {num(tiv / total, 'fa', 1, pct=True)} از واردات آن، {rk_fa} (قاعده: {digits(top, 'fa')} "
        f"نخست). بزرگ‌ترین‌ها: {lead_fa}.",
        tiv=tiv,
        share=tiv / total,
        rank=rank,
        n_suppliers=pos.height,
        window=list(w),
        top_suppliers=[{"ccode": c, "tiv": v} for c, v in pos.head(5).select("ccode1", "tiv").iter_rows()],
    )


@rule("arms_delivered", "supplier", "recipient", "baseline")
def _arms_delivered(p: dict, data: CaseData) -> dict:
    """SIPRI deliveries from ``supplier`` to ``recipient`` per year in the window exceed those of the
    ``baseline`` window (a rise consistent with a large new contract)."""
    s, r = resolve_state(p["supplier"]), resolve_state(p["recipient"])
    lo, hi, _ = _window(p, data, clip=False)
    w, bw = _clip(lo, hi, SIPRI), _clip(int(p["baseline"][0]), int(p["baseline"][1]), SIPRI)
    if w is None or bw is None:
        return _out(
            "cannot_tell",
            None,
            f"SIPRI covers {SIPRI[0]}-{SIPRI[1]}; the windows fall outside it.",
            "پنجره‌های زمانی بیرون از پوشش SIPRI است.",
        )
    d = _pair_rows(s, r, min(w[0], bw[0]), max(w[1], bw[1]))
    inw = d.filter(pl.col("year").is_between(*w))["tiv12"]
    inb = d.filter(pl.col("year").is_between(*bw))["tiv12"]
    mw, mb = float(inw.mean()), float(inb.mean())
    verdict = "supported" if mw > mb else "not_supported"
    return _out(
        verdict,
        mw,
        f"SIPRI records {num(mw, 'en', 1)} TIV (million) a year from {name(s)} to {name(r)} in {w[0]}-{w[1]} "
        f"against {num(mb, 'en', 1)} in {bw[0]}-{bw[1]} (rule: more than the baseline). TIV measures military "
        f"value, not contract dollars.",
        f"SIPRI در {years_text(*w, 'fa')} سالانه {num(mw, 'fa', 1)} میلیون TIV از {name(s, 'fa')} به {name(r, 'fa')} "
        f"ثبت کرده، در برابر {num(mb, 'fa', 1)} در {years_text(*bw, 'fa')} (قاعده: بیش از دوره پایه). TIV ارزش "
        f"نظامی است، نه دلار قرارداد.",
        mean_window=mw,
        mean_baseline=mb,
        window=list(w),
        baseline=list(bw),
    )


@rule("trade_value", "a", "b", "year", "value_musd")
def _trade_value(p: dict, data: CaseData, caveat: dict | None = None) -> dict:
    """COW's total trade of the pair in ``year`` is within ``tolerance`` (default 30%) of the claimed
    ``value_musd``.  If COW records less and the claim carries a documented measurement caveat (the
    flow is known to be booked elsewhere), the verdict is ``cannot_tell``; otherwise ``not_supported``."""
    a, b = resolve_state(p["a"]), resolve_state(p["b"])
    y, claim, tol = int(p["year"]), float(p["value_musd"]), float(p.get("tolerance", 0.3))
    if not COW_TRADE[0] <= y <= COW_TRADE[1]:
        return _out(
            "cannot_tell",
            None,
            f"COW trade covers {COW_TRADE[0]}-{COW_TRADE[1]}, not {y}.",
            f"داده تجارت COW سال {digits(y, 'fa')} را پوشش نمی‌دهد.",
        )
    d = _pair_rows(a, b, y, y)
    tot = (
        d["flow1"][0] + d["flow2"][0] if d.height and d["flow1"][0] is not None and d["flow2"][0] is not None else None
    )
    if tot is None:
        return _out(
            "cannot_tell",
            None,
            f"COW has no trade record of {name(a)} and {name(b)} in {y}.",
            f"COW برای تجارت {name(a, 'fa')} و {name(b, 'fa')} در {digits(y, 'fa')} داده‌ای ندارد.",
        )
    ratio = tot / claim
    en = (
        f"COW records US$ {num(tot, 'en', 0)} m of trade in {y} ({name(a)} imports {num(d['flow1'][0], 'en', 0)}, "
        f"{name(b)} imports {num(d['flow2'][0], 'en', 0)}), {num(ratio, 'en', 1, pct=True)} of the claimed "
        f"US$ {num(claim, 'en', 0)} m (rule: within {num(tol, 'en', 0, pct=True)})."
    )
    fa = (
        f"COW برای {digits(y, 'fa')} تجارتی برابر {num(tot, 'fa', 0)} میلیون دلار ثبت کرده، "
        f"{num(ratio, 'fa', 1, pct=True)} از {num(claim, 'fa', 0)} میلیون دلار ادعاشده (قاعده: اختلاف کمتر از "
        f"{num(tol, 'fa', 0, pct=True)})."
    )
    if abs(ratio - 1) <= tol:
        verdict = "supported"
    elif ratio < 1 and caveat:
        verdict = "cannot_tell"
        en += " COW's bilateral customs data miss this flow, so they cannot settle the figure."
        fa += " آمار گمرکی دوجانبه COW این جریان را ثبت نمی‌کند، پس نمی‌تواند درباره این رقم داوری کند."
    else:
        verdict = "not_supported"
    return _out(verdict, tot, en, fa, trade_musd=tot, claimed_musd=claim, ratio=ratio, year=y)


@rule("energy_share", "supplier", "buyer", "year", "share")
def _energy_share(p: dict, data: CaseData) -> dict:
    """No shipped source measures energy supply by origin, so the verdict is always ``cannot_tell``;
    the supplier's share of the buyer's recorded imports (COW) is shown as context."""
    s, b, y = resolve_state(p["supplier"]), resolve_state(p["buyer"]), int(p["year"])
    share = None
    if COW_TRADE[0] <= y <= COW_TRADE[1]:
        pan = dyad_years(years=y, directed=True)
        pan = pan.with_data(pan.data.filter(pl.col("ccode1") == b)).add_cow_trade()
        tot = pan.data["flow1"].sum()
        part = pan.data.filter(pl.col("ccode2") == s)["flow1"]
        if tot and len(part) and part[0] is not None:
            share = float(part[0]) / float(tot)
    ctx_en = (
        f"COW records {name(s)} as {num(share, 'en', 2, pct=True)} of {name(b)}'s recorded imports in {y}."
        if share is not None
        else f"COW has no import record for {y}."
    )
    ctx_fa = (
        f"COW سهم {name(s, 'fa')} از واردات ثبت‌شده {name(b, 'fa')} در {digits(y, 'fa')} را "
        f"{num(share, 'fa', 2, pct=True)} نشان می‌دهد."
        if share is not None
        else "COW برای این سال داده ندارد."
    )
    return _out(
        "cannot_tell",
        share,
        f"No shipped source measures where a state's energy comes from. {ctx_en}",
        f"هیچ‌یک از منابع همراه نمی‌سنجد انرژی یک کشور از کجا می‌آید. {ctx_fa}",
        import_share=share,
        year=y,
        claimed_share=float(p["share"]),
    )


@rule("diplomatic_representation", "sender", "host")
def _diplomatic(p: dict, data: CaseData) -> dict:
    """In a majority (more than ``min_share``, default 0.5) of the survey years of the window (Duque
    2018: 1970-2005, every five years) ``sender`` is (``expected``) / is not represented in ``host``, and
    ``host`` in ``sender`` as ``reverse_expected``; a single differing survey year is read as a likely
    gap in the survey, not as a change."""
    s, h = resolve_state(p["sender"]), resolve_state(p["host"])
    lo, hi, _ = _window(p, data, clip=False)
    w = _clip(lo, hi, (1970, 2005))
    d = (
        _pair_rows(s, h, *w).filter(pl.col("dipl12").is_not_null() | pl.col("dipl21").is_not_null())
        if w
        else pl.DataFrame()
    )
    if d.height == 0:
        return _out(
            "cannot_tell",
            None,
            f"The diplomatic data (1970-2005, every five years) have no survey year in {lo}-{hi}.",
            "داده‌های روابط دیپلماتیک در این بازه سالی ندارند.",
        )
    exp, rev = p.get("expected"), p.get("reverse_expected")
    min_share = float(p.get("min_share", 0.5))
    ok = True
    differ: set[int] = set()
    for col, want in (("dipl12", exp), ("dipl21", rev)):
        if want is None:
            continue
        v = d.filter(pl.col(col).is_not_null())
        match = v[col] == int(want)
        ok &= bool(v.height) and int(match.sum()) / v.height > min_share
        differ |= set(v.filter(~match)["year"].to_list())
    yrs = d["year"].to_list()
    v12, v21 = d["dipl12"].to_list(), d["dipl21"].to_list()
    yn = {1: "yes", 0: "no", None: "NA"}
    ynf = {1: "بله", 0: "خیر", None: "ناموجود"}
    en = "; ".join(
        f"{y}: {name(s)} in {name(h)} {yn[x]}, {name(h)} in {name(s)} {yn[z]}" for y, x, z in zip(yrs, v12, v21)
    )
    fa = "؛ ".join(
        f"{digits(y, 'fa')}: {name(s, 'fa')} در {name(h, 'fa')} {ynf[x]}، {name(h, 'fa')} در {name(s, 'fa')} {ynf[z]}"
        for y, x, z in zip(yrs, v12, v21)
    )
    dy = sorted(differ)
    en += (
        f". Survey years differing from the claim: {', '.join(map(str, dy)) if dy else 'none'} "
        f"(rule: the claim holds in more than {num(min_share, 'en', 0, pct=True)} of survey years)"
    )
    fa += (
        f". سال‌های پیمایشی ناهمخوان با ادعا: {digits('، '.join(map(str, dy)), 'fa') if dy else 'هیچ'} "
        f"(قاعده: ادعا در بیش از {num(min_share, 'fa', 0, pct=True)} سال‌های پیمایش برقرار باشد)"
    )
    return _out(
        "supported" if ok else "not_supported",
        None,
        f"Diplomatic representation (Duque 2018) — {en}.",
        f"نمایندگی دیپلماتیک (Duque 2018) — {fa}.",
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
        return _out(
            "cannot_tell", None, "COW trade does not cover these years.", "داده تجارت COW این سال‌ها را پوشش نمی‌دهد."
        )
    d = d.with_columns((pl.col("flow1") + pl.col("flow2")).alias("tot"))
    known = d.filter(pl.col("tot").is_not_null())
    if known.height == 0:
        return _out(
            "cannot_tell",
            None,
            f"COW has no trade record of {name(a)} and {name(b)} in {w[0]}-{w[1]}.",
            f"COW برای این دو کشور در {years_text(*w, 'fa')} داده‌ای ندارد.",
        )
    pos = known.filter(pl.col("tot") > 0)
    tot = float(known["tot"].sum())
    verdict = "supported" if pos.height else "not_supported"
    return _out(
        verdict,
        tot,
        f"COW records US$ {num(tot, 'en', 0)} m of trade between {name(a)} and {name(b)} in "
        f"{w[0]}-{w[1]}, positive in {pos.height} of {known.height} years.",
        f"COW در {years_text(*w, 'fa')} تجارتی برابر {num(tot, 'fa', 0)} میلیون دلار میان {name(a, 'fa')} و "
        f"{name(b, 'fa')} ثبت کرده است (در {_nyears(pos.height, known.height, 'fa')} سال مثبت).",
        trade_musd=tot,
        years_positive=pos.height,
        years=known.height,
    )


# ---- loading and evaluating ---------------------------------------------------------------------
def load_claims(source: Any) -> list[dict]:
    """Read and check a claims file (JSON list; see ``docs/case.md``) or a case name.

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
        if isinstance(c["claim"], str):
            c["claim"] = {"en": c["claim"], "fa": c["claim"]}
    return items


def evaluate_claims(claims: list[dict], data: CaseData, progress: Callable[[str], None] | None = None) -> list[dict]:
    """Apply each claim's rule to the data; returns one result dict per claim."""
    say = progress or (lambda text=None: None)
    out = []
    for c in claims:
        say(f"checking claim {c['id']}")
        fn = RULES[c["rule"]]
        kw = {"caveat": c.get("caveat")} if c["rule"] == "trade_value" else {}
        res = fn(dict(c.get("params", {})), data, **kw)
        out.append(
            {
                "id": c["id"],
                "rule": c["rule"],
                "claim": c["claim"],
                "params": c.get("params", {}),
                "evidence": c.get("evidence", []),
                "citation": c.get("citation", ""),
                "caveat": c.get("caveat"),
                "rule_note": c.get("rule_note"),
                **res,
            }
        )
    return out


def rules_doc() -> dict[str, str]:
    """Rule name -> its documented test (the first paragraph of its docstring)."""
    return {k: " ".join((fn.__doc__ or "").split()) for k, fn in RULES.items()}
