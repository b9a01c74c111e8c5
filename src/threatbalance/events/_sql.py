"""The one definition of the event aggregation, as SQL text that DuckDB and Spark SQL both run.

Every step is plain SQL in the subset both engines share (``CASE``, ``COALESCE``, ``LIKE``, ``||``,
``year()``/``month()``, ``COUNT(DISTINCT ...)``, window ``row_number()``, explicit casts and
``NULLS LAST``), so the two engines compute the same table from the same input: the engine-equality
test checks it row by row.

1. :func:`map_sql`: a file's rows -> canonical events (COW codes, state flags, quad class, Goldstein x 10).
2. :data:`DEDUP_SQL`: one row per event id (the first by date, code and actors).
3. :data:`DYAD_COUNTS_SQL` and :data:`STATE_COUNTS_SQL`: additive directed dyad-month counts and each
   state's monthly coverage (every event naming it).  Additive: batches are summed.
4. :func:`measures_sql`: the dyad-month or dyad-year measures from summed counts.

Goldstein scores carry one decimal, so they are summed as integers (``goldstein10``) and divided once
at the end: sums are exact and both engines give bit-identical means.
"""

from __future__ import annotations

from ._formats import CANONICAL

#: Columns of the canonical event (after :func:`map_sql`), with DuckDB types.
EVENT_COLUMNS = (
    ("event_id", "VARCHAR"),
    ("event_date", "DATE"),
    ("src_ccode", "INTEGER"),
    ("src_state", "BOOLEAN"),
    ("tgt_ccode", "INTEGER"),
    ("tgt_state", "BOOLEAN"),
    ("cameo", "VARCHAR"),
    ("quad", "INTEGER"),
    ("goldstein10", "INTEGER"),
)

#: Additive count columns of a directed dyad-month.
COUNT_COLUMNS = (
    "n_events",
    "n_verbal_coop",
    "n_material_coop",
    "n_verbal_conflict",
    "n_material_conflict",
    "n_scored",
    "goldstein10_sum",
    "days_material_conflict",
    "days_active",
)

#: The measures table (dyad-month; dyad-year without ``month``), in order.
MEASURE_COLUMNS = (
    "ccode1",
    "ccode2",
    "year",
    "month",
    "n_events",
    "n_verbal_coop",
    "n_material_coop",
    "n_verbal_conflict",
    "n_material_conflict",
    "goldstein_sum",
    "goldstein_mean",
    "conflict_share",
    "days_material_conflict",
    "days_active",
    "coverage1",
    "coverage2",
    "events_norm",
    "conflict_norm",
)


def map_sql(select: dict[str, str], source: str, pre: tuple[tuple[str, str], ...] = ()) -> str:
    """SQL turning the rows of relation ``source`` (a file's columns) into canonical events.

    Needs the lookup relations ``countries(key, ccode)`` and ``cameo(code, root, quad, goldstein10)``.
    Rows whose id or date is missing keep ``event_id``/``event_date`` NULL: the caller counts them as
    malformed.  The state flags are evaluated only for events between two different COW states (the
    only events the dyad measures use; a CASE branch is evaluated lazily by both engines), NULL otherwise.
    """
    plain = [c for c in CANONICAL if c not in ("src_state", "tgt_state")]
    exprs = ",\n       ".join(f"{select[c]} AS _c_{c}" for c in plain)
    if pre:
        source = "(SELECT *, " + ", ".join(f"{e} AS {n}" for n, e in pre) + f" FROM {source}) p"
    dyadic = "sc.ccode IS NOT NULL AND tc.ccode IS NOT NULL AND sc.ccode <> tc.ccode"
    return f"""SELECT r._c_event_id AS event_id, r._c_event_date AS event_date,
       sc.ccode AS src_ccode, CASE WHEN {dyadic} THEN {select["src_state"]} END AS src_state,
       tc.ccode AS tgt_ccode, CASE WHEN {dyadic} THEN {select["tgt_state"]} END AS tgt_state,
       r._c_cameo AS cameo, k.quad, k.goldstein10
FROM (SELECT *, {exprs}
      FROM {source}) r
LEFT JOIN countries sc ON r._c_src_country = sc.key
LEFT JOIN countries tc ON r._c_tgt_country = tc.key
LEFT JOIN cameo k ON r._c_cameo = k.code"""


#: One row per event id among the valid rows of relation ``mapped`` (ties broken by date, code, actors).
DEDUP_SQL = """SELECT event_id, event_date, src_ccode, src_state, tgt_ccode, tgt_state, cameo, quad, goldstein10
FROM (SELECT m.*, row_number() OVER (
          PARTITION BY event_id
          ORDER BY event_date NULLS LAST, cameo NULLS LAST, src_ccode NULLS LAST, tgt_ccode NULLS LAST,
                   src_state NULLS LAST, tgt_state NULLS LAST) AS rn
      FROM mapped m
      WHERE event_id IS NOT NULL AND event_date IS NOT NULL) t
WHERE rn = 1"""


#: ``DEDUP_SQL`` when ``mapped`` holds no repeated event id (checked first by an engine: cheaper than the window).
VALID_SQL = """SELECT event_id, event_date, src_ccode, src_state, tgt_ccode, tgt_state, cameo, quad, goldstein10
FROM mapped WHERE event_id IS NOT NULL AND event_date IS NOT NULL"""

#: Whether ``mapped`` repeats an event id among its valid rows.
HAS_DUPLICATES_SQL = """SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM mapped
WHERE event_id IS NOT NULL AND event_date IS NOT NULL"""

#: Directed dyad-month counts of state-to-state events between two different COW states (relation ``events``).
DYAD_COUNTS_SQL = """SELECT ccode1, ccode2, year, month,
       CAST(COUNT(*) AS BIGINT) AS n_events,
       CAST(SUM(CASE WHEN quad = 1 THEN 1 ELSE 0 END) AS BIGINT) AS n_verbal_coop,
       CAST(SUM(CASE WHEN quad = 2 THEN 1 ELSE 0 END) AS BIGINT) AS n_material_coop,
       CAST(SUM(CASE WHEN quad = 3 THEN 1 ELSE 0 END) AS BIGINT) AS n_verbal_conflict,
       CAST(SUM(CASE WHEN quad = 4 THEN 1 ELSE 0 END) AS BIGINT) AS n_material_conflict,
       CAST(SUM(CASE WHEN goldstein10 IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS n_scored,
       CAST(COALESCE(SUM(goldstein10), 0) AS BIGINT) AS goldstein10_sum,
       CAST(COUNT(DISTINCT CASE WHEN quad = 4 THEN event_date END) AS BIGINT) AS days_material_conflict,
       CAST(COUNT(DISTINCT event_date) AS BIGINT) AS days_active
FROM (SELECT CAST(src_ccode AS INT) AS ccode1, CAST(tgt_ccode AS INT) AS ccode2,
             CAST(year(event_date) AS INT) AS year, CAST(month(event_date) AS INT) AS month,
             event_date, quad, goldstein10
      FROM events
      WHERE src_state AND tgt_state AND src_ccode IS NOT NULL AND tgt_ccode IS NOT NULL
        AND src_ccode <> tgt_ccode) e
GROUP BY ccode1, ccode2, year, month"""

#: Each COW state's monthly coverage: the events naming it as source or target (any actor), each once.
STATE_COUNTS_SQL = """SELECT ccode, year, month, CAST(COUNT(*) AS BIGINT) AS n_coverage
FROM (SELECT CAST(src_ccode AS INT) AS ccode, CAST(year(event_date) AS INT) AS year,
             CAST(month(event_date) AS INT) AS month
      FROM events WHERE src_ccode IS NOT NULL
      UNION ALL
      SELECT CAST(tgt_ccode AS INT) AS ccode, CAST(year(event_date) AS INT) AS year,
             CAST(month(event_date) AS INT) AS month
      FROM events WHERE tgt_ccode IS NOT NULL AND (src_ccode IS NULL OR tgt_ccode <> src_ccode)) s
GROUP BY ccode, year, month"""


def _dbl(x: str) -> str:
    return f"CAST({x} AS DOUBLE)"


def measures_sql(unit: str, where: str = "TRUE") -> str:
    """Dyad-``unit`` measures from the relations ``dyad_counts`` and ``state_counts`` (summed first).

    ``unit`` is ``"month"`` or ``"year"``; ``where`` filters both relations (e.g. a year range).
    """
    if unit not in ("month", "year"):  # pragma: no cover - checked by callers
        raise ValueError(unit)
    t = "year, month" if unit == "month" else "year"
    on = "c.year = d.year" + (" AND c.month = d.month" if unit == "month" else "")
    sums = ",\n       ".join(f"CAST(SUM({c}) AS BIGINT) AS {c}" for c in COUNT_COLUMNS)
    quads = "d.n_verbal_coop + d.n_material_coop + d.n_verbal_conflict + d.n_material_conflict"
    conflict = "d.n_verbal_conflict + d.n_material_conflict"
    cov = "c1.n_coverage + c2.n_coverage"
    month_col = "d.month, " if unit == "month" else ""
    return f"""WITH d AS (
  SELECT ccode1, ccode2, {t},
       {sums}
  FROM dyad_counts WHERE {where}
  GROUP BY ccode1, ccode2, {t}),
c AS (
  SELECT ccode, {t}, CAST(SUM(n_coverage) AS BIGINT) AS n_coverage
  FROM state_counts WHERE {where}
  GROUP BY ccode, {t})
SELECT d.ccode1, d.ccode2, d.year, {month_col}
       d.n_events, d.n_verbal_coop, d.n_material_coop, d.n_verbal_conflict, d.n_material_conflict,
       {_dbl("d.goldstein10_sum")} / {_dbl("10")} AS goldstein_sum,
       CASE WHEN d.n_scored > 0 THEN {_dbl("d.goldstein10_sum")} / {_dbl("10 * d.n_scored")} END AS goldstein_mean,
       CASE WHEN {quads} > 0 THEN {_dbl(conflict)} / {_dbl(quads)} END AS conflict_share,
       d.days_material_conflict, d.days_active,
       c1.n_coverage AS coverage1, c2.n_coverage AS coverage2,
       {_dbl("d.n_events")} / {_dbl(cov)} AS events_norm,
       {_dbl(conflict)} / {_dbl(cov)} AS conflict_norm
FROM d
JOIN c c1 ON c1.ccode = d.ccode1 AND {on.replace("c.", "c1.")}
JOIN c c2 ON c2.ccode = d.ccode2 AND {on.replace("c.", "c2.")}
ORDER BY d.ccode1, d.ccode2, d.year{", d.month" if unit == "month" else ""}"""
