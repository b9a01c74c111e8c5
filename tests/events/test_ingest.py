"""The DuckDB store: idempotent, transactional ingest with provenance; formats; state vs sub-state; measures."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from threatbalance import InputError, events
from threatbalance.events._formats import _gdelt_columns

from .conftest import write_icews_tab


def n_events(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
    finally:
        con.close()


def test_ingest_twice_is_idempotent(tmp_path):
    db = tmp_path / "ev.duckdb"
    first = events.ingest([events.shipped_sample()], db=db)
    assert (first[0].rows_read, first[0].rows_new, first[0].rows_duplicate) == (4993, 4993, 0)
    assert n_events(db) == 4993
    second = events.ingest([events.shipped_sample()], db=db)
    assert (second[0].rows_new, second[0].rows_duplicate) == (0, 4993)
    assert n_events(db) == 4993
    files = events.info(db)["files"]
    assert files.height == 2 and files["rows_new"].to_list() == [4993, 0]  # provenance of both runs
    assert files["sha256"].n_unique() == 1 and len(files["sha256"][0]) == 64


def test_dataverse_tab_equals_parquet(tmp_path, sample_tab):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    events.ingest([events.shipped_sample()], db=a)
    r = events.ingest([sample_tab], db=b)
    assert r[0].format == "icews" and r[0].rows_new == 4993
    assert events.dyads(db=a).equals(events.dyads(db=b))


def truncate(src, dst, cut: int = 37):
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) - cut])  # the last line loses its last fields
    return dst


def test_truncated_file_changes_nothing(tmp_path, sample_tab):
    bad = truncate(sample_tab, tmp_path / "truncated.tab")
    new_db = tmp_path / "new.duckdb"
    with pytest.raises(InputError, match=r"truncated\.tab: 1 malformed row\(s\); first at line 4994"):
        events.ingest([bad], db=new_db)
    assert not new_db.exists()  # no half-created store
    db = tmp_path / "ev.duckdb"
    events.ingest([events.shipped_sample()], db=db)
    before = events.info(db)["files"]
    with pytest.raises(InputError, match="nothing was ingested"):
        events.ingest([bad], db=db, dataset="other")
    assert n_events(db) == 4993
    assert events.info(db)["files"].equals(before)


def test_one_transaction_over_files(tmp_path, sample_df):
    good = write_icews_tab(sample_df.head(100), tmp_path / "good.tab")
    bad = write_icews_tab(sample_df.slice(100, 50), tmp_path / "bad.tab")
    lines = bad.read_text().splitlines()
    lines[3] = lines[3].replace("2018-06-0", "2018-13-0", 1)  # an impossible month on line 4
    bad.write_text("\n".join(lines) + "\n")
    db = tmp_path / "ev.duckdb"
    events.ingest([events.shipped_sample()], db=db, dataset="base")
    with pytest.raises(InputError, match=r"bad\.tab: 1 malformed row\(s\); first at line 4: .*2018-13-0"):
        events.ingest([good, bad], db=db)
    assert n_events(db) == 4993  # good.tab was not kept either
    r = events.ingest([good, bad], db=db, allow_malformed=True, dataset="part")
    assert [x.rows_malformed for x in r] == [0, 1]
    assert r[1].first_bad_line == 4 and "2018-13-0" in r[1].first_bad_text
    assert r[1].rows_new == 49
    f = events.info(db)["files"].filter(pl.col("dataset") == "part")
    assert f["rows_malformed"].to_list() == [0, 1] and f["first_bad_line"].to_list() == [None, 4]


def _icews_rows(rows: list[dict]) -> pl.DataFrame:
    other = "event_text story_id sentence_number publisher city district province country latitude longitude intensity"
    base = dict.fromkeys(other.split())
    return pl.DataFrame([base | r for r in rows], infer_schema_length=None)


def test_state_and_substate_actors_kept_apart(tmp_path):
    gov = {
        "source_name": "Foreign Affairs (Iran)",
        "source_sectors": "Government,Foreign Ministry",
        "source_country": "Iran",
        "target_name": "Israel",
        "target_sectors": None,
        "target_country": "Israel",
    }
    rows = [
        {"event_id": 1, "event_date": "2018-06-01", "cameo_code": "190", **gov},  # state -> state: counts
        {"event_id": 2, "event_date": "2018-06-02", "cameo_code": "042", **gov},
        {
            "event_id": 3,
            "event_date": "2018-06-02",
            "cameo_code": "145",
            **gov,  # protesters: not the state
            "source_name": "Protester (Iran)",
            "source_sectors": "Protestors / Popular Opposition / Mobs",
        },
        {
            "event_id": 4,
            "event_date": "2018-06-03",
            "cameo_code": "112",
            **gov,  # opposition MP: not the state
            "source_sectors": "Legislative / Parliamentary,Opposition Major Party (Out Of Government)",
        },
        {
            "event_id": 5,
            "event_date": "2018-06-03",
            "cameo_code": "173",
            **gov,  # domestic: coverage only
            "target_name": "Citizen (Iran)",
            "target_sectors": "General Population / Civilian / Social",
            "target_country": "Iran",
        },
    ]
    path = write_icews_tab(_icews_rows(rows), tmp_path / "hand.tab")
    db = tmp_path / "ev.duckdb"
    events.ingest([path], db=db)
    d = events.dyads(db=db, unit="month")
    assert d.select("ccode1", "ccode2").rows() == [(630, 666)]
    row = d.row(0, named=True)
    assert (row["n_events"], row["n_material_conflict"], row["n_verbal_coop"]) == (2, 1, 1)
    assert row["goldstein_sum"] == pytest.approx(-10.0 + 1.9)
    assert row["goldstein_mean"] == pytest.approx((-10.0 + 1.9) / 2)
    assert row["conflict_share"] == 0.5
    assert (row["days_material_conflict"], row["days_active"]) == (1, 2)
    # coverage: Iran is named by all 5 events (event 5 once), Israel by 4
    assert (row["coverage1"], row["coverage2"]) == (5, 4)
    assert row["events_norm"] == pytest.approx(2 / 9)
    assert row["conflict_norm"] == pytest.approx(1 / 9)


def _gdelt_line(version: int, **values) -> str:
    cols = [c for c, _ in _gdelt_columns(version, True)]
    return "\t".join(str(values.get(c, "")) for c in cols)


@pytest.mark.parametrize("version", [1, 2])
def test_gdelt_formats(tmp_path, version):
    usa_gov = dict(Actor1Code="USAGOV", Actor1CountryCode="USA", Actor1Type1Code="GOV")
    irn_mil = dict(Actor2Code="IRNMIL", Actor2CountryCode="IRN", Actor2Type1Code="MIL")
    irn_reb = dict(Actor2Code="IRNREB", Actor2CountryCode="IRN", Actor2Type1Code="REB")
    lines = [
        _gdelt_line(version, GLOBALEVENTID=11, SQLDATE=20190105, EventCode="190", **usa_gov, **irn_mil),
        _gdelt_line(version, GLOBALEVENTID=12, SQLDATE=20190106, EventCode="036", **usa_gov, **irn_mil),
        _gdelt_line(version, GLOBALEVENTID=13, SQLDATE=20190106, EventCode="190", **usa_gov, **irn_reb),
        _gdelt_line(version, GLOBALEVENTID=11, SQLDATE=20190105, EventCode="190", **usa_gov, **irn_mil),  # dup id
    ]
    path = tmp_path / f"20190105.export.CSV{'' if version == 2 else '.gdelt1'}"
    path.write_text("\n".join(lines) + "\n")
    db = tmp_path / "ev.duckdb"
    r = events.ingest([path], db=db, format=f"gdelt{version}")
    assert (r[0].rows_read, r[0].rows_new, r[0].rows_duplicate) == (4, 3, 1)
    d = events.dyads(db=db)
    assert d.select("ccode1", "ccode2", "year", "month", "n_events", "n_material_conflict").rows() == [
        (2, 630, 2019, 1, 2, 1)
    ]
    with pytest.raises(InputError, match=f"GDELT {3 - version}.0 event file has"):
        events.ingest([path], db=db, format=f"gdelt{3 - version}")


def test_phoenix_and_declared_csv(tmp_path):
    ph = [
        "p1",
        "20170310",
        "2017",
        "3",
        "10",
        "RUSGOV",
        "RUS",
        "GOV",
        "",
        "UKRMIL",
        "UKR",
        "MIL",
        "",
        "193",
        "19",
        "4",
        "-10",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    p = tmp_path / "phoenix_events_20170310.txt"
    p.write_text("\t".join(ph) + "\n")
    db = tmp_path / "ev.duckdb"
    events.ingest([p], db=db)
    assert events.dyads(db=db).select("ccode1", "ccode2", "n_material_conflict").rows() == [(365, 369, 1)]
    c = tmp_path / "mine.csv"
    c.write_text(
        "id,day,from,to,code,from_state,to_state\n1,2017-03-10,Russia,UKR,193,1,1\n2,2017-03-11,RUS,UKR,042,1,0\n"
    )
    cols = {
        "event_id": "id",
        "event_date": "day",
        "source_country": "from",
        "target_country": "to",
        "cameo_code": "code",
        "source_state": "from_state",
        "target_state": "to_state",
    }
    events.ingest([c], db=db, format="csv", columns=cols)
    d = events.dyads(db=db, dataset="custom")
    assert d.select("ccode1", "ccode2", "n_events", "coverage1").rows() == [(365, 369, 1, 2)]
    with pytest.raises(InputError, match="lacks the declared column"):
        events.ingest([c], db=db, format="csv")


def test_year_is_the_sum_of_months_and_years_filter(tmp_path, synth_tab):
    db = tmp_path / "ev.duckdb"
    events.ingest([synth_tab], db=db)
    m = events.dyads(db=db, unit="month")
    y = events.dyads(db=db, unit="year")
    sums = m.group_by("ccode1", "ccode2", "year").agg(pl.col("n_events", "n_material_conflict", "days_active").sum())
    j = y.join(sums, on=["ccode1", "ccode2", "year"], suffix="_m")
    assert j.height == y.height
    for c in ("n_events", "n_material_conflict", "days_active"):
        assert (j[c] == j[f"{c}_m"]).all()
    assert set(events.dyads(db=db, unit="year", years="2018")["year"].unique()) == {2018}
    assert m.select("ccode1", "ccode2", "year", "month").is_duplicated().sum() == 0


def test_default_store_in_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("THREATBALANCE_DATA_DIR", str(tmp_path / "tbdata"))
    assert events.default_db() == tmp_path / "tbdata" / "events.duckdb"
    events.ingest([events.shipped_sample()])
    assert (tmp_path / "tbdata" / "events.duckdb").is_file()
    assert events.info()["datasets"]["icews"]["events"] == 4993


def test_bad_requests(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        events.ingest([tmp_path / "nope.tab"], db=tmp_path / "x.duckdb")
    with pytest.raises(InputError, match="unknown --format 'icews2'"):
        events.ingest([events.shipped_sample()], db=tmp_path / "x.duckdb", format="icews2")
    with pytest.raises(InputError, match="no event store"):
        events.dyads(db=tmp_path / "missing.duckdb")
    with pytest.raises(InputError, match="unknown unit"):
        events.dyads(db=tmp_path / "missing.duckdb", unit="week")


def test_progress_is_reported(tmp_path, synth_tab):
    seen: list[tuple[int, float]] = []
    events.ingest([synth_tab], db=tmp_path / "ev.duckdb", progress=lambda i, path, frac: seen.append((i, frac)))
    assert seen[0] == (0, 0.0) and seen[-1] == (0, 1.0)
    assert all(0.0 <= f <= 1.0 for _, f in seen)


def test_memory_limit_bounded_and_changeable(tmp_path, monkeypatch):
    from threatbalance.events import _duck

    monkeypatch.delenv(_duck.MEMORY_ENV, raising=False)
    mb = int(_duck.memory_limit().removesuffix("MB"))
    assert 256 <= mb <= 4096
    monkeypatch.setenv(_duck.MEMORY_ENV, "300MB")
    con = _duck.connect(None)
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("300.0 MB", "286.1 MiB")
    finally:
        con.close()
    monkeypatch.setenv(_duck.MEMORY_ENV, "lots")
    with pytest.raises(InputError, match="THREATBALANCE_DUCKDB_MEMORY='lots' is not a DuckDB memory size"):
        events.ingest([events.shipped_sample()], db=tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_lookups_are_the_hashed_side(tmp_path, synth_tab):
    """Staging probes the lookup joins with the file's rows: DuckDB must not hash the file (memory, speed)."""
    from threatbalance.events import _duck
    from threatbalance.events._formats import icews

    fmt = icews(synth_tab.read_text().splitlines()[0].split("\t"))
    con = _duck.connect(None)
    try:
        con.execute("PRAGMA enable_profiling = 'query_tree_optimizer'")
        con.execute(f"SET profiling_output = '{tmp_path / 'plan.txt'}'")
        _duck._stage(con, synth_tab, fmt, "t")
    finally:
        con.close()
    plan = (tmp_path / "plan.txt").read_text()
    assert plan.count("Join Type: LEFT") == 3 and "RIGHT" not in plan
