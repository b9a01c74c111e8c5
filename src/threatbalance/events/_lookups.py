"""The two small lookup tables every engine joins: actor country -> COW code, CAMEO code -> quad class and Goldstein.

Both are built from shipped tables (``country_crosswalk`` and ``cameo_codes``) and are tiny (a few
hundred rows), so DuckDB and Spark join them in memory (Spark broadcasts them).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from ..sources import load_table

#: Names and codes that event data sets use for COW states but the crosswalk does not carry (ICEWS
#: country names, CAMEO country codes that differ from ISO 3166 alpha-3).  Keys are upper case.
COUNTRY_ALIASES: dict[str, int] = {
    "RUSSIAN FEDERATION": 365,
    "COTE D'IVOIRE": 437,
    "CÔTE D'IVOIRE": 437,
    "DEMOCRATIC REPUBLIC OF CONGO": 490,
    "CONGO, THE DEMOCRATIC REPUBLIC OF THE": 490,
    "CONGO, DEMOCRATIC REPUBLIC OF": 490,
    "MOLDOVA, REPUBLIC OF": 359,
    "THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA": 343,
    "MACEDONIA": 343,
    "SERBIA": 345,
    "SRB": 345,
    "SERBIA AND MONTENEGRO": 345,
    "SCG": 345,
    "YUG": 345,
    "KOSOVO": 347,
    "KSV": 347,  # CAMEO
    "XKX": 347,
    "ROM": 360,  # CAMEO's Romania
    "ZAR": 490,  # CAMEO's Zaire / DR Congo
    "TMP": 860,  # CAMEO's East Timor
    "IRAN, ISLAMIC REPUBLIC OF": 630,
    "KOREA, REPUBLIC OF": 732,
    "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF": 731,
    "SYRIAN ARAB REPUBLIC": 652,
    "VIET NAM": 816,
    "LAO PEOPLE'S DEMOCRATIC REPUBLIC": 812,
    "TANZANIA, UNITED REPUBLIC OF": 510,
    "BOLIVIA, PLURINATIONAL STATE OF": 145,
    "VENEZUELA, BOLIVARIAN REPUBLIC OF": 101,
}

#: CAMEO root codes -> quad class: 1 verbal cooperation (01-05), 2 material cooperation (06-08),
#: 3 verbal conflict (09-13), 4 material conflict (14-20), as GDELT's QuadClass (Leetaru & Schrodt 2013).
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def quad_of_root(root: int) -> int:
    """The quad class of a CAMEO root code (1-20).

    Examples
    --------
    >>> [quad_of_root(r) for r in (1, 5, 6, 8, 9, 13, 14, 20)]
    [1, 1, 2, 2, 3, 3, 4, 4]
    """
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@cache
def countries() -> pl.DataFrame:
    """``(key, ccode)``: upper-case English names (crosswalk, COW, CLDR), ISO3 codes and :data:`COUNTRY_ALIASES`.

    Examples
    --------
    >>> c = countries()
    >>> c.filter(c["key"].is_in(["ISRAEL", "ISR", "RUSSIAN FEDERATION"]))["ccode"].to_list()
    [666, 666, 365]
    """
    x = load_table("country_crosswalk")
    parts = [
        x.select(
            pl.col(c).str.to_uppercase().str.strip_chars().alias("key"), pl.col("cown").cast(pl.Int32).alias("ccode")
        )
        for c in ("country_name_en", "cow_name", "cldr_name_en", "iso3c")
    ]
    alias = pl.DataFrame(
        {"key": list(COUNTRY_ALIASES), "ccode": list(COUNTRY_ALIASES.values())}, schema_overrides={"ccode": pl.Int32}
    )
    t = pl.concat([alias, *parts]).drop_nulls().unique("key", keep="first", maintain_order=True)
    return t.sort("key")


@cache
def cameo() -> pl.DataFrame:
    """``(code, root, quad, goldstein10)``: every CAMEO code with its quad class and Goldstein score x 10 (an integer).

    Goldstein scores have one decimal, so sums of ``goldstein10`` are exact integers on every engine.

    Examples
    --------
    >>> c = cameo()
    >>> c.filter(c["code"] == "190").row(0)
    ('190', 19, 4, -100)
    """
    t = load_table("cameo_codes").select(
        pl.col("code"),
        pl.col("root_code").cast(pl.Int32).alias("root"),
        (pl.col("goldstein") * 10).round().cast(pl.Int32).alias("goldstein10"),
    )
    t = t.with_columns(
        pl.when(pl.col("root") <= 5)
        .then(1)
        .when(pl.col("root") <= 8)
        .then(2)
        .when(pl.col("root") <= 13)
        .then(3)
        .otherwise(4)
        .cast(pl.Int32)
        .alias("quad")
    )
    return t.select("code", "root", "quad", "goldstein10").sort("code")
