"""Benchmark: the data pipelines of peacesciencer's two vignette replications (issue 14, item 4).

* Bremer (1992): non-directed COW dyad-years 1816-2010, politically relevant dyads, GML MIDs, spells,
  NMC, democracy, ATOP, simulated GDP (``examples/bremer_1992.py: build``).
* Fearon & Laitin (2003): G-W state-years 1946-2024, UCDP onsets twice, spells, democracy, CREG,
  simulated GDP/population, terrain (``examples/fearon_laitin_2003.py: build``).
* Leader-dyad-years (the peer's slowest unit): ``tb.leader_dyad_years()`` (G-W, directed, 1870-2015,
  built from Archigos; peacesciencer ships it pre-generated because building it "would take too long
  for a normal function").

Usage::

    python benchmarks/bench_replications.py [--repeat 3]

Peer figures: peacesciencer records no timing of these pipelines (its ``times`` vignette, 2021,
times single functions on the full COW universe on the author's laptop, and its leader-dyad
benchmark script, ``data-raw/times/times_leaderdyad.R``, has no recorded result).  The output says
so instead of a ratio, and lists the recorded single-function medians for reference.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Medians (s) recorded in peacesciencer's vignettes/times.Rmd (docs/articles/times.html), 100 runs, 2021,
#: on *full* COW/G-W state-years and directed dyad-years 1816-2020, not on these pipelines' data.
PEER_STEP_MEDIANS = {
    "bremer": {
        "create_dyadyears()": 4.649,
        "filter_prd()": 2.840,
        "add_gml_mids(keep=NULL)": 0.399,
        "add_peace_years() [GML MID]": 11.967,
        "add_nmc()": 0.528,
        "add_democracy() [CoW]": 0.411,
        "add_atop_alliance()": 0.571,
    },
    "fearon_laitin": {
        "create_stateyears()": 0.035,
        "add_ucdp_acd()": 0.145,
        "add_peace_years() [(G-W) UCDP ACD]": 0.114,
        "add_democracy() [G-W]": 0.007,
        "add_creg_fractionalization() [G-W]": 3.313,
        "add_rugged_terrain() [G-W]": 0.006,
    },
}


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _time(fn, repeat: int) -> tuple[float, list[float], object]:
    from threatbalance.sources import load_table

    times, out = [], None
    for _ in range(repeat):
        load_table.cache_clear()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="time the vignette replication pipelines")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    import threatbalance as tb

    runs = [
        ("bremer", "Bremer dyad-years", _load("bremer_1992").build),
        ("fearon_laitin", "Fearon & Laitin state-years", _load("fearon_laitin_2003").build),
    ]
    for key, label, fn in runs:
        med, times, out = _time(fn, a.repeat)
        runs_s = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label}: {out.height:,} rows x {out.width} cols; median {med:.2f} s ({runs_s})")
        print("  peer: no recorded timing of this pipeline, so no ratio.  Recorded single-function medians (s),")
        print("  peacesciencer times vignette (2021, full universe, author's laptop), for reference:")
        for step, s in PEER_STEP_MEDIANS[key].items():
            print(f"    {step:<40} {s:>7.3f}")
    for system in ("gw", "cow"):
        med, times, out = _time(lambda s=system: tb.leader_dyad_years(system=s), a.repeat)
        runs_s = ", ".join(f"{t:.2f}" for t in times)
        print(f"leader-dyad-years ({system.upper()}, directed): {out.height:,} rows; median {med:.2f} s ({runs_s})")
    print("  peer: no recorded timing of building leader-dyad-years (it downloads a pre-generated file; its")
    print("  data-raw/times/times_leaderdyad.R saves no result to the repository), so no ratio.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
