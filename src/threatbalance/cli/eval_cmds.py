"""``threatbalance evaluate``: out-of-sample prediction tasks (a thin layer over threatbalance.evaluation)."""

from __future__ import annotations

import typer

from .. import _validate as V
from .._errors import InputError
from . import app
from ._common import check_format, emit, emit_json, progress


def _takes_options(task: str) -> bool:
    import inspect

    from ..evaluation._tasks import get_task

    params = inspect.signature(get_task(task).func).parameters.values()
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


@app.command(
    epilog="Examples: threatbalance evaluate --task mid-onset --train 1816-1990 --test 1991-2010 --format json\n\n"
    "threatbalance evaluate --task alliance-onset"
)
def evaluate(
    task: str = typer.Option(
        ..., help="prediction task: mid-onset, alliance-onset, defense-onset, arms-onset or partner-choice"
    ),
    train: str = typer.Option(None, help="training years, e.g. 1816-1990 (default: the task's)"),
    test: str = typer.Option(None, help="test years, e.g. 1991-2010 (default: the task's)"),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
    rolling: bool = typer.Option(
        False, "--rolling", help="alignment tasks: refit on all earlier years every --step test years"
    ),
    step: int = typer.Option(None, help="alignment tasks: years between refits with --rolling (default 5)"),
    models: str = typer.Option(None, help="alignment tasks: comma-separated models to run (default: every theory)"),
    classifier: str = typer.Option(
        None, help="alignment tasks: logit, spline or gbm (default: gbm, the validation rule's choice)"
    ),
) -> None:
    """Fit every model on the training years and score it on the test years (AUROC, PR-AUC, Brier ...)."""
    import polars as pl

    from ..evaluation import evaluate as _evaluate

    check_format(fmt)
    tr = V.years(train, what="data") if train else None
    te = V.years(test, what="data") if test else None
    opts = {
        k: v
        for k, v in {
            "origin": "rolling" if rolling else None,
            "step": step,
            "models": models,
            "classifier": classifier,
        }.items()
        if v is not None
    }
    if opts and not _takes_options(task):
        raise InputError(
            f"--rolling, --step, --models and --classifier do not apply to task {task!r}; they apply to "
            f"alliance-onset, defense-onset, arms-onset and partner-choice"
        )
    with progress(f"evaluating {task}"):
        res = _evaluate(task, tr, te, **opts)
    if fmt == "json":
        emit_json(res)
        return
    if "pledges" in res:  # partner-choice: one row per pledge kind and model, point and 90% interval
        rows = [
            {
                "pledges": kind,
                "model": m,
                **{f"{k}{s}": v[k][x] for k in v for s, x in (("", "point"), ("_lo", "lo90"), ("_hi", "hi90"))},
            }
            for kind, blk in res["pledges"].items()
            for m, v in blk["models"].items()
        ]
        emit(
            pl.DataFrame(rows),
            fmt,
            title=f"{task}: train {res['train'][0]}-{res['train'][1]}, test {res['test'][0]}-{res['test'][1]}",
        )
        return
    rows = [
        {"model": m, **{k: v for k, v in r.items() if not isinstance(v, (dict, list))}}
        for m, r in res["models"].items()
    ]
    emit(
        pl.DataFrame(rows),
        fmt,
        title=f"{task}: train {res['train'][0]}-{res['train'][1]}, "
        f"test {res['test'][0]}-{res['test'][1]} ({res.get('events_test', '?')} test events)",
    )
