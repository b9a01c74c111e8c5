"""The source registry: what each shipped data set is, its version, coverage, terms and BibTeX.

Provenance is data here.  Every table a panel step reads belongs to one :class:`Source`; a panel
records the keys of the sources it used, and :func:`cite` prints exactly their BibTeX.

Examples
--------
>>> import threatbalance as tb
>>> tb.data_sources()["nmc"].version
'7.0'
>>> print(tb.cite(["nmc"]).splitlines()[0])
@InCollection{singeretal1972cdu,
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .._errors import InputError

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Source:
    """One data set shipped with threatbalance."""

    key: str
    title: str
    version: str
    tables: tuple[str, ...]
    years: tuple[int, int] | None
    unit: str
    terms: str
    bibtex_keys: tuple[str, ...]
    notes: str = ""
    systems: tuple[str, ...] = field(default=("cow",))

    @property
    def span(self) -> tuple[int, int]:
        """``years`` of a data set of years; an error for the few sources without year coverage."""
        if self.years is None:
            raise InputError(f"data source {self.key!r} has no year coverage")
        return self.years

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "version": self.version,
            "tables": list(self.tables),
            "years": list(self.years) if self.years else None,
            "unit": self.unit,
            "terms": self.terms,
            "bibtex_keys": list(self.bibtex_keys),
            "notes": self.notes,
        }


_PS = "peacesciencer 1.2.9 data (GPL-2); cite the original data set"
_S = Source
_SOURCES: tuple[Source, ...] = (
    _S(
        "peacesciencer",
        "peacesciencer: tools and data for quantitative peace science",
        "1.2.9",
        (),
        None,
        "package",
        "GPL-2",
        ("peacesciencer-package",),
        "Semantics of the panels and steps follow it.",
    ),
    _S(
        "cow_system",
        "Correlates of War State System Membership",
        "2016",
        ("cw_system", "false_cow_dyads", "cw_gw_panel"),
        (1816, 2016),
        "state membership spells",
        _PS + "; isard 0.2.0",
        ("cowstates2016", "miller2024isard"),
        "Spells ending on the source's final day are carried forward to the data's end (NMC's last year), "
        "as peacesciencer's mry does.",
    ),
    _S(
        "gw_system",
        "Gleditsch-Ward state system",
        "2017",
        ("gw_system", "false_gw_dyads"),
        (1816, 2020),
        "state membership spells",
        _PS + "; isard 0.2.0",
        ("gledtischward1999rlis", "miller2024isard"),
        "Spells ending on the source's final day are carried forward to the data's end (NMC's last year).",
        ("gw",),
    ),
    _S(
        "majors",
        "Correlates of War major powers",
        "2016",
        ("cow_majors",),
        (1816, 2016),
        "state-year",
        _PS,
        ("cowstates2016",),
    ),
    _S(
        "nmc",
        "Correlates of War National Material Capabilities",
        "7.0",
        ("cow_nmc",),
        (1816, 2022),
        "state-year",
        _PS + "; COW terms of use",
        ("singeretal1972cdu", "singer1987rcwd"),
    ),
    _S(
        "democracy",
        "Democracy: extended UDS (Marquez), Polity2, V-Dem polyarchy (isard cw_democracy)",
        "isard 0.2.0",
        ("cw_democracy", "gw_democracy"),
        (1816, 2025),
        "state-year",
        "GPL-2 (isard); see each source",
        ("marquez2016qme", "pemsteinetal2010dc", "marshalletal2017p", "coppedgeetal2020vdem", "miller2024isard"),
        systems=("cow", "gw"),
    ),
    _S(
        "gdppop",
        "Simulated GDP per capita, GDP and population (Anders, Fariss & Markowitz)",
        "isard 0.2.0",
        ("cw_gdppop", "gw_gdppop"),
        (1816, 2019),
        "state-year",
        "GPL-2 (isard)",
        ("farissetal2022nehg", "andersetal2020bbgb", "miller2024isard"),
        systems=("cow", "gw"),
    ),
    _S(
        "sdp",
        "Surplus domestic product and GDP estimates (Anders, Fariss & Markowitz)",
        "2020",
        ("cow_sdp_gdp", "gw_sdp_gdp"),
        (1816, 2016),
        "state-year",
        _PS,
        ("andersetal2020bbgb",),
        systems=("cow", "gw"),
    ),
    _S(
        "terrthreat",
        "Latent external territorial threat (Miller's random item response model)",
        "2022",
        ("terrthreat",),
        (1816, 2010),
        "state-year",
        _PS,
        ("miller2022rirm",),
    ),
    _S(
        "capitals",
        "Capitals and their coordinates over time (peacesciencer)",
        "2020",
        ("cow_capitals", "gw_capitals"),
        (1816, 2024),
        "capital spells",
        _PS,
        ("peacesciencer-package",),
        systems=("cow", "gw"),
    ),
    _S(
        "contiguity",
        "Correlates of War Direct Contiguity",
        "3.2",
        ("cow_contdir",),
        (1816, 2016),
        "directed dyad spells",
        _PS + "; COW terms of use",
        ("stinnettetal2002cow",),
    ),
    _S(
        "mindist",
        "Minimum distance between states (CShapes 2.0)",
        "2.0",
        ("cow_mindist", "gw_mindist"),
        (1886, 2019),
        "non-directed dyad-year",
        _PS,
        ("schvitz2022mis",),
        systems=("cow", "gw"),
    ),
    _S(
        "atop",
        "Alliance Treaty Obligations and Provisions",
        "5.1",
        ("atop_alliance",),
        (1815, 2018),
        "directed dyad-year",
        _PS + "; ATOP terms of use",
        ("leedsetal2002atop",),
    ),
    _S(
        "gml_mids",
        "Gibler-Miller-Little militarized interstate disputes",
        "2.2.1",
        ("gml_mid_ddydisps",),
        (1816, 2010),
        "directed dyad-year",
        _PS,
        ("gibleretal2016amid",),
    ),
    _S(
        "prd",
        "Politically relevant dyads (contiguous or with a major power)",
        "-",
        (),
        None,
        "dyad filter",
        "-",
        ("weede1976oppc", "lemkereed2001rprd"),
        "Filter rule, no data of its own; uses contiguity and majors.",
    ),
    _S(
        "cow_mids",
        "Correlates of War militarized interstate disputes",
        "5.0",
        ("cow_mid_ddydisps",),
        (1816, 2014),
        "directed dyad-year",
        _PS + "; COW terms of use",
        ("palmeretal2021mid5",),
    ),
    _S(
        "tss_rivalries",
        "Strategic rivalries (Thompson, Sakuwa & Suhas)",
        "2021",
        ("tss_rivalries",),
        (1816, 2020),
        "rivalry spells",
        _PS,
        ("thompsonetal2021tss",),
    ),
    _S(
        "td_rivalries",
        "Strategic rivalries (Thompson & Dreyer)",
        "2012",
        ("td_rivalries",),
        (1816, 2010),
        "rivalry spells",
        _PS,
        ("thompsondreyer2012hir",),
    ),
    _S(
        "arms_races",
        "Conventional arms races (Gibler, Rider & Hutchison)",
        "2005",
        ("grh_arms_races",),
        (1816, 1993),
        "arms-race spells",
        _PS,
        ("giblerriderhutchison2005tacw",),
    ),
    _S(
        "trade",
        "Correlates of War dyadic trade",
        "4.0",
        ("cow_trade_ndy", "cow_trade_sy"),
        (1870, 2014),
        "non-directed dyad-year",
        _PS + "; COW terms of use",
        ("barbierietal2009td", "barbierikeshk2016cowtrade"),
    ),
    _S(
        "igos",
        "Correlates of War intergovernmental organisations",
        "3.0",
        ("cow_igo_ndy", "cow_igo_sy"),
        (1816, 2014),
        "non-directed dyad-year",
        _PS + "; COW terms of use",
        ("pevehouseetal2020tow", "wallacesinger1970igo"),
    ),
    _S(
        "sipri",
        "SIPRI arms transfers (trend-indicator values)",
        "2022 (360info)",
        ("sipri_tiv",),
        (1950, 2021),
        "directed dyad-year",
        "CC BY 4.0 (360info processing); SIPRI terms of use",
        ("sipri2022arms",),
    ),
    _S(
        "un_idealpoints",
        "UN General Assembly ideal points (Bailey, Strezhnev & Voeten)",
        "July 2025",
        ("unga_idealpoints",),
        (1946, 2024),
        "state-year",
        "CC0",
        ("baileystrezhnevvoeten2017",),
    ),
    _S(
        "un_votes",
        "UN General Assembly roll-call votes (unvotes 0.3.0)",
        "0.3.0",
        ("unvotes_votes", "unvotes_roll_calls", "unvotes_issues"),
        (1946, 2019),
        "roll-call votes",
        "MIT / CC0",
        ("voeten2013unvotes",),
    ),
    _S(
        "diplomacy",
        "Diplomatic ties, every five years (Duque 2018)",
        "2018",
        ("dipl_ties",),
        (1970, 2005),
        "directed dyad, 1970-2005 every 5 years",
        "GPL-3 (networkdata)",
        ("duque2018",),
    ),
    _S(
        "crosswalk",
        "Country code crosswalk with Persian names (countrycode, Unicode CLDR)",
        "2024",
        ("country_crosswalk",),
        None,
        "country",
        "GPL-3 (countrycode), Unicode licence (CLDR)",
        ("arelbundocketal2018countrycode", "unicode2024cldr"),
    ),
    _S(
        "cameo",
        "CAMEO event codes with Goldstein scores",
        "icews R package",
        ("cameo_codes",),
        None,
        "event code",
        "MIT",
        ("goldstein1992",),
    ),
    _S(
        "gdelt",
        "GDELT 2.0 country-pair activity per month and year (gdelt-graph-data)",
        "2018-2024",
        ("gdelt_dyad_year", "gdelt_dyad_month"),
        (2018, 2024),
        "non-directed dyad-year",
        "GPL-3 (gdelt-graph-data); GDELT open with citation",
        ("leetaruschrodt2013gdelt",),
        "Undirected pair-days aggregated to months and years, January 2018 - February 2024 (about 96 days "
        "missing); score_sum is Goldstein-based but inflated by source and article counts and tone.",
    ),
    _S(
        "icews",
        "ICEWS coded event data: a 4,993-event sample (1-3 June 2018) for ingestion",
        "sample of 2018-06-01..03",
        ("icews_sample",),
        (2018, 2018),
        "event",
        "MIT (R package icews); ICEWS Dataverse terms",
        ("boscheeetal2015icews",),
        "A sample in the real ICEWS schema; full ICEWS files are ingested with threatbalance events ingest.",
    ),
    # ---- threat v2: offensive capabilities and party ideology ----
    _S(
        "nuclear_latency",
        "Nuclear Latency dataset: enrichment and reprocessing facilities (Fuhrmann & Tkach)",
        "1.2",
        ("nuclear_latency",),
        (1939, 2012),
        "facility (construction and operation years)",
        "academic use with citation (as packaged in the R package data4ds4da)",
        ("fuhrmanntkach2015",),
        "-99 (unknown construction start) set to missing.",
    ),
    _S(
        "nuclear_weapons",
        "Nuclear-weapon states and their first-weapon years (hand ledger, one citation per row)",
        "2026-11 (threatbalance)",
        ("nuclear_weapons",),
        (1945, 2022),
        "state (first weapon, declaration, end years)",
        "public record; scripts/raw/nuclear_weapon_states.csv, each row with its citation",
        (
            "bleek2017when",
            "rhodes1986making",
            "holloway1994stalin",
            "gowing1974independence",
            "norris1994databook",
            "lewisxue1988china",
            "cohen1998israel",
            "perkovich1999india",
            "devilliers1993why",
            "khan2012eating",
            "pollack2011noexit",
        ),
        "Israel undeclared (Cohen 1998); South Africa 1979-1991, dismantled.",
    ),
    _S(
        "missile_tests",
        "Ballistic-missile tests of Iran and North Korea (CNS databases)",
        "2020",
        ("missile_tests",),
        (1984, 2019),
        "launch (Iran 1988-2019, North Korea 1984-2019)",
        "CNS/NTI database, research use with citation",
        ("cns2020iranmissiles", "cns2020dprkmissiles"),
        "Only Iran and North Korea are covered; other states have no test record here.",
    ),
    _S(
        "vparty",
        "V-Party: party identity and organisation (governing-party ideology)",
        "2",
        ("vparty",),
        (1970, 2019),
        "party-election year",
        "CC BY-SA 4.0 (V-Dem Institute)",
        ("lindberg2022vparty",),
        "Point estimates only; coded in election years, carried to the next election.",
    ),
)


# peacesciencer 1.2.9 coverage (issue 14): conflict onsets, wars, fractionalization, terrain, leaders, disputes
_SOURCES += (
    _S(
        "ucdp_acd",
        "UCDP/PRIO Armed Conflict Dataset",
        "25.1",
        ("ucdp_acd",),
        (1946, 2024),
        "conflict-year",
        _PS + "; UCDP terms of use (CC BY 4.0)",
        ("gleditschetal2002ac",),
        "Comma-separated participants unnested into one row each (peacesciencer's build).",
        ("gw",),
    ),
    _S(
        "ucdp_onsets",
        "UCDP onset data (new conflicts and onsets after 1-10 years of inactivity)",
        "19.1",
        ("ucdp_onsets",),
        (1946, 2017),
        "state-year",
        _PS + "; UCDP terms of use (CC BY 4.0)",
        ("pettersson2019ov",),
        systems=("gw",),
    ),
    _S(
        "cow_wars",
        "Correlates of War inter-state (4.0) and intra-state (4.1) wars",
        "inter 4.0, intra 4.1",
        ("cow_war_inter", "cow_war_intra"),
        (1816, 2007),
        "directed dyad-year (inter), state-year (intra)",
        _PS + "; COW terms of use",
        ("sarkeeswayman2010rw", "dixonsarkees2016giw"),
    ),
    _S(
        "creg",
        "Composition of Religious and Ethnic Groups (CREG) fractionalization and polarization",
        "2012",
        ("creg",),
        (1945, 2013),
        "state-year",
        _PS,
        ("nardulli2012creg",),
        systems=("cow", "gw"),
    ),
    _S(
        "hief",
        "Historical Index of Ethnic Fractionalization (HIEF)",
        "2019",
        ("hief",),
        (1945, 2013),
        "state-year",
        _PS + "; HIEF (Harvard Dataverse, CC0)",
        ("drazanova2019hief",),
        systems=("cow", "gw"),
    ),
    _S(
        "rugged",
        "Terrain ruggedness (Nunn & Puga) and % mountainous terrain, logged (Gibler & Miller)",
        "2012/2014",
        ("rugged",),
        None,
        "state (time-invariant)",
        _PS,
        ("nunnpuga2012r", "giblermiller2014etts"),
        "No time dimension: one value per state, attached to every year.",
        ("cow", "gw"),
    ),
    _S(
        "archigos",
        "Archigos: a data set of political leaders",
        "4.1",
        ("archigos", "archigossums", "gw_cw_panel"),
        (1870, 2015),
        "leader spells; state-year summaries",
        _PS,
        ("goemansetal2009ia",),
        "Leader spells in the Gleditsch-Ward system; COW panels via isard's gw_cw_panel.",
        ("cow", "gw"),
    ),
    _S(
        "lead",
        "Leader Experience and Attribute Descriptions (LEAD)",
        "2015",
        ("lead",),
        (1875, 2004),
        "leader",
        _PS,
        ("ellisetal2015lead",),
        systems=("cow", "gw"),
    ),
    _S(
        "lwuf",
        "Leader willingness to use force (Carter & Smith)",
        "2020",
        ("lwuf",),
        (1875, 2004),
        "leader",
        _PS,
        ("cartersmith2020fml",),
        systems=("cow", "gw"),
    ),
    _S(
        "mid_disputes",
        "Dispute-level directed dyad-years before whittling (GML MID 2.2.1, COW MID 5.0)",
        "GML 2.2.1, COW 5.0",
        ("gml_dirdisp", "gml_mid_disps", "cow_mid_dirdisps", "cow_mid_disps"),
        (1816, 2014),
        "directed dispute-dyad-year",
        _PS + "; COW terms of use",
        ("gibleretal2016amid", "palmeretal2021mid5"),
    ),
    _S(
        "spells",
        "Peace spells (years since the last event) for temporal dependence",
        "-",
        (),
        None,
        "method",
        "-",
        ("becketal1998tts", "cartersignorino2010bf"),
        "Computed from an event column of the panel; no data of its own.",
        ("cow", "gw"),
    ),
)

_BY_KEY = {s.key: s for s in _SOURCES}

#: The data's years, derived from the registry: from the first year of the state systems to the last
#: year of NMC (v7 ends in 2022), the latest core covariate.  Each state system's panels run to its
#: :data:`SYSTEM_END` below; the ``years`` of ``cow_system`` and ``gw_system`` above are the systems'
#: own source ends (``extend=False``).
DATA_START: int = min(_BY_KEY[k].years[0] for k in ("cow_system", "gw_system"))  # type: ignore[index]
DATA_END: int = _BY_KEY["nmc"].years[1]  # type: ignore[index]

#: The year each state system's panels run to: spells ending on the source's final day (COW
#: 2016-12-31, G-W 2020-12-31) are carried forward to it.  COW: 2022, the last year of NMC 7 (the
#: latest COW-coded core covariate).  G-W: 2025, as peacesciencer's ``mry=TRUE`` on a 2026 run (the
#: current year minus one), the last year of isard's G-W democracy data (UCDP 25.1 ends in 2024).
SYSTEM_END = {"cow": DATA_END, "gw": 2025}


def system_end(system: str) -> int:
    """The last year of a state system's panels (see :data:`SYSTEM_END`).

    Examples
    --------
    >>> from threatbalance.sources import system_end
    >>> system_end("cow"), system_end("gw")
    (2022, 2025)
    """
    if system not in SYSTEM_END:
        raise InputError(f"unknown state system {system!r}; allowed: {', '.join(SYSTEM_END)}")
    return SYSTEM_END[system]


def data_versions(category: str | None = None) -> pl.DataFrame:
    """The version, coverage, unit and terms of every shipped data set, as peacesciencer's ``ps_version()``.

    ``category`` keeps the rows whose key, title or unit contains it (case-insensitive), as
    ``ps_version(cat)`` filters its categories.

    Examples
    --------
    >>> import threatbalance as tb
    >>> v = tb.data_versions("ucdp")
    >>> v.filter(v["key"] == "ucdp_acd")["version"][0]
    '25.1'
    """
    import polars as pl

    rows = [
        {
            "key": s.key,
            "title": s.title,
            "version": s.version,
            "first_year": s.years[0] if s.years else None,
            "last_year": s.years[1] if s.years else None,
            "unit": s.unit,
            "systems": ", ".join(s.systems),
            "terms": s.terms,
            "bibtex": ", ".join(s.bibtex_keys),
        }
        for s in _SOURCES
    ]
    df = pl.DataFrame(rows)
    if category is not None:
        c = str(category).lower()
        hit = pl.any_horizontal(
            pl.col(k).str.to_lowercase().str.contains(c, literal=True) for k in ("key", "title", "unit")
        )
        df = df.filter(hit)
        if df.is_empty():
            raise InputError(f"no data source matches {category!r}; keys: {', '.join(s.key for s in _SOURCES)}")
    return df


def sources() -> dict[str, Source]:
    """All registered sources by key.

    Examples
    --------
    >>> import threatbalance as tb
    >>> sorted(tb.data_sources())[:3]
    ['archigos', 'arms_races', 'atop']
    """
    return dict(_BY_KEY)


def get_source(key: str) -> Source:
    """The registered source ``key`` (clear error listing the known keys otherwise)."""
    if key not in _BY_KEY:
        raise InputError(f"unknown data source {key!r}; known sources: {', '.join(sorted(_BY_KEY))}")
    return _BY_KEY[key]


@lru_cache(maxsize=1)
def _bib_entries() -> dict[str, str]:
    text = resources.files("threatbalance").joinpath("data/sources.bib").read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for m in re.finditer(r"^@(\w+)\{([^,\s]+),", text, flags=re.M):
        if m.group(1).lower() == "comment":
            continue
        start, depth, first = m.start(), 0, text.index("{", m.start())
        i = first
        for i in range(first, len(text)):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
        entries[m.group(2)] = text[start : i + 1]
    return entries


def cite(what: Iterable[str] | object | None = None) -> str:
    """BibTeX of the sources a panel (or any object with a ``sources`` attribute) used.

    Parameters
    ----------
    what
        A :class:`~threatbalance.Panel` (or result carrying ``.sources``), an iterable of source
        keys, or ``None`` for every shipped source.

    Examples
    --------
    >>> import threatbalance as tb
    >>> "leedsetal2002atop" in tb.cite(["atop"])
    True
    """
    if what is None:
        keys = [s.key for s in _SOURCES]
    elif hasattr(what, "sources"):
        keys = list(what.sources)
    elif isinstance(what, str):
        keys = [what]
    elif isinstance(what, Iterable):
        keys = [str(k) for k in what]
    else:
        raise InputError(f"cite() takes a Panel, source keys or None, not {type(what).__name__}")
    bib = _bib_entries()
    out, seen = [], set()
    for k in keys:
        for b in get_source(k).bibtex_keys:
            if b not in seen:
                seen.add(b)
                if b not in bib:  # pragma: no cover - guarded by a test
                    raise KeyError(f"BibTeX key {b!r} of source {k!r} missing from sources.bib")
                out.append(bib[b])
    return "\n\n".join(out) + ("\n" if out else "")
