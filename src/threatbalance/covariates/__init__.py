"""Covariates: one module per data source, each one ``add_<source>`` step.

Every step takes a :class:`~threatbalance.Panel` and returns a new panel with the same rows and
keys and more columns; it fills 0 only inside the source's coverage and leaves NA outside it.
Each is also a method of ``Panel`` (``tb.dyad_years().add_nmc().add_contiguity()``).
"""

from ._base import STEPS, StepInfo
from .atop import add_atop_alliance
from .contiguity import add_contiguity
from .democracy import add_democracy
from .distance import add_capital_distance, add_minimum_distance
from .majors import add_major_powers
from .mids import add_cow_mids, add_gml_mids
from .nmc import add_nmc
from .rivalries import add_strategic_rivalries, add_td_rivalries

__all__ = [
    "STEPS",
    "StepInfo",
    "add_atop_alliance",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_mids",
    "add_democracy",
    "add_gml_mids",
    "add_major_powers",
    "add_minimum_distance",
    "add_nmc",
    "add_strategic_rivalries",
    "add_td_rivalries",
    "resolve_step",
]


def resolve_step(name: str) -> StepInfo:
    """Find a step by name or alias (``"atop"`` -> ``add_atop_alliance``); clear error otherwise."""
    from .._errors import InputError

    n = name.strip().lower().removeprefix("add_").replace("-", "_")
    for info in STEPS.values():
        if n == info.name or n in info.aliases:
            return info
    names = sorted({*STEPS, *(a for i in STEPS.values() for a in i.aliases)})
    raise InputError(f"unknown covariate {name!r}; available: {', '.join(names)}")
