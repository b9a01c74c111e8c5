"""Benchmark: ICEWS-shaped events -> directed dyad-month table, on DuckDB, Spark local and a plain pandas loop.

Each engine runs in its own process (so peak memory is its own: ``ru_maxrss`` of the child, which
includes the JVM for Spark) on the same synthetic file written by
:func:`threatbalance.events.synthetic.generate_icews`, and computes the same table: DuckDB and Spark
run the shared SQL (:mod:`threatbalance.events._sql`), the pandas loop reads the file in chunks of
10^6 rows and walks the rows in Python with dictionaries (the naive peer).  ``duckdb-store`` is the full
``threatbalance events ingest`` into a fresh store (hashing, staging, dedup against the store, one
transaction).

Usage::

    nice python benchmarks/bench_events.py --rows 1e7 [--engines duckdb,duckdb-store,spark,pandas] [--dir /tmp]

Prints one line per engine: rows, seconds, events/s, peak memory (MB), and the ratio to pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("duckdb", "duckdb-store", "spark", "pandas")


def pandas_loop(path: Path) -> dict:
    """The naive peer: pandas chunks and a Python loop over rows, dictionaries for lookups and counts."""
    import pandas as pd

    from threatbalance.events import cameo, countries
    from threatbalance.events._formats import ICEWS_NONSTATE_SECTORS, ICEWS_STATE_SECTORS

    cc = dict(zip(countries()["key"].to_list(), countries()["ccode"].to_list()))
    cm = {
        c: (q, g)
        for c, q, g in zip(cameo()["code"].to_list(), cameo()["quad"].to_list(), cameo()["goldstein10"].to_list())
    }
    state_s, nonstate_s = set(ICEWS_STATE_SECTORS), set(ICEWS_NONSTATE_SECTORS)

    def is_state(name, sectors, country):
        if not isinstance(sectors, str):
            return isinstance(name, str) and name == country
        s = set(sectors.split(","))
        return bool(s & state_s) and not (s & nonstate_s)

    seen: set[str] = set()
    dy: dict = {}
    n = 0
    for chunk in pd.read_csv(
        path, sep="\t", dtype=str, chunksize=1_000_000, quoting=3, keep_default_na=False, na_values=[""]
    ):
        for r in chunk.itertuples(index=False):
            n += 1
            eid = r[0]
            if eid in seen:
                continue
            seen.add(eid)
            c1 = cc.get(str(r[4]).strip().upper()) if isinstance(r[4], str) else None
            c2 = cc.get(str(r[10]).strip().upper()) if isinstance(r[10], str) else None
            if c1 is None or c2 is None or c1 == c2:
                continue
            if not (is_state(r[2], r[3], r[4]) and is_state(r[8], r[9], r[10])):
                continue
            date = r[1]
            key = (c1, c2, int(date[:4]), int(date[5:7]))
            q, g = cm.get(str(r[6]).strip(), (None, None))
            d = dy.get(key)
            if d is None:
                d = dy[key] = [0, 0, 0, 0, 0, 0, set(), set()]
            d[0] += 1
            if q:
                d[q] += 1
            if g is not None:
                d[5] += g
            d[6].add(date)
            if q == 4:
                d[7].add(date)
    return {"rows": n, "dyad_months": len(dy)}


def _hwm_kb(pid: int | str) -> int:
    """Peak resident set (VmHWM) of a process in kB; 0 if unknown (not Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _peak_mb() -> float:
    """Peak memory of this process plus its live children (Spark's JVM), from /proc (reset at exec).

    ``ru_maxrss`` is not used: Linux carries the parent's high-water mark across fork and exec.
    """
    me = os.getpid()
    total = _hwm_kb("self")
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == me:
                total += _hwm_kb(d.name)
    if total == 0:  # not Linux: fall back on getrusage
        total = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return total / 1024


def _run_one(engine: str, path: Path, workdir: Path) -> dict:
    from threatbalance import events

    t = time.perf_counter()
    if engine == "duckdb":
        out = {"dyad_months": events.aggregate([path], unit="month").height}
    elif engine == "duckdb-store":
        db = workdir / f"bench-{os.getpid()}.duckdb"
        r = events.ingest([path], db=db)
        out = {"dyad_months": events.dyads(db=db, unit="month").height, "rows_new": r[0].rows_new}
        db.unlink()
    elif engine == "spark":
        out = {"dyad_months": events.aggregate([path], unit="month", engine="spark", master="local[*]").height}
    else:
        out = pandas_loop(path)
    out["seconds"] = time.perf_counter() - t
    out["peak_mb"] = _peak_mb()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=float, default=1e6)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--keep", action="store_true", help="keep the generated file for the next run")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(_run_one(a.child[0], Path(a.child[1]), a.dir)))
        return
    engines = [e.strip() for e in a.engines.split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        sys.exit(f"unknown engine(s) {', '.join(bad)}; allowed: {', '.join(ENGINES)}")
    n = int(a.rows)
    path = a.dir / f"threatbalance-bench-icews-{n}.tab"
    if not path.exists():  # generated in a child process, so this one stays small
        t = time.perf_counter()
        gen = [sys.executable, "-m", "threatbalance.events.synthetic", str(path), str(n), "--seed", "42"]
        subprocess.run(gen, check=True, stdout=subprocess.DEVNULL)
        print(
            f"generated {n:,} rows ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.0f} s", flush=True
        )
    results = {}
    for e in engines:
        p = subprocess.run(
            [sys.executable, __file__, "--child", e, str(path), "--dir", str(a.dir)], capture_output=True, text=True
        )
        if p.returncode:
            print(f"{e}: failed\n{p.stderr[-2000:]}", flush=True)
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        results[e] = r
        print(
            f"{e:<13} rows {n:>12,}  {r['seconds']:8.1f} s  {n / r['seconds']:>12,.0f} events/s  "
            f"peak {r['peak_mb']:7.0f} MB  dyad-months {r['dyad_months']:,}",
            flush=True,
        )
    if "pandas" in results:
        for e, r in results.items():
            if e != "pandas":
                print(f"{e} / pandas loop: {results['pandas']['seconds'] / r['seconds']:.1f}x")
    if not a.keep:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
