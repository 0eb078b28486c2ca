"""Throughput of the Python package against the C++ scanner, on the corpus
scan_bench uses: every line of the Debian `fortunes` package as one document.

Measures documents per second through Rules.scan (one call per document) and
Rules.scan_many (1 thread, then --threads), each the best of --repeat runs;
with --scan-bench, also runs the C++ benchmark (bench/scan_bench.cc,
BM_ScanFortuneLines: Scanner::Scan on one thread) and prints the ratios.
Figures only; nothing here asserts speed.

    PYTHONPATH=build/python python3 bench/python_bench.py \
        --rules build/tests/bundled.bylaw --scan-bench build/bench/scan_bench

--rules is a program file (bylaw compile) or a rules folder (default: rules/).
"""

import argparse
import json
import os
import pathlib
import subprocess
import time

import bylaw

FORTUNES = pathlib.Path("/usr/share/games/fortunes")
SOURCE_DIR = pathlib.Path(__file__).resolve().parents[1]


def fortune_lines():
    """The lines scan_bench reads: every non-empty line but `%` of every fortune file."""
    files = sorted(p for p in FORTUNES.rglob("*")
                   if p.is_file() and p.suffix not in (".dat", ".u8"))
    lines = []
    for path in files:
        for line in path.read_bytes().decode("utf-8", errors="replace").split("\n"):
            if line and line != "%":
                lines.append(line)
    return lines


def best_rate(run, documents, repeat):
    """Documents per second of the fastest of `repeat` runs of run()."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return documents / best


def cxx_rate(scan_bench, rules):
    """Documents per second of BM_ScanFortuneLines (C++ Scanner::Scan, one thread)."""
    environment = dict(os.environ)
    if pathlib.Path(rules).is_dir():
        environment["BYLAW_BENCH_RULES"] = str(rules)
    done = subprocess.run([scan_bench, "--benchmark_filter=BM_ScanFortuneLines$",
                           "--benchmark_format=json"], check=True, capture_output=True,
                          text=True, env=environment)
    (result,) = json.loads(done.stdout)["benchmarks"]
    return result["items_per_second"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", default=str(SOURCE_DIR / "rules"))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scan-bench", help="build/bench/scan_bench, to compare with C++")
    args = parser.parse_args()
    if not FORTUNES.is_dir():
        raise SystemExit("install the `fortunes` package")

    rules_path = pathlib.Path(args.rules)
    rules = bylaw.Rules.compile(rules_path) if rules_path.is_dir() else bylaw.Rules.load(rules_path)
    lines = fortune_lines()
    n = len(lines)
    rules.scan_many(lines[:1000], threads=args.threads)  # warm every scanner

    rates = {
        "scan, per document": best_rate(lambda: [rules.scan(t) for t in lines], n, args.repeat),
        "scan_many, 1 thread": best_rate(lambda: rules.scan_many(lines, threads=1), n, args.repeat),
        f"scan_many, {args.threads} threads": best_rate(
            lambda: rules.scan_many(lines, threads=args.threads), n, args.repeat),
    }
    print(f"{n} documents (fortune lines), rules {rules_path}, {os.cpu_count()} cores")
    cxx = None
    if args.scan_bench:
        cxx = cxx_rate(args.scan_bench, rules_path if rules_path.is_dir() else SOURCE_DIR / "rules")
        print(f"{'C++ Scanner::Scan, 1 thread':32} {cxx:12,.0f} docs/s")
    for name, rate in rates.items():
        ratio = f"  (C++ / this: {cxx / rate:.2f}x)" if cxx else ""
        print(f"{name:32} {rate:12,.0f} docs/s{ratio}")


if __name__ == "__main__":
    main()
