"""State identifiers: COW / Gleditsch-Ward codes, abbreviations, ISO3, English and Persian names.

Every function of threatbalance that takes a state accepts any of these and resolves it with
:func:`resolve_state`; an unknown identifier raises :class:`UnknownStateError` that lists the
closest matches.

Examples
--------
>>> import threatbalance as tb
>>> tb.resolve_state("AZE"), tb.resolve_state("Israel"), tb.resolve_state("ایران"), tb.resolve_state(2)
(373, 666, 630, 2)
>>> tb.state_name(373, lang="fa")
'جمهوری آذربایجان'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import polars as pl

from ._errors import InputError, UnknownStateError
from .sources import load_table

SYSTEMS = ("cow", "gw")

_PERSIAN_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ـ": None,
        "\u0654": None,
        "\u200c": " ",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
    }
)

#: Common names that no code list spells (English and Persian); each maps to one COW / G-W code.
ALIASES: dict[str, int] = {
    "soviet union": 365,
    "ussr": 365,
    "russian federation": 365,
    "uk": 200,
    "great britain": 200,
    "britain": 200,
    "england": 200,
    "united kingdom of great britain and northern ireland": 200,
    "burma": 775,
    "türkiye": 640,
    "turkiye": 640,
    "ottoman empire": 640,
    "viet nam": 816,
    "korea, republic of": 732,
    "republic of korea": 732,
    "south korea": 732,
    "korea, democratic people's republic of": 731,
    "north korea": 731,
    "west germany": 260,
    "federal republic of germany": 260,
    "east germany": 265,
    "german democratic republic": 265,
    "america": 2,
    "us": 2,
    "u.s.": 2,
    "u.s.a.": 2,
    "united states": 2,
    "persia": 630,
    "iran, islamic republic of": 630,
    "islamic republic of iran": 630,
    "czechia": 316,
    "republic of azerbaijan": 373,
    "آمریکا": 2,
    "امریکا": 2,
    "ایالات متحده آمریکا": 2,
    "جمهوری اسلامی ایران": 630,
    "امارات متحده عربی": 696,
    "امارات": 696,
    "شوروی": 365,
    "اتحاد جماهیر شوروی": 365,
    "اتحاد شوروی": 365,
    "عثمانی": 640,
    "امپراتوری عثمانی": 640,
    "بریتانیا": 200,
    "انگلستان": 200,
    "انگلیس": 200,
    "کره جنوبی": 732,
    "کره شمالی": 731,
    "آلمان غربی": 260,
    "آلمان شرقی": 265,
    "رژیم صهیونیستی": 666,
    "اسراییل": 666,
    "آذربایجان": 373,
}
_AMBIGUOUS = "ambiguous"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _norm(text: str) -> str:
    """Fold case, accents, Arabic/Persian letter variants, kashida and spacing."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_PERSIAN_FOLD).translate(_DIGITS)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c) or ord(c) > 0x600)
    t = re.sub(r"[\s\-_.,'’()]+", " ", t.casefold()).strip()
    return re.sub(r"^the ", "", t)


@lru_cache(maxsize=2)
def _index(system: str) -> tuple[dict[str, int | tuple], dict[int, dict[str, str | None]]]:
    """Map of normalised identifier -> code (or an ambiguity record), and code -> display names.

    Identifiers come in tiers; a lower tier wins.  Within a tier an identifier naming two states
    (``AUS``: COW abbreviation of Austria, ISO3 code of Australia) is kept as ambiguous, so that it
    fails with an explanation instead of silently picking one.
    """
    cw = load_table("country_crosswalk")
    if system == "cow":
        sysdf = load_table("cw_system").select(code="ccode", abb="cw_abb", name="cw_name")
        code_col, abb_col = "cown", "cowc"
    else:
        sysdf = load_table("gw_system").select(code="gwcode", abb="gw_abb", name="gw_name")
        code_col, abb_col = "gwn", "gwc"
    sysdf = sysdf.unique("code", keep="last", maintain_order=True)
    names: dict[int, dict[str, str | None]] = {}
    tiers: list[dict[str, dict[int, str]]] = [{}, {}, {}, {}]

    def add(tier: int, key: object, code: int, kind: str) -> None:
        if key is None:
            return
        k = _norm(str(key))
        if k:
            tiers[tier].setdefault(k, {}).setdefault(code, kind)
            for prefix in ("جمهوری ", "republic of ", "kingdom of "):
                if k.startswith(prefix):
                    tiers[3].setdefault(k[len(prefix) :], {}).setdefault(code, kind)

    for row in sysdf.iter_rows(named=True):
        code = int(row["code"])
        names[code] = {"en": row["name"], "abb": row["abb"], "fa": None, "iso3": None}
        add(0, row["name"], code, f"{system.upper()} name")
        add(1, row["abb"], code, f"{system.upper()} abbreviation")
    for row in cw.filter(pl.col(code_col).is_not_null()).iter_rows(named=True):
        code = int(row[code_col])
        if code not in names:
            continue
        nm = names[code]
        nm["fa"] = nm["fa"] or row["name_fa"]
        nm["iso3"] = nm["iso3"] or row["iso3c"]
        add(1, row[abb_col], code, f"{system.upper()} abbreviation")
        add(1, row["iso3c"], code, "ISO3 code")
        for col in (
            "country_name_en",
            "cow_name",
            "cldr_name_en",
            "name_fa",
            "cldr_name_fa",
            "cldr_short_fa",
            "cldr_variant_fa",
            "name_fa_manual",
            "name_fa_pycountry_historic",
        ):
            add(2, row.get(col), code, "name")
    if system == "cow":
        for alias, code in ALIASES.items():
            add(2, alias, code, "name")
    keys: dict[str, int | tuple] = {}
    for tier in tiers:
        for k, codes in tier.items():
            if k in keys:
                continue
            keys[k] = next(iter(codes)) if len(codes) == 1 else (_AMBIGUOUS, tuple(codes.items()))
    return keys, names


def resolve_state(state: int | float | str, system: str = "cow") -> int:
    """Return the numeric state code (COW ``ccode`` or G-W ``gwcode``) of any identifier.

    Accepts a code (int or digit string), a COW/G-W abbreviation, an ISO3 code, or an English or
    Persian name (case, accents, Arabic letter variants and kashida are ignored).

    Raises
    ------
    UnknownStateError
        If nothing matches; the message suggests the closest known names.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.resolve_state("united states of america"), tb.resolve_state("ISR"), tb.resolve_state("آذربایجان")
    (2, 666, 373)
    """
    if system not in SYSTEMS:
        raise InputError(f"unknown state system {system!r}; allowed: {', '.join(SYSTEMS)}")
    keys, names = _index(system)
    if isinstance(state, bool) or state is None:
        raise UnknownStateError(f"{state!r} is not a state identifier (give a code, abbreviation, ISO3 or name)")
    if isinstance(state, float) and state.is_integer():
        state = int(state)
    if isinstance(state, (int,)) or (hasattr(state, "__index__") and not isinstance(state, str)):
        code = int(state)
        if code in names:
            return code
        raise UnknownStateError(
            f"no state with {system.upper()} code {code} (codes run 2-990; e.g. 2 = USA, 630 = Iran)"
        )
    k = _norm(str(state))
    if k.isdigit() and int(k) in names:
        return int(k)
    if k in keys:
        hit = keys[k]
        if isinstance(hit, tuple):
            opts = "; ".join(f"{kind} of {names[c]['en']} ({c})" for c, kind in hit[1])
            raise UnknownStateError(f"{state!r} is ambiguous: {opts}; give the code or the name instead")
        return hit
    if k.isdigit():
        raise UnknownStateError(f"no state with {system.upper()} code {state} (e.g. 2 = USA, 630 = Iran)")
    # Persian "Republic of X" and English "Republic of X" forms
    for prefix in ("جمهوری ", "republic of ", "kingdom of "):
        if k.startswith(prefix) and isinstance(bare := keys.get(k[len(prefix) :]), int):
            return bare
    close = difflib.get_close_matches(k, [x for x, v in keys.items() if not isinstance(v, tuple)], n=5, cutoff=0.6)
    sugg = []
    for c in close:
        found = keys[c]
        assert isinstance(found, int)  # ambiguous identifiers are not offered
        label = f"{names[found]['en']} ({names[found]['abb']}, {found})"
        if label not in sugg:
            sugg.append(label)
    hint = (
        f"; did you mean: {', '.join(sugg)}?"
        if sugg
        else "; give a COW code, abbreviation, ISO3 code or English/Persian name"
    )
    raise UnknownStateError(f"unknown state {state!r}{hint}")


def resolve_states(states: Iterable[int | str] | str, system: str = "cow") -> list[int]:
    """Resolve several identifiers (a list, or a comma-separated string); keeps order, drops duplicates.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.resolve_states("ISR,AZE,IRN")
    [666, 373, 630]
    """
    if isinstance(states, str):
        states = [s for s in (p.strip() for p in states.split(",")) if s]
    out: list[int] = []
    for s in states:
        c = resolve_state(s, system)
        if c not in out:
            out.append(c)
    if not out:
        from ._errors import EmptySelectionError

        raise EmptySelectionError("no states given; name at least one state")
    return out


def state_name(code: int | str, lang: str = "en", system: str = "cow") -> str:
    """Display name of a state in English (``lang="en"``), Persian (``"fa"``) or as abbreviation (``"abb"``).

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.state_name("IRN"), tb.state_name(630, lang="abb")
    ('Iran', 'IRN')
    """
    if lang not in ("en", "fa", "abb", "iso3"):
        raise InputError(f"unknown language {lang!r}; allowed: en, fa, abb, iso3")
    c = resolve_state(code, system)
    nm = _index(system)[1][c]
    return str(nm.get(lang) or nm["en"])


def state_table(system: str = "cow") -> pl.DataFrame:
    """All states of a system with code, abbreviation, ISO3, English and Persian names.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.state_table().filter(tb.col("code") == 373)["name_fa"][0]
    'جمهوری آذربایجان'
    """
    if system not in SYSTEMS:
        raise InputError(f"unknown state system {system!r}; allowed: {', '.join(SYSTEMS)}")
    names = _index(system)[1]
    return pl.DataFrame(
        {
            "code": list(names),
            "abb": [v["abb"] for v in names.values()],
            "iso3": [v["iso3"] for v in names.values()],
            "name_en": [v["en"] for v in names.values()],
            "name_fa": [v["fa"] for v in names.values()],
        },
        schema={"code": pl.Int32, "abb": pl.Utf8, "iso3": pl.Utf8, "name_en": pl.Utf8, "name_fa": pl.Utf8},
    ).sort("code")
