"""Case studies: evidence ledgers, checkable claims, and the report that sets them beside the data.

A case (``cases/data/cases.json``) names the states, the focal pair and the common threat a study
argues for; its ledger (CSV) holds the study's dated facts; its claims (JSON) are the statements
the data can check, each with a documented rule (``docs/case.md``).  :func:`case_report` computes
everything through the public API and writes a self-contained HTML report, PNG charts and
``summary.json``.
"""

from ._claims import RULES, VERDICTS, evaluate_claims, load_claims, rules_doc
from ._compute import CaseData, collect
from ._ledger import (
    DIMENSIONS,
    DIRECTIONS,
    DOMAINS,
    LEDGER_COLUMNS,
    hostile_events,
    ledger_schema,
    load_ledger,
    validate_ledger,
)
from ._registry import Case, get_case, list_cases, make_case
from ._report import DEFAULT_OUT, Report, build_report, case_report, custom_report, write_atomic

__all__ = [
    "DEFAULT_OUT",
    "DIMENSIONS",
    "DIRECTIONS",
    "DOMAINS",
    "LEDGER_COLUMNS",
    "RULES",
    "VERDICTS",
    "Case",
    "CaseData",
    "Report",
    "build_report",
    "case_report",
    "collect",
    "custom_report",
    "evaluate_claims",
    "get_case",
    "hostile_events",
    "ledger_schema",
    "list_cases",
    "load_claims",
    "load_ledger",
    "make_case",
    "rules_doc",
    "validate_ledger",
    "write_atomic",
]
