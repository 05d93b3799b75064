"""The front-desk web app under load: 20 clients at once on loopback.

    python benchmarks/web.py                     # 20 clients, 200 PDFs + 200 front pages
    python benchmarks/web.py --clients 20 --requests 400 --workers 2 --json

Starts ``handouts serve`` on a free 127.0.0.1 port in a subprocess (its output captured),
then each client takes requests from a fixed, bounded count: a PDF with patient details
(POST /handout, a different language each time) or the front page (GET /). Reports
requests per second, p50/p95 latency for a PDF and for the page, the server's peak
memory, the errors (must be zero), and checks that no patient value appears anywhere
in the server's output.
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


def run(clients: int, pdfs: int, pages: int, workers: int) -> dict[str, object]:
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
                body = urllib.parse.urlencode({"csrf": token, "drug": "refametinib", "lang": lang})
                conn.request(
                    "POST",
                    "/handout",
                    body,
                    {"content-type": "application/x-www-form-urlencoded", "cookie": cookie},
                )
                conn.getresponse().read()
            conn.close()

            work = ["pdf"] * pdfs + ["page"] * pages
            work = [work[i] for i in sorted(range(len(work)), key=lambda i: (i * 7919) % len(work))]
            lock = threading.Lock()
            times: dict[str, list[float]] = {"pdf": [], "page": []}
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
                        if kind == "pdf":
                            fields = {
                                "csrf": token,
                                "drug": ("refametinib", "ralimetinib")[n % 2],
                                "lang": LANGS[n % len(LANGS)],
                                "name": f"{MARK} {number}",
                                "dose": "50 mg",
                                "start": "2026-12-01",
                                "cycle": "21",
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
                        ok = answer.status == 200 and (kind == "page" or data.startswith(b"%PDF-"))
                    except (OSError, http.client.HTTPException) as error:
                        ok, data = False, str(error).encode()
                        c.close()
                        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        times[kind].append(elapsed)
                        if not ok:
                            errors.append(f"{kind}: {data[:200]!r}")
                        elif kind == "pdf":
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
        "workers": workers,
        "clients": clients,
        "requests": pdfs + pages,
        "pdf_requests": pdfs,
        "page_requests": pages,
        "seconds": round(wall, 2),
        "requests_per_second": round((pdfs + pages) / wall, 1),
        "pdfs_per_second": round(pdfs / wall, 1),
        "pdf_p50_ms": round(pct(times["pdf"], 50)),
        "pdf_p95_ms": round(pct(times["pdf"], 95)),
        "page_p50_ms": round(pct(times["page"], 50), 1),
        "page_p95_ms": round(pct(times["page"], 95), 1),
        "pdf_kb_median": round(statistics.median(sizes) / 1024) if sizes else 0,
        "server_peak_mb": round(memory, 1),
        "errors": len(errors),
        "error_samples": errors[:3],
        "patient_value_in_server_output": MARK in output,
        "server_output_lines": len(output.splitlines()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="total: half PDFs, half front pages")
    ap.add_argument("--workers", type=int, default=1, help="handouts serve --workers N")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args.clients, args.requests // 2, args.requests - args.requests // 2, args.workers)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:32} {v}")
    ok = result["errors"] == 0 and not result["patient_value_in_server_output"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
