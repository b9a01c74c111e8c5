"""Evaluation: prediction tasks with strict temporal splits, metrics, and the harness behind
``threatbalance evaluate``."""

from ._metrics import auroc, brier, pr_auc, precision_at_k, summarize
from ._tasks import TASKS, Task, available_tasks, check_split, evaluate, get_task, register_task

__all__ = [
    "TASKS",
    "Task",
    "auroc",
    "available_tasks",
    "brier",
    "check_split",
    "evaluate",
    "get_task",
    "pr_auc",
    "precision_at_k",
    "register_task",
    "summarize",
]
