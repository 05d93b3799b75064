"""Speed and memory of handouts builds on this machine.

    python benchmarks/speed.py            # all measurements, a table on stdout
    python benchmarks/speed.py --json     # the same as JSON (also written to benchmarks/results/)

Measures, against the targets in the packet issue:
  * one handout inside a warm process (fonts loaded, content read): target < 20 ms
  * a cold `handouts build` in a fresh process, wall time: target < 0.5 s
  * a fillable handout (--fillable) per language group (Latin, Cyrillic, Arabic, CJK):
    the first in a fresh process (the field font is cut then) and the next ones (cut
    once per process), against the same handout not fillable; and the bytes it adds
  * a packet of every drug x every language x 5 copies, with no cache, on 1 and on 2
    workers (target: 2 workers at least 1.7x one), and again warm from the cache
    (target: at least 20x faster than cold); handouts per second, ms per handout,
    peak memory, PDF bytes per handout.
Each timing is the median of several runs; every run of a packet writes nothing but a
temporary cache folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def warm_single(repeats: int = 30) -> dict[str, float]:
    from handouts.pipeline import build

    for drug, lang in (("refametinib", "en"), ("ralimetinib", "ar"), ("refametinib", "zh-Hans")):
        build(drug, lang)  # fonts registered, modules imported, content read
    out = {}
    for drug, lang in (("refametinib", "en"), ("ralimetinib", "ar"), ("refametinib", "zh-Hans")):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            build(drug, lang)
            times.append((time.perf_counter() - start) * 1000)
        out[f"{drug}-{lang}"] = statistics.median(times)
    return out


def cold_cli(repeats: int = 5) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "handouts",
                    "build",
                    "refametinib",
                    "-o",
                    str(Path(tmp) / "r.pdf"),
                    "-q",
                ],
                check=True,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def help_time(repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "handouts", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


FILLABLE = """\
import json, statistics, sys, time
from handouts.pipeline import Options, build
lang = sys.argv[1]
plain = build("refametinib", lang)  # fonts registered, content read
def ms(options):
    start = time.perf_counter()
    build("refametinib", lang, options)
    return (time.perf_counter() - start) * 1000
plain_ms = statistics.median(ms(Options()) for _ in range(5))
cold = ms(Options(fillable=True))
warm = statistics.median(ms(Options(fillable=True)) for _ in range(5))
fillable = build("refametinib", lang, Options(fillable=True))
print(json.dumps([plain_ms, cold, warm, len(plain), len(fillable)]))
"""

GROUPS = {"Latin": "en", "Cyrillic": "ru", "Arabic": "ar", "CJK (Chinese)": "zh-Hans", "CJK (Japanese)": "ja"}


def fillable(repeats: int = 3) -> dict[str, dict[str, float]]:
    """Per language group: a plain build, the first fillable build in a fresh process and
    the next ones (ms, medians over ``repeats`` fresh processes), and the PDF sizes."""
    out = {}
    for group, lang in GROUPS.items():
        runs = []
        for _ in range(repeats):
            done = subprocess.run(
                [sys.executable, "-c", FILLABLE, lang], check=True, capture_output=True, text=True
            )
            runs.append(json.loads(done.stdout))
        medians = [statistics.median(r[i] for r in runs) for i in range(5)]
        plain, cold, warm, plain_bytes, fillable_bytes = medians
        out[f"{group} ({lang})"] = {
            "plain build (ms)": plain,
            "fillable, first in a process (ms)": cold,
            "fillable, next ones (ms)": warm,
            "field font, first build (ms)": cold - warm,
            "plain PDF (bytes)": plain_bytes,
            "fillable PDF (bytes)": fillable_bytes,
            "added by the field font (bytes)": fillable_bytes - plain_bytes,
        }
    return out


PACKET = """\
name: Benchmark, every drug in every language, 5 copies
duplex: true
cover: true
entries:
  - drugs: [{drugs}]
    languages: [{langs}]
    copies: 5
"""


def packet_run(packet: Path, jobs: int, cache: Path | None, out: Path) -> tuple[float, str]:
    """One `handouts packet` in a fresh process: wall seconds and its summary line."""
    cmd = [sys.executable, "-m", "handouts", "packet", str(packet), "-o", str(out), "--jobs", str(jobs)]
    cmd += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stderr.strip().splitlines()[-1]


def packets(repeats: int = 3) -> dict[str, object]:
    from handouts.pipeline import default_content
    from handouts.reading.drugs import find_drugs

    drugs = find_drugs(default_content())
    names = sorted(drugs)
    langs = sorted({lang for d in drugs.values() for lang in d.languages})
    handouts = len(names) * len(langs) * 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        packet = folder / "bench.yaml"
        packet.write_text(PACKET.format(drugs=", ".join(names), langs=", ".join(langs)))
        out = folder / "bench.pdf"
        cold1 = statistics.median(packet_run(packet, 1, None, out)[0] for _ in range(repeats))
        cold2 = statistics.median(packet_run(packet, 2, None, out)[0] for _ in range(repeats))
        cache = folder / "cache"
        packet_run(packet, 2, cache, out)  # fill the cache
        warm = statistics.median(packet_run(packet, 2, cache, out)[0] for _ in range(repeats))
        size = out.stat().st_size
        # the same in one warm process, without the interpreter's start-up
        from handouts.cli import main as cli

        def in_process(*extra: str) -> float:
            start = time.perf_counter()
            cli(["packet", str(packet), "-o", str(out), "-q", *extra])
            return time.perf_counter() - start

        cold_in = statistics.median(in_process("--no-cache", "--jobs", "2") for _ in range(repeats))
        warm_in = statistics.median(in_process("--cache-dir", str(cache)) for _ in range(repeats))
    return {
        "handouts": handouts,
        "distinct handouts": len(names) * len(langs),
        "cold, 1 worker (s)": cold1,
        "cold, 2 workers (s)": cold2,
        "speed-up, 2 workers": cold1 / cold2,
        "warm from cache (s)": warm,
        "warm vs cold (x)": cold2 / warm,
        "in one process: cold, 2 workers (s)": cold_in,
        "in one process: warm from cache (s)": warm_in,
        "in one process: warm vs cold (x)": cold_in / warm_in,
        "handouts/s, cold 2 workers": handouts / cold2,
        "ms per handout, cold 1 worker": cold1 * 1000 / handouts,
        "ms per distinct handout, cold 1 worker": cold1 * 1000 / (len(names) * len(langs)),
        "PDF bytes per handout": size / handouts,
        "peak memory of a build process (MB)": child_peak_mb(),
        "cores": os.cpu_count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", choices=["fillable"], help="one measurement only")
    args = ap.parse_args()
    if args.only == "fillable":
        results: dict[str, object] = {"fillable": fillable()}
        print(json.dumps(results, indent=2))
        return
    results = {
        "warm process, one handout (ms, median)": warm_single(),
        "cold `handouts build` (s, wall, median)": cold_cli(),
        "`handouts --help` (s, wall, median)": help_time(),
        "fillable": fillable(),
        "packet": packets(),
    }
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, value in results.items():
        if isinstance(value, dict):
            print(f"{name}:")
            for k, v in value.items():
                if isinstance(v, dict):
                    print(f"  {k}:")
                    for k2, v2 in v.items():
                        print(f"    {k2:40} {v2:12.1f}")
                else:
                    print(f"  {k:42} {v:10.3f}" if isinstance(v, float) else f"  {k:42} {v}")
        else:
            print(f"{name:44} {value:10.3f}")


if __name__ == "__main__":
    main()
