"""threatbalance: Walt's balance of threat, computable for every state and year.

Examples
--------
>>> import threatbalance as tb
>>> panel = tb.dyad_years(years="2005-2010").add_nmc().add_contiguity()
>>> len(panel) > 0
True

The package imports lazily (PEP 562): ``import threatbalance`` loads no polars, numpy, matplotlib
or scikit-learn; each public name imports its module on first use, so that ``threatbalance --help``
and short scripts start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

# public name -> (module, relative to this package unless absolute; attribute in it)
_EXPORTS: dict[str, tuple[str, str]] = {
    "DataError": ("._errors", "DataError"),
    "EmptySelectionError": ("._errors", "EmptySelectionError"),
    "InputError": ("._errors", "InputError"),
    "ThreatBalanceError": ("._errors", "ThreatBalanceError"),
    "UnitError": ("._errors", "UnitError"),
    "UnknownStateError": ("._errors", "UnknownStateError"),
    "YearRangeError": ("._errors", "YearRangeError"),
    "common_enemies": (".alignment", "common_enemies"),
    "common_threat": (".alignment", "common_threat"),
    "landscape": (".alignment", "landscape"),
    "AlignmentModel": (".alignment", "AlignmentModel"),
    "partners": (".alignment", "partners"),
    "case_report": (".cases", "case_report"),
    "custom_report": (".cases", "custom_report"),
    "get_case": (".cases", "get_case"),
    "hostile_events": (".cases", "hostile_events"),
    "ledger_schema": (".cases", "ledger_schema"),
    "list_cases": (".cases", "list_cases"),
    "load_claims": (".cases", "load_claims"),
    "load_ledger": (".cases", "load_ledger"),
    "make_case": (".cases", "make_case"),
    "validate_ledger": (".cases", "validate_ledger"),
    "add_archigos": (".covariates", "add_archigos"),
    "add_arms_races": (".covariates", "add_arms_races"),
    "add_atop_alliance": (".covariates", "add_atop_alliance"),
    "add_capital_distance": (".covariates", "add_capital_distance"),
    "add_contiguity": (".covariates", "add_contiguity"),
    "add_cow_mids": (".covariates", "add_cow_mids"),
    "add_cow_trade": (".covariates", "add_cow_trade"),
    "add_cow_wars": (".covariates", "add_cow_wars"),
    "add_creg_fractionalization": (".covariates", "add_creg_fractionalization"),
    "add_democracy": (".covariates", "add_democracy"),
    "add_diplomatic_ties": (".covariates", "add_diplomatic_ties"),
    "add_event_hostility": (".covariates", "add_event_hostility"),
    "add_gdppop": (".covariates", "add_gdppop"),
    "add_gml_mids": (".covariates", "add_gml_mids"),
    "add_hief": (".covariates", "add_hief"),
    "add_igos": (".covariates", "add_igos"),
    "add_lead": (".covariates", "add_lead"),
    "add_lwuf": (".covariates", "add_lwuf"),
    "add_major_powers": (".covariates", "add_major_powers"),
    "add_minimum_distance": (".covariates", "add_minimum_distance"),
    "add_nmc": (".covariates", "add_nmc"),
    "add_rugged_terrain": (".covariates", "add_rugged_terrain"),
    "add_sdp_gdp": (".covariates", "add_sdp_gdp"),
    "add_sipri_transfers": (".covariates", "add_sipri_transfers"),
    "add_strategic_rivalries": (".covariates", "add_strategic_rivalries"),
    "add_td_rivalries": (".covariates", "add_td_rivalries"),
    "add_territorial_threat": (".covariates", "add_territorial_threat"),
    "add_ucdp_acd": (".covariates", "add_ucdp_acd"),
    "add_ucdp_onsets": (".covariates", "add_ucdp_onsets"),
    "add_un_ideal_points": (".covariates", "add_un_ideal_points"),
    "add_un_votes": (".covariates", "add_un_votes"),
    "filter_prd": (".covariates", "filter_prd"),
    "add_peace_years": (".covariates.spells", "add_peace_years"),
    "add_spells": (".covariates.spells", "add_spells"),
    "dispute_dyad_years": (".covariates.whittle", "dispute_dyad_years"),
    "whittle_conflicts": (".covariates.whittle", "whittle_conflicts"),
    "whittle_conflicts_onsets": (".covariates.whittle", "whittle_conflicts_onsets"),
    "whittle_conflicts_fatality": (".covariates.whittle", "whittle_conflicts_fatality"),
    "whittle_conflicts_hostility": (".covariates.whittle", "whittle_conflicts_hostility"),
    "whittle_conflicts_duration": (".covariates.whittle", "whittle_conflicts_duration"),
    "whittle_conflicts_reciprocation": (".covariates.whittle", "whittle_conflicts_reciprocation"),
    "whittle_conflicts_startmonth": (".covariates.whittle", "whittle_conflicts_startmonth"),
    "whittle_conflicts_jds": (".covariates.whittle", "whittle_conflicts_jds"),
    "Panel": (".panels", "Panel"),
    "dyad_years": (".panels", "dyad_years"),
    "leader_dyad_years": (".panels", "leader_dyad_years"),
    "leader_years": (".panels", "leader_years"),
    "read_panel": (".panels", "read_panel"),
    "state_days": (".panels", "state_days"),
    "state_years": (".panels", "state_years"),
    "DATA_END": (".sources", "DATA_END"),
    "DATA_START": (".sources", "DATA_START"),
    "cite": (".sources", "cite"),
    "data_sources": (".sources", "sources"),
    "data_versions": (".sources", "data_versions"),
    "resolve_state": (".states", "resolve_state"),
    "resolve_states": (".states", "resolve_states"),
    "state_name": (".states", "state_name"),
    "state_table": (".states", "state_table"),
    "Scenario": (".threat", "Scenario"),
    "ThreatModel": (".threat", "ThreatModel"),
    "load_evidence": (".threat", "load_evidence"),
    "threats": (".threat", "threats"),
    "col": ("polars", "col"),
}

# subpackages and modules reachable as attributes (tb.covariates, tb.evaluation, ...)
_SUBMODULES = frozenset(
    {"alignment", "cases", "cli", "covariates", "evaluation", "panels", "sources", "states", "threat", "web"}
)

__all__ = [
    "DATA_END",
    "DATA_START",
    "AlignmentModel",
    "DataError",
    "EmptySelectionError",
    "InputError",
    "Panel",
    "Scenario",
    "ThreatBalanceError",
    "ThreatModel",
    "UnitError",
    "UnknownStateError",
    "YearRangeError",
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
    "case_report",
    "cite",
    "col",
    "common_enemies",
    "common_threat",
    "custom_report",
    "data_sources",
    "data_versions",
    "dispute_dyad_years",
    "dyad_years",
    "filter_prd",
    "get_case",
    "hostile_events",
    "landscape",
    "leader_dyad_years",
    "leader_years",
    "ledger_schema",
    "list_cases",
    "load_claims",
    "load_evidence",
    "load_ledger",
    "make_case",
    "partners",
    "read_panel",
    "resolve_state",
    "resolve_states",
    "state_days",
    "state_name",
    "state_table",
    "state_years",
    "threats",
    "validate_ledger",
    "whittle_conflicts",
    "whittle_conflicts_duration",
    "whittle_conflicts_fatality",
    "whittle_conflicts_hostility",
    "whittle_conflicts_jds",
    "whittle_conflicts_onsets",
    "whittle_conflicts_reciprocation",
    "whittle_conflicts_startmonth",
]


def __getattr__(name: str) -> Any:
    """Import the module behind a public name on first use and cache the value (PEP 562)."""
    target = _EXPORTS.get(name)
    if target is not None:
        module_name, attr = target
        module = importlib.import_module(module_name, __name__ if module_name.startswith(".") else None)
        value = getattr(module, attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)


if TYPE_CHECKING:  # the eager view for type checkers and IDEs; never executed
    from polars import col

    from ._errors import (
        DataError,
        EmptySelectionError,
        InputError,
        ThreatBalanceError,
        UnitError,
        UnknownStateError,
        YearRangeError,
    )
    from .alignment import AlignmentModel, common_enemies, common_threat, landscape, partners
    from .cases import (
        case_report,
        custom_report,
        get_case,
        hostile_events,
        ledger_schema,
        list_cases,
        load_claims,
        load_ledger,
        make_case,
        validate_ledger,
    )
    from .covariates import (
        add_archigos,
        add_arms_races,
        add_atop_alliance,
        add_capital_distance,
        add_contiguity,
        add_cow_mids,
        add_cow_trade,
        add_cow_wars,
        add_creg_fractionalization,
        add_democracy,
        add_diplomatic_ties,
        add_event_hostility,
        add_gdppop,
        add_gml_mids,
        add_hief,
        add_igos,
        add_lead,
        add_lwuf,
        add_major_powers,
        add_minimum_distance,
        add_nmc,
        add_rugged_terrain,
        add_sdp_gdp,
        add_sipri_transfers,
        add_strategic_rivalries,
        add_td_rivalries,
        add_territorial_threat,
        add_ucdp_acd,
        add_ucdp_onsets,
        add_un_ideal_points,
        add_un_votes,
        filter_prd,
    )
    from .covariates.spells import add_peace_years, add_spells
    from .covariates.whittle import (
        dispute_dyad_years,
        whittle_conflicts,
        whittle_conflicts_duration,
        whittle_conflicts_fatality,
        whittle_conflicts_hostility,
        whittle_conflicts_jds,
        whittle_conflicts_onsets,
        whittle_conflicts_reciprocation,
        whittle_conflicts_startmonth,
    )
    from .panels import Panel, dyad_years, leader_dyad_years, leader_years, read_panel, state_days, state_years
    from .sources import DATA_END, DATA_START, cite, data_versions
    from .sources import sources as data_sources
    from .states import resolve_state, resolve_states, state_name, state_table
    from .threat import Scenario, ThreatModel, load_evidence, threats
