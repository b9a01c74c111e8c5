"""Event file formats: their column lists, and how each maps onto the canonical raw event.

A :class:`Format` declares every column of a file in order with its type (so no engine ever sniffs a
20 GB file) and gives, in the SQL subset DuckDB and Spark share, the expressions that turn a row
into the canonical raw event every engine aggregates the same way:

======================  =========  ==================================================================
column                  type       meaning
======================  =========  ==================================================================
``event_id``            string     the data set's event identifier (ingest is idempotent by it)
``event_date``          date       the day the event happened
``src_country``         string     the source actor's country (name or ISO3 / CAMEO code), upper case
``src_state``           boolean    the source actor is the state (government, military, ...), not a
                                   sub-state actor (protesters, rebels, parties out of government, ...)
``tgt_country``         string     as above for the target
``tgt_state``           boolean    as above for the target
``cameo``               string     the CAMEO event code, e.g. ``"190"``
======================  =========  ==================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .._errors import InputError

#: ICEWS sectors that make an actor the state (government, its executive, armed forces, police,
#: legislature and courts), unless one of :data:`ICEWS_NONSTATE_SECTORS` is present too.
ICEWS_STATE_SECTORS = (
    "Government",
    "Executive",
    "Executive Office",
    "Cabinet",
    "Foreign Ministry",
    "Defense / Security Ministry",
    "Interior / Home Ministry",
    "Intelligence Ministry",
    "Military",
    "Military Intelligence",
    "Army",
    "Navy",
    "Air Force",
    "Marines",
    "Coast Guard",
    "Police",
    "Legislative / Parliamentary",
    "Judicial",
)
#: ICEWS sectors that make an actor sub-state whatever else it is (an opposition MP, a rebel army).
ICEWS_NONSTATE_SECTORS = (
    "Dissident",
    "Protestors / Popular Opposition / Mobs",
    "Insurgents",
    "Rebel",
    "Separatists",
    "Opposition Major Party (Out Of Government)",
    "Criminals / Gangs",
    "Unidentified Forces",
    "Radicals / Extremists / Fundamentalists",
    "Organized Violent",
    "International Insurgents",
    "International Dissident",
)
#: CAMEO actor roles (GDELT Type codes, Phoenix roles) of the state: government, military, police,
#: judiciary, legislature, intelligence.
CAMEO_STATE_ROLES = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")
#: CAMEO roles that make an actor sub-state: rebels, opposition, insurgents, separatists, unaligned
#: armed forces, radicals, criminals.
CAMEO_NONSTATE_ROLES = ("REB", "OPP", "INS", "SEP", "UAF", "RAD", "CRM")

CANONICAL = ("event_id", "event_date", "src_country", "src_state", "tgt_country", "tgt_state", "cameo")


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _alternation(values: tuple[str, ...]) -> str:
    """A regex matching one whole comma-delimited item; parentheses as classes so no backslash is needed
    (Spark SQL and DuckDB read backslashes in string literals differently)."""
    items = "|".join(v.replace("'", "''").replace("(", "[(]").replace(")", "[)]") for v in values)
    return f"',({items}),'"


def icews_state(name: str, sectors: str, country: str) -> str:
    """SQL: is the ICEWS actor the state?  The country itself, or a state sector and no sub-state sector.

    ``_<sectors>_w`` is ``',' || sectors || ','``, computed once per row by the inner select (``Format.pre``);
    ``regexp_extract(..., 0) <> ''`` is "matches" in both DuckDB and Spark SQL.
    """
    wrapped = f"_{sectors}_w"
    state = f"regexp_extract({wrapped}, {_alternation(ICEWS_STATE_SECTORS)}, 0) <> ''"
    nonstate = f"regexp_extract({wrapped}, {_alternation(ICEWS_NONSTATE_SECTORS)}, 0) = ''"
    return (
        f"COALESCE(({name} = {country} AND {sectors} IS NULL) OR "
        f"(CASE WHEN {sectors} IS NOT NULL AND {state} THEN {nonstate} ELSE FALSE END), FALSE)"
    )


def cameo_state(code: str, country: str, roles: tuple[str, ...]) -> str:
    """SQL: is the CAMEO-coded actor the state?  The bare country code, or a state role and no sub-state role."""
    first, *others = roles
    ok = f"COALESCE({first}, '') IN {_sql_list(CAMEO_STATE_ROLES)}"
    bad = " AND ".join(f"COALESCE({r}, '') NOT IN {_sql_list(CAMEO_NONSTATE_ROLES)}" for r in others) or "TRUE"
    return f"COALESCE(({code} = {country} AND {first} IS NULL) OR ({ok} AND {bad}), FALSE)"


@dataclass(frozen=True)
class Format:
    """A file format: its columns in order (name, type) and the canonical select expressions."""

    name: str
    dataset: str
    columns: tuple[tuple[str, str], ...]
    select: dict[str, str]
    header: bool = False
    delim: str = "\t"
    dateformat: str = "%Y-%m-%d"
    parquet: bool = False
    description: str = ""
    header_names: tuple[str, ...] = field(default=())
    #: Columns computed once per row before ``select`` (name -> SQL), e.g. wrapped sector lists.
    pre: tuple[tuple[str, str], ...] = ()

    @property
    def spark_dateformat(self) -> str:
        return self.dateformat.replace("%Y", "yyyy").replace("%m", "MM").replace("%d", "dd")


# ---------------------------------------------------------------- ICEWS
_ICEWS_DATAVERSE = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
_ICEWS_TYPES = {
    "event_id": "BIGINT",
    "event_date": "DATE",
    "intensity": "DOUBLE",
    "story_id": "BIGINT",
    "sentence_number": "BIGINT",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "year": "INTEGER",
    "yearmonth": "INTEGER",
}
_ICEWS_SELECT = {
    "event_id": "CAST(event_id AS STRING)",
    "event_date": "event_date",
    "src_country": "upper(trim(source_country))",
    "src_state": icews_state("source_name", "source_sectors", "source_country"),
    "tgt_country": "upper(trim(target_country))",
    "tgt_state": icews_state("target_name", "target_sectors", "target_country"),
    "cameo": "trim(cameo_code)",
}


_ICEWS_PRE = (
    ("_source_sectors_w", "',' || source_sectors || ','"),
    ("_target_sectors_w", "',' || target_sectors || ','"),
)


def _snake(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def icews(header: list[str] | None = None) -> Format:
    """ICEWS coded event data: the Dataverse yearly ``.tab`` files ("Event ID", "Event Date", ...) or the
    snake_case layout of the R package icews (``event_id``, ..., optionally ``year``, ``yearmonth``)."""
    names = [_snake(h) for h in (header or _ICEWS_DATAVERSE)]
    expected = [_snake(h) for h in _ICEWS_DATAVERSE]
    if names[:20] != expected or any(n not in ("year", "yearmonth") for n in names[20:]):
        raise InputError(
            "the header is not an ICEWS layout; expected the 20 ICEWS columns "
            f"({', '.join(_ICEWS_DATAVERSE[:4])}, ...), optionally followed by year and yearmonth"
        )
    cols = tuple((n, _ICEWS_TYPES.get(n, "VARCHAR")) for n in names)
    return Format("icews", "icews", cols, _ICEWS_SELECT, header=True, header_names=tuple(header or ()), pre=_ICEWS_PRE)


# ---------------------------------------------------------------- GDELT
def _gdelt_columns(version: int, with_url: bool) -> tuple[tuple[str, str], ...]:
    cols: list[tuple[str, str]] = [
        ("GLOBALEVENTID", "BIGINT"),
        ("SQLDATE", "DATE"),
        ("MonthYear", "INTEGER"),
        ("Year", "INTEGER"),
        ("FractionDate", "DOUBLE"),
    ]
    for a in ("Actor1", "Actor2"):
        cols += [
            (f"{a}{c}", "VARCHAR")
            for c in (
                "Code",
                "Name",
                "CountryCode",
                "KnownGroupCode",
                "EthnicCode",
                "Religion1Code",
                "Religion2Code",
                "Type1Code",
                "Type2Code",
                "Type3Code",
            )
        ]
    cols += [
        ("IsRootEvent", "INTEGER"),
        ("EventCode", "VARCHAR"),
        ("EventBaseCode", "VARCHAR"),
        ("EventRootCode", "VARCHAR"),
        ("QuadClass", "INTEGER"),
        ("GoldsteinScale", "DOUBLE"),
        ("NumMentions", "INTEGER"),
        ("NumSources", "INTEGER"),
        ("NumArticles", "INTEGER"),
        ("AvgTone", "DOUBLE"),
    ]
    for g in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        cols += [
            (f"{g}_Type", "INTEGER"),
            (f"{g}_FullName", "VARCHAR"),
            (f"{g}_CountryCode", "VARCHAR"),
            (f"{g}_ADM1Code", "VARCHAR"),
        ]
        if version == 2:
            cols.append((f"{g}_ADM2Code", "VARCHAR"))
        cols += [(f"{g}_Lat", "DOUBLE"), (f"{g}_Long", "DOUBLE"), (f"{g}_FeatureID", "VARCHAR")]
    cols.append(("DATEADDED", "BIGINT"))
    if with_url:
        cols.append(("SOURCEURL", "VARCHAR"))
    return tuple(cols)


_GDELT_SELECT = {
    "event_id": "CAST(GLOBALEVENTID AS STRING)",
    "event_date": "SQLDATE",
    "src_country": "upper(trim(Actor1CountryCode))",
    "src_state": cameo_state(
        "Actor1Code", "Actor1CountryCode", ("Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code")
    ),
    "tgt_country": "upper(trim(Actor2CountryCode))",
    "tgt_state": cameo_state(
        "Actor2Code", "Actor2CountryCode", ("Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code")
    ),
    "cameo": "trim(EventCode)",
}


def gdelt(version: int, n_fields: int | None = None) -> Format:
    """GDELT event tables: 1.0 (57 fields 1979-2013, 58 with SOURCEURL from April 2013) or 2.0 (61 fields)."""
    if version == 1:
        with_url = n_fields != 57
        cols = _gdelt_columns(1, with_url)
        if n_fields is not None and n_fields not in (57, 58):
            raise InputError(
                f"a GDELT 1.0 event file has 57 or 58 tab-separated fields per line, this one has {n_fields}"
            )
    else:
        cols = _gdelt_columns(2, True)
        if n_fields is not None and n_fields != 61:
            raise InputError(f"a GDELT 2.0 event file has 61 tab-separated fields per line, this one has {n_fields}")
    return Format(f"gdelt{version}", "gdelt", cols, _GDELT_SELECT, header=False, dateformat="%Y%m%d")


# ---------------------------------------------------------------- Phoenix
_PHOENIX_COLUMNS = (
    ("EventID", "VARCHAR"),
    ("Date", "DATE"),
    ("Year", "INTEGER"),
    ("Month", "INTEGER"),
    ("Day", "INTEGER"),
    ("SourceActorFull", "VARCHAR"),
    ("SourceActorEntity", "VARCHAR"),
    ("SourceActorRole", "VARCHAR"),
    ("SourceActorAttribute", "VARCHAR"),
    ("TargetActorFull", "VARCHAR"),
    ("TargetActorEntity", "VARCHAR"),
    ("TargetActorRole", "VARCHAR"),
    ("TargetActorAttribute", "VARCHAR"),
    ("EventCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("PentaClass", "VARCHAR"),
    ("GoldsteinScore", "DOUBLE"),
    ("Issues", "VARCHAR"),
    ("Lat", "DOUBLE"),
    ("Lon", "DOUBLE"),
    ("LocationName", "VARCHAR"),
    ("StateName", "VARCHAR"),
    ("CountryCode", "VARCHAR"),
    ("SentenceID", "VARCHAR"),
    ("URLs", "VARCHAR"),
    ("NewsSources", "VARCHAR"),
)
_PHOENIX_SELECT = {
    "event_id": "EventID",
    "event_date": "Date",
    "src_country": "upper(trim(SourceActorEntity))",
    "src_state": cameo_state("SourceActorFull", "SourceActorEntity", ("SourceActorRole", "SourceActorAttribute")),
    "tgt_country": "upper(trim(TargetActorEntity))",
    "tgt_state": cameo_state("TargetActorFull", "TargetActorEntity", ("TargetActorRole", "TargetActorAttribute")),
    "cameo": "trim(EventCode)",
}


def phoenix(header: bool = False) -> Format:
    """Phoenix (Open Event Data Alliance) daily files: 26 tab-separated fields, dates as YYYYMMDD."""
    return Format("phoenix", "phoenix", _PHOENIX_COLUMNS, _PHOENIX_SELECT, header=header, dateformat="%Y%m%d")


# ---------------------------------------------------------------- declared CSV / Parquet
#: The columns a plain CSV or Parquet file declares (``--columns canonical=file_column,...``).
DECLARED = ("event_id", "event_date", "source_country", "target_country", "cameo_code", "source_state", "target_state")


def _truthy(col: str) -> str:
    return f"lower(trim(CAST({col} AS STRING))) IN ('1', 'true', 't', 'yes', 'y')"


def declared(
    header: list[str],
    mapping: dict[str, str] | None = None,
    parquet: bool = False,
    dateformat: str = "%Y-%m-%d",
    delim: str = ",",
    dataset: str = "custom",
) -> Format:
    """A plain CSV (with a header) or Parquet file whose columns are declared.

    ``mapping`` maps each name of :data:`DECLARED` to the file's column (default: the same name).
    ``source_state`` / ``target_state`` are booleans (1/0, true/false, yes/no): whether the actor is the
    state.  Countries are names or ISO3 codes.
    """
    m = {k: k for k in DECLARED} | dict(mapping or {})
    unknown = sorted(set(m) - set(DECLARED))
    if unknown:
        raise InputError(f"unknown declared column(s) {', '.join(unknown)}; allowed: {', '.join(DECLARED)}")
    missing = [f"{k} (as {m[k]!r})" for k in DECLARED if m[k] not in header]
    if missing:
        raise InputError(
            f"the file lacks the declared column(s) {', '.join(missing)}; its columns: {', '.join(header)}; "
            "declare them with --columns event_id=ID,event_date=DATE,..."
        )
    q = {k: '"' + v.replace('"', '""') + '"' for k, v in m.items()}
    types = {m["event_date"]: "DATE"}
    cols = tuple((h, types.get(h, "VARCHAR")) for h in header)
    select = {
        "event_id": f"CAST({q['event_id']} AS STRING)",
        "event_date": q["event_date"],
        "src_country": f"upper(trim({q['source_country']}))",
        "src_state": _truthy(q["source_state"]),
        "tgt_country": f"upper(trim({q['target_country']}))",
        "tgt_state": _truthy(q["target_state"]),
        "cameo": f"trim(CAST({q['cameo_code']} AS STRING))",
    }
    return Format("csv", dataset, cols, select, header=True, delim=delim, dateformat=dateformat, parquet=parquet)


FORMAT_NAMES = ("icews", "gdelt1", "gdelt2", "phoenix", "csv")


def first_line(path: Path) -> str:
    """The first line of a (possibly gzip-compressed) text file, without reading more."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
            return fh.readline().rstrip("\r\n")
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read the file: {exc}") from exc


def parquet_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return pq.read_schema(path).names
    except Exception as exc:  # a truncated or foreign file
        raise InputError(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})") from exc


def detect(path: Path, fmt: str | None = None, columns: dict[str, str] | None = None, **declared_options) -> Format:
    """The :class:`Format` of ``path``: ``fmt`` if given, else guessed from its name and first line."""
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise InputError(f"unknown --format {fmt!r}; allowed: {', '.join(FORMAT_NAMES)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    is_parquet = path.suffix.lower() in (".parquet", ".pq")
    if is_parquet:
        header = parquet_columns(path)
    else:
        line = first_line(path)
        header = line.split("\t")
    snake = [_snake(h) for h in header]
    if fmt is None:
        name = path.name.lower()
        if snake[:2] == ["event_id", "event_date"]:
            fmt = "icews"
        elif "gdelt" in name or "export" in name:
            fmt = "gdelt2" if len(header) == 61 else "gdelt1"
        elif "phoenix" in name:
            fmt = "phoenix"
        elif len(header) == 61 and header[0].isdigit():
            fmt = "gdelt2"
        elif len(header) in (57, 58) and header[0].isdigit():
            fmt = "gdelt1"
        else:
            raise InputError(
                f"{path}: cannot tell the format from the name and first line; give --format "
                f"({', '.join(FORMAT_NAMES)})"
            )
    if fmt == "icews":
        f = icews(header)
        if is_parquet:
            f = Format(f.name, f.dataset, f.columns, f.select, header=True, parquet=True, pre=f.pre)
        return f
    if is_parquet and fmt != "csv":
        raise InputError(f"{path}: a Parquet file can be read as --format icews or csv, not {fmt}")
    if fmt in ("gdelt1", "gdelt2"):
        return gdelt(int(fmt[-1]), len(header))
    if fmt == "phoenix":
        has_header = header[0].lower() in ("eventid", "eid", "event_id")
        if len(header) != 26:
            raise InputError(f"a Phoenix event file has 26 tab-separated fields per line, {path} has {len(header)}")
        return phoenix(header=has_header)
    delim = declared_options.pop("delim", None) or ("\t" if path.suffix.lower() in (".tsv", ".tab") else ",")
    if not is_parquet:
        header = next(iter([first_line(path).split(delim)]))
        header = [h.strip().strip('"') for h in header]
    return declared(header, columns, parquet=is_parquet, delim=delim, **declared_options)
