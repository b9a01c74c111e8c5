"""The report's content as plain data: per-year table, conclusion facts, conclusion sentences'
inputs, page tables and the summary.  No markup and no language here: sentences are
:class:`~._text.Msg` objects that :mod:`._text` renders in English or Persian.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ..threat._features import SOURCES
from ._compute import TERMS, CaseData
from ._text import Arg, Cat, Join, Label, Msg, Name, Num, PMsg, Years, digits, name, render

#: Sources behind the report's numbers besides the threat model's own.
BEHAVIOUR_SOURCES = ("atop", "sipri", "trade", "un_votes", "diplomacy", "crosswalk")
#: The threat model's own sources (one list, derived from its features).
THREAT_SOURCES = SOURCES
#: The conclusion calls the threatener's offense term "near 0" when it stays under this value (log-odds)
#: in every year: the threshold first declared (see the case CHANGELOG); never tuned to a result.
OFFENSE_NEAR_ZERO = 0.1
LEDGER_CSV_COLUMNS = (
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
)


def json_default(o: Any) -> Any:
    """``json.dumps`` fallback for numpy scalars (NaN -> null) and anything else (as text)."""
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return None if np.isnan(o) else float(o)
    return str(o)


def clean(v: Any) -> Any:
    """NaN and infinity to None, keys to text, tuples to lists (JSON-ready)."""
    if isinstance(v, float) and (np.isnan(v) or np.isinf(v)):
        return None
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


# ---- the per-year table -------------------------------------------------------------------------
def series_table(data: CaseData) -> pl.DataFrame:
    """One row per year: the threatener's threat to each of the pair and its terms, the common
    threat and enemy, partner ranks, and the pair's alignment behaviour."""
    s = data.pair_series.join(data.behaviour, on="year", how="left")
    if data.vintage:
        s = s.with_columns(
            pl.col("year")
            .replace_strict(
                {y: ("carried forward" if v else "observed") for y, v in data.vintage.items()}, default=None
            )
            .cast(pl.Utf8)
            .alias("vintage")
        )
    return s.with_columns(
        pl.col("common_enemy")
        .cast(pl.Int32)
        .replace_strict(abbs(), default=None, return_dtype=pl.Utf8)
        .alias("common_enemy_abb")
    )


def abbs() -> dict[int, str]:
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


def conclusion(f: dict) -> list[Arg]:
    """Sentences of the conclusion, each a message filled from :func:`conclusion_facts`
    (render them with :func:`._text.render` in a language)."""
    a, b, tr = Name(f["a"]), Name(f["b"]), Name(f["threatener"])
    n, k = f["n_years"], f["years_threatener_top"]
    lo, hi = f["years"]
    out: list[Arg] = []
    if f["threatener"] is not None and n:
        parts: list[Any] = [
            Msg(
                "In {k} of {n} years ({years}) the threat model names {t} the largest contributor to the "
                "common threat of {a} and {b}",
                k=k,
                n=n,
                years=Years(lo, hi),
                t=tr,
                a=a,
                b=b,
            )
        ]
        if f.get("threatener_median_share") is not None:
            parts.append(Msg(" (median share {share}).", share=Num(f["threatener_median_share"], 1, pct=True)))
        else:
            parts.append(".")
        since = f.get("threatener_top_since")
        if since is not None and since > lo and hi - since >= 2:
            parts.append(Msg(" It has been the largest every year since {since}.", since=since))
        out.append(Cat(tuple(parts)))
        if f.get("other_enemy") is not None and k < n:
            ot, tt = f.get("other_threat", [None, None]), f.get("threatener_threat", [None, None])
            out.append(
                Msg(
                    "In the other years it names {o} most often ({n} years): in those same years {o}'s threat to "
                    "{a} and {b} averages {oa} and {ob}, against {ta} and {tb} from {t}; the common threat is "
                    "largest from the state whose threats to both are high at once.",
                    o=Name(f["other_enemy"]),
                    n=f["other_enemy_years"],
                    a=a,
                    b=b,
                    oa=Num(ot[0], 3),
                    ob=Num(ot[1], 3),
                    ta=Num(tt[0], 3),
                    tb=Num(tt[1], 3),
                    t=tr,
                )
            )
    if f["threatener"] is not None and f.get("mean_threat_a") is not None and f.get("mean_threat_b") is not None:
        no_term = PMsg("missing term", "NA")
        out.append(
            Msg(
                "{t}'s threat averages {xa} to {a} (median rank {ra} of {na} states) and {xb} to {b} (median rank "
                "{rb}); its largest source is {terma} for {a} and {termb} for {b}.",
                t=tr,
                a=a,
                b=b,
                xa=Num(f["mean_threat_a"], 3),
                xb=Num(f["mean_threat_b"], 3),
                ra=Num(f["median_rank_a"], 0),
                rb=Num(f["median_rank_b"], 0),
                na=f["median_n_a"],
                terma=Label(f["top_term_a"]) if f.get("top_term_a") in TERMS else no_term,
                termb=Label(f["top_term_b"]) if f.get("top_term_b") in TERMS else no_term,
            )
        )
    if f.get("offense_max") is not None and f["offense_max"] < OFFENSE_NEAR_ZERO:
        nl = f["ledger_offense_rows"]
        head = Msg(
            "{t}'s offensive-capability term is near 0 in every year (at most {m} on the model's log-odds scale, "
            "against a median intent term of {im}), so an argument from {t}'s nuclear or missile programmes",
            t=tr,
            m=Num(f["offense_max"], 3),
            im=Num(f["intent_median"], 2),
        )
        if f.get("with_evidence"):
            tail = Msg(
                " enters this report only through the ledger's hostile facts, which --with-evidence feeds into "
                "the terms ({n} of them on offense).",
                n=nl,
            )
        elif f.get("has_article", True) and nl:
            tail = Msg(
                " can enter the model only through --with-evidence, which feeds the ledger's hostile facts "
                "({n} of them on offense) into its terms; this report uses the shipped data only.",
                n=nl,
            )
        else:
            tail = Msg(
                " can enter the model only as evidence (ThreatModel(evidence=...), --with-evidence with a ledger)."
            )
        out.append(Cat((head, tail)))
    if f.get("ct_rank_years"):
        out.append(
            Msg(
                "Among all {npairs} pairs of states (median per year), the common threat of {a} and {b} ranks "
                "{rank} (median; top {top}); it is in the top 1% in {y1} and the top 5% in {y5} of {n} years "
                "(best: rank {best} in {year}).",
                npairs=Num(f["ct_n_pairs_median"], 0),
                a=a,
                b=b,
                rank=Num(f["ct_rank_all_median"], 0),
                top=Num(f["ct_top_share_median"], 1, pct=True),
                y1=f["ct_years_top1pct"],
                y5=f["ct_years_top5pct"],
                n=f["ct_rank_years"],
                best=f["ct_best_rank"],
                year=f["ct_best_year"],
            )
        )
    if f.get("rank_years"):
        parts = [
            Msg(
                "{b} ranks {rb} (median; top {pb}) among {a}'s {n} predicted partners and {a} ranks {ra} (top {pa}) "
                "among {b}'s; both are in each other's top 10% in {k} of {years} years.",
                a=a,
                b=b,
                n=f["median_n"],
                rb=Num(f["median_rank_b_in_a"], 0),
                pb=Num(f["median_rank_b_in_a"] / f["median_n"], 0, pct=True),
                ra=Num(f["median_rank_a_in_b"], 0),
                pa=Num(f["median_rank_a_in_b"] / f["median_n"], 0, pct=True),
                k=f["years_both_top10"],
                years=f["rank_years"],
            )
        ]
        if f["years_both_top10"] * 2 < f["rank_years"] and f.get("top_partners_a_last"):
            parts.append(
                Msg(
                    " In {year} the model's first partners of {a} are {partners}.",
                    year=hi,
                    a=a,
                    partners=Join(tuple(Name(c) for c in f["top_partners_a_last"])),
                )
            )
        out.append(Cat(tuple(parts)))
    beh: list[Msg] = []
    if f["atop_years_covered"]:
        if f["atop_years_allied"] == 0:
            beh.append(Msg("ATOP records no alliance between them in any of {n} years", n=f["atop_years_covered"]))
        else:
            beh.append(
                Msg(
                    "ATOP records an alliance in {k} of {n} years",
                    k=f["atop_years_allied"],
                    n=f["atop_years_covered"],
                )
            )
    if f.get("tiv_ab_total") is not None:
        fy = f.get("tiv_ab_first_year")
        y0, y1 = f["tiv_ab_years"]
        sipri = Msg(
            "SIPRI records {tiv} million TIV of arms from {a} to {b} in {years}",
            tiv=Num(f["tiv_ab_total"], 0),
            a=a,
            b=b,
            years=Years(y0, y1),
        )
        beh.append(Cat((sipri, Msg(", the first in {year}", year=fy))) if fy else sipri)
    if f.get("trade_peak") is not None:
        beh.append(
            Msg(
                "COW trade peaks at US$ {value} m in {year}",
                value=Num(f["trade_peak"], 0),
                year=f["trade_peak_year"],
            )
        )
    if beh:
        out.append(Cat((Join(tuple(beh), "; "), ".")))
    tn = f.get("then_now")
    if tn and f["threatener"] is not None:
        (p1, p2), (f1, f2) = tn["periods"], tn["facts"]
        out.append(
            Msg(
                "Then and now: in {p2} the model names {t} the largest contributor to their common threat in {k2} of "
                "{n2} years (against {k1} of {n1} in {p1}), and {a} and {b} are in each other's top 10% of predicted "
                "partners in {r2} of {m2} years (against {r1} of {m1}).",
                p1=Years(*p1),
                p2=Years(*p2),
                t=tr,
                k1=f1["threatener_top"],
                n1=f1["ct_years"],
                k2=f2["threatener_top"],
                n2=f2["ct_years"],
                a=a,
                b=b,
                r1=f1["both_top10"],
                m1=f1["rank_years"],
                r2=f2["both_top10"],
                m2=f2["rank_years"],
            )
        )
    wf = f.get("whatif")
    if wf and wf.get("rank_years"):
        parts2: list[Any] = [
            Msg(
                "What if {t} threatened no one (its row of each year's threat matrix set to 0)? The common threat of "
                "{a} and {b} would average {w} instead of {c}",
                t=tr,
                a=a,
                b=b,
                w=Num(wf["ct_mean_without"], 3),
                c=Num(wf["ct_mean"], 3),
            )
        ]
        if wf.get("common_enemy_without") is not None:
            parts2.append(
                Msg(
                    ", its largest contributor would most often be {e} ({k} years)",
                    e=Name(wf["common_enemy_without"]),
                    k=wf["common_enemy_without_years"],
                )
            )
        parts2.append(
            Msg(
                ", and the two would be in each other's top 10% of predicted partners in {kw} of {n} years instead "
                "of {k}.",
                kw=wf["years_both_top10_without"],
                n=wf["rank_years"],
                k=wf["years_both_top10"],
            )
        )
        out.append(Cat(tuple(parts2)))
    c = f["claims"]
    if sum(c.values()):
        out.append(
            Msg(
                "Of {n} checkable claims of the article, the data support {s}, do not support {ns} and cannot tell "
                "{ct} (see the table above).",
                n=sum(c.values()),
                s=c["supported"],
                ns=c["not_supported"],
                ct=c["cannot_tell"],
            )
        )
    if f["threatener"] is not None and n:
        top_ok = k * 2 > n
        rank_ok = bool(f.get("rank_years")) and f["years_both_top10"] * 2 > f["rank_years"]
        ry, rb = f.get("rank_years", 0), f.get("years_both_top10", 0)
        if top_ok:
            c1 = Msg("{t} is the largest shared threat in {k} of {n} years", t=tr, k=k, n=n)
        else:
            c1 = Msg("{t} is the largest shared threat in only {k} of {n} years", t=tr, k=k, n=n)
        if rank_ok:
            c2 = Msg(
                "{a} and {b} are in each other's top 10% of predicted partners in {k} of {n} years, without a treaty",
                a=a,
                b=b,
                k=rb,
                n=ry,
            )
        else:
            c2 = Msg(
                "{a} and {b} are in each other's top 10% of predicted partners in only {k} of {n} years",
                a=a,
                b=b,
                k=rb,
                n=ry,
            )
        if not f.get("has_article", True):
            head = Msg("In sum")
        elif top_ok and rank_ok:
            head = Msg("On these numbers the data bear out the article's explanation")
        elif top_ok or rank_ok:
            head = Msg("The data bear out half of the article's explanation")
        else:
            head = Msg("On these numbers the model does not bear out the article's explanation")
        out.append(Msg("{head}: {c1}, and {c2}.", head=head, c1=c1, c2=c2))
    return out


# ---- the page -----------------------------------------------------------------------------------
def caveat_years(series: pl.DataFrame) -> dict | None:
    """Years whose threat-model data are carried forward (the first such year's caveat as its text)."""
    if "data_caveat" not in series.columns:
        return None
    cav = series.filter(pl.col("data_caveat").is_not_null())
    if not cav.height:
        return None
    yrs = cav["year"].to_list()
    return {"span": f"{yrs[0]}-{yrs[-1]}" if len(yrs) > 1 else f"{yrs[0]}", "text": cav["data_caveat"][0]}


def cite_text(data: CaseData) -> str:
    """BibTeX of every source behind the report's numbers."""
    from ..sources import cite, sources

    keys = list(
        getattr(data.model.model if hasattr(data.model, "model") else data.model, "sources", ()) or THREAT_SOURCES
    )
    keys += [k for k in BEHAVIOUR_SOURCES if k not in keys]
    known = set(sources())
    return cite([k for k in keys if k in known])


def page_facts(data: CaseData, claims: list[dict], concl: list[Any]) -> dict:
    """Everything the report page shows, as plain data (rows as dicts, sentences as messages)."""
    from ._claims import rules_doc

    case = data.case
    a, b = data.pair
    tr = data.threatener
    ab = abbs()
    states = []
    for c in case.states:
        role = "pair" if c in case.pair else ("threatener" if c == tr and case.threatener is not None else "")
        states.append({"code": c, "abb": ab.get(c, ""), "role": role})
    last = data.years[-1]
    partners = []
    for c in data.pair:
        top = data.partners.filter((pl.col("year") == last) & (pl.col("state") == c)).sort("rank").head(5)
        if top.height:
            partners.append({"state": c, "rows": list(top.iter_rows(named=True))})
    al = data.behaviour["atop_alliance"].drop_nulls()
    led = data.ledger
    ledger = None
    if led is not None:
        ledger = {
            "file": Path(str(case.ledger)).name if case.ledger else "ledger.csv",
            "events": led.height,
            "before": led.filter(pl.col("year") < data.years[0]).height,
            "rows": list(led.iter_rows(named=True)),
        }
    model = data.model_info.get("repr") or data.model_info.get("class", "")
    rd = rules_doc()
    return {
        "case": case,
        "title": case.title,
        "question": case.question,
        "theory": case.theory,
        "article": case.article,
        "a": a,
        "b": b,
        "threatener": tr,
        "abb": ab,
        "years": list(data.years),
        "states": states,
        "series": list(data.pair_series.iter_rows(named=True)),
        "caveat": caveat_years(data.pair_series),
        "terms": TERMS,
        "partners": partners,
        "heatmap_years": sorted(data.matrices),
        "no_alliance_years": len(al) if len(al) and int((al == 1).sum()) == 0 else None,
        "behaviour": list(data.behaviour.iter_rows(named=True)),
        "ledger": ledger,
        "claims": claims,
        "rules": [(r, rd[r]) for r in sorted({c["rule"] for c in claims})],
        "model": model,
        "evidence": data.model_info.get("evidence"),
        "notes": list(data.notes),
        "bibtex": cite_text(data),
        "conclusion": concl,
    }


# ---- the summary --------------------------------------------------------------------------------
def build_summary(
    data: CaseData,
    claims: list[dict],
    facts: dict,
    concl: dict[str, list[str]],
    lang: str,
    files: list[str],
    version: str,
) -> dict:
    """The report's ``summary.json``: every number, verdict and sentence of the report."""
    case = data.case
    ab = abbs()
    led = data.ledger
    return clean(
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
                        "version",
                        "rule_note",
                        "claim",
                        "params",
                        "sensitivity",
                        "verdict",
                        "value",
                        "text",
                        "evidence",
                        "citation",
                        "caveat",
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
            "notes": [render(n, "en") for n in data.notes],
            "notes_fa": [render(n, "fa") for n in data.notes],
            "files": sorted(files),
        }
    )


# ---- then and now, what-if ------------------------------------------------------------------------
#: Rules judged from the threat model (re-applied period by period in the then-and-now section).
MODEL_RULES = ("common_enemy", "threat_rank", "partner_rank")


def periods(data: CaseData) -> list[tuple[int, int]]:
    """The report's years split at the case's ``split_year`` (the last year of the study's period):
    ``[(first, split), (split + 1, last)]``; one period when the split is absent or outside."""
    lo, hi = data.years[0], data.years[-1]
    sp = data.case.extra.get("split_year") if isinstance(data.case.extra, dict) else None
    if sp is None or not lo <= int(sp) < hi:
        return [(lo, hi)]
    return [(lo, int(sp)), (int(sp) + 1, hi)]


def _period_facts(data: CaseData, lo: int, hi: int) -> dict:
    s = data.pair_series.filter(pl.col("year").is_between(lo, hi))
    d = data.behaviour.filter(pl.col("year").is_between(lo, hi))
    tr_ = data.threatener
    f: dict[str, Any] = {"years": [lo, hi], "n": s.height}
    ce = s["common_enemy"].drop_nulls()
    f["ct_years"] = len(ce)
    f["threatener_top"] = int((ce == tr_).sum()) if tr_ is not None else None
    sh = s["threatener_share"].drop_nulls() if "threatener_share" in s.columns else pl.Series([], dtype=pl.Float64)
    f["threatener_share_median"] = float(sh.median()) if len(sh) else None
    if "ct_rank_all" in s.columns:
        ca = s.select("ct_rank_all", "ct_n_pairs").drop_nulls()
        f["ct_rank_median"] = float(ca["ct_rank_all"].median()) if ca.height else None
        f["ct_top1pct"] = int((ca["ct_rank_all"] <= ca["ct_n_pairs"] * 0.01).sum()) if ca.height else 0
    rk = s.select("rank_b_in_a", "n_b_in_a", "rank_a_in_b", "n_a_in_b").drop_nulls()
    f["rank_years"] = rk.height
    f["both_top10"] = (
        int(
            (
                (rk["rank_b_in_a"] <= (rk["n_b_in_a"] * 0.1).ceil())
                & (rk["rank_a_in_b"] <= (rk["n_a_in_b"] * 0.1).ceil())
            ).sum()
        )
        if rk.height
        else 0
    )
    f["rank_b_in_a_median"] = float(rk["rank_b_in_a"].median()) if rk.height else None
    f["rank_a_in_b_median"] = float(rk["rank_a_in_b"].median()) if rk.height else None
    for tag in ("a", "b"):
        col = f"threat_{tag}"
        f[f"threat_{tag}_mean"] = float(s[col].mean()) if col in s.columns and s[col].drop_nulls().len() else None
        rc = f"rank_{tag}"
        f[f"rank_{tag}_median"] = float(s[rc].median()) if rc in s.columns and s[rc].drop_nulls().len() else None
    tiv = d["tiv_ab"].drop_nulls()
    f["tiv_ab_total"], f["tiv_ab_years"] = (float(tiv.sum()) if len(tiv) else None), len(tiv)
    trd = d["trade_total"].drop_nulls()
    f["trade_mean"], f["trade_years"] = (float(trd.mean()) if len(trd) else None), len(trd)
    un = d["unagree"].drop_nulls()
    f["unagree_mean"], f["unagree_years"] = (float(un.mean()) if len(un) else None), len(un)
    al = d["atop_alliance"].drop_nulls()
    f["atop_years"], f["atop_allied"] = len(al), int((al == 1).sum())
    f["carried_years"] = sum(1 for y in range(lo, hi + 1) if data.vintage.get(y))
    led = data.ledger
    if led is not None:
        ly = led.filter(pl.col("year").is_between(lo, hi))
        f["ledger_events"] = ly.height
        f["ledger_hostile"] = ly.filter(pl.col("direction") == "hostile").height
    if data.whatif is not None:
        w = data.whatif.filter(pl.col("year").is_between(lo, hi))
        wr = w.select("rank_b_in_a", "n_b_in_a", "rank_a_in_b", "n_a_in_b").drop_nulls()
        f["whatif_both_top10"] = (
            int(
                (
                    (wr["rank_b_in_a"] <= (wr["n_b_in_a"] * 0.1).ceil())
                    & (wr["rank_a_in_b"] <= (wr["n_a_in_b"] * 0.1).ceil())
                ).sum()
            )
            if wr.height
            else 0
        )
        f["whatif_rank_years"] = wr.height
        ct = w["common_threat"].drop_nulls() if "common_threat" in w.columns else pl.Series([], dtype=pl.Float64)
        f["whatif_ct_mean"] = float(ct.mean()) if len(ct) else None
        base = s["common_threat"].drop_nulls()
        f["ct_mean"] = float(base.mean()) if len(base) else None
    return f


def then_and_now(data: CaseData, claims: list[dict]) -> dict | None:
    """The study's period beside the years after it: the same numbers per period, and the study's
    model claims (:data:`MODEL_RULES`) re-applied to each period under their declared rules."""
    from ._claims import evaluate_claims

    ps = periods(data)
    if len(ps) < 2:
        return None
    out: dict[str, Any] = {"periods": [list(p) for p in ps], "facts": [_period_facts(data, *p) for p in ps]}
    rows = []
    for c in claims:
        if c["rule"] not in MODEL_RULES:
            continue
        per = []
        for lo, hi in ps:
            cc = {**c, "params": {**c.get("params", {}), "years": [lo, hi]}, "sensitivity": {}}
            r = evaluate_claims([cc], data)[0]
            per.append({"years": [lo, hi], "verdict": r["verdict"], "value": r["value"], "text": r["text"]})
        rows.append(
            {"id": c["id"], "rule": c["rule"], "version": c.get("version", 1), "claim": c["claim"], "by_period": per}
        )
    out["claims"] = rows
    return out


def whatif_facts(data: CaseData) -> dict | None:
    """The what-if in numbers: the pair with and without the threatener's threat, over the report's years."""
    if data.whatif is None or data.threatener is None:
        return None
    w = data.whatif
    s = data.pair_series
    j = s.select("year", "common_threat", "ct_rank_all", "ct_n_pairs", "rank_b_in_a", "rank_a_in_b", "n_b_in_a").join(
        w.select(
            "year",
            *[
                pl.col(c).alias(f"{c}_wo")
                for c in ("common_threat", "ct_rank_all", "ct_n_pairs", "common_enemy", "rank_b_in_a", "rank_a_in_b")
                if c in w.columns
            ],
        ),
        on="year",
        how="left",
    )
    rows = j.to_dicts()

    def top10(r: dict, suffix: str) -> bool | None:
        rb, ra, n = r.get(f"rank_b_in_a{suffix}"), r.get(f"rank_a_in_b{suffix}"), r.get("n_b_in_a")
        if rb is None or ra is None or not n:
            return None
        lim = -(-n * 0.1 // 1)
        return rb <= lim and ra <= lim

    k = sum(1 for r in rows if top10(r, ""))
    kw = sum(1 for r in rows if top10(r, "_wo"))
    n = sum(1 for r in rows if top10(r, "_wo") is not None)
    wo_en = [r.get("common_enemy_wo") for r in rows if r.get("common_enemy_wo") is not None]
    en, en_n = _mode(wo_en)
    return {
        "threatener": data.threatener,
        "rows": rows,
        "years_both_top10": k,
        "years_both_top10_without": kw,
        "rank_years": n,
        "common_enemy_without": en,
        "common_enemy_without_years": en_n,
        "ct_mean": float(np.nanmean([r["common_threat"] for r in rows if r.get("common_threat") is not None]))
        if any(r.get("common_threat") is not None for r in rows)
        else None,
        "ct_mean_without": float(
            np.nanmean([r["common_threat_wo"] for r in rows if r.get("common_threat_wo") is not None])
        )
        if any(r.get("common_threat_wo") is not None for r in rows)
        else None,
    }


def vintage_rows(data: CaseData) -> list[dict]:
    """Per year: the threat model's inputs carried forward (empty: all observed) and which alignment
    sources have data that year (a source past its end is missing, not carried forward)."""
    beh = {r["year"]: r for r in data.behaviour.iter_rows(named=True)}
    out = []
    for y in data.years:
        b = beh.get(y, {})
        out.append(
            {
                "year": y,
                "carried": list(data.vintage.get(y, [])),
                "atop": b.get("atop_alliance") is not None,
                "sipri": b.get("tiv_ab") is not None,
                "trade": b.get("trade_total") is not None,
                "un": b.get("unagree") is not None,
            }
        )
    return out
