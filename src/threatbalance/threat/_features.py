"""The inputs of the threat model: one transparent feature per row of :data:`FEATURES`.

Every feature is built for *directed* dyad-years ``(ccode1, ccode2, year)`` where ``ccode1`` is the
source of threat ``j`` and ``ccode2`` the target ``i``.  Every feature is non-negative, is 0 at the
"no threat" end of its scale and grows with threat, so that each term of the model (a non-negative
weighted sum of its features) is a non-negative contribution to the log-odds of threat.

Timing (no look-ahead): geography is the one in force on the first day (capitals) or first month
(contiguity) of year ``t``, known before anything happens in ``t``; every other input is read at
year ``t - lag`` (``lag=1`` by default), and dispute histories only count disputes of years up to
``t - lag``.  After a source's last year its last value is carried forward (see
:data:`CARRY` and :func:`vintage`, which says for a year which inputs are carried and from when);
the dispute record (GML MIDs to 2010, COW MID 5.0 for 2011-2014) is never extended with invented
disputes: its decayed stock is held at its last observed level (``mid_after_end="hold"``) or left
to decay (``"decay"``).

Everything here works on whole columns (polars joins and numpy); the only Python loops run over
years or over the (few hundred) dispute events' horizons.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError
from .._validate import coverage
from ..covariates.contiguity import contiguity_years
from ..covariates.distance import capital_years, great_circle_km
from ..panels import dyad_years
from ..sources import DATA_END, load_table

TERMS = ("power", "proximity", "offense", "intent")

#: The rivalry types of Thompson, Sakuwa & Suhas (2021).
RIVALRY_TYPES = ("spatial", "positional", "ideological", "interventionary")
#: Half-life (years) of the arms-import stock (SIPRI TIV received).
ARMS_HALF_LIFE = 5.0
#: Range (km) a tested missile of each class at least has, used when the test's distance flown is not
#: recorded or the flight was lofted: the lower bounds of the standard classes (SRBM from the 300 km of the
#: Missile Technology Control Regime; MRBM 1,000, IRBM 3,000, ICBM 5,500 km).  Space launchers and cruise
#: missiles count only with a recorded distance.
MISSILE_CLASS_KM = {"SRBM": 300.0, "SLBM": 300.0, "MRBM": 1000.0, "IRBM": 3000.0, "ICBM": 5500.0}
#: Half-life (years) of the missile-test stock.
MISSILE_HALF_LIFE = 2.0

#: Farthest distance on the Earth's surface (half the circumference, km): the default zero of the distance
#: decays (``ThreatModel(far_km=...)``).
FAR_KM = 20_037.5
KM_PER_MILE = 1.609344
#: Default floor of the log CINC share (``ThreatModel(cinc_floor=...)``): shares at or below it give 0 power.
CINC_FLOOR = 1e-5
#: Default window of the arms build-up in years (``ThreatModel(buildup_years=...)``).
BUILDUP_YEARS = 3
#: Default grading of separation by water, COW contiguity types 2, 3, 4, 5 (``ThreatModel(sea_grades=...)``).
SEA_GRADES = (1.0, 0.75, 0.5, 0.25)
#: Time scales (years) of the peace-years kernels ``int_peace_<tau>``.
PEACE_TAUS = (1, 3, 10, 30)


@dataclass(frozen=True)
class Feature:
    """One input of the threat model."""

    name: str
    term: str
    label: str
    formula: str
    sources: tuple[str, ...]


FEATURES: tuple[Feature, ...] = (
    # ---- 1. aggregate power of j ------------------------------------------------------------
    Feature(
        "power_cinc",
        "power",
        "j's share of world capabilities (CINC), log scale",
        "max(0, log10(cinc_j / cinc_floor)), cinc_floor = 1e-5",
        ("nmc",),
    ),
    Feature("power_ratio", "power", "j's share of the dyad's capabilities", "cinc_j / (cinc_j + cinc_i)", ("nmc",)),
    # ---- 2. geographic proximity --------------------------------------------------------------
    Feature("prox_land", "proximity", "land border (COW conttype 1)", "1[conttype = 1]", ("contiguity",)),
    Feature(
        "prox_sea",
        "proximity",
        "separated by up to 400 miles of water (conttype 2-5), graded",
        "sea_grades[conttype - 2] for conttype 2..5 (default 1, .75, .5, .25), else 0",
        ("contiguity",),
    ),
    Feature(
        "prox_mindist",
        "proximity",
        "minimum-distance decay (CShapes)",
        "log10((D + 10) / (mindist + 10)), D = far_km = 20037.5 km",
        ("mindist",),
    ),
    Feature("prox_capdist", "proximity", "capital-distance decay", "log10((D + 10) / (capdist + 10))", ("capitals",)),
    Feature(
        "prox_projected",
        "proximity",
        "j's distance-discounted capability at i relative to i's (Bueno de Mesquita)",
        "a / (a + cinc_i), a = cinc_j ^ log10(miles / mpd + 10 - e)",
        ("nmc", "capitals"),
    ),
    Feature(
        "prox_reach",
        "proximity",
        "i inside j's relevant neighbourhood (Lemke)",
        "1[contiguous or a >= cinc_i]",
        ("nmc", "capitals", "contiguity"),
    ),
    # ---- 3. offensive capabilities of j -------------------------------------------------------
    Feature(
        "off_milex",
        "offense",
        "j's share of the dyad's military expenditure",
        "milex_j / (milex_j + milex_i)",
        ("nmc",),
    ),
    Feature(
        "off_milper",
        "offense",
        "j's share of the dyad's military personnel",
        "milper_j / (milper_j + milper_i)",
        ("nmc",),
    ),
    Feature(
        "off_buildup",
        "offense",
        "j's arms build-up: growth of its share of world military spending",
        "max(0, log(s_j,t / s_j,t-k) / k), s = share of world milex, k = buildup_years = 3",
        ("nmc",),
    ),
    Feature(
        "off_armsrace",
        "offense",
        "mutual build-up of j and i (Diehl-style arms race)",
        "min(buildup_j, buildup_i)",
        ("nmc",),
    ),
    Feature("off_major", "offense", "j is a major power (global reach)", "1[j major power]", ("majors",)),
    Feature(
        "off_nuclear",
        "offense",
        "j has nuclear weapons (first weapon or device; South Africa 1979-1991)",
        "1[first_weapon_year <= t - lag <= end_year]",
        ("nuclear_weapons",),
    ),
    Feature(
        "off_latent",
        "offense",
        "j is nuclear-latent: enrichment or reprocessing facility operating (1) or being built (0.5), no weapons",
        "(1 - nuclear_j) * max(1[facility operating], 0.5 * 1[facility under construction])",
        ("nuclear_latency", "nuclear_weapons"),
    ),
    Feature(
        "off_missile",
        "offense",
        "j's recent ballistic-missile testing (CNS: Iran and North Korea only; other states 0)",
        "log(1 + sum_s 0.5^((t - lag - s) / 2) * tests_j(s))",
        ("missile_tests",),
    ),
    Feature(
        "off_missile_reach",
        "offense",
        "i's capital lies within the longest range j has flown in a missile test (CNS)",
        "1[max tested distance_j (km) >= capdist]",
        ("missile_tests", "capitals"),
    ),
    Feature(
        "off_arms",
        "offense",
        "j's stock of imported major arms (SIPRI TIV received, half-life 5 years)",
        "log10(1 + sum_s 0.5^((t - lag - s) / 5) * tiv_j(s))",
        ("sipri",),
    ),
    Feature(
        "off_projection",
        "offense",
        "power projection: j's log capability discounted by distance, no discount for major powers (global reach)",
        "power_cinc * (1 if j major else prox_capdist / log10((D + 10) / 10))",
        ("nmc", "capitals", "majors"),
    ),
    # ---- 4. aggressive intentions of j toward i ----------------------------------------------
    Feature(
        "int_mid_recent",
        "intent",
        "disputes j initiated against i, last years (half-life h_s = 1 year)",
        "log(1 + sum_s 0.5^((t - lag - s) / h_s) * init_ji(s))",
        ("gml_mids", "cow_mids"),
    ),
    Feature(
        "int_mid_memory",
        "intent",
        "disputes j initiated against i, long memory (half-life h_l = 16 years)",
        "log(1 + sum_s 0.5^((t - lag - s) / h_l) * init_ji(s))",
        ("gml_mids", "cow_mids"),
    ),
    Feature(
        "int_mid_reciprocal",
        "intent",
        "disputes i initiated against j, last years (reciprocity)",
        "log(1 + sum_s 0.5^((t - lag - s) / h_s) * init_ij(s))",
        ("gml_mids", "cow_mids"),
    ),
    Feature(
        "int_mid_ongoing",
        "intent",
        "a dispute between j and i was ongoing in t - lag",
        "1[MID ongoing in t - lag]",
        ("gml_mids", "cow_mids"),
    ),
    Feature(
        "int_revisionist",
        "intent",
        "j's disputes initiated against anyone, last years (revisionism)",
        "log(1 + sum_s 0.5^((t - lag - s) / h_s) * init_j.(s))",
        ("gml_mids", "cow_mids"),
    ),
    *[
        Feature(
            f"int_peace_{tau}",
            "intent",
            f"recency of the pair's last dispute, time scale {tau} year{'s' if tau > 1 else ''} (peace-years kernel)",
            f"exp(-peaceyears / {tau}) if the pair ever had a dispute, else 0",
            ("gml_mids", "cow_mids"),
        )
        for tau in PEACE_TAUS
    ],
    Feature(
        "int_rivalry",
        "intent",
        "ongoing strategic rivalry (Thompson, Sakuwa & Suhas)",
        "1[rivalry]",
        ("tss_rivalries",),
    ),
    Feature(
        "int_territorial",
        "intent",
        "spatial (territorial) rivalry, or a territorially threatened contiguous target",
        "max(1[spatial rivalry], 1[contiguous] * max(0, lterrthreat_i))",
        ("tss_rivalries", "terrthreat"),
    ),
    Feature(
        "int_fpdist",
        "intent",
        "foreign-policy distance: UN ideal points (Bailey, Strezhnev & Voeten)",
        "|idealpoint_j - idealpoint_i|",
        ("un_idealpoints",),
    ),
    Feature("int_undisagree", "intent", "UN General Assembly vote disagreement", "1 - agree_ji", ("un_votes",)),
    Feature(
        "int_regime", "intent", "regime dissimilarity (V-Dem polyarchy)", "|polyarchy_j - polyarchy_i|", ("democracy",)
    ),
    Feature("int_no_alliance", "intent", "no ATOP alliance pledge from j to i", "1 - atop_j->i", ("atop",)),
    *[
        Feature(
            f"int_riv_{kind}",
            "intent",
            f"{kind} strategic rivalry (Thompson, Sakuwa & Suhas rivalry type)",
            f"1[rivalry with {kind} type]",
            ("tss_rivalries",),
        )
        for kind in ("positional", "ideological", "interventionary")
    ],
    Feature(
        "int_ideology",
        "intent",
        "left-right distance of the governing parties (V-Party v2pariglef of the senior governing party)",
        "|leftright_j - leftright_i|",
        ("vparty",),
    ),
    Feature(
        "int_antiplural",
        "intent",
        "anti-pluralism of j's senior governing party (V-Party v2xpa_antiplural)",
        "antiplural_j",
        ("vparty",),
    ),
    Feature(
        "int_portfolio",
        "intent",
        "alliance-portfolio dissimilarity (ATOP; Signorino & Ritter's S with binary ties)",
        "(1 - S_ji) / 2 = share of system members allied with exactly one of j and i",
        ("atop",),
    ),
    Feature(
        "int_hostility",
        "intent",
        "event hostility: share of the year's days with a net negative GDELT score for the pair (2018-2024 only)",
        "days_negative_ji / 365",
        ("gdelt",),
    ),
)
#: Features whose weight cannot be learned from the dispute record (no year in common with the outcome):
#: they keep a documented hand-set weight in :meth:`ThreatModel.fit` (see docs/model.md, section 2.4).
HAND_SET = {"int_hostility": 1.0}
#: Blocks of the v2 selection that the written rule did not adopt (docs/model.md, section 6.2: neither raised
#: validation PR-AUC by 0.003): their features are computed and explained, but :meth:`ThreatModel.fit` keeps
#: their weights at 0 unless the user sets them (``ThreatModel(weights={"off_nuclear": 0.5})``).
NOT_ADOPTED = ("offense_v2", "intent_v2")
#: The blocks of the v2 selection (docs/model.md, section 6.2).
BLOCKS: dict[str, tuple[str, ...]] = {
    "power": ("power_cinc", "power_ratio"),
    "proximity": ("prox_land", "prox_sea", "prox_mindist", "prox_capdist", "prox_projected", "prox_reach"),
    "offense_v1": ("off_milex", "off_milper", "off_buildup", "off_armsrace", "off_major"),
    "offense_v2": ("off_nuclear", "off_latent", "off_missile", "off_missile_reach", "off_arms", "off_projection"),
    "intent_v1": (
        "int_mid_recent",
        "int_mid_memory",
        "int_mid_reciprocal",
        "int_mid_ongoing",
        "int_revisionist",
        *[f"int_peace_{tau}" for tau in PEACE_TAUS],
        "int_rivalry",
        "int_territorial",
        "int_fpdist",
        "int_undisagree",
        "int_regime",
        "int_no_alliance",
    ),
    "intent_v2": (
        "int_riv_positional",
        "int_riv_ideological",
        "int_riv_interventionary",
        "int_ideology",
        "int_antiplural",
        "int_portfolio",
    ),
    "events": ("int_hostility",),
}


def fixed_weights() -> dict[str, float]:
    """The weights :meth:`ThreatModel.fit` does not learn: 0 for the features of the blocks the selection rule
    did not adopt (:data:`NOT_ADOPTED`), and the hand-set weights (:data:`HAND_SET`).

    Examples
    --------
    >>> from threatbalance.threat._features import fixed_weights
    >>> fixed_weights()["off_nuclear"], fixed_weights()["int_hostility"]
    (0.0, 1.0)
    """
    out = {c: 0.0 for b in NOT_ADOPTED for c in BLOCKS[b]}
    out.update(HAND_SET)
    return out


def learned_features() -> list[str]:
    """Feature names whose weights are fitted (all but :func:`fixed_weights`)."""
    fw = fixed_weights()
    return [c for c in FEATURE_NAMES if c not in fw]


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)

#: The data sources of the threat model: every source of a feature, in the order of :data:`FEATURES`
#: (the one list; a panel scored by the model and the case report cite these).
SOURCES: tuple[str, ...] = tuple(dict.fromkeys(s for f in FEATURES for s in f.sources))

#: Last year of each source (its coverage in the source registry, at most the data's end); later years
#: carry the last value forward (dispute stocks: see module doc).
CARRY: dict[str, int] = {k: min(coverage(k)[1], DATA_END) for k in SOURCES}
#: First year of each source (before it a feature from it is missing, or 0 where absence is a fact: no
#: nuclear weapon before 1945; see :func:`vintage`).
START: dict[str, int] = {k: coverage(k)[0] for k in SOURCES}
#: Last year of the dispute record: GML MIDs 2.2.1 to 2010, then COW MID 5.0 for 2011-2014.
MID_END: int = CARRY["cow_mids"]
TERM_OF: dict[str, str] = {f.name: f.term for f in FEATURES}


# ------------------------------------------------------------------------------------------------
# state-level inputs on a complete (ccode, year) grid, carried forward after each source's end
# ------------------------------------------------------------------------------------------------
def _grid() -> pl.DataFrame:
    codes = load_table("cw_system").select(pl.col("ccode").cast(pl.Int32)).unique()
    return codes.join(pl.DataFrame({"year": np.arange(1815, DATA_END + 1, dtype=np.int32)}), how="cross")


def _at(grid: pl.DataFrame, table: pl.DataFrame, cols: list[str], last: int) -> pl.DataFrame:
    """Attach ``cols`` of a (ccode, year) table, reading ``min(year, last)`` (carry forward after the end)."""
    t = table.select(pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32).alias("_ly"), *cols)
    t = t.unique(["ccode", "_ly"], keep="first")
    g = grid.with_columns(pl.min_horizontal("year", pl.lit(last, pl.Int32)).alias("_ly"))
    return g.join(t, on=["ccode", "_ly"], how="left").drop("_ly")


@lru_cache(maxsize=4)
def state_inputs(buildup_years: int = BUILDUP_YEARS) -> pl.DataFrame:
    """(ccode, year) -> cinc, milex, milper, buildup, major, polyarchy, idealpoint, lterrthreat.

    ``buildup`` is the average yearly growth of the state's share of world military spending over
    the previous ``buildup_years`` years (default 3), floored at 0 (shares remove inflation and the
    growth of the world economy; NMC's ``milex`` is in current dollars).
    """
    k = int(buildup_years)
    g = _grid()
    nmc = load_table("cow_nmc").select(
        "ccode",
        "year",
        pl.col("cinc").cast(pl.Float64),
        pl.col("milex").cast(pl.Float64),
        pl.col("milper").cast(pl.Float64),
    )
    world = nmc.group_by("year").agg(pl.col("milex").sum().alias("_w"))
    nmc = nmc.join(world, on="year").with_columns((pl.col("milex") / pl.col("_w")).alias("_s")).sort("ccode", "year")
    nmc = nmc.with_columns(
        pl.when(
            (pl.col("_s") > 0)
            & (pl.col("_s").shift(k).over("ccode") > 0)
            & (pl.col("year").shift(k).over("ccode") == pl.col("year") - k)
        )
        .then(((pl.col("_s") / pl.col("_s").shift(k).over("ccode")).log() / k).clip(lower_bound=0))
        .otherwise(None)
        .alias("buildup")
    )
    g = _at(g, nmc, ["cinc", "milex", "milper", "buildup"], CARRY["nmc"])
    maj = load_table("cow_majors")
    end = pl.when(pl.col("endyear") == CARRY["majors"]).then(DATA_END).otherwise(pl.col("endyear"))
    maj = (
        maj.select(pl.col("ccode").cast(pl.Int32), pl.int_ranges("styear", end + 1, dtype=pl.Int32).alias("year"))
        .explode("year")
        .unique()
        .with_columns(pl.lit(1.0).alias("major"))
    )
    g = g.join(maj, on=["ccode", "year"], how="left").with_columns(pl.col("major").fill_null(0.0))
    dem = load_table("cw_democracy").select(
        "ccode", "year", pl.col("v2x_polyarchy").cast(pl.Float64).alias("polyarchy")
    )
    g = _at(g, dem, ["polyarchy"], CARRY["democracy"])
    ip = load_table("unga_idealpoints").select(
        pl.when((pl.col("ccode") == 713) & (pl.col("year") < 1949)).then(710).otherwise(pl.col("ccode")).alias("ccode"),
        "year",
        pl.col("idealpointfp").cast(pl.Float64).alias("idealpoint"),
    )
    g = _at(g, ip, ["idealpoint"], CARRY["un_idealpoints"])
    tt = load_table("terrthreat").select("ccode", "year", pl.col("lterrthreat").cast(pl.Float64))
    g = _at(g, tt, ["lterrthreat"], CARRY["terrthreat"])
    return g.sort("ccode", "year")


# ------------------------------------------------------------------------------------------------
# threat v2: offensive capabilities (nuclear, missiles, arms imports) and party ideology, per state-year
# ------------------------------------------------------------------------------------------------
def _carry(g: pl.DataFrame, cols: list[str], last: int) -> pl.DataFrame:
    """Replace the values of ``cols`` after ``last`` by the state's value of ``last`` (carry forward)."""
    at = g.filter(pl.col("year") == last).select("ccode", *[pl.col(c).alias(f"_{c}") for c in cols])
    g = g.join(at, on="ccode", how="left")
    return g.with_columns(
        [pl.when(pl.col("year") > last).then(pl.col(f"_{c}")).otherwise(pl.col(c)).alias(c) for c in cols]
    ).drop([f"_{c}" for c in cols])


def _decayed_state(events: pl.DataFrame, value: str, half_life: float, first: int, last: int) -> pl.DataFrame:
    """(ccode, year, stock): ``sum_{s <= year} value(s) 0.5^((year - s)/h)`` for years ``first..last``."""
    g = _grid().filter(pl.col("year").is_between(first, last))
    g = g.join(events.select("ccode", "year", pl.col(value).alias("_v")), on=["ccode", "year"], how="left")
    d = 0.5 ** (1.0 / half_life)
    t = (pl.col("year") - first).cast(pl.Float64)
    g = g.sort("ccode", "year").with_columns(
        (pl.lit(d) ** t * (pl.col("_v").fill_null(0.0) * pl.lit(d) ** (-t)).cum_sum().over("ccode")).alias("stock")
    )
    return g.select("ccode", "year", "stock")


@lru_cache(maxsize=1)
def v2_state_inputs() -> pl.DataFrame:
    """(ccode, year) -> nuclear, latent, missile_stock, missile_range, arms_stock, leftright, antiplural.

    * ``nuclear``: 1 from the year of the state's first nuclear weapon or device to the end of its
      arsenal (ledger ``nuclear_weapons``, one citation per row), else 0.
    * ``latent``: 1 if an enrichment or reprocessing facility of the state operated that year, 0.5 if
      one was only under construction, else 0 (Fuhrmann & Tkach 1.2, 1939-2012; 2012 carried forward).
    * ``missile_stock``: decayed count of ballistic-missile launches (half-life 2 years) and
      ``missile_range``: longest range demonstrated in a test so far (km: the distance flown, at least
      the lower bound of the missile's class, :data:`MISSILE_CLASS_KM`); CNS data cover Iran and North
      Korea only (1984-2019; 2019 carried forward), every other state has 0.
    * ``arms_stock``: decayed sum of SIPRI TIV received (million 1990 USD, half-life 5 years),
      1950-2021 (2021 carried forward); missing before 1950 and for West Germany (absent from the
      360info file); recipients marked as non-state (``*``) are left out.
    * ``leftright``, ``antiplural``: economic left-right position (v2pariglef) and anti-pluralism
      (v2xpa_antiplural) of the senior governing party (V-Party v2, v2pagovsup = 0, the largest
      seat share if several), coded in election years and carried to the next coded year (at most
      10 years); 2019 carried forward; missing where V-Party codes no governing party.
    """
    g = _grid()
    nw = load_table("nuclear_weapons").select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("first_weapon_year").cast(pl.Int32).alias("_a"),
        pl.col("end_year").cast(pl.Int32).alias("_b"),
    )
    g = g.join(nw, on="ccode", how="left").with_columns(
        ((pl.col("year") >= pl.col("_a")) & (pl.col("year") <= pl.col("_b").fill_null(9999)))
        .fill_null(False)
        .cast(pl.Float64)
        .alias("nuclear")
    )
    g = g.drop("_a", "_b")
    # nuclear latency: facility-years operating / under construction
    end = CARRY["nuclear_latency"]
    f = load_table("nuclear_latency").select(
        pl.col("ccode").cast(pl.Int32),
        *[
            pl.col(c).cast(pl.Int32)
            for c in (
                "construction_start",
                "operation_start",
                "operation_end",
                "operation2_start",
                "operation2_end",
            )
        ],
    )
    spans = []
    for a, b, level in (
        ("operation_start", "operation_end", 1.0),
        ("operation2_start", "operation2_end", 1.0),
    ):
        spans.append(
            f.filter(pl.col(a).is_not_null()).select(
                "ccode",
                pl.int_ranges(pl.col(a), pl.col(b).fill_null(end) + 1, dtype=pl.Int32).alias("year"),
                pl.lit(level).alias("lat"),
            )
        )
    spans.append(
        f.filter(pl.col("construction_start").is_not_null()).select(
            "ccode",
            pl.int_ranges(
                pl.col("construction_start"), pl.col("operation_start").fill_null(end + 1), dtype=pl.Int32
            ).alias("year"),
            pl.lit(0.5).alias("lat"),
        )
    )
    lat = pl.concat(spans).explode("year").drop_nulls("year")
    # Fuhrmann & Tkach code West Germany's facilities 260; COW's united Germany (255) inherits them from 1990
    lat = pl.concat(
        [
            lat,
            lat.filter((pl.col("ccode") == 260) & (pl.col("year") >= 1990)).with_columns(
                pl.lit(255, pl.Int32).alias("ccode")
            ),
        ]
    )
    lat = lat.group_by("ccode", "year").agg(pl.col("lat").max())
    g = g.join(lat, on=["ccode", "year"], how="left").with_columns(pl.col("lat").fill_null(0.0))
    g = _carry(g.sort("ccode", "year"), ["lat"], end)
    g = g.with_columns((pl.col("lat") * (1 - pl.col("nuclear"))).alias("latent")).drop("lat")
    # missile tests (Iran and North Korea)
    mt = load_table("missile_tests").select(
        pl.col("ccode").cast(pl.Int32),
        pl.col("launch_date").dt.year().cast(pl.Int32).alias("year"),
        pl.max_horizontal(
            pl.col("distance_travelled_km").cast(pl.Float64),
            pl.col("missile_type").replace_strict(MISSILE_CLASS_KM, default=None, return_dtype=pl.Float64),
        ).alias("_km"),
    )
    n = mt.group_by("ccode", "year").agg(pl.len().cast(pl.Float64).alias("_n"), pl.col("_km").max().alias("_r"))
    mend = CARRY["missile_tests"]
    ms = _decayed_state(n, "_n", MISSILE_HALF_LIFE, 1816, mend).rename({"stock": "missile_stock"})
    g = g.join(ms, on=["ccode", "year"], how="left").join(
        n.select("ccode", "year", "_r"), on=["ccode", "year"], how="left"
    )
    g = g.sort("ccode", "year").with_columns(
        pl.col("missile_stock").fill_null(0.0),
        pl.col("_r").fill_null(0.0).cum_max().over("ccode").alias("missile_range"),
    )
    g = _carry(g.drop("_r"), ["missile_stock", "missile_range"], mend)
    # arms imports (SIPRI TIV received)
    aend = CARRY["sipri"]
    # non-state recipients (names marked *, e.g. rebel groups) are not their state's imports; SIPRI's Serbia
    # (no COW code in the 360info file) is COW's 345
    tiv = (
        load_table("sipri_tiv")
        .with_columns(
            pl.when(pl.col("recipient") == "Serbia")
            .then(345)
            .otherwise(pl.col("recipient_cown"))
            .alias("recipient_cown")
        )
        .filter(pl.col("recipient_cown").is_not_null() & ~pl.col("recipient").str.contains("*", literal=True))
        .group_by(pl.col("recipient_cown").cast(pl.Int32).alias("ccode"), pl.col("year").cast(pl.Int32))
        .agg(pl.col("value").cast(pl.Float64).sum().alias("_v"))
    )
    arms = _decayed_state(tiv, "_v", ARMS_HALF_LIFE, START["sipri"], aend).rename({"stock": "arms_stock"})
    g = _carry(g.join(arms, on=["ccode", "year"], how="left").sort("ccode", "year"), ["arms_stock"], aend)
    # the 360info file has no rows for West Germany (FRG, COW 260): its imports are unknown, not 0
    g = g.with_columns(pl.when(pl.col("ccode") == 260).then(None).otherwise(pl.col("arms_stock")).alias("arms_stock"))
    # governing-party ideology (V-Party)
    vend = CARRY["vparty"]
    vp = (
        load_table("vparty")
        .filter(pl.col("v2pagovsup") == 0)
        .sort(
            "ccode",
            "year",
            pl.col("v2paseatshare").fill_null(-1.0),
            "v2paid",
            descending=[False, False, True, False],
            maintain_order=True,
        )
        .unique(["ccode", "year"], keep="first", maintain_order=True)
        .select(
            pl.col("ccode").cast(pl.Int32),
            pl.col("year").cast(pl.Int32),
            pl.col("v2pariglef").cast(pl.Float64).alias("leftright"),
            pl.col("v2xpa_antiplural").cast(pl.Float64).alias("antiplural"),
            pl.lit(True).alias("_coded"),
        )
    )
    g = g.join(vp, on=["ccode", "year"], how="left").sort("ccode", "year")
    g = g.with_columns(
        pl.when(pl.col("year") <= vend).then(pl.col(c).forward_fill(limit=10).over("ccode")).otherwise(None).alias(c)
        for c in ("leftright", "antiplural")
    ).drop("_coded")
    g = _carry(g, ["leftright", "antiplural"], vend)
    return g.sort("ccode", "year")


V2_STATE_COLS = ["nuclear", "latent", "missile_stock", "missile_range", "arms_stock", "leftright", "antiplural"]


@lru_cache(maxsize=1)
def _portfolio() -> pl.DataFrame:
    """(ccode1, ccode2, year, portfolio): share of system members allied with exactly one of the two.

    Signorino & Ritter's (1999) S over binary ATOP ties (any pledge, either direction, each state
    tied to itself) is ``S = 1 - 2 d / n`` with ``d`` the number of members on which the two
    portfolios differ; the feature is ``(1 - S) / 2 = d / n`` in [0, 1].  Years 1815-2018.
    """
    from ..panels import membership_years

    mem = membership_years("cow", True)
    code = mem.columns[0]
    a = load_table("atop_alliance").select(
        pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    out = []
    for y in range(START["atop"], CARRY["atop"] + 1):  # a loop over years, each whole-matrix numpy work
        codes = np.sort(mem.filter(pl.col("year") == y)[code].to_numpy())
        n = len(codes)
        if n < 2:
            continue
        ay = a.filter(pl.col("year") == y)
        r, c = np.searchsorted(codes, ay["ccode1"].to_numpy()), np.searchsorted(codes, ay["ccode2"].to_numpy())
        ok = (r < n) & (c < n)
        ok[ok] &= (codes[r[ok]] == ay["ccode1"].to_numpy()[ok]) & (codes[c[ok]] == ay["ccode2"].to_numpy()[ok])
        A = np.eye(n, dtype=np.float32)
        A[r[ok], c[ok]] = 1.0
        A[c[ok], r[ok]] = 1.0
        deg = A.sum(axis=1)
        D = (deg[:, None] + deg[None, :] - 2.0 * (A @ A.T)) / n
        jj, ii = np.nonzero(~np.eye(n, dtype=bool))
        out.append(
            pl.DataFrame(
                {
                    "ccode1": codes[jj].astype(np.int32),
                    "ccode2": codes[ii].astype(np.int32),
                    "year": np.full(len(jj), y, dtype=np.int32),
                    "portfolio": D[jj, ii].astype(np.float64),
                }
            )
        )
    return pl.concat(out)


@lru_cache(maxsize=1)
def _hostility() -> pl.DataFrame:
    """(ccode1, ccode2, year, hostility): share of the year's days with a net negative GDELT score (2018-2024)."""
    g = load_table("gdelt_dyad_year").filter(pl.col("ccode_a").is_not_null() & pl.col("ccode_b").is_not_null())
    g = g.group_by(
        pl.col("ccode_a").cast(pl.Int32).alias("ccode1"),
        pl.col("ccode_b").cast(pl.Int32).alias("ccode2"),
        pl.col("year").cast(pl.Int32),
    ).agg((pl.col("days_negative").sum() / 365.0).clip(upper_bound=1.0).alias("hostility"))
    both = pl.concat(
        [g, g.select(pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year", "hostility")]
    )
    return both.group_by("ccode1", "ccode2", "year").agg(pl.col("hostility").max())


def vintage(year: int, lag: int = 1) -> pl.DataFrame:
    """Which inputs a year's scores read, and which are carried forward from an earlier year.

    One row per source: ``source``, ``first``/``last`` (years the source covers), ``read``
    (the year of the source that the scores of ``year`` use: ``year - lag``, or the first day of
    ``year`` for geography, capped at ``last``) and ``status``: ``observed``, ``carried forward
    from <last>`` (the source ended; its last values stand in), ``held at <last>`` (dispute
    histories: stocks held, no dispute invented) or ``not yet begun`` (the feature is missing and
    imputed).

    Examples
    --------
    >>> from threatbalance.threat._features import vintage
    >>> v = vintage(2022)
    >>> v.filter(v["source"] == "nuclear_latency")["status"][0]
    'carried forward from 2012'
    """
    first = {"nmc": 1816, "majors": 1816, "contiguity": 1816, "capitals": 1816, "gml_mids": 1816, "cow_mids": 2011}
    rows = []
    for src, last in CARRY.items():
        a = START.get(src, first.get(src, 1816))
        geo = src in ("contiguity", "capitals")
        r = year if geo else year - lag
        if src == "gml_mids":
            last_ = CARRY["gml_mids"]
            status = "observed" if r <= last_ else "continued by COW MID 5.0" if r <= MID_END else f"held at {MID_END}"
        elif src == "cow_mids":
            status = "not used (GML MIDs)" if r <= CARRY["gml_mids"] else "observed" if r <= last else f"held at {last}"
        elif r < a:
            status = "not yet begun"
        elif r <= last:
            status = "observed"
        else:
            status = f"carried forward from {last}"
        rows.append({"source": src, "first": a, "last": last, "read": min(r, last), "status": status})
    return pl.DataFrame(
        rows, schema={"source": pl.Utf8, "first": pl.Int32, "last": pl.Int32, "read": pl.Int32, "status": pl.Utf8}
    )


# ------------------------------------------------------------------------------------------------
# dyadic inputs
# ------------------------------------------------------------------------------------------------
def _mid_rows(kind: str) -> pl.DataFrame:
    """(ccode1, ccode2, year, sidea1) of dispute onsets (``kind="onset"``) or ongoing disputes (``"ongoing"``).

    The dispute record: GML MIDs 2.2.1 for 1816-2010, COW MID 5.0 for 2011-2014 (:data:`MID_END`).
    """
    gml = load_table("gml_mid_ddydisps").filter(pl.col(f"gmlmid{kind}") == 1)
    cow = load_table("cow_mid_ddydisps").filter(
        (pl.col(f"cowmid{kind}") == 1) & pl.col("year").is_between(CARRY["gml_mids"] + 1, MID_END)
    )
    cols = [pl.col(c).cast(pl.Int32) for c in ("ccode1", "ccode2", "year", "sidea1")]
    return pl.concat([gml.select(cols), cow.select(cols)])


def _initiations() -> pl.DataFrame:
    """(ccode1, ccode2, year) of every dispute onset in which ccode1 is on side A (the initiating side).

    GML MIDs 2.2.1 up to 2010, COW MID 5.0 for 2011-2014.
    """
    return _mid_rows("onset").filter(pl.col("sidea1") == 1).drop("sidea1").unique()


def mid_outcome(keys: pl.DataFrame) -> pl.Series:
    """The outcome: 1 if ccode1 initiated (side A) a dispute onset against ccode2 that year, 0 otherwise
    in 1816-2014 (GML MIDs to 2010, COW MID 5.0 for 2011-2014), missing after 2014."""
    ev = _initiations().with_columns(pl.lit(1, pl.Int8).alias("_y"))
    d = keys.select("ccode1", "ccode2", "year").join(
        ev, on=["ccode1", "ccode2", "year"], how="left", maintain_order="left"
    )
    y = pl.when(pl.col("year") <= MID_END).then(pl.col("_y").fill_null(0)).otherwise(None)
    return d.select(y.cast(pl.Int8).alias("mid_init"))["mid_init"]


def _decayed(events: pl.DataFrame, keys: list[str], half_life: float, lag: int, hold: bool) -> pl.DataFrame:
    """Decayed stock ``sum_s 0.5^((t - lag - s)/h)`` over events of year s <= t - lag, for t up to DATA_END.

    Events are exploded over the years in which their weight is still above 1e-4; after the
    source's end the stock is held at its value of the end year + lag (``hold``) or keeps decaying.
    """
    horizon = int(np.ceil(half_life * np.log2(1e4)))
    end = MID_END
    e = events.group_by(keys + ["year"]).agg(pl.len().cast(pl.Float64).alias("_n"))
    upper = pl.min_horizontal(pl.col("year") + lag + horizon + 1, pl.lit(DATA_END + 1))
    if hold:  # events still weighing at the source's end are held to the data's end
        upper = pl.when(pl.col("year") + horizon >= end).then(pl.lit(DATA_END + 1)).otherwise(upper)
    e = e.with_columns(pl.int_ranges(pl.col("year") + lag, upper, dtype=pl.Int32).alias("_t")).explode("_t")
    age = pl.col("_t") - lag - pl.col("year")
    if hold:
        age = pl.when(pl.col("_t") > end + lag).then(end - pl.col("year")).otherwise(age)
    e = e.with_columns((pl.col("_n") * pl.lit(0.5) ** (age.cast(pl.Float64) / half_life)).alias("_w"))
    # the weights are summed in sorted order: a parallel group_by meets the rows in a varying order, and a
    # float sum in varying order differs in the last bit from run to run (fits and weights would too)
    return e.group_by(keys + ["_t"]).agg(pl.col("_w").sort().sum().alias("stock")).rename({"_t": "year"})


@lru_cache(maxsize=8)
def dispute_stocks(half_life_short: float, half_life_long: float, lag: int, hold: bool) -> dict[str, tuple]:
    """The sparse dispute-history tables, each ``name -> (table with a 'stock' column, join keys)``.

    ``_ji_s``/``_ji_l``: initiations j -> i (short/long half-life); ``_ij_s``: i -> j; ``_j_s``: by j
    against anyone; ``_ongoing``: a dispute of the pair ongoing in ``t - lag`` (with ``hold``, the
    disputes ongoing in the source's last year stay ongoing).
    """
    ev = _initiations()
    ji_s = _decayed(ev, ["ccode1", "ccode2"], half_life_short, lag, hold)
    ji_l = _decayed(ev, ["ccode1", "ccode2"], half_life_long, lag, hold)
    ij_s = ji_s.select(pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year", "stock")
    j_s = _decayed(ev.select("ccode1", "year"), ["ccode1"], half_life_short, lag, hold)
    g = _mid_rows("ongoing").drop("sidea1").unique()
    end = MID_END
    if hold:
        last = g.filter(pl.col("year") == end)
        g = pl.concat(
            [g, *[last.with_columns(pl.lit(y, pl.Int32).alias("year")) for y in range(end + 1, DATA_END + 1)]]
        )
    ongoing = g.with_columns((pl.col("year") + lag).cast(pl.Int32).alias("year"), pl.lit(1.0).alias("stock"))
    dy = ["ccode1", "ccode2", "year"]
    return {
        "_ji_s": (ji_s, dy),
        "_ji_l": (ji_l, dy),
        "_ij_s": (ij_s, dy),
        "_j_s": (j_s, ["ccode1", "year"]),
        "_ongoing": (ongoing, dy),
    }


@lru_cache(maxsize=1)
def _dispute_years() -> pl.DataFrame:
    """(_lo, _hi, _last): every year in which the unordered pair had a GML dispute ongoing (sorted by year)."""
    g = _mid_rows("ongoing")
    return (
        g.select(
            pl.min_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_lo"),
            pl.max_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_hi"),
            pl.col("year").cast(pl.Int32).alias("_last"),
        )
        .unique()
        .sort("_last")
    )


def peace_years(keys: pl.DataFrame, lag: int, hold: bool) -> pl.Series:
    """Years from the pair's last dispute (either side, ongoing in some year <= t - lag) to t - lag.

    0 when a dispute of the pair was ongoing in ``t - lag``; missing when the pair never had one.
    After the dispute data end (2014) the count is held at its value of 2014 (``hold``) or keeps
    growing.  Beck, Katz & Tucker (1998); Carter & Signorino (2010).
    """
    end = MID_END
    ly = pl.col("year") - lag
    q = (
        keys.select("ccode1", "ccode2", "year")
        .with_row_index("_r")
        .with_columns(
            pl.min_horizontal("ccode1", "ccode2").alias("_lo"),
            pl.max_horizontal("ccode1", "ccode2").alias("_hi"),
            (pl.min_horizontal(ly, pl.lit(end)) if hold else ly).cast(pl.Int32).alias("_ly"),
        )
        .sort("_ly")
    )
    q = q.join_asof(
        _dispute_years(),
        left_on="_ly",
        right_on="_last",
        by=["_lo", "_hi"],
        strategy="backward",
        check_sortedness=False,
    )
    return q.sort("_r").select((pl.col("_ly") - pl.col("_last")).cast(pl.Float64).alias("peaceyears"))["peaceyears"]


@lru_cache(maxsize=1)
def _contiguity() -> pl.DataFrame:
    c = contiguity_years("first")
    last = c.filter(pl.col("year") == CARRY["contiguity"])
    return pl.concat(
        [
            c,
            *[
                last.with_columns(pl.lit(y, pl.Int32).alias("year"))
                for y in range(CARRY["contiguity"] + 1, DATA_END + 1)
            ],
        ]
    )


@lru_cache(maxsize=1)
def _rivalries() -> pl.DataFrame:
    r = load_table("tss_rivalries")
    end = pl.when(pl.col("end") >= CARRY["tss_rivalries"]).then(DATA_END).otherwise(pl.col("end"))
    y = (
        r.select(
            pl.col("ccode1").cast(pl.Int32),
            pl.col("ccode2").cast(pl.Int32),
            *[pl.col(k).fill_null(0).cast(pl.Float64).alias(k) for k in RIVALRY_TYPES],
            pl.int_ranges(pl.max_horizontal("start", pl.lit(1815)), end + 1, dtype=pl.Int32).alias("year"),
        )
        .explode("year")
        .drop_nulls("year")
    )
    y = pl.concat(
        [y, y.select(pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), *RIVALRY_TYPES, "year")]
    )
    y = y.with_columns(
        [
            pl.when((pl.col(c) == 300) & (pl.col("year") >= 1919)).then(305).otherwise(pl.col(c)).alias(c)
            for c in ("ccode1", "ccode2")
        ]
    )
    return (
        y.group_by("ccode1", "ccode2", "year")
        .agg([pl.col(k).max() for k in RIVALRY_TYPES])
        .with_columns(pl.lit(1.0).alias("rivalry"))
    )


@lru_cache(maxsize=1)
def _atop() -> pl.DataFrame:
    a = (
        load_table("atop_alliance")
        .select(pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
        .unique()
    )
    last = a.filter(pl.col("year") == CARRY["atop"])
    a = pl.concat(
        [a, *[last.with_columns(pl.lit(y, pl.Int32).alias("year")) for y in range(CARRY["atop"] + 1, DATA_END + 1)]]
    )
    return a.with_columns(pl.lit(1.0).alias("atop"))


@lru_cache(maxsize=1)
def _mindist() -> pl.DataFrame:
    t = load_table("cow_mindist")
    return t.select(
        pl.min_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_lo"),
        pl.max_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_hi"),
        pl.col("year").cast(pl.Int32).alias("_ly"),
        pl.col("mindist").cast(pl.Float64),
    ).unique(["_lo", "_hi", "_ly"], keep="first")


@lru_cache(maxsize=1)
def _unvotes() -> pl.DataFrame:
    from ..covariates.un import un_agreement

    a = un_agreement()
    return a.select(
        pl.col("ccode1").cast(pl.Int32).alias("_lo"),
        pl.col("ccode2").cast(pl.Int32).alias("_hi"),
        pl.col("year").cast(pl.Int32).alias("_ly"),
        pl.col("unagree").cast(pl.Float64),
    )


@lru_cache(maxsize=1)
def _capitals() -> pl.DataFrame:
    return capital_years("cow", "first").select(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "lat", "lng"
    )


# ------------------------------------------------------------------------------------------------
# the feature table
# ------------------------------------------------------------------------------------------------
def _bdm_discount(cinc: pl.Expr, km: pl.Expr, miles_per_day: float) -> pl.Expr:
    """Bueno de Mesquita's (1981: 105) distance-discounted capability, ``cinc ^ log10(miles / mpd + 10 - e)``."""
    return cinc ** ((km / KM_PER_MILE / miles_per_day + 10.0 - np.e).log10())


def build_features(
    keys: pl.DataFrame,
    half_life_short: float = 1.0,
    half_life_long: float = 16.0,
    lag: int = 1,
    mid_after_end: str = "hold",
    miles_per_day: float = 250.0,
    cinc_floor: float = CINC_FLOOR,
    far_km: float = FAR_KM,
    buildup_years: int = BUILDUP_YEARS,
    sea_grades: tuple[float, ...] = SEA_GRADES,
    *,
    scenario: Any = None,
) -> pl.DataFrame:
    """The raw features (may be missing) of the directed dyad-years in ``keys`` (ccode1, ccode2, year).

    Returns ``keys`` with one Float64 column per name in :data:`FEATURE_NAMES`, in order, plus the
    helper inputs ``conttype``, ``capdist``, ``mindist`` and ``cinc1``/``cinc2`` used to explain them.
    Missing means the source has no value (for instance ideal points before 1946 or NMC gaps);
    :class:`~threatbalance.ThreatModel` imputes them with documented values.  ``scenario`` (see
    :mod:`threatbalance.threat._scenario`) replaces inputs of states or pairs before the features
    are computed.
    """
    if lag not in (0, 1):
        raise InputError(f"lag must be 0 (same-year inputs) or 1 (inputs of the previous year), got {lag}")
    if mid_after_end not in ("hold", "decay"):
        raise InputError(f"mid_after_end must be 'hold' or 'decay', got {mid_after_end!r}")
    for h in (half_life_short, half_life_long):
        if not (isinstance(h, (int, float)) and h > 0):
            raise InputError(f"dispute half-lives must be positive numbers of years, got {h!r}")
    if not miles_per_day > 0:
        raise InputError(f"miles_per_day must be positive, got {miles_per_day!r}")
    check_geometry(cinc_floor, far_km, buildup_years, sea_grades)
    k = keys.select(pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    k = k.with_columns((pl.col("year") - lag).alias("_ly"))
    # state-level inputs at t - lag, for j (suffix 1) and i (suffix 2)
    s = state_inputs(int(buildup_years))
    scols = ["cinc", "milex", "milper", "buildup", "major", "polyarchy", "idealpoint", "lterrthreat"]
    d = k
    for i in (1, 2):
        d = d.join(
            s.rename({"ccode": f"ccode{i}", "year": "_ly", **{c: f"{c}{i}" for c in scols}}),
            on=[f"ccode{i}", "_ly"],
            how="left",
            maintain_order="left",
        )
    v2 = v2_state_inputs()
    for i in (1, 2):
        d = d.join(
            v2.rename({"ccode": f"ccode{i}", "year": "_ly", **{c: f"{c}{i}" for c in V2_STATE_COLS}}),
            on=[f"ccode{i}", "_ly"],
            how="left",
            maintain_order="left",
        )
    # geography at the start of year t
    caps = _capitals()
    for i in (1, 2):
        d = d.join(
            caps.rename({"ccode": f"ccode{i}", "lat": f"_lat{i}", "lng": f"_lng{i}"}),
            on=[f"ccode{i}", "year"],
            how="left",
            maintain_order="left",
        )
    cap = great_circle_km(d["_lat1"].to_numpy(), d["_lng1"].to_numpy(), d["_lat2"].to_numpy(), d["_lng2"].to_numpy())
    d = d.drop("_lat1", "_lng1", "_lat2", "_lng2").with_columns(pl.Series("capdist", cap).fill_nan(None))
    d = d.join(_contiguity(), on=["ccode1", "ccode2", "year"], how="left", maintain_order="left")
    d = d.with_columns(
        pl.when(pl.col("year") >= 1816).then(pl.col("conttype").fill_null(0)).cast(pl.Int8).alias("conttype")
    )
    lohi = [pl.min_horizontal("ccode1", "ccode2").alias("_lo"), pl.max_horizontal("ccode1", "ccode2").alias("_hi")]
    d = d.with_columns(
        *lohi,
        pl.min_horizontal("_ly", pl.lit(CARRY["mindist"])).alias("_lym"),
        pl.min_horizontal("_ly", pl.lit(CARRY["un_votes"])).alias("_lyu"),
    )
    d = d.join(_mindist().rename({"_ly": "_lym"}), on=["_lo", "_hi", "_lym"], how="left", maintain_order="left")
    d = d.join(_unvotes().rename({"_ly": "_lyu"}), on=["_lo", "_hi", "_lyu"], how="left", maintain_order="left")
    d = d.drop("_lo", "_hi", "_lym", "_lyu")
    # dyadic histories and ties at t - lag (alliances, rivalries), disputes up to t - lag
    d = d.join(_atop().rename({"year": "_ly"}), on=["ccode1", "ccode2", "_ly"], how="left", maintain_order="left")
    d = d.join(_rivalries().rename({"year": "_ly"}), on=["ccode1", "ccode2", "_ly"], how="left", maintain_order="left")
    d = d.with_columns(pl.min_horizontal("_ly", pl.lit(CARRY["atop"])).alias("_lya"))
    lo_a, hi_a = d["_lya"].min(), d["_lya"].max()
    port = _portfolio().filter(pl.col("year").is_between(lo_a, hi_a)).rename({"year": "_lya"})
    d = d.join(port, on=["ccode1", "ccode2", "_lya"], how="left", maintain_order="left").drop("_lya")
    d = d.join(_hostility().rename({"year": "_ly"}), on=["ccode1", "ccode2", "_ly"], how="left", maintain_order="left")
    stocks = dispute_stocks(float(half_life_short), float(half_life_long), int(lag), mid_after_end == "hold")
    for name, (table, on) in stocks.items():
        d = d.join(table.rename({"stock": name}), on=on, how="left", maintain_order="left")
    d = d.with_columns(peace_years(d, int(lag), mid_after_end == "hold"))
    if scenario is not None:
        from ._scenario import apply_scenario, parse_scenario

        sc = parse_scenario(scenario)
        if sc is not None:
            d = apply_scenario(d, sc)
    in_atop = pl.col("_ly").is_between(1815, DATA_END)
    in_riv = pl.col("_ly").is_between(1815, DATA_END)
    in_mid = pl.col("_ly") >= 1816  # dispute histories exist from 1816 (zero before the first dispute)
    contig = pl.col("conttype").is_between(1, 5)
    a = _bdm_discount(pl.col("cinc1"), pl.col("capdist"), miles_per_day)
    feats = {
        "power_cinc": (pl.col("cinc1") / cinc_floor).log10().clip(lower_bound=0),
        "power_ratio": pl.col("cinc1") / (pl.col("cinc1") + pl.col("cinc2")),
        "prox_land": (pl.col("conttype") == 1).cast(pl.Float64),
        "prox_sea": pl.when(pl.col("conttype").is_between(2, 5))
        .then(
            pl.col("conttype").replace_strict(
                {k: float(g) for k, g in zip(range(2, 6), sea_grades)}, default=0.0, return_dtype=pl.Float64
            )
        )
        .otherwise(pl.when(pl.col("conttype").is_not_null()).then(0.0)),
        # CShapes' minimum distance starts in 1886; before it the capital distance stands in (an upper bound)
        "prox_mindist": ((far_km + 10) / (pl.coalesce("mindist", "capdist") + 10)).log10().clip(lower_bound=0),
        "prox_capdist": ((far_km + 10) / (pl.col("capdist") + 10)).log10().clip(lower_bound=0),
        "prox_projected": a / (a + pl.col("cinc2")),
        "prox_reach": (contig | (a >= pl.col("cinc2"))).cast(pl.Float64),
        "off_milex": pl.col("milex1") / (pl.col("milex1") + pl.col("milex2")),
        "off_milper": pl.col("milper1") / (pl.col("milper1") + pl.col("milper2")),
        "off_buildup": pl.col("buildup1"),
        "off_armsrace": pl.min_horizontal("buildup1", "buildup2"),
        "off_major": pl.col("major1"),
        "int_mid_recent": pl.when(in_mid).then(pl.col("_ji_s").fill_null(0).log1p()),
        "int_mid_memory": pl.when(in_mid).then(pl.col("_ji_l").fill_null(0).log1p()),
        "int_mid_reciprocal": pl.when(in_mid).then(pl.col("_ij_s").fill_null(0).log1p()),
        "int_mid_ongoing": pl.when(in_mid).then(pl.col("_ongoing").fill_null(0)),
        "int_revisionist": pl.when(in_mid).then(pl.col("_j_s").fill_null(0).log1p()),
        **{
            f"int_peace_{tau}": pl.when(in_mid).then((-pl.col("peaceyears") / tau).exp().fill_null(0.0))
            for tau in PEACE_TAUS
        },
        "int_rivalry": pl.when(in_riv).then(pl.col("rivalry").fill_null(0)),
        "int_territorial": pl.max_horizontal(
            pl.when(in_riv).then(pl.col("spatial").fill_null(0)),
            pl.when(pl.col("lterrthreat2").is_not_null()).then(
                contig.cast(pl.Float64) * pl.col("lterrthreat2").clip(lower_bound=0)
            ),
        ),
        "int_fpdist": (pl.col("idealpoint1") - pl.col("idealpoint2")).abs(),
        "int_undisagree": 1 - pl.col("unagree"),
        "int_regime": (pl.col("polyarchy1") - pl.col("polyarchy2")).abs(),
        "int_no_alliance": pl.when(in_atop).then(1 - pl.col("atop").fill_null(0)),
        # ---- threat v2 ----
        "off_nuclear": pl.col("nuclear1"),
        "off_latent": pl.col("latent1"),
        "off_missile": pl.col("missile_stock1").log1p(),
        "off_missile_reach": pl.when(pl.col("capdist").is_not_null() & pl.col("missile_range1").is_not_null()).then(
            ((pl.col("missile_range1") > 0) & (pl.col("missile_range1") >= pl.col("capdist"))).cast(pl.Float64)
        ),
        "off_arms": (pl.col("arms_stock1") + 1).log10(),
        "off_projection": (pl.col("cinc1") / cinc_floor).log10().clip(lower_bound=0)
        * pl.when(pl.col("major1") == 1)
        .then(1.0)
        .otherwise(
            ((far_km + 10) / (pl.col("capdist") + 10)).log10().clip(lower_bound=0) / np.log10((far_km + 10) / 10)
        ),
        **{
            f"int_riv_{k}": pl.when(in_riv).then(pl.col(k).fill_null(0))
            for k in ("positional", "ideological", "interventionary")
        },
        "int_ideology": (pl.col("leftright1") - pl.col("leftright2")).abs(),
        "int_antiplural": pl.col("antiplural1"),
        "int_portfolio": pl.col("portfolio"),
        "int_hostility": pl.when(pl.col("_ly").is_between(START["gdelt"], CARRY["gdelt"])).then(
            pl.col("hostility").fill_null(0.0)
        ),
    }
    out = d.select(
        "ccode1",
        "ccode2",
        "year",
        *[feats[n].cast(pl.Float64).fill_nan(None).alias(n) for n in FEATURE_NAMES],
        "conttype",
        "capdist",
        "mindist",
        "cinc1",
        "cinc2",
    )
    return out


def check_geometry(cinc_floor: Any, far_km: Any, buildup_years: Any, sea_grades: Any) -> None:
    """Check the scale constants of the features (an :class:`InputError` naming the bad value)."""
    if isinstance(cinc_floor, bool) or not isinstance(cinc_floor, (int, float)) or not 0 < cinc_floor < 1:
        raise InputError(f"cinc_floor must be a number in (0, 1), got {cinc_floor!r}")
    if isinstance(far_km, bool) or not isinstance(far_km, (int, float)) or not far_km > 0:
        raise InputError(f"far_km must be a positive number of km, got {far_km!r}")
    if (
        isinstance(buildup_years, bool)
        or not isinstance(buildup_years, (int, np.integer))
        or not 1 <= buildup_years <= 20
    ):
        raise InputError(f"buildup_years must be an integer in 1-20, got {buildup_years!r}")
    ok = (
        isinstance(sea_grades, (tuple, list))
        and len(sea_grades) == 4
        and all(isinstance(g, (int, float)) and not isinstance(g, bool) and g >= 0 for g in sea_grades)
    )
    if not ok:
        raise InputError(
            f"sea_grades must be 4 non-negative numbers (COW contiguity types 2, 3, 4, 5), got {sea_grades!r}"
        )


@lru_cache(maxsize=4)
def panel_keys(first: int, last: int) -> pl.DataFrame:
    """All directed dyad-years of the COW system in ``first..last`` (cached)."""
    return dyad_years(years=(first, last)).data
