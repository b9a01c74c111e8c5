"""The exception tree of threatbalance.

Every error a user can cause derives from :class:`InputError` (also a :class:`ValueError`), whose
message names the bad value and what is allowed.  The command line prints such errors as one line
and exits with status 1; anything else is an internal error (exit status 2).

::

    ThreatBalanceError
    ├── InputError (ValueError)
    │   ├── UnknownStateError       a state code or name that no crosswalk entry matches
    │   ├── YearRangeError          a year outside a source's or panel's coverage
    │   ├── UnitError               a step applied to the wrong unit of analysis or system
    │   └── EmptySelectionError     a selection that leaves nothing to compute
    └── DataError                   a shipped data file is missing or corrupt
"""

from __future__ import annotations


class ThreatBalanceError(Exception):
    """Base class of every error raised by threatbalance."""


class InputError(ThreatBalanceError, ValueError):
    """Bad input from the user: the message names the value and what is allowed."""


class UnknownStateError(InputError, LookupError):
    """A state identifier that matches no state (the message lists the closest matches)."""


class YearRangeError(InputError):
    """A year, or range of years, outside the coverage that applies."""


class UnitError(InputError):
    """A step that does not apply to this panel's unit of analysis or state system."""


class EmptySelectionError(InputError):
    """A selection that leaves no rows or no states."""


class DataError(ThreatBalanceError):
    """A shipped data file is missing, unreadable, or fails its checksum."""
