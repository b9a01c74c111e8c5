"""The numbers of docs/alignment.md (Alignment v2): computed, cached as JSON, rendered into generated blocks.

    python scripts/alignment_results.py                 # compute what is missing, rewrite the blocks
    python scripts/alignment_results.py --force         # recompute everything (about 30 min on 2 quiet cores)
    python scripts/alignment_results.py --render-only   # rewrite the blocks from the cached JSON

Only the text between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` in
docs/alignment.md is rewritten (the markers of scripts/make_docs.py, where these blocks are to be
registered).  Results are cached in docs/_generated/alignment-v2/<name>.json.  The order of the
computations is the protocol: the specification is chosen on the validation years first
(``select``), then the test years are scored once with it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CACHE = ROOT / "docs" / "_generated" / "alignment-v2"
DOC = ROOT / "docs" / "alignment.md"

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
}


# ---- computations ------------------------------------------------------------------------------------
def comp_select() -> dict:
    from threatbalance.evaluation import alliance_onset as ao

    return ao.select_specification("any")


def _chosen() -> str:
    return load("select")["chosen"]


def comp_test_any() -> dict:
    from threatbalance.evaluation import alliance_onset as ao

    return ao.run((1816, 1990), (1991, 2016), outcome="any", classifier=_chosen())[0]


def comp_test_defense() -> dict:
    from threatbalance.evaluation import alliance_onset as ao

    return ao.run((1816, 1990), (1991, 2016), outcome="defense", classifier=_chosen())[0]


def comp_partner_choice() -> dict:
    from threatbalance.evaluation import evaluate

    return evaluate("partner-choice", classifier=_chosen())


def comp_landscape() -> dict:
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


def comp_partners() -> dict:
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


COMPUTATIONS = {
    "select": comp_select,
    "test_any": comp_test_any,
    "test_defense": comp_test_defense,
    "partner_choice": comp_partner_choice,
    "landscape": comp_landscape,
    "partners": comp_partners,
}


def load(name: str) -> dict:
    return json.loads((CACHE / f"{name}.json").read_text(encoding="utf-8"))


def compute(force: bool = False, only: list[str] | None = None) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    for name, fn in COMPUTATIONS.items():
        if only and name not in only:
            continue
        path = CACHE / f"{name}.json"
        if path.exists() and not force:
            continue
        print(f"computing {name} ...", flush=True)
        res = fn()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(res, indent=1, default=float), encoding="utf-8")
        tmp.replace(path)


# ---- rendering -----------------------------------------------------------------------------------------
def _ci(d: dict, k: str, digits: int = 3, scale: float = 1.0) -> str:
    v = d[k]
    return f"{scale * v['point']:+.{digits}f} [{scale * v['lo90']:+.{digits}f}, {scale * v['hi90']:+.{digits}f}]"


def render_select() -> str:
    s = load("select")
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


def render_test(name: str) -> str:
    r = load(name)
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
                f"Differences from B with 90% intervals ({nest['draws']} bootstrap draws over test years x treaty "
                "clusters); log-loss in thousandths (negative = better):\n"
            ),
        ]
        for sub, blk in nest["subsets"].items():
            lines += [
                (
                    f"*{sub} onsets* ({blk['events']:,}; B: AUROC {blk['B']['auroc']:.3f}, "
                    f"PR-AUC {blk['B']['pr_auc']:.3f}):\n"
                ),
                "| block added to B | ΔAUROC | ΔPR-AUC | Δlog-loss (x1000) |",
                "|---|---|---|---|",
            ]
            for m, d in blk["deltas"].items():
                lines.append(
                    f"| {LABEL.get(m, m)} | {_ci(d, 'auroc')} | {_ci(d, 'pr_auc')} | {_ci(d, 'log_loss', 3, 1000)} |"
                )
            lines.append("")
    return "\n".join(lines) + "\n"


def render_partner_choice(name: str = "partner_choice") -> str:
    r = load(name)
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
            lines.append(
                f"| {LABEL.get(m, m)} | {_ci(v, 'hit_at_1', 2)} | {_ci(v, 'hit_at_10', 2)} | {_ci(v, 'mrr', 3)} |"
            )
        lines.append("")
    return "\n".join(lines).replace("+", "") + "\n"


def render_landscape() -> str:
    r = load("landscape")
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


def render_partners() -> str:
    r = load("partners")
    lines = [
        "`threatbalance partners AZE --year 2012` (ranked by the shipped AlignmentModel; strategic rivals last):\n",
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


BLOCKS = {
    "alignment-select": render_select,
    "alignment-nested-alliance": lambda: render_test("test_any"),
    "alignment-nested-defense": lambda: render_test("test_defense"),
    "alignment-nested-alliance-logit": lambda: render_test("test_any_logit"),
    "alignment-partner-choice": render_partner_choice,
    "alignment-partner-choice-logit": lambda: render_partner_choice("partner_choice_logit"),
    "alignment-landscape": render_landscape,
    "alignment-partners": render_partners,
}


def render() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, fn in BLOCKS.items():
        pat = re.compile(rf"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)", re.S)
        if not pat.search(text):
            print(f"docs/alignment.md has no block {name}; skipped")
            continue
        try:
            body = fn()
        except FileNotFoundError as exc:
            print(f"{name}: no cached result ({exc.filename}); skipped")
            continue
        text = pat.sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--render-only", action="store_true")
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    if not a.render_only:
        compute(force=a.force, only=a.only.split(",") if a.only else None)
    render()
