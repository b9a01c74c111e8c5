"""Benchmark: the founding case as a user runs it (``threatbalance case KEY``), a fresh process each time.

Speed is measured here, not by timed tests.  Prints wall time, CPU time (children) and peak memory.

Usage::

    python benchmarks/bench_case.py [--case israel-azerbaijan] [--repeat 1] [--format json|html|pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(case: str, fmt: str) -> tuple[float, float, float]:
    out = tempfile.mkdtemp(prefix="tb-bench-case-")
    try:
        cmd = [
            sys.executable,
            "-c",
            "from threatbalance.cli import main; main()",
            "case",
            case,
            "--out",
            os.path.join(out, "r"),
        ]
        if fmt != "html":
            cmd += ["--format", fmt]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"case run failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024**2
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="israel-azerbaijan")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--format", default="html", choices=["html", "json", "pdf"])
    a = ap.parse_args()
    runs = [run_once(a.case, a.format) for _ in range(a.repeat)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    peak = max(r[2] for r in runs)
    print(
        f"threatbalance case {a.case} ({a.format}): wall {wall:.1f} s, CPU {cpu:.1f} s, peak {peak:.2f} GB "
        f"(median of {a.repeat}, {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
