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
