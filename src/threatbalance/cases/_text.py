"""Words of the report: the message catalogue, language-free messages, number and name formatting.

Every user-visible string of a case report lives in ONE gettext catalogue,
``cases/locale/{en,fa}/LC_MESSAGES/threatbalance.po`` (compiled to ``.mo`` by
``scripts/build_locale.py``).  The English text is the message id; code and templates look it up
with :func:`tr` (or :func:`trp` with a context), never by writing two languages side by side.

Sentences whose content is computed (the conclusion) are built as :class:`Msg` objects: a message
id plus typed arguments (:class:`Num`, :class:`Name`, ...).  They hold no language; :func:`render`
turns them into text in ``en`` or ``fa`` (Persian digits, names and punctuation).

Examples
--------
>>> from threatbalance.cases._text import Msg, Name, Num, render
>>> m = Msg("{t}'s threat averages {x} to {a}", t=Name(630), x=Num(0.1234, 3), a=Name(666))
>>> render(m, "en")
"Iran's threat averages 0.123 to Israel"
>>> render(Num(1234.5, 1), "fa")
'۱٬۲۳۴٫۵'
"""

from __future__ import annotations

import gettext
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import _validate as V
from .._validate import LANGS as LANGS  # re-exported: the report and the CLI read it here
from ..states import state_name

DOMAIN = "threatbalance"
LOCALE_DIR = Path(__file__).parent / "locale"
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FA_NUMBER = str.maketrans("0123456789.,%", "۰۱۲۳۴۵۶۷۸۹٫٬٪")


def check_lang(lang: str) -> str:
    """``lang`` if it is a language of the reports (``en``, ``fa``), else a clear InputError."""
    return V.lang(lang)


# ---- the catalogue ------------------------------------------------------------------------------
@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English falls back to the message ids themselves)."""
    check_lang(lang)
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=lang == "en")


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalogue without translating it (for tables of labels)."""
    return msgid


def tr(msgid: str, lang: str, **kw: Any) -> str:
    """``msgid`` in ``lang``, with ``{name}`` fields filled from ``kw`` (already formatted text)."""
    s = translations(lang).gettext(msgid)
    return s.format(**kw) if kw else s


def trp(context: str, msgid: str, lang: str, **kw: Any) -> str:
    """Like :func:`tr`, for a ``msgid`` whose translation depends on ``context``."""
    s = translations(lang).pgettext(context, msgid)
    return s.format(**kw) if kw else s


#: Labels of the values that data carry (verdicts, Walt's terms, ledger directions and dimensions):
#: value -> English message id.
LABELS: dict[str, str] = {
    "supported": N_("supported"),
    "not_supported": N_("not supported"),
    "cannot_tell": N_("data cannot tell"),
    "power": N_("power"),
    "proximity": N_("proximity"),
    "offense": N_("offense"),
    "intent": N_("intent"),
    "hostile": N_("hostile"),
    "cooperative": N_("cooperative"),
    "diplomatic": N_("diplomatic"),
    "economic": N_("economic"),
    "energy": N_("energy"),
    "military-security": N_("military-security"),
    "threat perception": N_("threat perception"),
    "other": N_("other"),
}


def t(key: str, lang: str, **kw: Any) -> str:
    """The label of a data value (a verdict, a term, a ledger direction or dimension) in ``lang``;
    any other ``key`` is looked up as a message id."""
    return tr(LABELS.get(key, key), lang, **kw)


# ---- formatting ---------------------------------------------------------------------------------
def digits(text: Any, lang: str) -> str:
    """Latin digits to Persian ones when ``lang == "fa"`` (punctuation is left alone)."""
    s = str(text)
    return s.translate(_FA_DIGITS) if lang == "fa" else s


def _number(text: str, lang: str) -> str:
    """A formatted number in ``lang``: Persian digits, decimal and thousands separators and percent sign."""
    return text.translate(_FA_NUMBER) if lang == "fa" else text


def missing(lang: str) -> str:
    """The mark of a missing value."""
    return trp("missing value", "NA", lang)


def num(x: Any, lang: str = "en", nd: int = 2, pct: bool = False, na: str | None = None) -> str:
    """Format a number (``NA`` / «ناموجود» for missing), as a percentage when ``pct``."""
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return na if na is not None else missing(lang)
    if pct:
        s = f"{100 * float(x):.{nd}f}%"
    elif isinstance(x, (int,)) or (isinstance(x, float) and float(x).is_integer() and abs(x) >= 100):
        s = f"{round(float(x)):,}"
    else:
        s = f"{float(x):,.{nd}f}"
    return _number(s, lang)


def name(code: Any, lang: str = "en") -> str:
    if code is None:
        return missing(lang)
    try:
        return state_name(int(code), lang=lang)
    except Exception:  # a code missing from the crosswalk
        return str(code)


def years_text(a: int, b: int, lang: str) -> str:
    return digits(f"{a}-{b}" if a != b else f"{a}", lang)


# ---- language-free messages ---------------------------------------------------------------------
class Arg:
    """A typed argument of a :class:`Msg`, formatted only when the message is rendered."""

    def text(self, lang: str) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Num(Arg):
    """A number: ``nd`` decimals, a percentage when ``pct`` (see :func:`num`)."""

    x: Any
    nd: int = 2
    pct: bool = False

    def text(self, lang: str) -> str:
        return num(self.x, lang, self.nd, pct=self.pct)


@dataclass(frozen=True)
class Name(Arg):
    """A state, by COW code."""

    code: Any

    def text(self, lang: str) -> str:
        return name(self.code, lang)


@dataclass(frozen=True)
class Years(Arg):
    """A year range ``lo-hi`` (one year when ``lo == hi``)."""

    lo: int
    hi: int

    def text(self, lang: str) -> str:
        return years_text(self.lo, self.hi, lang)


@dataclass(frozen=True)
class Label(Arg):
    """The label of a data value (see :data:`LABELS`)."""

    key: str

    def text(self, lang: str) -> str:
        return t(self.key, lang)


@dataclass(frozen=True, init=False)
class Msg(Arg):
    """A message id with its arguments (other :class:`Arg` objects, ints, or plain text)."""

    msgid: str
    args: dict[str, Any] = field(default_factory=dict)
    context: str | None = None

    def __init__(self, msgid: str, /, **args: Any) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "context", None)

    def text(self, lang: str) -> str:
        kw = {k: render(v, lang) for k, v in self.args.items()}
        if self.context is None:
            return tr(self.msgid, lang, **kw)
        return trp(self.context, self.msgid, lang, **kw)


@dataclass(frozen=True, init=False)
class PMsg(Msg):
    """A :class:`Msg` whose translation depends on a ``context`` (gettext's ``pgettext``)."""

    def __init__(self, context: str, msgid: str, /, **args: Any) -> None:
        super().__init__(msgid, **args)
        object.__setattr__(self, "context", context)


@dataclass(frozen=True)
class Cat(Arg):
    """Parts written one after the other."""

    parts: tuple[Any, ...]

    def text(self, lang: str) -> str:
        return "".join(render(p, lang) for p in self.parts)


@dataclass(frozen=True)
class Join(Arg):
    """Parts joined by a list separator of the language: ``"sep"`` ``", "`` or ``"; "``."""

    parts: tuple[Any, ...]
    sep: str = ", "

    def text(self, lang: str) -> str:
        return separator(self.sep, lang).join(render(p, lang) for p in self.parts)


def separator(sep: str, lang: str) -> str:
    """A list separator (``", "`` or ``"; "``) in ``lang``."""
    if sep == "; ":
        return trp("list separator", "; ", lang)
    return trp("list separator", ", ", lang)


def render(x: Any, lang: str) -> str:
    """Text of a message or argument in ``lang`` (ints get the language's digits; text is kept)."""
    if isinstance(x, Arg):
        return x.text(lang)
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, int):
        return digits(x, lang)
    return str(x)


# ---- Solar Hijri dates and right-to-left text for charts ---------------------------------------
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)


def _div(a: int, b: int) -> int:
    return int(a / b)  # truncation toward zero, as the published algorithm requires


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _jal_cal(jy: int) -> tuple[int, int]:
    """(leap, march): whether Solar Hijri year ``jy`` is leap (0 = leap) and the day of March of
    Gregorian year ``jy + 621`` on which it begins (Borkowski's breaks, as in jalaali-js)."""
    gy = jy + 621
    leap_j, jp, jump = -14, _BREAKS[0], 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    return (4 if leap == -1 else leap), march


def solar_hijri(day: Any) -> tuple[int, int, int]:
    """The Solar Hijri (Iranian calendar) date ``(year, month, day)`` of a Gregorian ``datetime.date``.

    Examples
    --------
    >>> import datetime
    >>> solar_hijri(datetime.date(2020, 3, 20)), solar_hijri(datetime.date(1979, 2, 11))
    ((1399, 1, 1), (1357, 11, 22))
    """
    import datetime as _dt

    gy = day.year
    start = _dt.date(gy, 3, _jal_cal(gy - 621)[1])
    if day >= start:
        jy = gy - 621
    else:
        jy = gy - 622
        start = _dt.date(gy - 1, 3, _jal_cal(jy)[1])
    k = (day - start).days
    if k < 186:
        return jy, 1 + k // 31, 1 + k % 31
    k -= 186
    return jy, 7 + k // 30, 1 + k % 30


def sh_year(gy: int) -> int:
    """The Solar Hijri year that begins in March of Gregorian year ``gy`` (it covers most of ``gy``).

    >>> sh_year(2012)
    1391
    """
    return int(gy) - 621


def year_label(y: Any, lang: str) -> str:
    """A Gregorian year for a reader of ``lang``: Persian adds the Solar Hijri year beside it.

    >>> year_label(2012, "fa")
    '۲۰۱۲ (۱۳۹۱)'
    """
    if lang != "fa" or y is None:
        return digits(y, lang)
    return digits(f"{int(y)} ({sh_year(int(y))})", lang)


def date_label(text: Any, lang: str) -> str:
    """A ledger date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) for ``lang``; Persian adds the Solar Hijri date.

    >>> date_label("2016-12-13", "fa")
    '۲۰۱۶-۱۲-۱۳ (۱۳۹۵/۹/۲۳)'
    """
    import datetime as _dt

    s = str(text)
    if lang != "fa":
        return s
    parts = s.split("-")
    try:
        if len(parts) == 3:
            y, m, d = solar_hijri(_dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
            sh = f"{y}/{m}/{d}"
        elif len(parts) == 1:
            sh = str(sh_year(int(parts[0])))
        else:
            y, m, _ = solar_hijri(_dt.date(int(parts[0]), int(parts[1]), 15))
            sh = f"{y}/{m}"
    except ValueError:
        return digits(s, lang)
    return digits(f"{s} ({sh})", lang)


def shape(text: str, lang: str) -> str:
    """Text as a left-to-right renderer (matplotlib) must draw it: for Persian, letters joined
    (``arabic_reshaper``) and put in visual order (``python-bidi``); other languages unchanged."""
    if lang != "fa" or not text:
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line), base_dir="R") for line in str(text).split("\n"))


# ---- the threat model's data caveats, in the report's language --------------------------------
#: Inputs the threat model names in its caveats (``threatbalance.threat._query.caveats``).
CAVEAT_INPUTS: dict[str, str] = {
    "contiguity": N_("contiguity"),
    "major powers": N_("major powers"),
    "minimum distance": N_("minimum distance"),
    "alliances": N_("alliances"),
    "rivalries": N_("rivalries"),
    "territorial threat": N_("territorial threat"),
    "UN votes": N_("UN votes"),
    "nuclear latency": N_("nuclear latency"),
    "missile tests": N_("missile tests"),
    "arms imports": N_("arms imports"),
    "governing-party ideology": N_("governing-party ideology"),
}


def _mid_detail(detail: str, lang: str) -> str:
    import re

    one = re.fullmatch(r"GML MIDs end (\d{4})", detail)
    two = re.fullmatch(r"GML MIDs to (\d{4}), COW MID 5.0 to (\d{4})", detail)
    if one:
        return tr("GML MIDs end {year}", lang, year=digits(one.group(1), lang))
    if two:
        return tr(
            "GML MIDs to {a}, COW MID 5.0 to {b}", lang, a=digits(two.group(1), lang), b=digits(two.group(2), lang)
        )
    return digits(detail, lang)


def caveat_text(text: str | None, lang: str) -> str:
    """The threat model's caveat ``text`` in ``lang``.

    >>> caveat_text("alliances carried forward from 2018", "fa")
    'اتحادها از ۲۰۱۸ آورده شده است'
    """
    import re

    if not text:
        return ""
    out = []
    for frag in (x.strip() for x in str(text).split(";") if x.strip()):
        m = re.fullmatch(r"(.+) carried forward from (\d{4})", frag)
        h = re.fullmatch(r"dispute histories held at their (\d{4}) level \((.*)\)", frag)
        if m and m.group(1) in CAVEAT_INPUTS:
            what = tr(CAVEAT_INPUTS[m.group(1)], lang)
            out.append(tr("{what} carried forward from {year}", lang, what=what, year=digits(m.group(2), lang)))
        elif h:
            out.append(
                tr(
                    "dispute histories held at their {year} level ({detail})",
                    lang,
                    year=digits(h.group(1), lang),
                    detail=_mid_detail(h.group(2), lang),
                )
            )
        else:
            out.append(frag)
    return separator("; ", lang).join(out)


@dataclass(frozen=True)
class CaveatArg(Arg):
    """A caveat text as a message argument (see :func:`caveat_text`)."""

    value: str

    def text(self, lang: str) -> str:
        return caveat_text(self.value, lang)
