"""Covariates: one module per data source, each one ``add_<source>`` step; and ``filter_prd``.

Every step takes a :class:`~threatbalance.Panel` and returns a new panel with the same rows and
keys and more columns; it fills 0 only inside the source's coverage and leaves NA outside it.
Each is also a method of ``Panel`` (``tb.dyad_years().add_nmc().add_contiguity()``).

Layering: this package builds on :mod:`threatbalance._panel_base` only (steps are typed
``add_x(panel: P, ...) -> P`` with ``P`` bound to ``PanelBase``); ``threatbalance.panels`` imports
it and writes the ``Panel`` methods out.  This package never imports ``threatbalance.panels``
(``tests/test_import_graph.py`` checks it).

Adding a step
-------------
1. Register the source (version, coverage years, terms, BibTeX) in ``threatbalance/sources/_registry.py``.
2. Write ``add_<name>(panel: P, ...) -> P`` in a module here, decorated with
   ``@step("<name>", source="<key>", units=..., filled=..., ...)`` (see :func:`._base.step`); start with
   ``check_panel(panel, "<name>")`` and end with ``finish(panel, data, "<key>")``.
3. Import and list it below (``__all__``) and in ``threatbalance/__init__.py``.
4. Add the method to ``Panel`` in ``threatbalance/panels.py``: the same parameters and defaults,
   ``return _cov.add_<name>(self, x=x)``.  ``tests/covariates/test_panel_methods.py`` fails until the
   method exists with the function's exact signature; ``tests/covariates/test_conformance.py`` then
   runs the step on the edges of its coverage on every unit.
"""

from ._base import STEPS, StepInfo
from .arms import add_arms_races, add_sipri_transfers
from .atop import add_atop_alliance
from .contiguity import add_contiguity
from .democracy import add_democracy
from .diplomacy import add_diplomatic_ties
from .distance import add_capital_distance, add_minimum_distance
from .economy import add_gdppop, add_sdp_gdp
from .events import add_event_hostility
from .fractionalization import add_creg_fractionalization, add_hief
from .igos import add_igos
from .leaders import add_archigos, add_lead, add_lwuf
from .majors import add_major_powers
from .mids import add_cow_mids, add_gml_mids
from .nmc import add_nmc
from .prd import filter_prd
from .rivalries import add_strategic_rivalries, add_td_rivalries
from .spells import add_peace_years, add_spells
from .terrain import add_rugged_terrain
from .territory import add_territorial_threat
from .trade import add_cow_trade
from .ucdp import add_ucdp_acd, add_ucdp_onsets
from .un import add_un_ideal_points, add_un_votes
from .wars import add_cow_wars

__all__ = [
    "STEPS",
    "StepInfo",
    "add_archigos",
    "add_arms_races",
    "add_atop_alliance",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_mids",
    "add_cow_trade",
    "add_cow_wars",
    "add_creg_fractionalization",
    "add_democracy",
    "add_diplomatic_ties",
    "add_event_hostility",
    "add_gdppop",
    "add_gml_mids",
    "add_hief",
    "add_igos",
    "add_lead",
    "add_lwuf",
    "add_major_powers",
    "add_minimum_distance",
    "add_nmc",
    "add_peace_years",
    "add_rugged_terrain",
    "add_sdp_gdp",
    "add_sipri_transfers",
    "add_spells",
    "add_strategic_rivalries",
    "add_td_rivalries",
    "add_territorial_threat",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "add_un_ideal_points",
    "add_un_votes",
    "filter_prd",
    "resolve_step",
]


def resolve_step(name: str) -> StepInfo:
    """Find a step by name or alias (``"atop"`` -> ``add_atop_alliance``); clear error otherwise."""
    from .._errors import InputError

    n = name.strip().lower().removeprefix("add_").replace("-", "_")
    for info in STEPS.values():
        if n == info.name or n in info.aliases:
            return info
    by_source = [i for i in STEPS.values() if i.source == n]
    if len(by_source) == 1:  # a source key such as "capitals" names its one step
        return by_source[0]
    names = sorted({*STEPS, *(a for i in STEPS.values() for a in i.aliases)})
    raise InputError(f"unknown covariate {name!r}; available: {', '.join(names)}")
