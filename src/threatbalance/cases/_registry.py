"""Shipped cases and ad-hoc cases: which states, which focal pair, which ledger and claims.

A case is plain data (``cases/data/cases.json``): a title, the research question and the theory in
English and Persian, the states involved, the focal pair whose alignment is to be explained, the
state the article names as their common threat, the years, the years of the threat heatmaps, an
evidence ledger (CSV) and a list of checkable claims (JSON).  :func:`make_case` builds the same
structure for any set of states, so a report can be made for a case that is not shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .. import _validate as V
from .._errors import InputError
from ..states import resolve_state, resolve_states

_GENERIC_THEORY = {
    "en": [
        "Defensive realism in Stephen Walt's form holds that states balance against threat, not against bare power.",
        (
            "Threat has four sources: aggregate power, geographic proximity, offensive capabilities and aggressive "
            "intentions (Walt 1985, 1987)."
        ),
        "States that face the same threat align against it, so an alignment is explained by its common enemy.",
    ],
    "fa": [
        "واقع‌گرایی تدافعی به روایت استفن والت می‌گوید دولت‌ها در برابر تهدید موازنه می‌کنند، نه در برابر قدرت صرف.",
        "تهدید چهار منبع دارد: قدرت کلی، نزدیکی جغرافیایی، توانایی‌های تهاجمی و نیات تهاجمی (والت 1985، 1987).",
        "دولت‌هایی که با تهدید مشترکی روبه‌رو هستند در برابر آن متحد می‌شوند و اتحاد را باید با دشمن مشترک توضیح داد.",
    ],
}


@dataclass(frozen=True)
class Case:
    """A case study: the states, the focal pair, the named common threat, years, ledger and claims.

    Attributes
    ----------
    key : str
        Short name (``"israel-azerbaijan"``), or ``"custom"`` for an ad-hoc report.
    title, question : dict
        ``{"en": ..., "fa": ...}``.
    theory : dict
        ``{"en": [three sentences], "fa": [...]}``.
    states : tuple of int
        COW codes of the states shown (the focal pair first).
    pair : tuple of int
        The two states whose alignment the case explains.
    threatener : int or None
        The state the case names as the pair's common threat (None: take the model's most frequent
        common enemy).
    years : tuple of int
        First and last year.
    heatmap_years : tuple of int
        Years of the threat-matrix heatmaps.
    ledger : Path or None
        Evidence ledger (CSV, see ``docs/case.md``).
    claims : Path or None
        Checkable claims (JSON, see ``docs/case.md``).
    article : str
        The study the case comes from.
    """

    key: str
    title: dict
    question: dict
    theory: dict
    states: tuple[int, ...]
    pair: tuple[int, int]
    threatener: int | None
    years: tuple[int, int]
    heatmap_years: tuple[int, ...] = ()
    ledger: Path | None = None
    claims: Path | None = None
    article: str | dict = ""
    extra: dict = field(default_factory=dict)

    def with_options(
        self, states: Any = None, years: Any = None, ledger: Any = None, heatmap_years: Any = None
    ) -> Case:
        """A copy with other states (the pair stays first), years, ledger or heatmap years."""
        out = self
        if states is not None:
            codes = resolve_states(states)
            rest = [c for c in codes if c not in self.pair]
            out = replace(out, states=tuple(list(self.pair) + rest))
        if years is not None:
            out = replace(out, years=_years(years))
        if ledger is not None:
            out = replace(out, ledger=_existing(ledger, "ledger"))
        if heatmap_years is not None:
            out = replace(out, heatmap_years=_heat_years(heatmap_years, out.years))
        elif years is not None:
            out = replace(out, heatmap_years=_heat_years(self.heatmap_years, out.years, fallback=True))
        return out


def _years(years: Any) -> tuple[int, int]:
    return V.years(years, what="case")


def _heat_years(values: Any, years: tuple[int, int], fallback: bool = False) -> tuple[int, ...]:
    """Up to six heatmap years inside the report's ``years``.

    ``fallback`` drops the years outside instead of refusing them; with none left: first, middle, last.
    """
    lo, hi = years
    vals = V.year_list(values if values is not None else [], lo, hi, what="report", drop_outside=fallback)
    if not vals:
        vals = tuple(sorted({lo, (lo + hi) // 2, hi}))
    return vals[:6]


def _existing(path: Any, what: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file {str(p)!r} does not exist")
    return p


def _data_dir() -> Path:
    return Path(str(resources.files("threatbalance.cases") / "data"))


@lru_cache(maxsize=1)
def _raw_cases() -> dict:
    with open(_data_dir() / "cases.json", encoding="utf-8") as fh:
        return json.load(fh)


def _build(key: str, spec: dict) -> Case:
    pair = tuple(resolve_state(s) for s in spec["pair"])
    states = resolve_states(spec["states"])
    d = _data_dir()
    yrs = _years(tuple(spec["years"]))
    return Case(
        key=key,
        title=spec["title"],
        question=spec["question"],
        theory=spec["theory"],
        states=tuple(list(pair) + [c for c in states if c not in pair]),
        pair=(pair[0], pair[1]),
        threatener=resolve_state(spec["threatener"]) if spec.get("threatener") else None,
        years=yrs,
        heatmap_years=_heat_years(spec.get("heatmap_years", []), yrs, fallback=True),
        ledger=d / spec["ledger"] if spec.get("ledger") else None,
        claims=d / spec["claims"] if spec.get("claims") else None,
        article=spec.get("article", ""),
        extra={"split_year": spec.get("split_year")},
    )


def list_cases() -> list[dict]:
    """The shipped cases: key, title, states, years.

    Examples
    --------
    >>> import threatbalance as tb
    >>> [c["key"] for c in tb.list_cases()]
    ['israel-azerbaijan', 'israel-gulf', 'eastern-mediterranean']
    """
    out = []
    for key, spec in _raw_cases().items():
        c = _build(key, spec)
        out.append(
            {
                "key": key,
                "title": c.title["en"],
                "states": ",".join(spec["states"]),
                "pair": "-".join(spec["pair"]),
                "threatener": spec.get("threatener"),
                "years": f"{c.years[0]}-{c.years[1]}",
                "ledger_events": _count_lines(c.ledger),
                "claims": _count_claims(c.claims),
            }
        )
    return out


def _count_lines(path: Path | None) -> int:
    if path is None:
        return 0
    from ._ledger import load_ledger

    return load_ledger(path).height


def _count_claims(path: Path | None) -> int:
    if path is None:
        return 0
    with open(path, encoding="utf-8") as fh:
        return len(json.load(fh))


def get_case(name: str | Case) -> Case:
    """A shipped case by name (``"israel-azerbaijan"``; ``_``, case and spaces are ignored).

    Examples
    --------
    >>> import threatbalance as tb
    >>> c = tb.get_case("israel-azerbaijan")
    >>> c.pair, c.threatener, c.years
    ((666, 373), 630, (1991, 2022))
    """
    if isinstance(name, Case):
        return name
    key = str(name).strip().lower().replace("_", "-").replace(" ", "-")
    raw = _raw_cases()
    if key not in raw:
        raise InputError(f"unknown case {name!r}; shipped cases: {', '.join(raw)} (see `threatbalance case --list`)")
    return _build(key, raw[key])


def make_case(
    states: Any,
    years: Any = "1991-2013",
    pair: Any = None,
    threatener: Any = None,
    ledger: Any = None,
    claims: Any = None,
    heatmap_years: Any = None,
    title: str | None = None,
) -> Case:
    """An ad-hoc case for any set of states (the first two form the focal pair unless ``pair`` is given).

    Examples
    --------
    >>> import threatbalance as tb
    >>> c = tb.make_case("ISR,AZE,IRN,ARM", years="2000-2010")
    >>> c.pair, c.states[2:], c.threatener
    ((666, 373), (630, 371), None)
    """
    codes = resolve_states(states)
    if len(codes) < 2:
        raise InputError(f"a report needs at least two states, got {states!r}")
    if len(codes) > 25:
        raise InputError(f"a report shows at most 25 states, got {len(codes)}")
    pr = resolve_states(pair) if pair is not None else codes[:2]
    if len(pr) != 2 or pr[0] == pr[1]:
        raise InputError(f"pair must name two different states, got {pair!r}")
    yrs = _years(years)
    names = "-".join(str(c) for c in pr)
    from ..states import state_name

    t = title or f"{state_name(pr[0])} and {state_name(pr[1])}, {yrs[0]}-{yrs[1]}"
    tfa = f"{state_name(pr[0], lang='fa')} و {state_name(pr[1], lang='fa')}، {yrs[0]}-{yrs[1]}"
    q = {
        "en": f"Do {state_name(pr[0])} and {state_name(pr[1])} share a common threat, who is it, and do they align "
        f"against it?",
        "fa": f"آیا {state_name(pr[0], lang='fa')} و {state_name(pr[1], lang='fa')} تهدید مشترکی دارند، این تهدید "
        f"از کیست و آیا در برابر آن همسو می‌شوند؟",
    }
    return Case(
        key="custom",
        title={"en": t, "fa": tfa},
        question=q,
        theory=_GENERIC_THEORY,
        states=tuple(list(pr) + [c for c in codes if c not in pr]),
        pair=(pr[0], pr[1]),
        threatener=resolve_state(threatener) if threatener is not None else None,
        years=yrs,
        heatmap_years=_heat_years(
            heatmap_years if heatmap_years is not None else [], yrs, fallback=heatmap_years is None
        ),
        ledger=_existing(ledger, "ledger") if ledger is not None else None,
        claims=_existing(claims, "claims") if claims is not None else None,
        article="",
        extra={"pair_key": names},
    )
