"""The front-desk web app under load: 20 clients at once on loopback.

    python benchmarks/web.py                     # PDFs, then HTML editions: 200 + 200 front pages each
    python benchmarks/web.py --format html --clients 20 --requests 400 --workers 2 --json

For each format, starts ``handouts serve`` on a free 127.0.0.1 port in a subprocess (its
output captured), then each client takes requests from a fixed, bounded count: a handout
with patient details (POST /handout, a different language and patient each time; the PDF
download, or the HTML edition as the Preview button shows it) or the front page (GET /).
Reports requests per second, p50/p95 latency for a handout and for the page, the
server's peak memory, the errors (must be zero), and checks that no patient value
appears anywhere in the server's output.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

LANGS = ("en", "es", "ar", "zh-Hans", "ru", "fr")
MARK = "Benchmarkpatient Qzvx"  # a patient value to look for in the server's output
# Surnames in each language's script: the HTML edition embeds the glyphs each name needs
SURNAMES = {
    "en": ("Kowalski", "O'Brien", "Nakamura"),
    "es": ("Muñoz", "Peña", "Ibáñez"),
    "ar": ("محمد", "عبد الله", "حسن"),
    "zh-Hans": ("王芳", "李娜", "张伟"),
    "ru": ("Петрова", "Смирнов", "Иванова"),
    "fr": ("Lefèvre", "Dubois", "Géraud"),
}
FORMATS = {"pdf": "download", "html": "preview"}  # the form's action for each


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = free_port()
    log = folder / "server.log"
    env = {**os.environ, "HOME": str(folder), "XDG_CACHE_HOME": str(folder / "cache")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "handouts", "serve", "--port", str(port), "--workers", str(workers)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port, log
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start:\n{log.read_text()}") from None
            time.sleep(0.1)


def tree_peak_rss_mb(pid: int) -> float:
    """Peak memory of the server and its worker processes, added up."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(c) for c in children.read_text().split()] if children.exists() else []
    return peak_rss_mb(pid) + sum(tree_peak_rss_mb(k) for k in kids)


def run(clients: int, handouts: int, pages: int, workers: int, kind_of: str = "pdf") -> dict[str, object]:
    action = FORMATS[kind_of]
    with tempfile.TemporaryDirectory(prefix="handouts-web-bench-") as tmp:
        process, port, log = start_server(Path(tmp), workers)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/")
            answer = conn.getresponse()
            html = answer.read().decode()
            cookie = answer.getheader("set-cookie", "").split(";", 1)[0]
            found = re.search(r'name="csrf" value="([^"]+)"', html)
            assert found, "no CSRF token on the front page"
            token = found[1]
            for lang in LANGS * workers:  # warm: fonts and content loaded, as after the first prints
                fields = {"csrf": token, "drug": "refametinib", "lang": lang, "action": action}
                body = urllib.parse.urlencode(fields)
                conn.request(
                    "POST",
                    "/handout",
                    body,
                    {"content-type": "application/x-www-form-urlencoded", "cookie": cookie},
                )
                conn.getresponse().read()
            conn.close()

            work = ["handout"] * handouts + ["page"] * pages
            work = [work[i] for i in sorted(range(len(work)), key=lambda i: (i * 7919) % len(work))]
            lock = threading.Lock()
            times: dict[str, list[float]] = {"handout": [], "page": []}
            errors: list[str] = []
            sizes: list[int] = []

            def client(number: int) -> None:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                while True:
                    with lock:
                        if not work:
                            break
                        kind = work.pop()
                        n = len(work)
                    start = time.perf_counter()
                    try:
                        if kind == "handout":
                            lang = LANGS[n % len(LANGS)]
                            fields = {
                                "csrf": token,
                                "drug": ("refametinib", "ralimetinib")[n % 2],
                                "lang": lang,
                                "name": f"{MARK} {SURNAMES[lang][(n + number) % 3]}",
                                "dose": "50 mg",
                                "start": "2026-12-01",
                                "cycle": "21",
                                "action": action,
                            }
                            c.request(
                                "POST",
                                "/handout",
                                urllib.parse.urlencode(fields),
                                {"content-type": "application/x-www-form-urlencoded", "cookie": cookie},
                            )
                        else:
                            c.request("GET", "/", headers={"cookie": cookie})
                        answer = c.getresponse()
                        data = answer.read()
                        start_of = b"%PDF-" if kind_of == "pdf" else b"<!DOCTYPE html>"
                        ok = answer.status == 200 and (kind == "page" or data.startswith(start_of))
                        ok = ok and answer.getheader("cache-control") == "no-store"
                    except (OSError, http.client.HTTPException) as error:
                        ok, data = False, str(error).encode()
                        c.close()
                        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        times[kind].append(elapsed)
                        if not ok:
                            errors.append(f"{kind}: {data[:200]!r}")
                        elif kind == "handout":
                            sizes.append(len(data))
                c.close()

            threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
            memory = tree_peak_rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
        output = log.read_text(errors="replace")

    def pct(values: list[float], p: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else float("nan")

    return {
        "format": kind_of,
        "workers": workers,
        "clients": clients,
        "requests": handouts + pages,
        "handout_requests": handouts,
        "page_requests": pages,
        "seconds": round(wall, 2),
        "requests_per_second": round((handouts + pages) / wall, 1),
        "handouts_per_second": round(handouts / wall, 1),
        "handout_p50_ms": round(pct(times["handout"], 50)),
        "handout_p95_ms": round(pct(times["handout"], 95)),
        "page_p50_ms": round(pct(times["page"], 50), 1),
        "page_p95_ms": round(pct(times["page"], 95), 1),
        "handout_kb_median": round(statistics.median(sizes) / 1024) if sizes else 0,
        "server_peak_mb": round(memory, 1),
        "errors": len(errors),
        "error_samples": errors[:3],
        "patient_value_in_server_output": MARK in output,
        "server_output_lines": len(output.splitlines()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="per format: half handouts, half front pages")
    ap.add_argument("--format", choices=("pdf", "html", "both"), default="both")
    ap.add_argument("--workers", type=int, default=1, help="handouts serve --workers N")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    formats = ("pdf", "html") if args.format == "both" else (args.format,)
    handouts, pages = args.requests // 2, args.requests - args.requests // 2
    results = [run(args.clients, handouts, pages, args.workers, f) for f in formats]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for k in results[0]:
            print(f"{k:32} " + "  ".join(f"{r[k]!s:>24}" for r in results))
    ok = all(r["errors"] == 0 and not r["patient_value_in_server_output"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
