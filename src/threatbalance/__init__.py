"""threatbalance: Walt's balance of threat, computable for every state and year.

Examples
--------
>>> import threatbalance as tb
>>> panel = tb.dyad_years(years="2005-2010").add_nmc().add_contiguity()
>>> len(panel) > 0
True
"""

from typing import TYPE_CHECKING, Any

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
from ._version import __version__ as __version__
from .alignment import common_enemies, common_threat, landscape, partners
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
    add_gdppop,
    add_gml_mids,
    add_hief,
    add_igos,
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
from .panels import Panel, dyad_years, read_panel, state_years
from .sources import DATA_END, DATA_START, cite, data_versions
from .sources import sources as data_sources
from .states import resolve_state, resolve_states, state_name, state_table
from .threat import load_evidence, threats

if TYPE_CHECKING:
    from .threat import ThreatModel


def __getattr__(name: str) -> Any:
    if name == "ThreatModel":  # loaded on first use: the estimator imports scikit-learn
        from .threat import ThreatModel

        return ThreatModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DATA_END",
    "DATA_START",
    "DataError",
    "EmptySelectionError",
    "InputError",
    "Panel",
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
    "add_gdppop",
    "add_gml_mids",
    "add_hief",
    "add_igos",
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
    "dyad_years",
    "filter_prd",
    "get_case",
    "hostile_events",
    "landscape",
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
    "state_name",
    "state_table",
    "state_years",
    "threats",
    "validate_ledger",
]
