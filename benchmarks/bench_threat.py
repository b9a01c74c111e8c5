"""Benchmark: scoring every directed dyad-year 1816-2022 with the threat model — wall time and peak memory.

Usage::

    python benchmarks/bench_threat.py [--repeat 3]

Two figures are printed:

* ``cold``: the first ``ThreatModel().threat_frame((1816, 2022))`` in a fresh process after
  ``import threatbalance`` (includes reading the shipped Parquet tables and building the cached
  state-level inputs and dispute histories);
* ``warm``: the same scoring repeated with the tables in memory but the feature table rebuilt and
  rescored each time (median of ``--repeat``), the cost a second model (other parameters) pays.

Peak memory is the process's maximum resident set size (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import threatbalance as tb

    t0 = time.perf_counter()
    f = tb.ThreatModel().threat_frame((1816, 2022))
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(args.repeat):
        m = tb.ThreatModel()  # a new model has no cached frames; shipped tables stay loaded
        t0 = time.perf_counter()
        f = m.threat_frame((1816, 2022))
        warm.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scored {f.height:,} directed dyad-years 1816-2022 ({f['year'].n_unique()} years)")
    print(f"cold (first call, tables read): {cold:.2f} s")
    print(f"warm (median of {args.repeat}):          {statistics.median(warm):.2f} s")
    print(f"peak memory (max RSS):          {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
