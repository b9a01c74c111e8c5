"""Benchmark: the peer pipeline (issue 2, item 6) — wall time and peak memory.

Builds directed COW dyad-years 1816-2016 + NMC + capital distance + contiguity + ATOP + GML MIDs
+ TSS rivalries + democracy (1,912,290 rows x 62 columns), the pipeline that peacesciencer 1.2.9
runs in about 31 s on this project's 2-core machines (median of 3, package loading excluded).

Usage::

    python benchmarks/bench_panel.py [--repeat 3]

Package import is excluded (as peacesciencer's package loading is); each repetition clears the
table cache, so reading the shipped Parquet files is timed too, unless ``--warm`` is given.  Peak memory is the process's maximum resident set size (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time


def pipeline(tb):
    return (
        tb.dyad_years(years="1816-2016")
        .add_nmc()
        .add_capital_distance()
        .add_contiguity()
        .add_atop_alliance()
        .add_gml_mids()
        .add_strategic_rivalries()
        .add_democracy()
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="time the peer pipeline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warm", action="store_true", help="keep shipped tables cached between repetitions")
    args = ap.parse_args(argv)
    import threatbalance as tb
    from threatbalance.sources import load_table

    times = []
    for _ in range(args.repeat):
        if not args.warm:
            load_table.cache_clear()
        t0 = time.perf_counter()
        p = pipeline(tb)
        times.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    med = statistics.median(times)
    print(f"peer pipeline: {p.height:,} rows x {p.data.width} cols")
    print(f"wall time: median {med:.2f} s over {args.repeat} runs ({', '.join(f'{t:.2f}' for t in times)})")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print(f"speed-up vs peacesciencer's ~31 s: {31 / med:.0f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
