"""Load and abuse test of `dyad serve`, from a second process on localhost.

    python benchmarks/stress_http.py [--events 100000] [--seconds 10] [--requests 3000]
                                     [--clients 8] [--db FILE]

Builds a store of at least --events events (benchmarks/synthetic.py) unless --db names
one, starts `dyad serve` on a free 127.0.0.1 port, then for each endpoint (events,
network, timeline) sends requests from --clients threads with varied filters, each
endpoint bounded by --seconds and --requests, whichever comes first. Prints
requests/s, p50 and p99 latency and the error count per endpoint, then sends hostile
requests (oversized pages and query strings, path traversal) and checks each gets its
4xx. Exits 1 if any request failed or any hostile one was not refused. Traffic goes to
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ACTORS = ["VEN", "USA", "RUS", "person:nicolas-maduro", "person:juan-guaido", "COL", "Maduro"]
TYPES = ["SANCTION", "SUPPORT", "ACCUSE", "CONSULT", "16", "05", None]
YEARS = range(2017, 2026)


def _filters(rng: random.Random) -> dict[str, str]:
    params: dict[str, str] = {}
    if rng.random() < 0.6:
        params["actor"] = rng.choice(ACTORS)
    kind = rng.choice(TYPES)
    if kind:
        params["type"] = kind
    if rng.random() < 0.5:
        year = rng.choice(YEARS)
        params["since"], params["until"] = f"{year}-01-01", f"{year}-12-31"
    if rng.random() < 0.2:
        params["quadclass"] = str(rng.randint(1, 4))
    return params


def _events(rng: random.Random) -> str:
    params = _filters(rng)
    params["offset"] = str(rng.choice([0, 0, 50, 500, 5000]))
    params["sort"] = rng.choice(["date", "goldstein", "type"])
    if rng.random() < 0.2:
        params["q"] = rng.choice(["sanction", "talks", "oil", "election"])
    return "/api/events?" + urllib.parse.urlencode(params)


def _network(rng: random.Random) -> str:
    params = _filters(rng)
    params["max_edges"] = str(rng.choice([50, 150, 500]))
    return "/api/network?" + urllib.parse.urlencode(params)


def _timeline(rng: random.Random) -> str:
    params = _filters(rng)
    params["interval"] = rng.choice(["day", "week", "month", "year"])
    params["by"] = rng.choice(["quadclass", "type", "none"])
    return "/api/timeline?" + urllib.parse.urlencode(params)


ENDPOINTS = {"events": _events, "network": _network, "timeline": _timeline}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, port: int) -> subprocess.Popen:
    dyad = Path(sys.executable).parent / "dyad"
    proc = subprocess.Popen(
        [str(dyad), "serve", "--db", str(db), "--port", str(port), "--read-only"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/overview")
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"dyad serve did not start: {proc.stderr.read() if proc.stderr else ''}")


def load(port: int, make, *, seconds: float, requests: int, clients: int) -> dict:
    """Send requests from ``clients`` threads until the time or request budget is spent."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = iter(range(requests))
    stop_at = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                if next(budget, None) is None:
                    break
            path = make(rng)
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                took = time.perf_counter() - started
                ok = response.status == 200 and json.loads(body)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                took, ok = time.perf_counter() - started, False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                body = str(exc).encode()
            with lock:
                latencies.append(took)
                if not ok:
                    errors.append(f"{path}: {body[:200]!r}")
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p99_ms": round(pct(0.99), 1),
        "errors": len(errors),
        "first_errors": errors[:3],
    }


HOSTILE = [
    ("/api/events?limit=100000", 400),
    ("/api/events?limit=-5", 400),
    ("/api/events?actor=" + "A" * 10_000, 400),
    ("/api/events?" + "&".join(f"q{i}=x" for i in range(2000)), 400),
    ("/api/events?type=1%27%3B%20DROP%20TABLE%20events%3B--", 400),
    ("/api/events?actor=x%27%20OR%20%271%27%3D%271", 200),
    ("/static/../pyproject.toml", 404),
    ("/static/%2e%2e/%2e%2e/pyproject.toml", 404),
    ("/static/..%2f..%2f..%2fetc%2fpasswd", 404),
    ("/api/articles/..%2f..%2fetc%2fpasswd", 404),
    ("/api/export?format=..%2f..%2fetc%2fpasswd", 400),
    ("/api/network/export?format=gexf%00", 400),
]


def hostile(port: int) -> list[str]:
    """Send each hostile request; return the ones not answered as expected."""
    wrong = []
    for path, expected in HOSTILE:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != expected:
            wrong.append(f"{path[:80]}: {response.status}, expected {expected}")
        elif expected >= 400 and path.startswith("/api/") and "error" not in json.loads(body):
            wrong.append(f"{path[:80]}: no error body")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--db", type=Path, help="An existing store to serve (else one is built).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dyad-stress-") as tmp:
        db = args.db
        if db is None:
            import synthetic

            db = Path(tmp) / "stress.duckdb"
            synthetic.build(db, args.events)
        port = free_port()
        server = start(db, port)
        failed = False
        try:
            total = json.loads(_get(port, "/api/overview"))["events"]
            print(
                f"dyad serve on 127.0.0.1:{port}, {total} events; {args.clients} clients, "
                f"each endpoint at most {args.seconds:g} s or {args.requests} requests"
            )
            print(
                f"{'endpoint':10} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} errors"
            )
            for name, make in ENDPOINTS.items():
                r = load(
                    port, make, seconds=args.seconds, requests=args.requests, clients=args.clients
                )
                print(
                    f"{name:10} {r['requests']:8} {r['rps']:8} {r['p50_ms']:8} "
                    f"{r['p99_ms']:8} {r['errors']}"
                )
                for e in r["first_errors"]:
                    print(f"    {e}")
                failed |= r["errors"] > 0
            wrong = hostile(port)
            print(
                f"hostile requests: {len(HOSTILE) - len(wrong)} of {len(HOSTILE)} refused "
                "as expected"
            )
            for w in wrong:
                print(f"    {w}")
            failed |= bool(wrong)
        finally:
            server.terminate()
            server.wait(timeout=20)
    sys.exit(1 if failed else 0)


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


if __name__ == "__main__":
    main()
