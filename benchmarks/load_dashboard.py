"""Load test of the dashboard: simulated users against ``threatbalance serve`` on 127.0.0.1 (issue 9).

Starts ``threatbalance serve`` on a free port of the loopback interface (never any other address),
then runs ``--users`` simulated users for ``--duration`` seconds.  Each user does what a browser
does: loads the page (``/``, ``/_dash-layout``, ``/_dash-dependencies``), fires the initial
callbacks, then repeatedly changes the year (the slider: the ``year`` and ``selection`` callbacks,
then the map, network, time-series and table callbacks together, as the browser fires them) or the
state (the state box: the same chain), with a short think time in between.  Callback payloads are
built from the app's own ``/_dash-dependencies`` and ``/_dash-layout``.

Every request has a timeout; users stop starting actions at the deadline and the server is stopped
at the end, so the run is bounded.  Reported per action: count, errors (HTTP status other than
200/204, timeouts, connection errors), p50 / p95 / max latency.  ``year change (first time)`` is a
year change to a year no user asked for before in this run: with an empty cache (``--cache-dir``
default: a fresh temporary folder) it measures a cold year; with ``--warm`` the on-disk cache of
the threat model's year frames is filled first (``threatbalance serve --warm`` does the same in the
background), so it measures a year never shown but already cached.

Usage::

    python benchmarks/load_dashboard.py [--users 20] [--duration 60] [--warm] [--cache-dir DIR]

Prints a table and writes JSON to ``benchmarks/results/`` (path printed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"  # loopback only, by design: there is no option to change it
RESULTS = Path(__file__).resolve().parent / "results"
YEARS = (1816, 2022)
VIEWS = ("map", "network", "series", "table")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cli_command() -> list[str]:
    exe = shutil.which("threatbalance", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from threatbalance.cli import main; main()"]


class Client:
    """HTTP to the app on the loopback interface, one connection per request; every call has a timeout."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            data = None if body is None else json.dumps(body).encode()
            headers = {"Content-Type": "application/json"} if data is not None else {}
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()


def wait_until_up(client: Client, proc: subprocess.Popen, timeout: float, log: Any) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")
            raise RuntimeError(f"the dashboard exited with {proc.returncode}: {err[-800:]}")
        try:
            if client.request("GET", "/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the dashboard did not answer within {timeout:.0f} s")


def _outputs(spec: str) -> list[dict]:
    """``..a.b...c.d..`` (Dash's multi-output id) -> [{id: a, property: b}, {id: c, property: d}]."""
    out = []
    for part in spec.strip(".").split("..."):
        cid, prop = part.rsplit(".", 1)
        out.append({"id": cid, "property": prop})
    return out


def _walk(node: Any, found: dict) -> None:
    """Collect the props of every component with an id in a ``/_dash-layout`` tree."""
    if isinstance(node, list):
        for n in node:
            _walk(n, found)
    elif isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            _walk(props.get("children"), found)
            for v in props.values():
                if isinstance(v, (dict, list)) and v is not props.get("children"):
                    _walk(v, found)


class App:
    """The app's callbacks (from /_dash-dependencies) and initial values (from /_dash-layout)."""

    def __init__(self, client: Client):
        status, body = client.request("GET", "/_dash-dependencies")
        if status != 200:
            raise RuntimeError(f"/_dash-dependencies answered {status}")
        deps = json.loads(body)
        status, body = client.request("GET", "/_dash-layout")
        if status != 200:
            raise RuntimeError(f"/_dash-layout answered {status}")
        self.props: dict[str, dict] = {}
        _walk(json.loads(body), self.props)
        self.by_first_output: dict[str, dict] = {}
        for d in deps:
            first = _outputs(d["output"])[0]
            self.by_first_output[f"{first['id']}.{first['property']}"] = d
        self.cb = {
            "year": self.by_first_output["year.value"],
            "select": self.by_first_output["selection.data"],
            "map": self.by_first_output["map.figure"],
            "network": self.by_first_output["network.figure"],
            "series": self.by_first_output["terms.figure"],
            "table": self.by_first_output["table.children"],
        }
        names = self.props.get("state-names", {}).get("children") or []
        self.state_names = [
            c["props"]["value"] for c in names if isinstance(c, dict) and "value" in c.get("props", {})
        ] or ["Israel", "Azerbaijan", "Iran", "Turkey", "Russia", "France", "Brazil", "India"]

    def initial(self) -> dict[str, Any]:
        """The value of every callback input in the page as first loaded."""
        vals = {}
        for d in self.cb.values():
            for i in d["inputs"] + d["state"]:
                key = f"{i['id']}.{i['property']}"
                vals[key] = self.props.get(i["id"], {}).get(i["property"])
        return vals

    def payload(self, name: str, values: dict[str, Any], changed: list[str]) -> dict:
        d = self.cb[name]
        outs = _outputs(d["output"])
        return {
            "output": d["output"],
            "outputs": outs if len(outs) > 1 else outs[0],
            "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in d["inputs"]],
            "changedPropIds": changed,
            "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in d["state"]],
        }


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lat: dict[str, list[float]] = {}
        self.err: dict[str, int] = {}
        self.samples: dict[str, list[str]] = {}
        self.seen_years: set[int] = set()

    def add(self, action: str, seconds: float | None, error: str | None = None) -> None:
        with self.lock:
            self.lat.setdefault(action, [])
            self.err.setdefault(action, 0)
            if error is None and seconds is not None:
                self.lat[action].append(seconds)
            else:
                self.err[action] += 1
                s = self.samples.setdefault(action, [])
                if len(s) < 5:
                    s.append(error or "error")

    def first_time(self, year: int) -> bool:
        with self.lock:
            new = year not in self.seen_years
            self.seen_years.add(year)
            return new

    def table(self) -> list[dict]:
        rows = []
        for action in sorted(self.lat, key=_order):
            lat = sorted(self.lat[action])
            n, errors = len(lat), self.err.get(action, 0)
            rows.append(
                {
                    "action": action,
                    "count": n + errors,
                    "errors": errors,
                    "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
                    "p95_ms": round(1000 * lat[min(n - 1, int(0.95 * n))], 1) if lat else None,
                    "max_ms": round(1000 * lat[-1], 1) if lat else None,
                    "error_samples": self.samples.get(action, []),
                }
            )
        return rows


def _order(action: str) -> tuple[int, str]:
    first = ["page load", "year change", "year change (first time)", "year change (seen before)", "state change"]
    return (first.index(action), action) if action in first else (len(first), action)


class User(threading.Thread):
    def __init__(self, n: int, app: App, client: Client, rec: Recorder, deadline: float, args: argparse.Namespace):
        super().__init__(name=f"user-{n}", daemon=True)
        self.app, self.client, self.rec, self.deadline, self.args = app, client, rec, deadline, args
        self.rng = random.Random(args.seed * 1000 + n)
        self.values = app.initial()
        self.pool = ThreadPoolExecutor(max_workers=len(VIEWS) + 1, thread_name_prefix=f"user-{n}-cb")

    def call(self, name: str, changed: list[str]) -> tuple[bool, Any]:
        """POST one callback; record its latency; the JSON response or None."""
        t0 = time.perf_counter()
        try:
            status, body = self.client.request(
                "POST", "/_dash-update-component", self.app.payload(name, self.values, changed)
            )
        except (OSError, http.client.HTTPException) as exc:
            self.rec.add(f"callback {name}", None, f"{type(exc).__name__}: {exc}")
            return False, None
        dt = time.perf_counter() - t0
        if status not in (200, 204):
            self.rec.add(f"callback {name}", None, f"HTTP {status}: {body[:200].decode(errors='replace')}")
            return False, None
        self.rec.add(f"callback {name}", dt)
        return True, (json.loads(body) if status == 200 and body else None)

    def page(self) -> bool:
        t0 = time.perf_counter()
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            try:
                status, _ = self.client.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                self.rec.add("page load", None, f"{path}: {type(exc).__name__}: {exc}")
                return False
            if status != 200:
                self.rec.add("page load", None, f"{path}: HTTP {status}")
                return False
        self.rec.add("page load", time.perf_counter() - t0)
        return True

    def chain(self, changed: str, extra: tuple[str, ...] = ()) -> bool:
        """The selection callback (with ``extra`` callbacks fired alongside), then the four views together."""
        first = [self.pool.submit(self.call, name, [changed]) for name in ("select", *extra)]
        ok, resp = first[0].result()
        ok = ok and all(f.result()[0] for f in first[1:])
        if not ok or not resp:
            return False
        self.values["selection.data"] = resp["response"]["selection"]["data"]
        views = [self.pool.submit(self.call, name, ["selection.data"]) for name in VIEWS]
        return all(f.result()[0] for f in views)

    def run(self) -> None:
        try:
            if not self.page():
                return
            t0 = time.perf_counter()
            ok = self.chain("state.value")
            self.rec.add("first view (initial callbacks)", time.perf_counter() - t0 if ok else None)
            while time.monotonic() < self.deadline:
                time.sleep(self.rng.uniform(*self.args.think))
                if time.monotonic() >= self.deadline:
                    break
                if self.rng.random() < self.args.year_share:
                    year = self.rng.randint(*YEARS)
                    self.values["year.value"] = year
                    first = self.rec.first_time(year)
                    t0 = time.perf_counter()
                    ok = self.chain("year.value", ("year",))
                    dt = time.perf_counter() - t0 if ok else None
                    self.rec.add("year change", dt)
                    self.rec.add("year change (first time)" if first else "year change (seen before)", dt)
                else:
                    self.values["state.value"] = self.rng.choice(self.app.state_names)
                    t0 = time.perf_counter()
                    ok = self.chain("state.value")
                    self.rec.add("state change", time.perf_counter() - t0 if ok else None)
        finally:
            self.pool.shutdown(wait=True)


def warm_cache(cache_dir: Path) -> tuple[int, float]:
    """Fill the on-disk cache of the default model's year frames (what ``serve --warm`` does)."""
    os.environ["THREATBALANCE_CACHE_DIR"] = str(cache_dir)
    from threatbalance.web._data import DashboardData

    t0 = time.perf_counter()
    n = DashboardData().model.warm()
    return n, time.perf_counter() - t0


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="load test of threatbalance serve on 127.0.0.1")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds during which users start actions")
    ap.add_argument("--think", type=float, nargs=2, default=(0.2, 1.0), help="think time range between actions (s)")
    ap.add_argument("--year-share", type=float, default=0.7, help="share of actions that change the year")
    ap.add_argument("--timeout", type=float, default=120.0, help="timeout of each request (s)")
    ap.add_argument("--startup-timeout", type=float, default=180.0)
    ap.add_argument(
        "--cache-dir", type=Path, default=None, help="THREATBALANCE_CACHE_DIR of the server (default: empty)"
    )
    ap.add_argument("--warm", action="store_true", help="fill the on-disk year cache before starting the server")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="JSON file to write (default: benchmarks/results/...)")
    args = ap.parse_args(argv)
    if args.users < 1 or args.duration <= 0:
        ap.error("--users must be >= 1 and --duration > 0")

    tmp = None
    if args.cache_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="tb-load-cache-")
        args.cache_dir = Path(tmp.name)
    warmed = None
    if args.warm:
        n, secs = warm_cache(args.cache_dir)
        warmed = {"years_written": n, "seconds": round(secs, 1)}
        print(f"warmed the year cache: {n} years written in {secs:.1f} s", flush=True)

    port = free_port()
    env = {**os.environ, "THREATBALANCE_CACHE_DIR": str(args.cache_dir)}
    # the server's log (one line per request) goes to a file: a pipe nobody reads would fill and block it
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [*cli_command(), "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    client = Client(port, args.timeout)
    rec = Recorder()
    try:
        t_start = time.perf_counter()
        wait_until_up(client, proc, args.startup_timeout, log)
        startup = time.perf_counter() - t_start
        app = App(client)
        deadline = time.monotonic() + args.duration
        users = [User(n, app, client, rec, deadline, args) for n in range(args.users)]
        t0 = time.perf_counter()
        for u in users:
            u.start()
        for u in users:  # bounded: after the deadline, at most one in-flight chain of requests per user
            u.join(timeout=args.duration + 6 * args.timeout)
        elapsed = time.perf_counter() - t0
        hung = sum(u.is_alive() for u in users)
    finally:
        stop_server(proc)
        log.close()
        if tmp is not None:
            tmp.cleanup()

    rows = rec.table()
    total_errors = sum(r["errors"] for r in rows) + hung
    res = {
        "benchmark": "load_dashboard",
        "when": datetime.now().isoformat(timespec="seconds"),
        "host": HOST,
        "users": args.users,
        "duration_s": args.duration,
        "think_s": list(args.think),
        "year_share": args.year_share,
        "cache": "warm" if args.warm else ("given folder" if tmp is None else "cold (empty folder)"),
        "warm": warmed,
        "server_startup_s": round(startup, 2),
        "elapsed_s": round(elapsed, 1),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "distinct_years": len(rec.seen_years),
        "hung_users": hung,
        "errors": total_errors,
        "actions": rows,
    }
    print(
        f"{args.users} users x {args.duration:g} s on http://{HOST}:{port} ({res['cache']} cache); "
        f"server up in {startup:.1f} s; {len(rec.seen_years)} distinct years"
    )
    print(f"{'action':34s} {'count':>6s} {'errors':>6s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s}")
    for r in rows:
        fmt = lambda v: f"{v:9.0f}" if v is not None else f"{'-':>9s}"  # noqa: E731
        print(
            f"{r['action']:34s} {r['count']:6d} {r['errors']:6d} {fmt(r['p50_ms'])} {fmt(r['p95_ms'])} "
            f"{fmt(r['max_ms'])}"
        )
        for s in r["error_samples"]:
            print(f"    error: {s}")
    print(f"errors: {total_errors}" + (f" ({hung} users did not finish)" if hung else ""))
    out = args.out or RESULTS / f"load_dashboard-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(res, indent=1, ensure_ascii=False) + "\n"
    out.write_text(text, encoding="utf-8")
    if args.out is None:
        (RESULTS / "load_dashboard.json").write_text(text, encoding="utf-8")
    print(f"results: {out}")
    sys.stdout.flush()
    return res


if __name__ == "__main__":
    main()
