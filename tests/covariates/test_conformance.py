"""One conformance test for every registered ``add_*`` step (future steps are covered automatically).

For each step in ``threatbalance.covariates.STEPS`` and each unit (state-years, directed and
non-directed dyad-years) the step runs on a panel of a few years chosen around the edges of the
step's coverage (a year before its first, its first and last year, one after, and the edges of any
gap in a sparse source such as five-yearly surveys) and must:

* keep the rows, their order and keys (unique), and the columns it did not add, unchanged;
* add at least one column, and find data (no new column entirely missing) inside its coverage;
* leave every new column missing in years its source does not cover;
* leave no ``filled`` column missing in years it covers;
* give equal ``symmetric`` columns for (a, b) and (b, a), and mirrored pairs (``x1``/``x2`` of
  state-level steps, ``StepInfo.mirrored``) with a(i, j) == b(j, i), on directed panels;
* give a non-directed panel the directed panel's values of those columns;
* be idempotent (running it twice changes nothing) and record its source;
* raise ``UnitError`` on a unit or state system it does not support.

Leader units (``tb.leader_years``, ``tb.leader_dyad_years``: units "leader-year", "leader-directed",
"leader-non-directed", G-W as the peer's default) and state-days ("state-day") are covered the same
way: steps for them run all the checks above (the direction checks swap ``obsid1``/``obsid2`` with
the state codes), and every other step must refuse them with ``UnitError``.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

import threatbalance as tb
from threatbalance import UnitError
from threatbalance.covariates import STEPS, StepInfo

UNITS = ("state-year", "directed", "non-directed", "leader-year", "leader-directed", "leader-non-directed", "state-day")
LEADER = ("leader-year", "leader-directed", "leader-non-directed")
LO, HI = tb.DATA_START, tb.DATA_END


def _spells_events(p: tb.Panel) -> tuple[tb.Panel, dict]:
    """Spells need event columns: real conflict data where the system has them, else a synthetic 0/1 column."""
    if p.system == "cow":
        return (tb.add_gml_mids(p) if p.unit == "dyad-year" else tb.add_cow_wars(p)), {}
    if p.unit == "state-year":
        return tb.add_ucdp_acd(p), {}
    return p.with_data(p.data.with_columns((pl.col("year") % 3 == 0).cast(pl.Int8).alias("_ev"))), {"event": "_ev"}


#: Steps that work on columns another step adds: (prepare the panel and the call's options, coverage of the test).
PREREQUISITES = {"spells": (_spells_events, (1816, 2010))}


def effective(info: StepInfo) -> StepInfo:
    """The step's info with the coverage its test prerequisites give it."""
    if info.name in PREREQUISITES:
        return replace(info, coverage=PREREQUISITES[info.name][1])
    return info


def run_step(info: StepInfo, p: tb.Panel) -> tuple[tb.Panel, tb.Panel]:
    """(panel before, panel after) of a step, with its prerequisites applied first."""
    kwargs: dict = {}
    if info.name in PREREQUISITES:
        p, kwargs = PREREQUISITES[info.name][0](p)
    return p, info.func(p, **kwargs)


def edge_years(info: StepInfo) -> list[int]:
    """Years around the edges of a step's coverage, inside the panels' range 1816-2022."""
    info = effective(info)
    covered = info.years_covered()
    lo, hi = info.coverage or (LO, HI)
    years = {lo - 1, lo, hi, hi + 1}
    gaps = sorted(set(range(lo, hi + 1)) - covered)
    if gaps:  # a sparse source: the first gap, the covered year before it, and the first covered year after it
        after = [y for y in sorted(covered) if y > gaps[0]]
        years |= {gaps[0], gaps[0] - 1, *after[:1]}
    years = {y for y in years if LO <= y <= HI}
    if not covered & years:  # e.g. a source reaching beyond both ends of the panels
        years.add(min(max(lo, LO), HI))
    return sorted(years)


def _leader_step(info: StepInfo) -> bool:
    return not {"state-year", "dyad-year"} & set(info.units)


ALL_YEARS = sorted({y for info in STEPS.values() if not _leader_step(info) for y in edge_years(info)})
LEADER_YEARS = sorted({y for info in STEPS.values() if _leader_step(info) for y in edge_years(info)} or {2000})


def _stack(build, years: list[int]) -> tb.Panel:
    parts = [build(y) for y in years]
    data = pl.concat([p.data for p in parts])
    return replace(parts[0], data=data, years=(years[0], years[-1]))


@pytest.fixture(scope="session")
def base_panels() -> dict[str, tb.Panel]:
    """COW panels of every edge year of every step, built once (a year at a time: the years are not contiguous)."""
    gw_years = sorted({y for info in STEPS.values() if "cow" not in info.systems for y in edge_years(info)})
    return {
        "state-year": _stack(lambda y: tb.state_years(years=y), ALL_YEARS),
        "directed": _stack(lambda y: tb.dyad_years(years=y), ALL_YEARS),
        "non-directed": _stack(lambda y: tb.dyad_years(years=y, directed=False), ALL_YEARS),
        "gw-state-year": _stack(lambda y: tb.state_years(years=y, system="gw"), gw_years or [2000]),
        "gw-directed": _stack(lambda y: tb.dyad_years(years=y, system="gw"), gw_years or [2000]),
        "gw-non-directed": _stack(lambda y: tb.dyad_years(years=y, system="gw", directed=False), gw_years or [2000]),
        **leader_panels(),
        "state-day": tb.state_days(years=2000),
    }


def leader_panels() -> dict[str, tb.Panel]:
    """G-W leader-years of the leader steps' edge years, leader-dyad-years of those inside 1870-2015."""
    ly = tb.leader_years()
    ly = replace(ly, data=ly.data.filter(pl.col("year").is_in(LEADER_YEARS)))
    dyad_years = [y for y in LEADER_YEARS if 1870 <= y <= 2015] or [2015]
    return {
        "leader-year": ly,
        "leader-directed": _stack(lambda y: tb.leader_dyad_years(years=y), dyad_years),
        "leader-non-directed": _stack(lambda y: tb.leader_dyad_years(years=y, directed=False), dyad_years),
    }


def panel_for(base: dict[str, tb.Panel], unit: str, years: list[int], info: StepInfo | None = None) -> tb.Panel:
    """The test panel of a unit (COW, or G-W for steps without COW support) restricted to some years."""
    if unit in LEADER or unit == "state-day":
        p = base[unit]
        if unit == "state-day":
            return p
    else:
        p = base[unit if info is None or "cow" in info.systems else f"gw-{unit}"]
    return replace(p, data=p.data.filter(pl.col("year").is_in(years)), years=(years[0], years[-1]))


def _unit_of(unit: str) -> str:
    return {"state-year": "state-year", "leader-year": "leader-year", "state-day": "state-day"}.get(
        unit, "leader-dyad-year" if unit in LEADER else "dyad-year"
    )


@pytest.fixture(scope="session")
def results(base_panels):
    """Each (step, unit) run once on its edge-year panel, shared by the checks below."""
    cache: dict[tuple[str, str], tuple[tb.Panel, tb.Panel]] = {}

    def get(name: str, unit: str) -> tuple[tb.Panel, tb.Panel]:
        if (name, unit) not in cache:
            info = STEPS[name]
            cache[(name, unit)] = run_step(info, panel_for(base_panels, unit, edge_years(info), info))
        return cache[(name, unit)]

    return get


def same(c: str, other: str, dtype: pl.DataType | None = None) -> pl.Expr:
    """Equal, both missing, or (floats) equal to 1e-9 relative: a formula need not be bit-symmetric."""
    x, y = pl.col(c), pl.col(other)
    if dtype is not None and not dtype.is_numeric():
        return (x == y) | (x.is_null() & y.is_null())
    close = (x.cast(pl.Float64) - y.cast(pl.Float64)).abs() <= 1e-9 * pl.max_horizontal(x.cast(pl.Float64).abs(), 1.0)
    return (x == y) | close | (x.is_null() & y.is_null())


def mirrored_pairs(info: StepInfo, new: list[str]) -> list[tuple[str, str]]:
    pairs = list(info.mirrored)
    if (
        "state-year" in info.units or "leader-year" in info.units
    ):  # a state-level step: x1 describes state 1, x2 state 2
        pairs += [(c[:-1] + "1", c) for c in new if c.endswith("2") and c[:-1] + "1" in new]
    return pairs


CASES = [(name, unit) for name in sorted(STEPS) for unit in UNITS]


@pytest.mark.parametrize(("name", "unit"), CASES, ids=[f"{n}-{u}" for n, u in CASES])
def test_step_conformance(name, unit, base_panels, results):
    info = STEPS[name]
    if _unit_of(unit) not in info.units:
        p = panel_for(base_panels, unit, edge_years(info), info)
        with pytest.raises(UnitError, match=f"add_{name}"):
            info.func(p)
        return

    before, after = results(name, unit)
    info = effective(info)
    keys = before.keys
    b, a = before.data, after.data
    # rows, keys and untouched columns
    assert a.height == b.height
    assert a.select(keys).equals(b.select(keys)), "keys or row order changed"
    assert a.select(keys).is_duplicated().sum() == 0
    for c in b.columns:
        assert a[c].equals(b[c]), f"column {c} changed"
    new = [c for c in a.columns if c not in b.columns]
    assert new, "the step added no column"
    assert info.source in after.sources
    assert (after.unit, after.system, after.directed) == (before.unit, before.system, before.directed)

    covered = info.years_covered()
    inside = pl.col("year").is_in(sorted(covered))
    out = a.filter(~inside)
    for c in new:
        assert out[c].null_count() == out.height, f"{c} has values in years its source does not cover"
    ins = a.filter(inside)
    assert ins.height > 0, "the test panel has no covered year"
    # attributes of events (a war's deaths, a dispute's number) exist only with an event: when the edge
    # years hold no event, only the filled event flags are required to have data
    flags = [c for c in info.filled if c in new]
    events = not flags or any(ins[c].cast(pl.Float64).sum() > 0 for c in flags)
    for c in new if events else flags:
        assert ins[c].null_count() < ins.height, f"{c} is missing in every covered year (a failed join?)"
    for c in info.filled:
        if c in new:
            assert ins[c].null_count() == 0, f"filled column {c} is missing inside coverage"

    if unit in ("directed", "leader-directed"):
        swap = {k: k[:-1] + ("2" if k.endswith("1") else "1") for k in keys if k[-1:] in ("1", "2")}
        rev = a.rename(swap)
        cols = [c for c in info.symmetric if c in new]
        pairs = mirrored_pairs(info, new)
        flip = dict(pairs) | {y: x for x, y in pairs}
        right = rev.select(
            *keys, *[pl.col(c).alias(f"{c}_rev") for c in cols], *[pl.col(flip[c]).alias(f"{c}_rev") for c in flip]
        )
        j = a.join(right, on=keys, how="left")
        assert j.height == a.height
        for c in [*cols, *flip]:
            bad = j.filter(~same(c, f"{c}_rev", a.schema[c]).fill_null(False))
            assert bad.height == 0, f"{c} differs between (a, b) and (b, a): {bad.select(*keys, c, f'{c}_rev').head(3)}"

    again = info.func(after)
    assert again.data.equals(a), "running the step twice changed the result"


DYADIC = sorted(
    [(n, "") for n, i in STEPS.items() if "dyad-year" in i.units]
    + [(n, "leader-") for n, i in STEPS.items() if "leader-dyad-year" in i.units]
)


@pytest.mark.parametrize(("name", "prefix"), DYADIC, ids=[f"{n}-{p}dyads" for n, p in DYADIC])
def test_non_directed_agrees_with_directed(name, prefix, results):
    """Symmetric and mirrored columns of a non-directed panel equal the directed panel's rows with ccode1 < ccode2."""
    info = STEPS[name]
    _, d = results(name, f"{prefix}directed")
    before, n = results(name, f"{prefix}non-directed")
    new = [c for c in n.data.columns if c not in before.data.columns]
    cols = [c for c in {*info.symmetric, *(x for pair in mirrored_pairs(info, new) for x in pair)} if c in new]
    keys = n.keys
    j = n.data.select(*keys, *cols).join(
        d.data.select(*keys, *[pl.col(c).alias(f"{c}_d") for c in cols]), on=keys, how="left"
    )
    assert j.height == n.data.height
    for c in cols:
        assert j.filter(~same(c, f"{c}_d", n.data.schema[c]).fill_null(False)).height == 0, (
            f"{c}: non-directed differs from directed"
        )


@pytest.mark.parametrize("name", sorted(STEPS))
def test_state_system_support(name):
    """A step runs on Gleditsch-Ward panels if it says so and raises UnitError otherwise."""
    info = STEPS[name]
    if "state-year" in info.units:
        p = tb.state_years(years=2000, system="gw")
    elif "dyad-year" in info.units:
        p = tb.dyad_years(years=2000, system="gw")
    else:
        p = tb.leader_years(years=2000, system="gw")
    if "gw" not in info.systems:
        with pytest.raises(UnitError, match="GW"):
            info.func(p)
        return
    p, out = run_step(info, p)
    assert out.data.height == p.data.height
    assert out.data.select(p.keys).equals(p.data.select(p.keys))
    assert len(out.data.columns) > len(p.data.columns)


@pytest.mark.parametrize("name", sorted(STEPS))
def test_rejects_what_is_not_a_panel(name):
    with pytest.raises(UnitError, match="Panel"):
        STEPS[name].func(pl.DataFrame({"ccode": [2], "year": [2000]}))


def test_edge_years_of_sparse_sources():
    """The test panels reach into the gaps of sparse sources."""
    assert STEPS["diplomatic_ties"].years_covered() == frozenset(range(1970, 2006, 5))
    assert {1969, 1970, 1971, 1975, 2005, 2006} <= set(edge_years(STEPS["diplomatic_ties"]))
    assert 1964 not in STEPS["un_votes"].years_covered() and 1964 in edge_years(STEPS["un_votes"])
    assert STEPS["igos"].years_covered() == frozenset(range(1816, 2015))
    assert STEPS["nmc"].years_covered() == frozenset(range(1816, 2023))
