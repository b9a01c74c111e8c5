"""Peace spells: ``add_spells`` and ``add_peace_years`` (years since the last conflict, for temporal dependence).

A spell counts the years a unit (a dyad or a state) has gone without an event.  As in
peacesciencer (``stevemisc::ps_spells``): a spell ends in a year with an event ("failure") or in the
unit's last year; the next year starts a new spell at 0, so the failure year carries the number of
event-free years before it.  With ``ongo=True`` only the first year of a run of consecutive event
years is a failure and the following years of the run are missing (the unit is "at risk" again only
once the event is over).  Use ``t``, ``t^2``, ``t^3`` (Carter & Signorino 2010) or splines (Beck,
Katz & Tucker 1998) of the spell in a model.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .._errors import InputError
from .._panel_base import P, PanelBase
from ._base import check_panel, finish, step

#: Event families peacesciencer knows: (ongoing column, onset column) -> spell column, per unit.
FAMILIES = {
    "dyad-year": [
        ("gmlmidongoing", "gmlmidonset", "gmlmidspell"),
        ("cowmidongoing", "cowmidonset", "cowmidspell"),
        ("cowinterongoing", "cowinteronset", "cowinterspell"),
    ],
    "state-year": [
        ("ucdpongoing", "ucdponset", "ucdpspell"),
        ("cowintraongoing", "cowintraonset", "cowintraspell"),
    ],
}


def spell_counts(
    event: np.ndarray, unit: np.ndarray, year: np.ndarray, ongo: bool = False, peer_compat: bool = False
) -> np.ndarray:
    """Spells for rows sorted by unit and year (``event`` 0/1 without missing values); NaN where undefined.

    ``peer_compat=True`` reproduces ``stevemisc::ps_spells`` (used by peacesciencer 1.2.9) to the
    row, including an indexing slip with ``ongo=True``: it counts the spell with the "at risk"
    indicator of the rows *in their original order* while walking the rows in spell order, so a
    row after a dropped (ongoing) row can be counted 0 and the rest of that spell runs one lower.
    """
    n = len(event)
    if n == 0:
        return np.zeros(0)
    ev = event.astype(np.int64)
    new_unit = np.ones(n, dtype=bool)
    new_unit[1:] = unit[1:] != unit[:-1]
    last_of_unit = np.ones(n, dtype=bool)
    last_of_unit[:-1] = new_unit[1:]
    if ongo:
        prev = np.zeros(n, dtype=np.int64)
        prev[1:] = ev[:-1]
        failure = np.where(new_unit, ev, np.maximum(0, ev - prev))
        ongoing = (ev == 1) & (failure == 0)
    else:
        failure = ev
        ongoing = np.zeros(n, dtype=bool)
    # the unit's last observed year (peacesciencer: max(year) within the unit)
    unit_id = np.cumsum(new_unit) - 1
    end_year = np.maximum.reduceat(year, np.flatnonzero(new_unit))[unit_id]
    end_spell = (year == end_year) | ((failure == 1) & ~ongoing)
    spell_id = np.cumsum(end_spell[::-1])[::-1].astype(np.float64)  # countdown id, constant within a spell
    spell_id[ongoing] = np.nan
    out = np.full(n, np.nan)
    if not peer_compat:
        ok = ~ongoing
        sid = spell_id[ok]
        starts = np.ones(sid.size, dtype=bool)
        starts[1:] = sid[1:] != sid[:-1]
        pos = np.arange(sid.size)
        first = np.maximum.accumulate(np.where(starts, pos, 0))
        out[ok] = pos - first
        return out
    order = np.argsort(np.where(np.isnan(spell_id), np.inf, spell_id), kind="stable")
    k = int((~np.isnan(spell_id)).sum())
    helper = (1 - ongoing.astype(np.int64))[:k]  # old order, indexed like the new one (the slip)
    sid = spell_id[order[:k]]
    starts = np.ones(k, dtype=bool)
    starts[1:] = sid[1:] != sid[:-1]
    cs = np.cumsum(helper)
    first = np.maximum.accumulate(np.where(starts, np.arange(k), 0))
    before = np.where(first > 0, cs[first - 1], 0)
    duration = cs - before
    out[order[:k]] = duration - 1
    return out


def _unit_cols(panel: PanelBase) -> list[str]:
    return panel.keys[:-1]


def _add(panel: PanelBase, event: str, name: str, ongo: bool, peer_compat: bool) -> pl.DataFrame:
    data = panel.data.drop(name) if name in panel.data.columns else panel.data
    ev = data[event]
    if not ev.dtype.is_numeric() and ev.dtype != pl.Boolean:
        raise InputError(f"spells need a 0/1 event column; {event!r} is {ev.dtype}")
    vals = ev.drop_nulls().cast(pl.Float64)
    bad = vals.filter((vals != 0) & (vals != 1))
    if bad.len():
        raise InputError(f"spells need a 0/1 event column; {event!r} has the value {bad[0]!r}")
    units = _unit_cols(panel)
    frame = data.select(*units, "year", pl.col(event).alias("_ev")).with_row_index("_row")
    frame = frame.filter(pl.col("_ev").is_not_null())
    if not peer_compat:
        frame = frame.sort(*units, "year")
    if frame.height and frame.select(pl.struct(*units, "year").is_duplicated().any()).item():
        raise InputError("spells need unique unit-years; this panel repeats some (see tb.show_duplicates)")
    change = pl.any_horizontal([pl.col(u) != pl.col(u).shift(1) for u in units]).fill_null(True)
    uid = frame.select(change.cum_sum().alias("u"))["u"].to_numpy()
    sp = spell_counts(frame["_ev"].to_numpy(), uid, frame["year"].to_numpy(), ongo=ongo, peer_compat=peer_compat)
    spell = np.full(data.height, np.nan)
    spell[frame["_row"].to_numpy()] = sp
    s = pl.Series(name, spell).fill_nan(None).cast(pl.Int32)
    return data.with_columns(s)


@step("spells", source="spells", systems=("cow", "gw"), aliases=("peace_spells",))
def add_spells(
    panel: P,
    event: str | None = None,
    conflict_event_type: str = "ongoing",
    ongo: bool = False,
    name: str | None = None,
    peer_compat: bool = False,
) -> P:
    """Add peace spells: the years since the unit's last event, for each event column the panel holds.

    Without ``event``, as peacesciencer's ``add_spells()``: dyad-years get ``gmlmidspell``,
    ``cowmidspell``, ``cowinterspell`` for the GML MIDs, COW MIDs and COW inter-state wars they
    hold; state-years ``ucdpspell`` and ``cowintraspell`` for UCDP conflicts and COW intra-state
    wars.  ``event=`` names any 0/1 column instead (spell column ``name``, default ``<event>spell``).

    Parameters
    ----------
    conflict_event_type
        ``"ongoing"`` (default: a year of an ongoing event ends the spell) or ``"onset"`` (only
        onsets do).  Ignored with ``event=``.
    ongo
        Treat consecutive event years as one event: only its first year ends a spell and its
        later years get a missing spell.
    peer_compat
        Reproduce ``stevemisc::ps_spells`` exactly, including its miscount with ``ongo=True``
        (see :func:`spell_counts`) and its reliance on the panel's row order.

    Rows whose event is missing (years outside the event data's coverage) get a missing spell; the
    spell runs over the remaining rows of each unit.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years="1816-2010", directed=False).add_gml_mids().add_spells()
    >>> p.data.filter((tb.col("ccode1") == 630) & (tb.col("ccode2") == 645))["gmlmidspell"].head(3).to_list()
    [0, 1, 2]
    """
    check_panel(panel, "spells")
    if conflict_event_type not in ("ongoing", "onset"):
        raise InputError(f"conflict_event_type must be 'ongoing' or 'onset', got {conflict_event_type!r}")
    if not isinstance(ongo, bool):
        raise InputError(f"ongo must be True or False, got {ongo!r}")
    if event is not None:
        if event not in panel.data.columns:
            raise InputError(f"no column {event!r} in the panel; columns: {', '.join(panel.data.columns)}")
        todo = [(event, name or f"{event}spell")]
    else:
        if name is not None:
            raise InputError("name= needs event=: the default spell columns have fixed names")
        fams = FAMILIES[panel.unit]
        todo = [
            (on if conflict_event_type == "onset" else og, sp)
            for og, on, sp in fams
            if og in panel.data.columns and on in panel.data.columns
        ]
        if not todo:
            known = ", ".join(f"{og}/{on}" for og, on, _ in fams)
            raise InputError(
                f"add_spells finds no event columns in this {panel.unit} panel (looked for {known}); "
                "add conflict data first (e.g. add_gml_mids, add_ucdp_acd) or name a 0/1 column with event="
            )
    p = panel
    for ev, nm in todo:
        p = p.with_data(_add(p, ev, nm, ongo, peer_compat))
    return finish(panel, p.data, "spells")


def add_peace_years(panel: P, pad: bool = False) -> P:
    """peacesciencer's older ``add_peace_years()``: spells on the *ongoing* event, each year counted.

    Equivalent to ``add_spells(panel, conflict_event_type="ongoing", ongo=False)`` (the same
    Beck, Katz & Tucker counter, ``DAMisc::btscs``).  ``pad=True`` (treating gaps inside a unit's
    years as events) is not supported: threatbalance panels have no gaps within a unit's membership.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years="2000-2010", directed=False).add_gml_mids()
    >>> add_peace_years(p).data["gmlmidspell"].equals(p.add_spells().data["gmlmidspell"])
    True
    """
    if pad:
        raise InputError("add_peace_years(pad=True) is not supported; use pad=False (the default)")
    return add_spells(panel)
