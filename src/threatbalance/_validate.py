"""One validation layer for what users type: years, states, languages, output formats, state systems.

Every entry point (Python API, command line, dashboard) checks its input here, so that the same
input is read the same way everywhere and every refusal is one line that names the bad value and
what is allowed (an :class:`~threatbalance.InputError`; :class:`~threatbalance.YearRangeError` for
years).  The coverage facts come from the source registry (:mod:`threatbalance.sources`):
:data:`~threatbalance.DATA_START` / :data:`~threatbalance.DATA_END`, each source's years
(:func:`coverage`) and each state system's last year (:func:`system_end`); none is typed here.

Years are accepted as a year (``2012``, ``"2012"``, ``2012.0``), a range (``"1991-2013"``,
``"1991–2013"``, ``(1991, 2013)``, ``[1991, 2013]``, ``range(1991, 2014)``) or, where a set of years
is meant (:func:`year_list`), a list or a comma-separated string (``"1992,2005,2012"``).  Persian and
Arabic-Indic digits are read as digits.

Examples
--------
>>> from threatbalance import _validate as v
>>> v.years("1991-2013"), v.years(2005), v.years(range(1990, 1996)), v.years(None)
((1991, 2013), (2005, 2005), (1990, 1995), (1816, 2022))
>>> v.year("۲۰۱۲")
2012
>>> v.years("2000-2030", what="panel")
Traceback (most recent call last):
...
threatbalance._errors.YearRangeError: years 2000-2030 are outside the panel's coverage 1816-2022
>>> v.coverage("gml_mids"), v.system_end("cow"), v.system_end("cow", extend=True)
((1816, 2010), 2016, 2022)
>>> v.output_format("json", ("table", "json", "csv"))
'json'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ._errors import InputError, YearRangeError
from .sources import DATA_END, DATA_START, get_source
from .sources import system_end as _registry_system_end

#: Languages of the reports and the dashboard: English and Persian.
LANGS = ("en", "fa")
#: State systems and the registry key of each one's membership source.
SYSTEMS = {"cow": "cow_system", "gw": "gw_system"}

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-"})


# ---- coverage facts, from the registry --------------------------------------------------------
def coverage(source: str) -> tuple[int, int]:
    """The first and last year of a registered source (``years`` in :mod:`threatbalance.sources`).

    Examples
    --------
    >>> coverage("atop")
    (1815, 2018)
    """
    years = get_source(source).years
    if years is None:
        raise InputError(f"source {source!r} has no years (it is not a yearly data set)")
    return years


def state_system(value: Any) -> str:
    """A state system: ``"cow"`` or ``"gw"`` (case and spaces ignored)."""
    s = value.strip().lower() if isinstance(value, str) else value
    if s not in SYSTEMS:
        raise InputError(f"unknown state system {value!r}; allowed: {', '.join(SYSTEMS)}")
    return s


def system_end(system: str, extend: bool = False) -> int:
    """The last year of a state system: its source's own end, or with ``extend`` its panels' end.

    ``extend`` (the panels' default) carries spells that run to the source's final date forward to
    the system's :data:`~threatbalance.sources.SYSTEM_END` in the registry.

    Examples
    --------
    >>> system_end("cow"), system_end("cow", extend=True), system_end("gw"), system_end("gw", extend=True)
    (2016, 2022, 2020, 2025)
    """
    system = state_system(system)
    return _registry_system_end(system) if extend else coverage(SYSTEMS[system])[1]


# ---- years ------------------------------------------------------------------------------------
def _coverage_text(what: str, lo: int, hi: int) -> str:
    return f"the {what}'s coverage {lo}-{hi}"


def _int_year(v: Any) -> int:
    """One whole year from an int, a whole float or a string of digits; ValueError otherwise."""
    if isinstance(v, bool) or v is None:
        raise ValueError
    if isinstance(v, str):
        s = v.strip().translate(_DIGITS)
        if not s.lstrip("-").isdigit():
            raise ValueError
        return int(s)
    if hasattr(v, "is_integer") and not isinstance(v, int):  # float, numpy float
        if not float(v).is_integer():
            raise ValueError
        return int(v)
    return int(v.__index__())  # int, numpy integer (raises TypeError for anything else)


def year(value: Any, lo: int = DATA_START, hi: int = DATA_END, what: str = "data") -> int:
    """One whole year inside ``lo``-``hi`` (default the data's coverage), else :class:`YearRangeError`.

    ``what`` names whose coverage the bounds are (``"data"``, ``"threat model"`` ...) in the message.

    Examples
    --------
    >>> year(2012), year("1990"), year(1995.0)
    (2012, 1990, 1995)
    >>> year("soon")
    Traceback (most recent call last):
    ...
    threatbalance._errors.YearRangeError: cannot read year 'soon'; give one whole year from 1816 to 2022, e.g. 2012
    """
    allowed = f"give one whole year from {lo} to {hi}, e.g. {min(max(2012, lo), hi)}"
    try:
        y = _int_year(value)
    except (TypeError, ValueError, AttributeError, OverflowError):
        if isinstance(value, float) and math.isfinite(value):
            raise YearRangeError(f"year {value!r} is not a whole number; {allowed}") from None
        raise YearRangeError(f"cannot read year {value!r}; {allowed}") from None
    if not lo <= y <= hi:
        raise YearRangeError(f"year {y} is outside {_coverage_text(what, lo, hi)}")
    return y


def years(
    value: Any,
    lo: int = DATA_START,
    hi: int = DATA_END,
    what: str = "data",
    default: tuple[int, int] | None = None,
    reorder: bool = False,
) -> tuple[int, int]:
    """An inclusive range of years ``(first, last)`` inside ``lo``-``hi``, else :class:`YearRangeError`.

    Parameters
    ----------
    value
        A year, ``"first-last"``, ``(first, last)``, ``[first, last]`` or a ``range``; ``None`` gives
        ``default`` (itself default ``(lo, hi)``).
    lo, hi
        The allowed years (default the data's coverage, :data:`DATA_START`-:data:`DATA_END`).
    what
        Whose coverage ``lo``-``hi`` is, for the message (``"panel"``, ``"case"``, ``"mid-onset task"`` ...).
    reorder
        Accept a range given backwards (two slider handles) instead of refusing it.

    Examples
    --------
    >>> years("1991–2013"), years([2013, 1991], reorder=True)
    ((1991, 2013), (1991, 2013))
    >>> years("2013-1991")
    Traceback (most recent call last):
    ...
    threatbalance._errors.YearRangeError: years 2013-1991 run backwards; the first year must not exceed the last
    """
    if value is None:
        return default if default is not None else (lo, hi)
    try:
        if isinstance(value, str):
            parts = value.translate(_DASHES).split("-")
            if len(parts) == 1:
                a = b = _int_year(parts[0])
            elif len(parts) == 2:
                a, b = _int_year(parts[0]), _int_year(parts[1])
            else:
                raise ValueError
        elif isinstance(value, range):
            if len(value) == 0 or value.step != 1:
                raise ValueError
            a, b = value.start, value.stop - 1
        elif isinstance(value, (list, tuple)) or type(value).__name__ in ("ndarray", "Series"):
            if len(value) != 2:
                raise ValueError
            a, b = _int_year(value[0]), _int_year(value[1])
        else:
            a = b = _int_year(value)
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise YearRangeError(
            f"cannot read years {value!r}; give a year (2005) or a range ('{lo}-{hi}' or ({lo}, {hi})) "
            f"within {_coverage_text(what, lo, hi)}"
        ) from None
    if a > b:
        if not reorder:
            raise YearRangeError(f"years {a}-{b} run backwards; the first year must not exceed the last")
        a, b = b, a
    if a < lo or b > hi:
        shown = f"year {a} is" if a == b else f"years {a}-{b} are"
        raise YearRangeError(f"{shown} outside {_coverage_text(what, lo, hi)}")
    return a, b


def year_list(
    value: Any, lo: int = DATA_START, hi: int = DATA_END, what: str = "data", drop_outside: bool = False
) -> tuple[int, ...]:
    """A sorted set of years (a list, a range, or ``"1992,2005,2012"``), every one inside ``lo``-``hi``.

    With ``drop_outside`` the years outside ``lo``-``hi`` are dropped instead of refused (defaults
    carried over to a narrower range).

    Examples
    --------
    >>> year_list("2012, 1992,2005"), year_list([2001, 2000, 2001])
    ((1992, 2005, 2012), (2000, 2001))
    >>> year_list("1992,2030", 1991, 2013, what="report")
    Traceback (most recent call last):
    ...
    threatbalance._errors.YearRangeError: years [2030] are outside the report's coverage 1991-2013
    """
    items: Iterable[Any]
    if isinstance(value, str):
        items = [v for v in value.translate(_DIGITS).replace(" ", "").split(",") if v]
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        items = [value]
    else:
        items = value
    try:
        ys = [_int_year(v) for v in items]
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise YearRangeError(
            f"cannot read years {value!r}; give years such as 1992,2005,2012 within {lo}-{hi}"
        ) from None
    bad = sorted({y for y in ys if not lo <= y <= hi})
    if drop_outside:
        ys = [y for y in ys if lo <= y <= hi]
    elif bad:
        raise YearRangeError(f"years {bad} are outside {_coverage_text(what, lo, hi)}")
    return tuple(sorted(set(ys)))


# ---- states, languages, formats -------------------------------------------------------------------
def state(value: Any, system: str = "cow") -> int:
    """A state code from a code, abbreviation, ISO3 code, English or Persian name (see ``tb.resolve_state``)."""
    from .states import resolve_state

    return resolve_state(value, system=state_system(system))


def states(value: Any, system: str = "cow") -> list[int]:
    """State codes from a list or a comma-separated string (:func:`threatbalance.resolve_states`)."""
    from .states import resolve_states

    return resolve_states(value, system=state_system(system))


def lang(value: Any, option: str = "language") -> str:
    """A language of the reports: ``"en"`` or ``"fa"``.

    Examples
    --------
    >>> lang("fa")
    'fa'
    >>> lang("de", option="--lang")
    Traceback (most recent call last):
    ...
    threatbalance._errors.InputError: unknown --lang 'de'; allowed: en, fa
    """
    if value not in LANGS:
        raise InputError(f"unknown {option} {value!r}; allowed: {', '.join(LANGS)}")
    return value


def output_format(value: Any, allowed: Iterable[str], option: str = "--format") -> str:
    """One of the output formats ``allowed`` at this entry point (json, csv, table, parquet, html, pdf ...).

    Examples
    --------
    >>> output_format("xml", ("table", "json", "csv"))
    Traceback (most recent call last):
    ...
    threatbalance._errors.InputError: unknown --format 'xml'; allowed: table, json, csv
    """
    allowed = tuple(allowed)
    if value not in allowed:
        raise InputError(f"unknown {option} {value!r}; allowed: {', '.join(allowed)}")
    return value


def choice(value: Any, allowed: Iterable[str], what: str) -> str:
    """One of a fixed set of words (a unit of analysis, a theory ...)."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise InputError(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")
    return value
