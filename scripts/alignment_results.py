"""Alignment v2 computations and blocks of docs/alignment.md, run by ``scripts/make_docs.py``.

    python scripts/make_docs.py --only alignment-select ...   # or any block of ``BLOCKS`` below
    python scripts/alignment_results.py                       # the same for every alignment block
    python scripts/alignment_results.py --check               # make_docs --check of these blocks

Every computation is a make_docs computation: its result is cached in ``docs/_generated/<name>.json``
with the fingerprint of the library code and data it depends on, and recomputed when that changes
(about an hour for all of them on 2 quiet cores; set ``THREATBALANCE_CACHE`` to a directory to keep the
refitted threat models and dyad frames between runs).  The order is the protocol: the specification
is chosen on the validation years first (``align-select``; the chosen classifier must equal
``alliance_onset.CLASSIFIER``, else rendering fails), then the test years are scored with it; the
logistic-regression and rolling-origin runs are reported beside it, not chosen among.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

LABEL = {
    "B": "B (structural baseline)",
    "B+threat": "B + balance of threat (common + mutual)",
    "B+common_threat": "B + common threat only",
    "B+power": "B + balance of power",
    "B+bandwagon": "B + bandwagoning",
    "B+regime": "B + regime similarity",
    "B+un": "B + UN affinity",
    "B+all": "B + all five theories",
    "B+placebo_proximity": "B + placebo: common threat, proximity-only matrix",
    "B+placebo_power": "B + placebo: common threat, power-only matrix",
    "score": "hand-set score S - 10 m (no fit)",
    "random": "random ranking (exact expectation)",
}


# ---- computations (make_docs: each takes the figure directory and returns a JSON-able dict) ----------
def comp_select(img_dir: Path) -> dict:
    from threatbalance.evaluation import alliance_onset as ao

    return ao.select_specification("any")


#: the rolling-origin run: refits every 10 test years (1991-2000, 2001-2010, 2011-2016), models central to the
#: question only (B, the threat blocks, their placebos, all theories): gradient-boosted trees on up to 800,000
#: rows cost about a minute a fit on 2 cores, so every block at every origin was left out (declared before the run)
ROLLING_STEP = 10
ROLLING_MODELS = ("B", "B+threat", "B+common_threat", "B+placebo_proximity", "B+placebo_power", "B+all")


def _test(outcome: str, classifier: str | None, origin: str = "fixed") -> dict:
    from threatbalance.evaluation import alliance_onset as ao

    models = ROLLING_MODELS if origin == "rolling" else None
    span = ((1816, 1990), (1991, 2016))
    return ao.run(*span, outcome=outcome, classifier=classifier, origin=origin, step=ROLLING_STEP, models=models)[0]


def comp_test_any(img_dir: Path) -> dict:
    return _test("any", None)  # alliance_onset.CLASSIFIER: the validation rule's choice


def comp_test_any_logit(img_dir: Path) -> dict:
    return _test("any", "logit")


def comp_test_any_rolling(img_dir: Path) -> dict:
    return {"chosen": _test("any", None, "rolling"), "logit": _test("any", "logit", "rolling")}


def comp_test_defense(img_dir: Path) -> dict:
    return _test("defense", None)


def comp_partner_choice(img_dir: Path) -> dict:
    from threatbalance.evaluation import evaluate

    return evaluate("partner-choice")


def comp_partner_choice_logit(img_dir: Path) -> dict:
    from threatbalance.evaluation import evaluate

    return evaluate("partner-choice", classifier="logit")


def comp_landscape(img_dir: Path) -> dict:
    import threatbalance as tb
    from threatbalance.evaluation.alliance_onset import LANDSCAPE_VARIANTS

    out: dict = {"ab1936": {}, "coldwar1955": {}}
    for case in out:
        for th in ("threat", "power", "bandwagon", "regime", "un", "ab"):
            try:
                out[case][th] = tb.landscape(case=case, theory=th).to_dict()
            except tb.ThreatBalanceError as exc:
                out[case][th] = {"error": str(exc)}
    out["variants1936"] = {
        f"{c}/{lam:g}": tb.landscape(1936, common=c, mutual_weight=lam).to_dict() for c, lam in LANDSCAPE_VARIANTS
    }
    return out


def comp_partners(img_dir: Path) -> dict:
    import polars as pl

    import threatbalance as tb

    p = tb.partners("AZE", year=2012, top=None)
    rows = p.select(
        "rank",
        "abb",
        "name",
        "p_align",
        "score",
        "enemy_abb",
        "enemy_share",
        "allied",
        "rival",
        "c_baseline",
        "c_threat",
        "c_power",
        "c_bandwagon",
        "c_regime",
        "c_un",
    )
    pick = rows.filter(pl.col("abb").is_in(["ISR", "IRN", "ARM", "TUR", "USA"]))
    s = tb.partners("AZE", year=2012, top=None, method="score")
    return {
        "top": rows.head(10).to_dicts(),
        "pick": pick.to_dicts(),
        "n": p.height,
        "score_rank": {a: int(s.filter(pl.col("abb") == a)["rank"][0]) for a in ("ISR", "IRN", "ARM")},
    }


#: make_docs computation name -> function (names prefixed ``align-``; results in docs/_generated/<name>.json)
COMPUTATIONS = {
    "align-select": comp_select,
    "align-test-any": comp_test_any,
    "align-test-any-logit": comp_test_any_logit,
    "align-test-any-rolling": comp_test_any_rolling,
    "align-test-defense": comp_test_defense,
    "align-partner-choice": comp_partner_choice,
    "align-partner-choice-logit": comp_partner_choice_logit,
    "align-landscape": comp_landscape,
    "align-partners": comp_partners,
}


# ---- rendering -----------------------------------------------------------------------------------------
def _ci(d: dict, k: str, digits: int = 3, scale: float = 1.0) -> str:
    v = d[k]
    return f"{scale * v['point']:+.{digits}f} [{scale * v['lo90']:+.{digits}f}, {scale * v['hi90']:+.{digits}f}]"


def _delta_rows(deltas: dict, head: str = "block added to B") -> list[str]:
    """A markdown table of differences with their 90% intervals (log-loss in thousandths)."""
    rows = [f"| {head} | ΔAUROC | ΔPR-AUC | Δlog-loss (x1000) |", "|---|---|---|---|"]
    for m, d in deltas.items():
        name = " - ".join(LABEL.get(x, x) for x in m.split(" - "))
        rows.append(f"| {name} | {_ci(d, 'auroc')} | {_ci(d, 'pr_auc')} | {_ci(d, 'log_loss', 3, 1000)} |")
    return rows


def render_select(c: dict) -> str:
    from threatbalance.evaluation.alliance_onset import CLASSIFIER

    s = c["align-select"]
    if s["chosen"] != CLASSIFIER:
        raise RuntimeError(
            f"the validation rule chose {s['chosen']!r} but alliance_onset.CLASSIFIER is {CLASSIFIER!r}: "
            "set CLASSIFIER to the rule's choice, then rerun python scripts/make_docs.py"
        )
    b = s["B"]
    lines = [
        (
            f"Validation: fit {s['train'][0]}-{s['train'][1]} (threat model refitted on "
            f"{s['threat_fit_years'][0]['weights'][0]}-{s['threat_fit_years'][0]['weights'][1]}), score "
            f"{s['validate'][0]}-{s['validate'][1]}. Rule (declared before the run): {s['rule']}.\n"
        ),
        "| classifier | B validation log-loss | AUROC | PR-AUC |",
        "|---|---|---|---|",
    ]
    for k, v in b.items():
        lines.append(f"| {k} | {v['log_loss']:.5f} | {v['auroc']:.3f} | {v['pr_auc']:.3f} |")
    lines += [f"\nChosen: **{s['chosen']}**. The nested models on the validation years with it:\n"]
    lines += ["| model | AUROC | PR-AUC | log-loss |", "|---|---|---|---|"]
    for m, v in s["models"].items():
        lines.append(f"| {LABEL.get(m, m)} | {v['auroc']:.3f} | {v['pr_auc']:.3f} | {v['log_loss']:.5f} |")
    return "\n".join(lines) + "\n"


def render_test(r: dict) -> str:
    fy = r["threat_fit_years"][0]
    on = r.get("onsets", {})
    lines = [
        (
            f"`threatbalance evaluate --task {r['task']} --format json` (train {r['train'][0]}-{r['train'][1]}: "
            f"{r['events_train']:,} onsets in {r['n_train']:,} dyad-years; test {r['test'][0]}-{r['test'][1]}: "
            f"{r['events_test']:,} onsets ({on.get('bilateral', 0):,} bilateral, {on.get('multilateral', 0):,} "
            f"multilateral, {on.get('treaties', 0)} treaty clusters) in {r['n_test']:,} dyad-years; classifier "
            f"{r['classifier']}; threat model fitted on {fy['weights'][0]}-{fy['weights'][1]}, intercept on "
            f"{fy['intercept'][0]}-{fy['intercept'][1]}).\n"
        ),
        "| model | AUROC | PR-AUC | Brier | log-loss | P@100 |",
        "|---|---|---|---|---|---|",
    ]
    for m, v in r["models"].items():
        lines.append(
            f"| {LABEL.get(m, m)} | {v['auroc']:.3f} | {v['pr_auc']:.3f} | {v['brier']:.5f} | {v['log_loss']:.5f} | "
            f"{v['precision_at_100']:.2f} |"
        )
    nest = r.get("nested")
    if nest:
        lines += [
            "",
            (
                f"Differences from B with 90% intervals ({nest['draws']} bootstrap draws: test years, then treaty "
                "clusters within each drawn year); log-loss in thousandths (negative = better):\n"
            ),
        ]
        for sub, blk in nest["subsets"].items():
            lines += [
                (
                    f"*{sub} onsets* ({blk['events']:,}; B: AUROC {blk['B']['auroc']:.3f}, "
                    f"PR-AUC {blk['B']['pr_auc']:.3f}):\n"
                ),
            ]
            lines += _delta_rows(blk["deltas"])
            if blk.get("contrasts"):
                lines += ["", "Paired contrasts on the same draws (threat block minus placebo):", ""]
                lines += _delta_rows(blk["contrasts"], "contrast")
            lines.append("")
    return "\n".join(lines) + "\n"


def render_partner_choice(r: dict) -> str:
    lines = []
    for kind, blk in r["pledges"].items():
        lines += [
            (
                f"*{'all pledges' if kind == 'any' else 'defence pacts'}*: {blk['state_years']} state-years with a new "
                f"partner (on average {blk['mean_new_partners']:.1f} new partners each):\n"
            ),
            "| model | hit@1 | hit@10 | MRR |",
            "|---|---|---|---|",
        ]
        for m, v in blk["models"].items():
            keys = (("hit_at_1", 2), ("hit_at_10", 2), ("mrr", 3))
            cells = " | ".join(_ci(v, k, d).replace("+", "") for k, d in keys)
            lines.append(f"| {LABEL.get(m, m)} | {cells} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def render_landscape(c: dict) -> str:
    r = c["align-landscape"]
    lines = [
        "| case | theory | placed correctly | random split (mean) | p-value |",
        "|---|---|---|---|---|",
    ]
    for case in ("ab1936", "coldwar1955"):
        for th, d in r[case].items():
            if "error" in d:
                lines.append(f"| {case} | {th} | - | - | {d['error'].split(';')[0]} |")
                continue
            s = d["score"]
            lines.append(f"| {case} | {th} | {s['correct']} of {s['of']} | {s['null_mean']:.2f} | {s['p_value']:.3g} |")
    fy = {c: r[c]["threat"].get("threat_fit_years") for c in ("ab1936", "coldwar1955")}
    lines += [
        "",
        "Threat model refitted for each case on the dispute years before it ("
        + "; ".join(f"{c}: {v['weights'][0]}-{v['weights'][1]}" for c, v in fy.items() if v)
        + "); the other theories need no fit.",
    ]
    lines += [
        "",
        "1936 pre-declared variants of the threat propensity:",
        "",
        "| variant | placed | p-value |",
        "|---|---|---|",
    ]
    for k, d in r["variants1936"].items():
        lines.append(f"| {k} | {d['score']['correct']} of 17 | {d['score']['p_value']:.3g} |")
    return "\n".join(lines) + "\n"


def render_partners(c: dict) -> str:
    r = c["align-partners"]
    lines = [
        (
            "`threatbalance partners AZE --year 2012` (ranked by the shipped AlignmentModel, in-sample; states allied "
            "with Azerbaijan in 2011 after every new candidate, strategic rivals last; 'ATOP allied': an obligation in "
            "2012):\n"
        ),
        "| rank | partner | p_align | common enemy (share) | ATOP allied | baseline | threat | power | UN |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for x in r["top"]:
        lines.append(
            f"| {x['rank']} | {x['name']} | {x['p_align']:.3f} | {x['enemy_abb']} ({x['enemy_share']:.2f}) | "
            f"{'yes' if x['allied'] else 'no'} | {x['c_baseline']:+.2f} | {x['c_threat']:+.2f} | {x['c_power']:+.2f} | "
            f"{x['c_un']:+.2f} |"
        )
    pk = {x["abb"]: x for x in r["pick"]}
    lines.append(
        "\n"
        + "; ".join(
            f"{a}: rank {pk[a]['rank']} of {r['n']} (p_align {pk[a]['p_align']:.4f}, common enemy {pk[a]['enemy_abb']}"
            + (", strategic rival" if pk[a]["rival"] else "")
            + ")"
            for a in ("ISR", "IRN", "ARM", "TUR", "USA")
            if a in pk
        )
        + f". By the hand-set score (`--method score`): Israel {r['score_rank']['ISR']}, "
        f"Iran {r['score_rank']['IRN']}, "
        f"Armenia {r['score_rank']['ARM']}.\n"
    )
    return "\n".join(lines)


def render_rolling(c: dict) -> str:
    """Fixed against rolling origin, for the chosen classifier and the logistic regression."""
    fixed = {"chosen": c["align-test-any"], "logit": c["align-test-any-logit"]}
    roll = c["align-test-any-rolling"]
    r0 = roll["chosen"]
    blocks = "; ".join(
        f"{x['test'][0]}-{x['test'][1]}: {x['weights'][0]}-{x['weights'][1]}" for x in r0["threat_fit_years"]
    )
    lines = [
        (
            f"Rolling origin (refitted every {ROLLING_STEP} test years on all earlier years; threat model per block, "
            f"fitted on "
            f"{blocks}), against the fixed origin of the tables above:\n"
        ),
        "| model | classifier | fixed: AUROC | PR-AUC | log-loss | rolling: AUROC | PR-AUC | log-loss |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in ("chosen", "logit"):
        f, r = fixed[kind], roll[kind]
        for m, v in r["models"].items():
            u = f["models"][m]
            lines.append(
                f"| {LABEL.get(m, m)} | {r['classifier']} | {u['auroc']:.3f} | {u['pr_auc']:.3f} | "
                f"{u['log_loss']:.5f} | "
                f"{v['auroc']:.3f} | {v['pr_auc']:.3f} | {v['log_loss']:.5f} |"
            )
    rn = r0.get("nested", {}).get("subsets", {}).get("all")
    if rn:
        lines += ["", f"Rolling origin, {r0['classifier']}: differences from B (90% intervals, as above):", ""]
        lines += _delta_rows(rn["deltas"])
    return "\n".join(lines) + "\n"


def best_test_model(c: dict) -> tuple[str, str, dict]:
    """(run, model, metrics) of the highest test AUROC over every reported run: descriptive, named after scoring."""
    runs = {
        "fixed origin, " + c["align-test-any"]["classifier"]: c["align-test-any"],
        "fixed origin, logit": c["align-test-any-logit"],
        "rolling origin, " + c["align-test-any-rolling"]["chosen"]["classifier"]: c["align-test-any-rolling"]["chosen"],
        "rolling origin, logit": c["align-test-any-rolling"]["logit"],
    }
    best = max(((k, m, v) for k, r in runs.items() for m, v in r["models"].items()), key=lambda t: t[2]["auroc"])
    return best


#: make_docs blocks of docs/alignment.md: name -> (computations it needs, renderer)
BLOCKS = {
    "alignment-select": (("align-select",), render_select),
    "alignment-nested-alliance": (("align-test-any",), lambda c: render_test(c["align-test-any"])),
    "alignment-nested-alliance-logit": (("align-test-any-logit",), lambda c: render_test(c["align-test-any-logit"])),
    "alignment-rolling": (("align-test-any", "align-test-any-logit", "align-test-any-rolling"), render_rolling),
    "alignment-nested-defense": (("align-test-defense",), lambda c: render_test(c["align-test-defense"])),
    "alignment-partner-choice": (("align-partner-choice",), lambda c: render_partner_choice(c["align-partner-choice"])),
    "alignment-partner-choice-logit": (
        ("align-partner-choice-logit",),
        lambda c: render_partner_choice(c["align-partner-choice-logit"]),
    ),
    "alignment-landscape": (("align-landscape",), render_landscape),
    "alignment-partners": (("align-partners",), render_partners),
}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_docs

    ap = argparse.ArgumentParser(description="make_docs.py for the alignment blocks only")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    args = [x for b in BLOCKS for x in ("--only", b)]
    sys.exit(make_docs.main(args + (["--check"] if a.check else []) + (["--force"] if a.force else [])))
