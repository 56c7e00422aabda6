"""Take a screenshot of each page of `dyad serve` for the docs (docs/img/*.png).

    python scripts/screenshots.py [--db demo/demo.duckdb] [--out docs/img]

Starts the real server on a free localhost port and drives Debian's chromium with
playwright (no browser download).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "overview": "/",
    "events": "/events?actor=VEN&sort=date",
    "article": None,  # the first event's evidence, found at run time
    "actor": "/actors/person:nicolas-maduro",
    "network": "/network",
    "timeline": "/timeline?interval=month&by=quadclass&since=2019-01-01&until=2019-12-31",
    "story": "/story?actor=person:juan-guaido",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    dyad = Path(sys.executable).parent / "dyad"
    proc = subprocess.Popen(
        [str(dyad), "serve", "--db", str(db), "--port", str(port), "--read-only"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/overview", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                message = proc.stderr.read().decode() if proc.stderr else "server died"
                raise SystemExit(message) from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "demo" / "demo.duckdb")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 900})
            for name, path in PAGES.items():
                if path is None:
                    page.goto(base + "/events?actor=VEN")
                    path = page.locator("a.open").nth(2).get_attribute("href").split("#")[0]
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
                print(f"{name}: {args.out / (name + '.png')}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
