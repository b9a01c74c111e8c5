"""Build a case report (HTML + PNG + summary.json) and write it atomically into a folder.

The report only arranges numbers computed by the public API (:mod:`._compute`, :mod:`._claims`);
its conclusion is assembled from those numbers by fixed sentence templates, never typed in.
"""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError
from ._charts import render_all
from ._claims import evaluate_claims, load_claims, rules_doc
from ._compute import TERMS, CaseData, collect
from ._registry import Case, get_case, make_case
from ._text import LANGS, check_lang, digits, name, num, t, years_text

DEFAULT_OUT = "threatbalance-report"
MARKER = "summary.json"
#: Sources behind the report's numbers besides the threat model's own.
BEHAVIOUR_SOURCES = ("atop", "sipri", "trade", "un_votes", "diplomacy", "crosswalk")
THREAT_SOURCES = (
    "nmc",
    "majors",
    "capitals",
    "contiguity",
    "mindist",
    "gml_mids",
    "tss_rivalries",
    "terrthreat",
    "democracy",
    "un_idealpoints",
    "atop",
)


@dataclass
class Report:
    """A built report: the data, the claim verdicts, the charts, the summary and the HTML page."""

    data: CaseData
    claims: list[dict]
    charts: dict[str, bytes]
    summary: dict
    html: str
    lang: str

    def files(self) -> dict[str, bytes]:
        """File name -> content of everything the report folder holds."""
        out = {
            "report.html": self.html.encode("utf-8"),
            MARKER: json.dumps(self.summary, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8"),
            "series.csv": series_table(self.data).write_csv().encode("utf-8"),
        }
        if self.data.ledger is not None:
            led = self.data.ledger
            cols = [
                "id",
                "date",
                "source_state",
                "target_state",
                "direction",
                "dimension",
                "weight",
                "domain",
                "summary",
                "citation",
                "date_precision",
            ] + (["note"] if "note" in led.columns else [])
            out["ledger.csv"] = led.select(cols).write_csv().encode("utf-8")
        for k, v in self.charts.items():
            out[f"{k}.png"] = v
        return out


def _json_default(o: Any) -> Any:
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return None if np.isnan(o) else float(o)
    return str(o)


def _clean(v: Any) -> Any:
    if isinstance(v, float) and (np.isnan(v) or np.isinf(v)):
        return None
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


# ---- the per-year table -------------------------------------------------------------------------
def series_table(data: CaseData) -> pl.DataFrame:
    """One row per year: the threatener's threat to each of the pair and its terms, the common
    threat and enemy, partner ranks, and the pair's alignment behaviour."""
    s = data.pair_series.join(data.behaviour, on="year", how="left")
    return s.with_columns(
        pl.col("common_enemy")
        .cast(pl.Int32)
        .replace_strict(_abbs(), default=None, return_dtype=pl.Utf8)
        .alias("common_enemy_abb")
    )


def _abbs() -> dict[int, str]:
    from ..states import state_table

    t_ = state_table().select("code", "abb")
    return dict(zip(t_["code"].to_list(), t_["abb"].to_list()))


# ---- the conclusion -----------------------------------------------------------------------------
def _mode(values: list[Any]) -> tuple[Any, int]:
    vals = [v for v in values if v is not None]
    if not vals:
        return None, 0
    uniq, counts = np.unique(np.array(vals), return_counts=True)
    i = int(np.argmax(counts))
    return uniq[i].item(), int(counts[i])


def _mean_threat(data: CaseData, source: int, target: int, years: list[int]) -> float | None:
    """Mean threat ``source -> target`` over ``years`` (from the model's threat matrices; NA skipped)."""
    vals = []
    for y in years:
        codes, M = data.model.threat_matrix(y)
        codes = np.asarray(codes)
        i, j = np.flatnonzero(codes == source), np.flatnonzero(codes == target)
        if len(i) and len(j):
            v = float(np.asarray(M, dtype=np.float64)[i[0], j[0]])
            if not np.isnan(v):
                vals.append(v)
    return float(np.mean(vals)) if vals else None


def has_article(data: CaseData, claims: list[dict]) -> bool:
    """Whether the report checks a source text (a case article, a ledger or claims); without one,
    the report says nothing about "the article"."""
    return bool(data.case.article) or bool(claims) or data.ledger is not None


def conclusion_facts(data: CaseData, claims: list[dict]) -> dict:
    """The numbers the conclusion is written from."""
    s = data.pair_series
    a, b = data.pair
    tr = data.threatener
    f: dict[str, Any] = {
        "a": a,
        "b": b,
        "threatener": tr,
        "years": [data.years[0], data.years[-1]],
        "has_article": has_article(data, claims),
        "threatener_named": data.case.threatener is not None,
    }
    ce = s["common_enemy"].to_list()
    f["n_years"] = sum(1 for v in ce if v is not None)
    f["years_threatener_top"] = sum(1 for v in ce if v is not None and v == tr)
    others = [v for v in ce if v is not None and v != tr]
    f["other_enemy"], f["other_enemy_years"] = _mode(others)
    run_start = None
    for y, v in zip(reversed(s["year"].to_list()), reversed(ce)):
        if v is None or v != tr:
            break
        run_start = y
    f["threatener_top_since"] = run_start
    sh = s["threatener_share"].drop_nulls() if "threatener_share" in s.columns else pl.Series([], dtype=pl.Float64)
    f["threatener_median_share"] = float(sh.median()) if len(sh) else None
    if f["other_enemy"] is not None:
        # like for like: both states' threats averaged over the same years, those in which the model
        # names the other state the largest contributor
        oy = [int(y) for y, v in zip(s["year"].to_list(), ce) if v is not None and v == f["other_enemy"]]
        f["other_enemy_year_list"] = oy
        f["other_threat"] = [_mean_threat(data, f["other_enemy"], tgt, oy) for tgt in (a, b)]
        f["threatener_threat"] = [_mean_threat(data, tr, tgt, oy) for tgt in (a, b)] if tr is not None else [None, None]
    for tag in ("a", "b"):
        col = f"threat_{tag}"
        if col in s.columns and s[col].drop_nulls().len():
            f[f"mean_threat_{tag}"] = float(s[col].mean())
            f[f"median_rank_{tag}"] = float(s[f"rank_{tag}"].median())
            f[f"median_n_{tag}"] = int(s[f"n_sources_{tag}"].median())
            means = {term: float(s[f"{term}_{tag}"].mean()) for term in TERMS if s[f"{term}_{tag}"].drop_nulls().len()}
            f[f"top_term_{tag}"] = max(means, key=means.get) if means else None
            first, last = s[col].drop_nulls()[0], s[col].drop_nulls()[-1]
            f[f"change_{tag}"] = float(last - first)
    if "ct_rank_all" in s.columns and s["ct_rank_all"].drop_nulls().len():
        ca = s.select("year", "ct_rank_all", "ct_n_pairs", "ct_pctile_all").drop_nulls()
        f["ct_rank_all_median"] = float(ca["ct_rank_all"].median())
        f["ct_n_pairs_median"] = int(ca["ct_n_pairs"].median())
        f["ct_top_share_median"] = float((ca["ct_rank_all"] / ca["ct_n_pairs"]).median())
        f["ct_years_top1pct"] = int((ca["ct_rank_all"] <= ca["ct_n_pairs"] * 0.01).sum())
        f["ct_years_top5pct"] = int((ca["ct_rank_all"] <= ca["ct_n_pairs"] * 0.05).sum())
        f["ct_rank_years"] = ca.height
        i = int(ca["ct_rank_all"].arg_min())
        f["ct_best_rank"], f["ct_best_year"] = int(ca["ct_rank_all"][i]), int(ca["year"][i])
    off = [c for c in ("offense_a", "offense_b") if c in s.columns and s[c].drop_nulls().len()]
    if off and tr is not None:
        f["offense_max"] = float(max(s[c].drop_nulls().abs().max() for c in off))
        f["intent_median"] = float(
            pl.concat([s[c.replace("offense", "intent")] for c in off]).drop_nulls().median() or 0.0
        )
        led = data.ledger
        f["ledger_offense_rows"] = (
            0
            if led is None
            else led.filter(
                (pl.col("direction") == "hostile") & (pl.col("dimension") == "offense") & (pl.col("source") == tr)
            ).height
        )
        f["with_evidence"] = bool(data.model_info.get("evidence"))
    rk = s.select("rank_b_in_a", "n_b_in_a", "rank_a_in_b", "n_a_in_b").drop_nulls()
    if rk.height:
        f["median_rank_b_in_a"] = float(rk["rank_b_in_a"].median())
        f["median_rank_a_in_b"] = float(rk["rank_a_in_b"].median())
        f["median_n"] = int(rk["n_b_in_a"].median())
        both = (rk["rank_b_in_a"] <= (rk["n_b_in_a"] * 0.1).ceil()) & (
            rk["rank_a_in_b"] <= (rk["n_a_in_b"] * 0.1).ceil()
        )
        f["years_both_top10"] = int(both.sum())
        f["rank_years"] = rk.height
    last_year = data.years[-1]
    top = data.partners.filter((pl.col("year") == last_year) & (pl.col("state") == a)).sort("rank").head(3)
    f["top_partners_a_last"] = top["ccode"].to_list()
    d = data.behaviour
    al = d["atop_alliance"].drop_nulls()
    f["atop_years_covered"] = len(al)
    f["atop_years_allied"] = int((al == 1).sum())
    tiv = d.filter(pl.col("tiv_ab").is_not_null())
    f["tiv_ab_total"] = float(tiv["tiv_ab"].sum()) if tiv.height else None
    pos = tiv.filter(pl.col("tiv_ab") > 0)
    f["tiv_ab_first_year"] = int(pos["year"][0]) if pos.height else None
    f["tiv_ab_years"] = [int(tiv["year"][0]), int(tiv["year"][-1])] if tiv.height else None
    tr_ = d.filter(pl.col("trade_total").is_not_null())
    if tr_.height:
        i = int(tr_["trade_total"].arg_max())
        f["trade_peak"], f["trade_peak_year"] = float(tr_["trade_total"][i]), int(tr_["year"][i])
    un = d["unagree"].drop_nulls()
    f["unagree_mean"] = float(un.mean()) if len(un) else None
    tally = {v: sum(1 for c in claims if c["verdict"] == v) for v in ("supported", "not_supported", "cannot_tell")}
    f["claims"] = tally
    f["claim_verdicts"] = {c["rule"]: c["verdict"] for c in claims if c["rule"] in ("common_enemy", "partner_rank")}
    return f


def conclusion(f: dict, lang: str) -> list[str]:
    """Sentences of the conclusion in ``lang``, each filled from :func:`conclusion_facts`."""
    a, b, tr = f["a"], f["b"], f["threatener"]
    n, k = f["n_years"], f["years_threatener_top"]
    lo, hi = f["years"]
    out = []
    en = lang == "en"
    N = lambda c: name(c, lang)  # noqa: E731
    P = lambda x, nd=0: num(x, lang, nd, pct=True)  # noqa: E731
    if tr is not None and n:
        if en:
            s = (
                f"In {k} of {n} years ({lo}-{hi}) the threat model names {N(tr)} the largest contributor to the "
                f"common threat of {N(a)} and {N(b)}"
            )
            s += (
                f" (median share {P(f['threatener_median_share'], 1)})."
                if f.get("threatener_median_share") is not None
                else "."
            )
            since = f.get("threatener_top_since")
            if since is not None and since > lo and hi - since >= 2:
                s += f" It has been the largest every year since {since}."
        else:
            s = (
                f"در {digits(k, lang)} سال از {digits(n, lang)} سال ({years_text(lo, hi, lang)}) مدل تهدید، {N(tr)} را "
                f"بزرگ‌ترین سهم‌دار تهدید مشترک {N(a)} و {N(b)} می‌داند"
            )
            s += (
                f" (میانه سهم {P(f['threatener_median_share'], 1)})."
                if f.get("threatener_median_share") is not None
                else "."
            )
            since = f.get("threatener_top_since")
            if since is not None and since > lo and hi - since >= 2:
                s += f" از {digits(since, lang)} به بعد، هر سال بزرگ‌ترین سهم را داشته است."
        out.append(s)
        if f.get("other_enemy") is not None and k < n:
            ot, tt = f.get("other_threat", [None, None]), f.get("threatener_threat", [None, None])
            if en:
                out.append(
                    f"In the other years it names {N(f['other_enemy'])} most often ({f['other_enemy_years']} years): "
                    f"in those same years {N(f['other_enemy'])}'s threat to {N(a)} and {N(b)} averages "
                    f"{num(ot[0], lang, 3)} and {num(ot[1], lang, 3)}, against {num(tt[0], lang, 3)} and "
                    f"{num(tt[1], lang, 3)} from {N(tr)}; the common threat is largest from the state whose "
                    f"threats to both are high at once."
                )
            else:
                out.append(
                    f"در سال‌های دیگر، بیشتر {N(f['other_enemy'])} را نام می‌برد ({digits(f['other_enemy_years'], lang)} "
                    f"سال): در همان سال‌ها میانگین تهدید آن برای {N(a)} و {N(b)} {num(ot[0], lang, 3)} و "
                    f"{num(ot[1], lang, 3)} است، در برابر {num(tt[0], lang, 3)} و {num(tt[1], lang, 3)} از سوی "
                    f"{N(tr)}؛ تهدید مشترک از کشوری بیشتر است که تهدیدش برای هر دو هم‌زمان بالا باشد."
                )
    if tr is not None and f.get("mean_threat_a") is not None and f.get("mean_threat_b") is not None:
        terms = {x: t(x, lang) for x in TERMS}
        if en:
            out.append(
                f"{N(tr)}'s threat averages {num(f['mean_threat_a'], lang, 3)} to {N(a)} (median rank "
                f"{num(f['median_rank_a'], lang, 0)} of {f['median_n_a']} states) and "
                f"{num(f['mean_threat_b'], lang, 3)} to {N(b)} (median rank {num(f['median_rank_b'], lang, 0)}); "
                f"its largest source is {terms.get(f.get('top_term_a'), 'NA')} for {N(a)} and "
                f"{terms.get(f.get('top_term_b'), 'NA')} for {N(b)}."
            )
        else:
            out.append(
                f"میانگین تهدید {N(tr)} برای {N(a)} {num(f['mean_threat_a'], lang, 3)} (میانه رتبه "
                f"{num(f['median_rank_a'], lang, 0)} از {digits(f['median_n_a'], lang)} کشور) و برای {N(b)} "
                f"{num(f['mean_threat_b'], lang, 3)} (میانه رتبه {num(f['median_rank_b'], lang, 0)}) است؛ "
                f"بزرگ‌ترین منبع آن برای {N(a)} «{terms.get(f.get('top_term_a'), '-')}» و برای {N(b)} "
                f"«{terms.get(f.get('top_term_b'), '-')}» است."
            )
    if f.get("offense_max") is not None and f["offense_max"] < 0.1 * abs(f.get("intent_median") or 0.0):
        m, im, nl = f["offense_max"], f["intent_median"], f["ledger_offense_rows"]
        if en:
            s = (
                f"{N(tr)}'s offensive-capability term is near 0 in every year (at most {num(m, lang, 3)} on the "
                f"model's log-odds scale, against a median intent term of {num(im, lang, 2)}), so an argument from "
                f"{N(tr)}'s nuclear or missile programmes"
            )
            if f.get("with_evidence"):
                s += (
                    f" enters this report only through the ledger's hostile facts, which --with-evidence feeds into "
                    f"the terms ({nl} of them on offense)."
                )
            elif f.get("has_article", True) and nl:
                s += (
                    f" can enter the model only through --with-evidence, which feeds the ledger's hostile facts "
                    f"({nl} of them on offense) into its terms; this report uses the shipped data only."
                )
            else:
                s += " can enter the model only as evidence (ThreatModel(evidence=...), --with-evidence with a ledger)."
        else:
            s = (
                f"جزء توان تهاجمی {N(tr)} در همه سال‌ها نزدیک صفر است (حداکثر {num(m, lang, 3)} در مقیاس لگاریتم بخت "
                f"مدل، در برابر میانه {num(im, lang, 2)} برای جزء نیت)؛ پس استدلال برنامه هسته‌ای یا موشکی {N(tr)} "
            )
            if f.get("with_evidence"):
                s += (
                    f"در این گزارش تنها از راه واقعیت‌های خصمانه دفتر شواهد وارد می‌شود (‎--with-evidence؛ "
                    f"{digits(nl, lang)} مورد درباره توان تهاجمی)."
                )
            else:
                s += (
                    f"تنها با ‎--with-evidence وارد مدل می‌شود که واقعیت‌های خصمانه دفتر شواهد "
                    f"({digits(nl, lang)} مورد درباره توان تهاجمی) را به اجزای آن می‌دهد؛ این گزارش فقط داده‌های همراه را به کار می‌برد."
                )
        out.append(s)
    if f.get("ct_rank_years"):
        if en:
            out.append(
                f"Among all {f['ct_n_pairs_median']:,} pairs of states (median per year), the common threat of "
                f"{N(a)} and {N(b)} ranks {num(f['ct_rank_all_median'], lang, 0)} (median; top "
                f"{P(f['ct_top_share_median'], 1)}); it is in the top 1% in {f['ct_years_top1pct']} and the top "
                f"5% in {f['ct_years_top5pct']} of {f['ct_rank_years']} years (best: rank {f['ct_best_rank']} "
                f"in {f['ct_best_year']})."
            )
        else:
            out.append(
                f"در میان همه {num(f['ct_n_pairs_median'], lang, 0)} زوج کشور (میانه هر سال)، میانه رتبه تهدید "
                f"مشترک {N(a)} و {N(b)} {num(f['ct_rank_all_median'], lang, 0)} است "
                f"({P(f['ct_top_share_median'], 1)} نخست)؛ در {digits(f['ct_years_top1pct'], lang)} سال در ۱٪ "
                f"نخست و در {digits(f['ct_years_top5pct'], lang)} سال از {digits(f['ct_rank_years'], lang)} سال "
                f"در ۵٪ نخست است (بهترین: رتبه {digits(f['ct_best_rank'], lang)} در "
                f"{digits(f['ct_best_year'], lang)})."
            )
    if f.get("rank_years"):
        if en:
            s = (
                f"{N(b)} ranks {num(f['median_rank_b_in_a'], lang, 0)} (median; top "
                f"{P(f['median_rank_b_in_a'] / f['median_n'])}) among {N(a)}'s {f['median_n']} predicted partners "
                f"and {N(a)} ranks {num(f['median_rank_a_in_b'], lang, 0)} (top "
                f"{P(f['median_rank_a_in_b'] / f['median_n'])}) among {N(b)}'s; both are in each other's top 10% "
                f"in {f['years_both_top10']} of {f['rank_years']} years."
            )
            if f["years_both_top10"] * 2 < f["rank_years"] and f.get("top_partners_a_last"):
                s += (
                    f" In {hi} the model's first partners of {N(a)} are "
                    + ", ".join(N(c) for c in f["top_partners_a_last"])
                    + "."
                )
        else:
            s = (
                f"میانه رتبه {N(b)} میان {digits(f['median_n'], lang)} شریک پیش‌بینی‌شده {N(a)} "
                f"{num(f['median_rank_b_in_a'], lang, 0)} ({P(f['median_rank_b_in_a'] / f['median_n'])} نخست) و رتبه "
                f"{N(a)} میان شریکان {N(b)} {num(f['median_rank_a_in_b'], lang, 0)} "
                f"({P(f['median_rank_a_in_b'] / f['median_n'])} نخست) است؛ هر دو در {digits(f['years_both_top10'], lang)} سال از "
                f"{digits(f['rank_years'], lang)} سال در ۱۰٪ نخست شریکان یکدیگرند."
            )
            if f["years_both_top10"] * 2 < f["rank_years"] and f.get("top_partners_a_last"):
                s += (
                    f" در {digits(hi, lang)} نخستین شریکان {N(a)} در مدل: "
                    + "، ".join(N(c) for c in f["top_partners_a_last"])
                    + "."
                )
        out.append(s)
    beh_en, beh_fa = [], []
    if f["atop_years_covered"]:
        if f["atop_years_allied"] == 0:
            beh_en.append(f"ATOP records no alliance between them in any of {f['atop_years_covered']} years")
            beh_fa.append(
                f"ATOP در هیچ‌یک از {digits(f['atop_years_covered'], lang)} سال اتحادی میان آن دو ثبت نکرده است"
            )
        else:
            beh_en.append(f"ATOP records an alliance in {f['atop_years_allied']} of {f['atop_years_covered']} years")
            beh_fa.append(
                f"ATOP در {digits(f['atop_years_allied'], lang)} سال از {digits(f['atop_years_covered'], lang)} سال اتحاد ثبت کرده است"
            )
    if f.get("tiv_ab_total") is not None:
        fy = f.get("tiv_ab_first_year")
        y0, y1 = f["tiv_ab_years"]
        beh_en.append(
            f"SIPRI records {num(f['tiv_ab_total'], lang, 0)} million TIV of arms from {N(a)} to {N(b)} in "
            f"{y0}-{y1}" + (f", the first in {fy}" if fy else "")
        )
        beh_fa.append(
            f"SIPRI در {years_text(y0, y1, lang)} معادل {num(f['tiv_ab_total'], lang, 0)} میلیون TIV تسلیحات از "
            f"{N(a)} به {N(b)} ثبت کرده است" + (f"، نخستین بار در {digits(fy, lang)}" if fy else "")
        )
    if f.get("trade_peak") is not None:
        beh_en.append(f"COW trade peaks at US$ {num(f['trade_peak'], lang, 0)} m in {f['trade_peak_year']}")
        beh_fa.append(
            f"بیشینه تجارت در COW {num(f['trade_peak'], lang, 0)} میلیون دلار در {digits(f['trade_peak_year'], lang)} است"
        )
    if beh_en:
        out.append(("; ".join(beh_en) + ".") if en else ("؛ ".join(beh_fa) + "."))
    c = f["claims"]
    if sum(c.values()):
        if en:
            out.append(
                f"Of {sum(c.values())} checkable claims of the article, the data support {c['supported']}, do not "
                f"support {c['not_supported']} and cannot tell {c['cannot_tell']} (see the table above)."
            )
        else:
            out.append(
                f"از {digits(sum(c.values()), lang)} ادعای سنجش‌پذیر مقاله، داده‌ها {digits(c['supported'], lang)} را "
                f"تأیید می‌کنند، {digits(c['not_supported'], lang)} را تأیید نمی‌کنند و درباره "
                f"{digits(c['cannot_tell'], lang)} نمی‌توانند داوری کنند."
            )
    if tr is not None and n:
        top_ok = k * 2 > n
        rank_ok = bool(f.get("rank_years")) and f["years_both_top10"] * 2 > f["rank_years"]
        ry, rb = f.get("rank_years", 0), f.get("years_both_top10", 0)
        if en:
            c1 = (
                f"{N(tr)} is the largest shared threat in {k} of {n} years"
                if top_ok
                else f"{N(tr)} is the largest shared threat in only {k} of {n} years"
            )
            c2 = (
                f"{N(a)} and {N(b)} are in each other's top 10% of predicted partners in {rb} of {ry} years, without "
                f"a treaty"
                if rank_ok
                else f"{N(a)} and {N(b)} are in each other's top 10% of predicted partners in only {rb} of {ry} years"
            )
            head = {
                (True, True): "On these numbers the data bear out the article's explanation",
                (True, False): "The data bear out half of the article's explanation",
                (False, True): "The data bear out half of the article's explanation",
                (False, False): "On these numbers the model does not bear out the article's explanation",
            }
            out.append(f"{head[(top_ok, rank_ok)] if f.get('has_article', True) else 'In sum'}: {c1}, and {c2}.")
        else:
            c1 = (
                f"{N(tr)} در {digits(k, lang)} سال از {digits(n, lang)} سال بزرگ‌ترین تهدید مشترک است"
                if top_ok
                else f"{N(tr)} تنها در {digits(k, lang)} سال از {digits(n, lang)} سال بزرگ‌ترین تهدید مشترک است"
            )
            c2 = (
                f"{N(a)} و {N(b)} بدون پیمان، در {digits(rb, lang)} سال از {digits(ry, lang)} سال در ۱۰٪ نخست "
                f"شریکان پیش‌بینی‌شده یکدیگرند"
                if rank_ok
                else f"{N(a)} و {N(b)} تنها در {digits(rb, lang)} سال از {digits(ry, lang)} سال در ۱۰٪ نخست شریکان "
                f"پیش‌بینی‌شده یکدیگرند"
            )
            head = {
                (True, True): "بر پایه این اعداد، داده‌ها تبیین مقاله را تأیید می‌کنند",
                (True, False): "داده‌ها نیمی از تبیین مقاله را تأیید می‌کنند",
                (False, True): "داده‌ها نیمی از تبیین مقاله را تأیید می‌کنند",
                (False, False): "بر پایه این اعداد، مدل تبیین مقاله را تأیید نمی‌کند",
            }
            out.append(f"{head[(top_ok, rank_ok)] if f.get('has_article', True) else 'در مجموع'}: {c1} و {c2}.")
    return out


# ---- HTML ---------------------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;margin:0;
 color:#1d1d1f;background:#fafafa;line-height:1.5}
body.fa{font-family:Vazirmatn,"Noto Naskh Arabic","Noto Sans Arabic",Tahoma,"DejaVu Sans",sans-serif}
main{max-width:1100px;margin:0 auto;padding:1.5rem 1.5rem 4rem;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #e5e5e5;
 padding-bottom:.2rem}h3{font-size:1.05rem}
table{border-collapse:collapse;font-size:.8rem;margin:.6rem 0;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top}th{background:#f2f2f2;text-align:start}
td.n{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.8rem;color:#555}
.v{display:inline-block;padding:.05rem .45rem;border-radius:.7rem;font-size:.78rem;white-space:nowrap}
.v-supported{background:#d8f0dc;color:#155724}.v-not_supported{background:#f8d7da;color:#721c24}
.v-cannot_tell{background:#e2e3e5;color:#383d41}
.hostile{color:#9b1c1c}.cooperative{color:#14532d}.note{font-size:.85rem;color:#555}
nav a{margin-inline-end:.8rem;font-size:.85rem}
.conclusion p{margin:.4rem 0}
details pre{font-size:.7rem;white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
"""


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    return (
        f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'
        f"<figcaption>{_e(alt)}</figcaption></figure>"
    )


def _table(
    header: list[str], rows: list[list[Any]], numeric: set[int] | None = None, raw: set[int] | None = None
) -> str:
    numeric, raw = numeric or set(), raw or set()
    h = "".join(f"<th>{_e(c)}</th>" for c in header)
    body = []
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            cls = ' class="n"' if i in numeric else ""
            cells.append(f"<td{cls}>{v if i in raw else _e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="scroll"><table><thead><tr>{h}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _caveat_note(series: pl.DataFrame, lang: str) -> str:
    """Footnote to the year tables: which years rest on data carried forward (threat model caveats)."""
    if "data_caveat" not in series.columns:
        return ""
    cav = series.filter(pl.col("data_caveat").is_not_null())
    if not cav.height:
        return ""
    yrs = cav["year"].to_list()
    span = f"{yrs[0]}-{yrs[-1]}" if len(yrs) > 1 else f"{yrs[0]}"
    if lang == "en":
        txt = f"* {span}: {cav['data_caveat'][0]} (see the method section)."
    else:
        txt = f"* {digits(span, lang)}: بخشی از داده‌های مدل تهدید از آخرین سال موجود ادامه داده شده است ({cav['data_caveat'][0]})."
    return f'<p class="note">{_e(txt)}</p>'


def render_html(
    data: CaseData, claims: list[dict], charts: dict[str, bytes], concl: list[str], lang: str, version: str
) -> str:
    """The self-contained report page (no scripts, no external resources)."""
    from ..states import state_table

    L = lambda k, **kw: t(k, lang, **kw)  # noqa: E731
    case = data.case
    a, b = data.pair
    tr = data.threatener
    ab = _abbs()
    n = lambda x, nd=3: num(x, lang, nd)  # noqa: E731
    N = lambda c: name(c, lang)  # noqa: E731
    d = lambda x: digits(x, lang)  # noqa: E731
    parts = []
    title = case.title.get(lang) or case.title["en"]
    parts.append(f"<h1>{_e(d(title))}</h1>")
    secs = [
        ("q", L("question")),
        ("threat", L("sec_threat")),
        ("common", L("sec_common")),
        ("heat", L("sec_heat")),
        ("beh", L("sec_behaviour")),
    ]
    secs += [("ledger", L("sec_ledger"))] if data.ledger is not None else []
    secs += [("claims", L("sec_claims"))] if claims else []
    secs += [("concl", L("sec_conclusion")), ("method", L("sec_method"))]
    parts.append("<nav>" + "".join(f'<a href="#{k}">{_e(v)}</a>' for k, v in secs) + "</nav>")
    # 1. question, theory, states
    parts.append(f'<h2 id="q">{_e(L("question"))}</h2><p>{_e(d(case.question.get(lang, case.question["en"])))}</p>')
    parts.append(
        f"<h3>{_e(L('theory'))}</h3>" + "".join(f"<p>{_e(d(s))}</p>" for s in case.theory.get(lang, case.theory["en"]))
    )
    st = state_table().select("code", "abb", "name_en", "name_fa")
    rows = []
    for c in case.states:
        r = st.filter(pl.col("code") == c)
        role = L("pair") if c in case.pair else (L("threatener") if c == tr and case.threatener is not None else "")
        rows.append([d(c), r["abb"][0] if r.height else "", N(c), role])
    parts.append(f"<h3>{_e(L('states'))}</h3>" + _table([L("code"), L("abb"), L("name"), L("role")], rows, {0}))
    if case.article:
        art = case.article.get(lang) or case.article.get("en", "") if isinstance(case.article, dict) else case.article
        parts.append(f'<p class="note">{_e(d(art))}</p>')
    # 2. threat year by year
    s = data.pair_series
    parts.append(f'<h2 id="threat">{_e(L("sec_threat"))}</h2>')
    if tr is not None:
        parts.append(f"<p>{_e(L('threat_intro', t=N(tr), a=N(a), b=N(b)))}</p>")
        parts.append(
            _img(
                charts.get("threat_terms"),
                f"Threat from {ab.get(tr)} to {ab.get(a)} and {ab.get(b)}, by Walt's four sources",
            )
        )
        hdr = [L("year")]
        for c in (a, b):
            hdr += [f"{L('threat')} → {ab.get(c)}"] + [L(x) for x in TERMS] + [L("rank")]
        rows = []
        for r in s.iter_rows(named=True):
            row = [d(r["year"]) + ("*" if r.get("data_caveat") else "")]
            for tag in ("a", "b"):
                row += [
                    n(r.get(f"threat_{tag}")),
                    *[n(r.get(f"{x}_{tag}"), 2) for x in TERMS],
                    d(f"{r.get(f'rank_{tag}')}/{r.get(f'n_sources_{tag}')}") if r.get(f"rank_{tag}") else n(None),
                ]
            rows.append(row)
        parts.append(_table(hdr, rows, set(range(len(hdr)))))
        parts.append(_caveat_note(s, lang))
    else:
        parts.append(
            f"<p>{_e('No common threat could be named for this pair.' if lang == 'en' else 'برای این زوج تهدید مشترکی یافت نشد.')}</p>"
        )
    # 3. common threat and partners
    parts.append(f'<h2 id="common">{_e(L("sec_common"))}</h2><p>{_e(L("common_intro", a=N(a), b=N(b)))}</p>')
    parts.append(
        _img(charts.get("common_threat"), f"Common threat of {ab.get(a)} and {ab.get(b)} and its largest contributors")
    )
    parts.append(_img(charts.get("partner_ranks"), "Rank of each among the other's predicted partners"))
    hdr = [L("year"), L("common_threat"), L("ct_rank_all"), L("common_enemy"), L("enemy_share")]
    if tr is not None:
        hdr += [L("threatener_share", t=ab.get(tr)), f"{L('rank')} {ab.get(tr)}"]
    hdr += [L("rank_b_in_a", a=ab.get(a), b=ab.get(b)), L("rank_a_in_b", a=ab.get(a), b=ab.get(b))]
    rows = []
    for r in s.iter_rows(named=True):
        ra = (
            d(f"{r['ct_rank_all']:,}/{r['ct_n_pairs']:,}") + " (" + num(r["ct_pctile_all"], lang, 1, pct=True) + ")"
            if r.get("ct_rank_all")
            else n(None)
        )
        row = [
            d(r["year"]) + ("*" if r.get("data_caveat") else ""),
            n(r.get("common_threat")),
            ra,
            N(r["common_enemy"]) if r.get("common_enemy") else n(None),
            num(r.get("enemy_share"), lang, 1, pct=True),
        ]
        if tr is not None:
            row += [num(r.get("threatener_share"), lang, 1, pct=True), d(r.get("threatener_rank") or "-")]
        row += [
            d(f"{r['rank_b_in_a']}/{r['n_b_in_a']}") if r.get("rank_b_in_a") else n(None),
            d(f"{r['rank_a_in_b']}/{r['n_a_in_b']}") if r.get("rank_a_in_b") else n(None),
        ]
        rows.append(row)
    parts.append(_table(hdr, rows, set(range(len(hdr))) - {3}))
    parts.append(_caveat_note(s, lang))
    last = data.years[-1]
    for c in data.pair:
        top = data.partners.filter((pl.col("year") == last) & (pl.col("state") == c)).sort("rank").head(5)
        if top.height:
            cap = (
                f"Top predicted partners of {N(c)} in {last}"
                if lang == "en"
                else f"نخستین شریکان پیش‌بینی‌شده {N(c)} در {d(last)}"
            )
            parts.append(f"<h3>{_e(cap)}</h3>")
            rows = [
                [
                    d(r["rank"]),
                    N(r["ccode"]),
                    n(r["score"]),
                    N(r["common_enemy"]) if r["common_enemy"] else n(None),
                    L("yes") if r["allied"] else (L("no") if r["allied"] is not None else n(None)),
                    n(r["arms_tiv"], 0),
                ]
                for r in top.iter_rows(named=True)
            ]
            parts.append(
                _table(
                    [L("rank"), L("name"), L("score"), L("common_enemy"), L("atop"), L("sipri_tiv")], rows, {0, 2, 5}
                )
            )
    # 4. heatmaps
    parts.append(f'<h2 id="heat">{_e(L("sec_heat"))}</h2><p>{_e(L("heat_intro"))}</p>')
    parts.append(
        _img(
            charts.get("heatmaps"),
            "Threat matrix among the case states, " + ", ".join(str(y) for y in sorted(data.matrices)),
        )
    )
    # 5. behaviour
    parts.append(f'<h2 id="beh">{_e(L("sec_behaviour"))}</h2><p>{_e(L("behaviour_intro"))}</p>')
    beh = data.behaviour
    al = beh["atop_alliance"].drop_nulls()
    if len(al) and int((al == 1).sum()) == 0:
        msg = (
            f"ATOP v5.1 lists no alliance treaty between {N(a)} and {N(b)} in any of the {len(al)} years it covers here."
            if lang == "en"
            else f"ATOP نسخه ۵٫۱ در هیچ‌یک از {d(len(al))} سال پوشش‌داده‌شده پیمان اتحادی میان {N(a)} و {N(b)} ثبت نکرده است."
        )
        parts.append(f"<p><strong>{_e(msg)}</strong></p>")
    parts.append(
        _img(
            charts.get("behaviour"),
            f"Alliance, arms transfers, trade and UN vote agreement of {ab.get(a)} and {ab.get(b)}",
        )
    )
    hdr = [
        L("year"),
        L("atop"),
        L("tiv", a=ab.get(a), b=ab.get(b)),
        L("tiv", a=ab.get(b), b=ab.get(a)),
        f"{L('trade')} {ab.get(a)}←{ab.get(b)}",
        f"{L('trade')} {ab.get(b)}←{ab.get(a)}",
        L("unagree"),
    ]
    rows = []
    for r in beh.iter_rows(named=True):
        atop = n(None) if r["atop_alliance"] is None else (L("yes") if r["atop_alliance"] == 1 else L("no"))
        rows.append(
            [
                d(r["year"]),
                atop,
                n(r["tiv_ab"], 0),
                n(r["tiv_ba"], 0),
                n(r["imports_a_from_b"], 0),
                n(r["imports_b_from_a"], 0),
                n(r["unagree"], 2),
            ]
        )
    parts.append(_table(hdr, rows, {0, 2, 3, 4, 5, 6}))
    # 6. ledger
    if data.ledger is not None:
        parts.append(f'<h2 id="ledger">{_e(L("sec_ledger"))}</h2>')
        led = data.ledger
        fname = Path(str(case.ledger)).name if case.ledger else "ledger.csv"
        parts.append(f"<p>{_e(L('ledger_intro', n=d(led.height), f=fname))}</p>")
        if lang == "fa":
            parts.append(f'<p class="note">{_e(L("summaries_note"))}</p>')
        parts.append(_img(charts.get("ledger_timeline"), "The article's dated facts over the report's years"))
        before = led.filter(pl.col("year") < data.years[0]).height
        if before:
            parts.append(
                f'<p class="note">{_e(d(f"{before} event(s) before {data.years[0]} are listed below but not drawn." if lang == "en" else f"{before} رویداد پیش از {data.years[0]} در جدول آمده اما در نمودار نیست."))}</p>'
            )
        rows = []
        for r in led.iter_rows(named=True):
            actors = f"{ab.get(r['source'], r['source_state'])} → {ab.get(r['target'], r['target_state'])}"
            when = d(r["date"]) + (f" ({L('source_year')})" if r.get("date_precision") == "source-year" else "")
            summ = r["summary"] + (f" [{r['note']}]" if r.get("note") else "")
            rows.append(
                [
                    r["id"],
                    when,
                    actors,
                    f'<span class="{_e(r["direction"])}">{_e(L(r["direction"]))}</span>',
                    L(r["domain"]) if r["domain"] else "",
                    L(r["dimension"]),
                    num(r["weight"], lang, 1),
                    summ,
                    r["citation"],
                ]
            )
        parts.append(
            _table(
                [
                    L("id"),
                    L("date"),
                    L("actors"),
                    L("direction"),
                    L("domain"),
                    L("term"),
                    L("weight"),
                    L("summary"),
                    L("citation"),
                ],
                rows,
                numeric={6},
                raw={3},
            )
        )
    # 7. claims (only when there is something to check)
    if claims:
        parts.append(f'<h2 id="claims">{_e(L("sec_claims"))}</h2>')
        parts.append(f"<p>{_e(L('claims_intro'))}</p>")
        rows = []
        for c in claims:
            said = _e(c["text"][lang])
            if c.get("caveat") and c["verdict"] != "supported":
                said += (
                    f'<br><span class="note">{_e(L("caveat"))}: {_e(c["caveat"].get(lang, c["caveat"]["en"]))}</span>'
                )
            rows.append(
                [
                    c["id"],
                    _e(d(c["claim"].get(lang, c["claim"]["en"])))
                    + f'<br><span class="note">{_e(c["citation"])}</span>',
                    said,
                    f'<span class="v v-{c["verdict"]}">{_e(L(c["verdict"]))}</span>',
                    _e(c["rule"])
                    + (
                        f'<br><span class="note">{_e(d(c["rule_note"].get(lang, c["rule_note"]["en"])))}</span>'
                        if isinstance(c.get("rule_note"), dict)
                        else ""
                    ),
                    _e(", ".join(c.get("evidence", []))),
                ]
            )
        parts.append(
            _table(
                [L("id"), L("claim"), L("data_say"), L("verdict"), L("rule"), L("evidence")], rows, raw={1, 2, 3, 4, 5}
            )
        )
    # 8. conclusion
    parts.append(
        f'<h2 id="concl">{_e(L("sec_conclusion"))}</h2><div class="conclusion">'
        + "".join(f"<p>{_e(x)}</p>" for x in concl)
        + "</div>"
    )
    # 9. method
    parts.append(f'<h2 id="method">{_e(L("sec_method"))}</h2>')
    mi = data.model_info.get("repr") or data.model_info.get("class", "")
    if data.model_info.get("evidence"):
        mi += f" + evidence: {data.model_info['evidence']}"
    parts.append(f'<p class="note">threat model: {_e(mi)}</p>')
    for note in data.notes:
        parts.append(f'<p class="note">{_e(note)}</p>')
    if data.ledger is None:
        parts.append(f'<p class="note">{_e(L("no_ledger"))}</p>')
    if not claims:
        parts.append(f'<p class="note">{_e(L("no_claims"))}</p>')
    if claims:
        rd = rules_doc()
        used = sorted({c["rule"] for c in claims})
        parts.append(
            f"<details><summary>{_e(L('rules_title'))}</summary>"
            + _table([L("rule"), L("rule_test")], [[r, rd[r]] for r in used])
            + "</details>"
        )
    parts.append(f"<details><summary>{_e(L('bibtex'))}</summary><pre>{_e(cite_text(data))}</pre></details>")
    parts.append(f'<p class="note">{_e(L("charts_note"))} {_e(L("generated", v=version))}</p>')
    dirattr = 'dir="rtl" lang="fa"' if lang == "fa" else 'dir="ltr" lang="en"'
    return (
        f'<!DOCTYPE html>\n<html {dirattr}><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(d(title))}</title><style>{CSS}</style></head>"
        f'<body class="{lang}"><main>' + "\n".join(parts) + "</main></body></html>\n"
    )


def cite_text(data: CaseData) -> str:
    from ..sources import cite, sources

    keys = list(
        getattr(data.model.model if hasattr(data.model, "model") else data.model, "sources", ()) or THREAT_SOURCES
    )
    keys += [k for k in BEHAVIOUR_SOURCES if k not in keys]
    known = set(sources())
    return cite([k for k in keys if k in known])


# ---- summary ------------------------------------------------------------------------------------
def build_summary(
    data: CaseData,
    claims: list[dict],
    facts: dict,
    concl: dict[str, list[str]],
    lang: str,
    files: list[str],
    version: str,
) -> dict:
    case = data.case
    ab = _abbs()
    led = data.ledger
    return _clean(
        {
            "generator": f"threatbalance {version}",
            "case": case.key,
            "title": {k: digits(v, k) for k, v in case.title.items()},
            "lang": lang,
            "question": case.question,
            "years": [data.years[0], data.years[-1]],
            "states": [{"code": c, "abb": ab.get(c), "name": name(c), "name_fa": name(c, "fa")} for c in case.states],
            "pair": [ab.get(c) for c in case.pair],
            "threatener": ab.get(data.threatener) if data.threatener else None,
            "heatmap_years": sorted(data.matrices),
            "series": series_table(data).to_dicts(),
            "claims": [
                {
                    k: c.get(k)
                    for k in (
                        "id",
                        "rule",
                        "rule_note",
                        "claim",
                        "params",
                        "verdict",
                        "value",
                        "text",
                        "evidence",
                        "citation",
                        "detail",
                    )
                }
                for c in claims
            ],
            "verdicts": facts["claims"],
            "ledger": None
            if led is None
            else {
                "events": led.height,
                "file": Path(str(case.ledger)).name if case.ledger else None,
                "by_domain": dict(led["domain"].fill_null("other").value_counts().sort("domain").iter_rows()),
                "by_direction": dict(led["direction"].value_counts().sort("direction").iter_rows()),
                "by_term": dict(led["dimension"].value_counts().sort("dimension").iter_rows()),
            },
            "facts": facts,
            "conclusion": concl,
            "model": data.model_info,
            "notes": data.notes,
            "files": sorted(files),
        }
    )


# ---- building and writing -----------------------------------------------------------------------
def evidence_model(case: Case) -> Any:
    """A threat model whose terms also take the hostile rows of the case's ledger as evidence."""
    from ..threat import ThreatModel
    from ._ledger import hostile_events

    if case.ledger is None:
        raise InputError("use_evidence needs a ledger: this case has none (pass a ledger CSV)")
    return ThreatModel(evidence=hostile_events(case.ledger))


def build_report(
    case: Case,
    lang: str = "en",
    model: Any = None,
    claims: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Compute and render a report in memory (see :func:`case_report` to write it)."""
    from .. import __version__

    check_lang(lang)
    say = progress or (lambda text=None: None)
    if use_evidence:
        if model is not None:
            raise InputError("give either a model or use_evidence=True, not both")
        model = evidence_model(case)
    data = collect(case, model=model, progress=say)
    if use_evidence:
        n = data.ledger.filter(pl.col("direction") == "hostile").height if data.ledger is not None else 0
        data.notes.append(
            f"the threat model takes the ledger's {n} hostile events as evidence "
            f"(ThreatModel(evidence=tb.hostile_events(ledger))); without this option it uses data only"
        )
        data.model_info["evidence"] = f"{n} hostile ledger events"
    cl = load_claims(claims if claims is not None else case.claims) if (claims is not None or case.claims) else []
    results = evaluate_claims(cl, data, progress=say)
    charts = render_all(data, progress=say)
    say("writing the report")
    facts = conclusion_facts(data, results)
    concl = {lg: conclusion(facts, lg) for lg in LANGS}
    page = render_html(data, results, charts, concl[lang], lang, __version__)
    rep = Report(data=data, claims=results, charts=charts, summary={}, html=page, lang=lang)
    names = list(rep.files())
    rep.summary = build_summary(data, results, facts, concl, lang, names, __version__)
    return rep


def check_out(out: Path | str) -> Path:
    """Check, before anything is computed, that a report can be written into folder ``out``.

    The folder's parent must exist and be writable (the report is built in a sibling temporary
    folder and renamed into place), ``out`` must not be a file, must not be a mount point (it cannot
    be renamed away; name a folder inside it) and, if it is a non-empty folder, must hold a previous
    threatbalance report. Every failure is an :class:`InputError` naming the folder.

    Examples
    --------
    >>> from threatbalance.cases._report import check_out
    >>> import tempfile, pathlib
    >>> check_out(pathlib.Path(tempfile.mkdtemp()) / "rep").name
    'rep'
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"output {str(out)!r} exists and is not a folder; choose another --out")
    if out.is_dir() and os.path.ismount(out):
        raise InputError(
            f"output folder {str(out)!r} is a mount point and cannot be replaced atomically; "
            f"name a folder inside it, e.g. --out {str(out / DEFAULT_OUT)!r}"
        )
    if out.is_dir() and any(out.iterdir()):
        marker = out / MARKER
        ok = False
        if marker.is_file():
            try:
                ok = str(json.loads(marker.read_text(encoding="utf-8")).get("generator", "")).startswith(
                    "threatbalance"
                )
            except (json.JSONDecodeError, OSError, AttributeError):
                ok = False
        if not ok:
            raise InputError(
                f"output folder {str(out)!r} is not empty and is not a threatbalance report; "
                f"choose another --out or empty it"
            )
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(
            f"the folder {str(parent)!r} that should hold --out {str(out)!r} does not exist; "
            f"create it or choose another --out"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write into {str(parent)!r} (no permission) to create --out {str(out)!r}; choose another --out"
        )
    return out


def write_atomic(out: Path | str, files: dict[str, bytes]) -> Path:
    """Write ``files`` into folder ``out`` all at once: build in a temporary sibling folder, then rename.

    An existing ``out`` is replaced only if it is empty or a previous threatbalance report (it holds
    ``summary.json`` written by threatbalance); anything else is refused with :class:`InputError`.
    """
    out = check_out(out)
    parent = out.resolve().parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise InputError(
            f"cannot write the report next to {str(out)!r}: {exc.strerror or exc}; choose another --out"
        ) from exc
    try:
        os.chmod(tmp, 0o755)
        for fname, content in files.items():
            (tmp / fname).write_bytes(content)
        final = parent / out.name
        if final.exists():
            old = parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
            try:
                os.rename(tmp, final)
            except OSError:
                os.rename(old, final)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(
            f"cannot write the report into {str(out)!r}: {exc.strerror or exc}; choose another --out"
        ) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return parent / out.name


def case_report(
    case: str | Case = "israel-azerbaijan",
    out: Path | str | None = DEFAULT_OUT,
    lang: str = "en",
    *,
    states: Any = None,
    years: Any = None,
    ledger: Any = None,
    claims: Any = None,
    heatmap_years: Any = None,
    model: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Build a case report and write it (HTML, PNG charts, ``summary.json``, ``series.csv``, ``ledger.csv``).

    Parameters
    ----------
    case : str or Case
        A shipped case (``"israel-azerbaijan"``, see :func:`list_cases`) or a :class:`Case` from
        :func:`make_case`.
    out : path or None
        Output folder (default ``./threatbalance-report``), written atomically; None: build only.
    lang : {"en", "fa"}
        Language of the HTML page (Persian is right-to-left, with Persian digits and names).
    states, years, ledger, claims, heatmap_years
        Override the case's states (the pair stays first), years (e.g. ``"1991-2016"``), evidence
        ledger (CSV), claims (JSON) or heatmap years.
    model : threat model, optional
        Defaults to ``threatbalance.threat.default_model()``.
    use_evidence : bool
        Feed the ledger's hostile events into the threat model (``ThreatModel(evidence=...)``);
        by default the model uses the shipped data only, so that data and article stay apart.
    progress : callable, optional
        Called with a short text before each step.

    Returns
    -------
    dict
        The summary (also written as ``summary.json``), with ``"out"`` set to the folder written.

    Examples
    --------
    >>> import threatbalance as tb
    >>> s = tb.case_report("israel-azerbaijan", out=None, years="2010-2012")   # doctest: +SKIP
    >>> s["pair"], s["threatener"]                                             # doctest: +SKIP
    (['ISR', 'AZE'], 'IRN')
    """
    c = get_case(case) if not isinstance(case, Case) else case
    c = c.with_options(states=states, years=years, ledger=ledger, heatmap_years=heatmap_years)
    if out is not None:
        check_out(out)  # fail before the ~20 s of computing, not after
    rep = build_report(c, lang=lang, model=model, claims=claims, use_evidence=use_evidence, progress=progress)
    summary = dict(rep.summary)
    if out is not None:
        path = write_atomic(out, rep.files())
        summary["out"] = str(path)
    return summary


def custom_report(
    states: Any,
    years: Any = "1991-2013",
    out: Path | str | None = DEFAULT_OUT,
    lang: str = "en",
    *,
    pair: Any = None,
    threatener: Any = None,
    ledger: Any = None,
    claims: Any = None,
    heatmap_years: Any = None,
    model: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The same report for any set of states (the first two are the focal pair unless ``pair`` is given).

    Examples
    --------
    >>> import threatbalance as tb
    >>> s = tb.custom_report("ISR,AZE,IRN,ARM", years="2005-2007", out=None)   # doctest: +SKIP
    >>> s["case"]                                                             # doctest: +SKIP
    'custom'
    """
    c = make_case(
        states, years=years, pair=pair, threatener=threatener, ledger=ledger, claims=claims, heatmap_years=heatmap_years
    )
    return case_report(c, out=out, lang=lang, model=model, use_evidence=use_evidence, progress=progress)
