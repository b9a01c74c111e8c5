"""Regenerate every number table and figure of README.md and docs/*.md from code.

Usage::

    python scripts/make_docs.py              # recompute what changed, rewrite the generated blocks
    python scripts/make_docs.py --check      # exit 1, with a short diff, if any block or cache is stale
    python scripts/make_docs.py --only NAME  # one block (see --list)
    python scripts/make_docs.py --force      # recompute everything, whatever the fingerprints say
    python scripts/make_docs.py --list       # the blocks, their files and computations

Only the text between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` is rewritten;
the markers stay.  Each block is rendered from one or more *computations* (an evaluation, the
landscape test, ...).  A computation's result is cached in ``docs/_generated/<name>.json`` beside
the fingerprint of its inputs: the syntax trees (without docstrings and comments, so reformatting
does not count) of the library modules it depends on, the compute function in this script, and the
shipped data's checksums (``src/threatbalance/data/checksums.json``).  A computation is rerun only
when that fingerprint changes (or with ``--force``), so ``--check`` is fast when nothing changed.
Figures written by a computation are recorded with their SHA-256; ``--check`` verifies them too.

Timing figures are never recomputed here (they depend on the machine): ``docs/_generated/
benchmarks.json`` records them with the machine, the date and the benchmark commands, and is
edited by whoever measures on a quiet machine; ``--check`` only verifies that the markdown says
what that file says.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import inspect
import json
import platform
import re
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "threatbalance"
CACHE = ROOT / "docs" / "_generated"
BENCH = CACHE / "benchmarks.json"
MINUS = "\u2212"

#: library modules (relative to src/threatbalance) that every computation below depends on
CORE = (
    "_errors.py",
    "_io.py",
    "_validate.py",
    "_panel_base.py",
    "sources",
    "states.py",
    "panels.py",
    "covariates",
    "threat",
    "alignment",
    "evaluation",
)


# ------------------------------------------------------------------------------------------------
# fingerprints
# ------------------------------------------------------------------------------------------------
def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _strip_annotations(tree: ast.AST) -> ast.AST:
    """Type annotations do not change what the code computes (``from __future__ import annotations``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.returns = None
        elif isinstance(node, ast.arg):
            node.annotation = None
        elif isinstance(node, ast.AnnAssign):
            node.annotation = ast.Constant(None)
    return tree


def code_hash(source: str) -> str:
    """SHA-256 of the syntax tree without docstrings and annotations: formatting, comments, docs and
    type annotations do not count."""
    tree = _strip_annotations(_strip_docstrings(ast.parse(source)))
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def _module_files(deps: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for d in deps:
        p = PKG / d
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.exists() else []
    return files


def fingerprint(comp: Computation) -> dict[str, str]:
    parts = {str(f.relative_to(ROOT)): code_hash(f.read_text(encoding="utf-8")) for f in _module_files(comp.deps)}
    parts["scripts/make_docs.py:" + comp.func.__name__] = code_hash(textwrap.dedent(inspect.getsource(comp.func)))
    parts["data checksums"] = hashlib.sha256((PKG / "data" / "checksums.json").read_bytes()).hexdigest()
    total = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return {"sha256": total, **parts}


def _sha_file(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _jsonable(x: Any) -> Any:
    """numpy scalars and tuples to plain JSON values."""
    import numpy as np

    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


# ------------------------------------------------------------------------------------------------
# computations (each returns a JSON-able dict; figures go to ``img_dir`` and are listed in "_figures")
# ------------------------------------------------------------------------------------------------
sys.path.insert(0, str(ROOT / "src"))  # the checkout's package, not an installed copy
sys.path.insert(0, str(ROOT / "scripts"))
import alignment_results  # noqa: E402  (the alignment v2 computations and blocks)


def comp_mid_onset(img_dir: Path) -> dict:
    from threatbalance.evaluation import evaluate

    return evaluate("mid-onset")


def comp_mid_onset_selection(img_dir: Path) -> dict:
    from threatbalance.evaluation.mid_onset import selection_table

    return selection_table()


@dataclass(frozen=True)
class Computation:
    name: str
    func: Callable[[Path], dict]
    deps: tuple[str, ...] = CORE


COMPUTATIONS = {
    c.name: c
    for c in (
        Computation("eval-mid-onset", comp_mid_onset),
        Computation("mid-onset-selection", comp_mid_onset_selection),
        *(Computation(name, func) for name, func in alignment_results.COMPUTATIONS.items()),
    )
}


# ------------------------------------------------------------------------------------------------
# rendering (cheap; always rerun from the cached results)
# ------------------------------------------------------------------------------------------------
def _signed(x: float, nd: int) -> str:
    return f"{x:+.{nd}f}".replace("-", MINUS)


def _minus(x: float, nd: int) -> str:
    return f"{x:.{nd}f}".replace("-", MINUS)


MID_LABELS = {
    "threat_index": "**threat index** (`ThreatModel().fit`, 4 non-negative terms)",
    "threat_features_free": "same features, unconstrained logit",
    "plain_logit": "plain logit (land and any contiguity, log capital distance, both CINCs, log CINC ratio, ATOP "
    "alliance, TSS rivalry, *j*'s initiations against *i* in the previous 10 years)",
    "contiguity_distance": "contiguity (one indicator per type) + log capital distance",
    "cinc_ratio": "CINC ratio alone",
}


def render_mid_onset(c: dict) -> str:
    d = c["eval-mid-onset"]
    lines = [
        "| model | AUROC | PR-AUC | Brier | precision at 100 | precision at 500 | predicted / observed events |",
        "|---|---|---|---|---|---|---|",
    ]
    for m, label in MID_LABELS.items():
        r = d["models"][m]
        ev = f"{r['predicted_events']:,.0f} / {r['events']:,}"
        cells = [f"{r['auroc']:.4f}", f"{r['pr_auc']:.4f}", f"{r['brier']:.6f}"]
        if m == "threat_index":
            cells = [f"**{x}**" for x in cells]
            ev += f" ({r['predicted_events_full_fit_intercept']:,.0f} without the recalibration)"
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | {r['precision_at_100']:.2f} | {r['precision_at_500']:.3f} | {ev} |"
        )
    o = d["reference"]["dyad_rate_oracle"]
    lines.append(
        f"| *ceiling: each test dyad's own observed {d['test'][0]}-{d['test'][1]} rate (uses the test outcomes; "
        f"not a model)* | *{o['auroc']:.4f}* | *{o['pr_auc']:.4f}* | *{o['brier']:.6f}* | | | |"
    )
    return "\n".join(lines)


def render_mid_onset_bootstrap(c: dict) -> str:
    b = c["eval-mid-onset"]["bootstrap"]
    lines = ["| | point | 90% interval | draws in which the index is not ahead |", "|---|---|---|---|"]
    for key, label in (("pr_auc_diff", "PR-AUC"), ("auroc_diff", "AUROC")):
        x = b[key]
        lines.append(
            f"| {label} | {_signed(x['point'], 4)} | {_signed(x['lo90'], 4)} to {_signed(x['hi90'], 4)} | "
            f"{100 * x['share_not_ahead']:.0f}% |"
        )
    return "\n".join(lines)


def render_mid_onset_weights(c: dict) -> str:
    d = c["eval-mid-onset"]
    w = dict(d["fitted_weights"])
    b0 = w.pop("intercept")
    groups: dict[str, list[str]] = {}
    zero = 0
    for k, v in w.items():
        if round(v, 3) == 0:
            zero += 1
            continue
        groups.setdefault(k.split("_", 1)[0], []).append(f"{k} {v:.3f}")
    body = "; ".join(", ".join(g) for g in groups.values())
    rest = "; all others 0" if zero else ""
    return (
        f"Fitted weights on {d['train'][0]}-{d['train'][1]} (the evaluated model; `fitted_weights` in the JSON): "
        f"intercept {_minus(b0, 2)} (full fit {_minus(d['intercept_full_fit'], 2)}); {body}{rest}."
    )


SELECTION_LABELS = {
    "shipped": "**shipped** (peace-years kernels, no embattlement)",
    "previous (embattled, no peace-years)": "previous model (`int_target_embattled`, no peace years)",
    "shipped + int_target_embattled": "shipped + `int_target_embattled`",
    "shipped + lagged system rate (context)": "shipped + lagged system-wide initiation rate (context)",
}


def render_selection(c: dict) -> str:
    t = c["mid-onset-selection"]
    lines = [
        (
            f"Validation, {t['n_validate']:,} dyad-years with {t['events_validate']:,} initiations "
            "(every candidate with the intercept recalibrated on its last 10 training years):\n"
        ),
        "| candidate | AUROC | PR-AUC | Brier | predicted / observed events |",
        "|---|---|---|---|---|",
    ]
    for name, r in t["candidates"].items():
        pr = f"**{r['pr_auc']:.4f}**" if name == "shipped" else f"{r['pr_auc']:.4f}"
        lines.append(
            f"| {SELECTION_LABELS.get(name, name)} | {r['auroc']:.4f} | {pr} | {r['brier']:.7f} | "
            f"{r['predicted_events']:,.0f} / {r['events']:,} |"
        )
    lines += [
        "",
        "| intercept recalibrated on the last K training years | predicted / observed | Brier |",
        "|---|---|---|",
    ]
    for k, r in t["recalibration"].items():
        label, ev = ("none (full fit)" if k == "none" else k), f"{r['predicted_events']:,.0f} / {r['events']:,}"
        if k == "10":
            label, ev = f"**{label}**", f"**{ev}**"
        lines.append(f"| {label} | {ev} | {r['brier']:.7f} |")
    return "\n".join(lines)


#: the README's targets for the landscape test (Axelrod & Bennett's own model places 15 of 17)
LANDSCAPE_TARGET = 15


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


HOLDOUT = ROOT / "docs" / "results" / "mid_onset_holdout_2011_2014.json"


def _holdout_row() -> str:
    """The fresh 2011-2014 holdout: scored once (issue 10), read from its recorded JSON, never recomputed."""
    h = json.loads(HOLDOUT.read_text(encoding="utf-8"))
    ti, pl_ = h["models"]["threat_index"], h["models"]["plain_logit"]
    return (
        f"| MID initiation j → i, **fresh holdout {h['test'][0]}–{h['test'][1]}** (fit to {h['train'][1]}, "
        f"scored once; COW MID 5.0, {h['events_test']} initiations) | threat index | {ti['auroc']:.3f} | "
        f"{ti['pr_auc']:.3f} | plain logit {pl_['auroc']:.3f} / {pl_['pr_auc']:.3f} |"
    )


def render_readme_prediction(c: dict) -> str:
    mid = c["eval-mid-onset"]
    ti, pl_ = mid["models"]["threat_index"], mid["models"]["plain_logit"]
    tg, boot = mid["target"], mid["bootstrap"]
    sig = {k: boot[f"{k}_diff"]["lo90"] > 0 for k in ("auroc", "pr_auc")}
    sig_text = (
        f"the AUROC lead is {'significant' if sig['auroc'] else 'not significant'}, "
        f"the PR-AUC lead {'is' if sig['pr_auc'] else 'is not'}: year-block bootstrap"
    )
    if ti["auroc"] >= tg["auroc"] and ti["pr_auc"] >= tg["pr_auc"]:
        mid_verdict = "met"
    else:
        mid_verdict = f"AUROC {_met(ti['auroc'] >= tg['auroc'])}, PR-AUC {_met(ti['pr_auc'] >= tg['pr_auc'])}"
    al, lg = c["align-test-any"], c["align-test-any-logit"]
    b, bt = al["models"]["B"], al["models"]["B+threat"]
    nest = al["nested"]["subsets"]["all"]
    d, con = nest["deltas"], nest["contrasts"]

    def ci(x: dict) -> str:
        return f"{x['point']:+.3f} [{x['lo90']:+.3f}, {x['hi90']:+.3f}]".replace("-", MINUS)

    def above(x: dict) -> bool:
        return x["lo90"] > 0

    th = d["B+threat"]
    placebo_ok = all(above(con[f"B+threat - {p}"]["auroc"]) for p in ("B+placebo_proximity", "B+placebo_power"))
    lg_th = lg["nested"]["subsets"]["all"]["deltas"]["B+threat"]
    verdict = (
        f"ΔAUROC {ci(th['auroc'])}, ΔPR-AUC {ci(th['pr_auc'])}, Δlog-loss ×1000 "
        f"{ci({k: 1000 * v for k, v in th['log_loss'].items()})}: balance of threat "
        + ("raises AUROC over structure" if above(th["auroc"]) else "does **not** raise AUROC over structure")
        + (
            " and beats both placebos on it (paired intervals above 0)"
            if placebo_ok
            else ", not clearly more than its placebos"
        )
        + ("" if th["log_loss"]["hi90"] < 0 else ", without a better log-loss")
        + f"; under the logistic regression, whose B is stronger ({lg['models']['B']['auroc']:.3f} / "
        f"{lg['models']['B']['pr_auc']:.3f}), ΔAUROC {ci(lg_th['auroc'])}: "
        + ("it adds" if above(lg_th["auroc"]) else "it adds **nothing**")
    )
    run, model, best = alignment_results.best_test_model(c)
    at = al["target"]
    best_ok = best["auroc"] >= at["auroc"] and best["pr_auc"] >= at["pr_auc"]
    ls = c["align-landscape"]["ab1936"]["threat"]["score"]
    rows = [
        "| task | model | AUROC | PR-AUC | target |",
        "|---|---|---|---|---|",
        (
            f"| MID initiation j → i, test {mid['test'][0]}–{mid['test'][1]} | threat index | {ti['auroc']:.3f} | "
            f"{ti['pr_auc']:.3f} | ≥ {tg['auroc']:.2f} / ≥ {tg['pr_auc']:.2f}: {mid_verdict}; plain logit "
            f"{pl_['auroc']:.3f} / {pl_['pr_auc']:.3f} ({sig_text}) |"
        ),
        _holdout_row(),
        (
            f"| ATOP alliance onset, test {al['test'][0]}–{al['test'][1]} (threat model refitted to "
            f"{al['threat_fit_years'][0]['weights'][1]}; {al['classifier']}, chosen on 1971–1990) | structure B | "
            f"{b['auroc']:.3f} | {b['pr_auc']:.3f} | |"
        ),
        f"| | B + balance of threat | {bt['auroc']:.3f} | {bt['pr_auc']:.3f} | {verdict} |",
        (
            f"| | best reported model ({LABEL_SHORT.get(model, model)}, {run}; named after scoring) | "
            f"{best['auroc']:.3f} | {best['pr_auc']:.3f} | "
            f"≥ {at['auroc']:.2f} / ≥ {at['pr_auc']:.2f}: {_met(best_ok)}"
            + (
                " (the rolling origin was added after the fixed-origin test had been read)"
                if run.startswith("rolling")
                else ""
            )
            + " |"
        ),
        (
            f"| Axelrod & Bennett's 1936 Europe | landscape from threat | {ls['correct']} of {ls['of']} placed | | "
            f"≥ {LANDSCAPE_TARGET} of {ls['of']}: {_met(ls['correct'] >= LANDSCAPE_TARGET)}; a random two-bloc split "
            f"places {ls['null_mean']:.1f} on average (p = {ls['p_value']:.2f}) |"
        ),
    ]
    return "\n".join(rows)


LABEL_SHORT = {
    "B": "B",
    "B+threat": "B + threat",
    "B+common_threat": "B + common threat",
    "B+power": "B + power",
    "B+bandwagon": "B + bandwagoning",
    "B+regime": "B + regime",
    "B+un": "B + UN affinity",
    "B+all": "B + all theories",
    "B+placebo_proximity": "B + proximity placebo",
    "B+placebo_power": "B + power placebo",
}


def render_readme_speed(c: dict) -> str:
    b = c["benchmarks"]["figures"]
    ratio = b["peer_whole_seconds"] / b["whole_seconds"]
    return "\n".join(
        [
            (
                f"| README pipeline ({b['panel_rows']:,} rows x {b['panel_cols']} columns), whole process "
                "| wall time | CPU time | peak memory |"
            ),
            "|---|---|---|---|",
            f"| peacesciencer 1.2.9 (R), {b['peer_machine']} | {b['peer_whole_seconds']:g} s | – | – |",
            (
                f"| threatbalance, `python -c` of the pipeline (median of {b['panel_repeat']}) | "
                f"**{b['whole_seconds']:.2f} s** ({ratio:.1f}×) | {b['whole_cpu_seconds']:.2f} s | "
                f"{b['whole_peak_mb']:,.0f} MB |"
            ),
            (
                f"| threatbalance, `threatbalance panel ... --out dyads.parquet` (writing included) | "
                f"{b['cli_seconds']:.2f} s | {b['cli_cpu_seconds']:.2f} s | {b['cli_peak_mb']:,.0f} MB |"
            ),
            "",
            (
                f"Start-up: `import threatbalance` {b['import_seconds']:.3f} s, `threatbalance --help` "
                f"{b['help_seconds']:.3f} s (medians of {b['startup_repeat']}); {b['panel_machine']}, measured "
                f"{b['date']} with `python benchmarks/bench_panel.py`. "
                f"Scoring the threat model for all {b['threat_rows']:,} directed dyad-years 1816–2022 takes "
                f"{b['threat_cold_seconds']:.1f} s in a fresh process (`python benchmarks/bench_threat.py`)."
            ),
        ]
    )


def render_model_speed(c: dict) -> str:
    b = c["benchmarks"]["figures"]
    return (
        f"`python benchmarks/bench_threat.py` scores all {b['threat_rows']:,} directed dyad-years 1816-2022: "
        f"{b['threat_cold_seconds']:.1f} s in a\nfresh process (reading the shipped tables included), "
        f"{b['threat_warm_seconds']:.1f} s warm (features rebuilt and rescored;\nthe peace-years join adds about "
        f"1 s), peak memory {b['threat_peak_gb']:.1f} GB ({b['threat_machine']})."
    )


@dataclass(frozen=True)
class Block:
    name: str
    file: str
    needs: tuple[str, ...]
    render: Callable[[dict], str]


BLOCKS = {
    b.name: b
    for b in (
        Block("readme-prediction", "README.md",
              ("eval-mid-onset", "align-test-any", "align-test-any-logit", "align-test-any-rolling", "align-landscape"),
              render_readme_prediction),
        Block("readme-speed", "README.md", ("benchmarks",), render_readme_speed),
        *(Block(name, "docs/alignment.md", needs, render)
          for name, (needs, render) in alignment_results.BLOCKS.items()),
        Block("model-mid-onset", "docs/model.md", ("eval-mid-onset",), render_mid_onset),
        Block("model-mid-onset-bootstrap", "docs/model.md", ("eval-mid-onset",), render_mid_onset_bootstrap),
        Block("model-mid-onset-weights", "docs/model.md", ("eval-mid-onset",), render_mid_onset_weights),
        Block("model-selection", "docs/model.md", ("mid-onset-selection",), render_selection),
        Block("model-speed", "docs/model.md", ("benchmarks",), render_model_speed),
    )
}  # fmt: skip


# ------------------------------------------------------------------------------------------------
# the driver
# ------------------------------------------------------------------------------------------------
def _marker_re(name: str) -> re.Pattern[str]:
    n = re.escape(name)
    return re.compile(rf"(<!-- generated:{n} -->\n)(.*?)(<!-- /generated:{n} -->)", re.S)


def _short_diff(old: str, new: str, label: str, limit: int = 24) -> str:
    d = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), f"{label} (file)", f"{label} (code)", n=0, lineterm="")
    )
    more = f"\n    ... {len(d) - limit} more diff lines" if len(d) > limit else ""
    return "\n".join("    " + line for line in d[:limit]) + more


def load_benchmarks() -> dict:
    return json.loads(BENCH.read_text(encoding="utf-8"))


def obtain(comp: Computation, check: bool, force: bool, problems: list[str], log: Callable[[str], None]) -> dict:
    """The computation's result: from the cache when its fingerprint matches, else recomputed."""
    path = CACHE / f"{comp.name}.json"
    fp = fingerprint(comp)
    cached = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if cached and cached.get("fingerprint", {}).get("sha256") == fp["sha256"] and not force:
        for rel, sha in cached["result"].get("_figures", {}).items():
            if _sha_file(ROOT / rel) != sha:
                if check:
                    problems.append(f"figure {rel}: differs from what {path.relative_to(ROOT)} records")
                else:
                    log(f"{comp.name}: figure {rel} differs from its record; recomputing")
                    return obtain(comp, check, True, problems, log)
        return cached["result"]
    why = "forced" if force else "no cache" if not cached else "inputs changed"
    log(f"{comp.name}: computing ({why}) ...")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        img_dir = Path(tmp) if check else ROOT / "docs" / "img"
        img_dir.mkdir(parents=True, exist_ok=True)
        result = _jsonable(comp.func(img_dir))
    log(f"{comp.name}: {time.perf_counter() - t0:.0f} s")
    if check:
        changed = [k for k, v in fp.items() if k != "sha256" and (cached or {}).get("fingerprint", {}).get(k) != v]
        problems.append(
            f"cache {path.relative_to(ROOT)}: {why} ({', '.join(changed[:4]) or 'new'}"
            f"{', ...' if len(changed) > 4 else ''}); run python scripts/make_docs.py"
        )
        for rel, sha in result.get("_figures", {}).items():
            if _sha_file(ROOT / rel) != sha:
                problems.append(f"figure {rel}: stale (the code draws a different picture)")
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        import numpy
        import polars
        import sklearn

        record = {
            "computation": comp.name,
            "generated": date.today().isoformat(),
            "seconds": round(time.perf_counter() - t0, 1),
            "versions": {
                "python": platform.python_version(),
                "numpy": numpy.__version__,
                "polars": polars.__version__,
                "scikit-learn": sklearn.__version__,
            },
            "fingerprint": fp,
            "result": result,
        }
        tmp_path = path.with_suffix(".json.tmp")
        tmp_path.write_text(json.dumps(record, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        tmp_path.replace(path)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any block, figure or cache is stale"
    )
    ap.add_argument("--only", action="append", metavar="NAME", help="only this block (repeatable)")
    ap.add_argument("--force", action="store_true", help="recompute every computation")
    ap.add_argument("--list", action="store_true", help="list the blocks and exit")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    log = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr))
    if args.list:
        for b in BLOCKS.values():
            print(f"{b.name:30} {b.file:20} {', '.join(b.needs)}")
        return 0
    unknown = sorted(set(args.only or ()) - set(BLOCKS))
    if unknown:
        print(f"unknown block {', '.join(unknown)}; known: {', '.join(BLOCKS)}", file=sys.stderr)
        return 2
    blocks = [BLOCKS[n] for n in args.only] if args.only else list(BLOCKS.values())
    problems: list[str] = []
    results: dict[str, dict] = {}
    for name in dict.fromkeys(n for b in blocks for n in b.needs):
        if name == "benchmarks":
            results[name] = load_benchmarks()
        else:
            results[name] = obtain(COMPUTATIONS[name], args.check, args.force, problems, log)
    texts: dict[str, str] = {}
    for b in blocks:
        path = ROOT / b.file
        text = texts.setdefault(b.file, path.read_text(encoding="utf-8"))
        found = list(_marker_re(b.name).finditer(text))
        if len(found) != 1:
            problems.append(f"{b.file}: expected one <!-- generated:{b.name} --> ... <!-- /generated:{b.name} -->")
            continue
        new = b.render(results).rstrip("\n") + "\n"
        old = found[0].group(2)
        if old != new:
            if args.check:
                problems.append(f"block {b.name} in {b.file} is stale:\n{_short_diff(old, new, b.name)}")
            else:
                m = found[0]
                texts[b.file] = text[: m.start(2)] + new + text[m.end(2) :]
                log(f"{b.file}: rewrote {b.name}")
    if not args.check:
        for f, t in texts.items():
            if t != (ROOT / f).read_text(encoding="utf-8"):
                (ROOT / f).write_text(t, encoding="utf-8")
    if problems:
        print(f"{len(problems)} stale item(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    log(f"{len(blocks)} block(s) up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
