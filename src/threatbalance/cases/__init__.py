"""Case studies: evidence ledgers, checkable claims, and the report that sets them beside the data.

A case (``cases/data/cases.json``) names the states, the focal pair and the common threat a study
argues for; its ledger (CSV) holds the study's dated facts; its claims (JSON) are the statements
the data can check, each with a documented rule (``docs/case.md``).  :func:`case_report` computes
everything through the public API and writes a self-contained HTML report, PNG charts and
``summary.json``.
"""

from ._ledger import DIMENSIONS, DIRECTIONS, LEDGER_COLUMNS, hostile_events, ledger_schema, load_ledger, validate_ledger
from ._registry import Case, get_case, list_cases, make_case

__all__ = [
    "DIMENSIONS",
    "DIRECTIONS",
    "LEDGER_COLUMNS",
    "Case",
    "get_case",
    "hostile_events",
    "ledger_schema",
    "list_cases",
    "load_ledger",
    "make_case",
    "validate_ledger",
]
