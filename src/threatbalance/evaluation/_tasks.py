"""The registry of prediction tasks behind ``threatbalance evaluate --task NAME``.

A task is a function ``(train: tuple[int, int], test: tuple[int, int], **options) -> dict`` that
fits every model on the training years only and returns::

    {"task": name, "train": [a, b], "test": [c, d], "n_test": int, "events_test": int,
     "models": {model_name: {"auroc": .., "pr_auc": .., "brier": .., "precision_at_100": ..,
                             "precision_at_500": .., "precision_at_1000": .., "n": .., "events": ..,
                             "predicted_events": .., ...}, ...},
     "target": {"auroc": .., "pr_auc": .., "met": bool, "ahead_of_baselines": bool},
     "notes": [...]}

Every task reports the metrics at the same cut-offs (:data:`KS`) so that tables line up; a task may
add keys of its own (fitted weights, bootstrap intervals, feature lists ...).

Tasks register themselves with :func:`register_task`; modules holding tasks are imported by
:func:`get_task` so that registration happens on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import _validate as V
from .._errors import InputError, YearRangeError


@dataclass(frozen=True)
class Task:
    name: str
    func: Callable[..., dict]
    description: str
    default_train: tuple[int, int]
    default_test: tuple[int, int]
    coverage: tuple[int, int]


TASKS: dict[str, Task] = {}

#: Precision is reported at these numbers of top-ranked cases by every task.
KS = (100, 500, 1000)
_TASK_MODULES = (
    "threatbalance.evaluation.mid_onset",
    "threatbalance.evaluation.alliance_onset",
    "threatbalance.evaluation.partner_choice",
)


def register_task(
    name: str,
    description: str,
    default_train: tuple[int, int],
    default_test: tuple[int, int],
    coverage: tuple[int, int],
) -> Callable[[Callable[..., dict]], Callable[..., dict]]:
    def deco(func: Callable[..., dict]) -> Callable[..., dict]:
        task = Task(name, func, description, default_train, default_test, coverage)
        TASKS[name] = task
        func._threatbalance_task = task  # type: ignore[attr-defined]  # read back by _load_all
        return func

    return deco


def _load_all() -> None:
    """Import the task modules and register their tasks here.

    The tasks are read back from the functions, not only from the import's side effect, so that a
    second copy of this module (e.g. a test runner importing it by path) still sees every task.
    """
    for mod in _TASK_MODULES:
        try:
            m = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
            continue
        for obj in vars(m).values():
            t = getattr(obj, "_threatbalance_task", None)
            if t is not None and t.name not in TASKS:
                TASKS[t.name] = Task(t.name, t.func, t.description, t.default_train, t.default_test, t.coverage)


def available_tasks() -> dict[str, Task]:
    _load_all()
    return dict(TASKS)


def get_task(name: str) -> Task:
    tasks = available_tasks()
    if name not in tasks:
        raise InputError(f"unknown task {name!r}; available: {', '.join(sorted(tasks)) or 'none'}")
    return tasks[name]


def check_split(task: Task, train: Any, test: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """A strict temporal split inside the task's coverage: every training year precedes every test year.

    Returns the checked ``(train, test)`` ranges (each read by :func:`threatbalance._validate.years`).
    """
    train = V.years(train, *task.coverage, what=f"{task.name} task")
    test = V.years(test, *task.coverage, what=f"{task.name} task")
    if train[1] >= test[0]:
        raise YearRangeError(
            f"training years {train[0]}-{train[1]} must end before the test years {test[0]}-{test[1]} begin"
        )
    return train, test


def evaluate(
    task: str, train: tuple[int, int] | None = None, test: tuple[int, int] | None = None, **options: Any
) -> dict:
    """Run a prediction task with a strict temporal split and return its metrics table (a dict).

    Examples
    --------
    >>> from threatbalance.evaluation import available_tasks
    >>> sorted(available_tasks())
    ['alliance-onset', 'arms-onset', 'defense-onset', 'mid-onset', 'partner-choice']
    """
    t = get_task(task)
    train = train or t.default_train
    test = test or t.default_test
    train, test = check_split(t, train, test)
    return t.func(train=train, test=test, **options)
