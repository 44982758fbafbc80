"""Run deckgen's benchmarks and print a markdown table of the results.

Every figure is a whole process, timed from outside: wall seconds from start to
exit (start-up and imports included) and peak resident memory, the kernel's
ru_maxrss for that child from os.wait4. Each command runs once as a warm-up
(not counted) and then N times, alternating with the command it is compared
to (A B A B ...), so a drift in the machine's speed hits both alike.

1. small: ``deckgen build slides.yaml`` of the worked example vs. the bare imports
   an analyst's own script pays (``python -c "import pptx, pandas, yaml"``).
   Target: median ratio <= 1.5.
2. large: ``deckgen build benchmarks/work/slides.yaml`` (1,000,000 respondents,
   100 chart slides; made by make_large.py) vs. ``python benchmarks/handwritten.py``.
   Targets: <= 20 s, <= 3 GB peak, >= 10x faster than the handwritten script.

Usage: python benchmarks/run.py [--small-runs 5] [--large-runs 3] [--only small|large]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of *cmd* from the repo root; exits if it fails."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            sys.exit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{log.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def compare(a: list[str], b: list[str], runs: int) -> tuple[list, list]:
    """Run *a* and *b* alternately, one warm-up each and then *runs* counted runs each."""
    run_once(a), run_once(b)
    results_a, results_b = [], []
    for i in range(runs):
        results_a.append(run_once(a))
        results_b.append(run_once(b))
        print(f"  run {i + 1}/{runs}: {results_a[-1][0]:.2f} s vs {results_b[-1][0]:.2f} s", file=sys.stderr)
    return results_a, results_b


def row(name: str, results: list) -> str:
    walls = sorted(w for w, _ in results)
    peak = statistics.median(m for _, m in results)
    return (f"| {name} | {len(results)} | {walls[0]:.2f} | {statistics.median(walls):.2f} | {walls[-1]:.2f} "
            f"| {peak:,.0f} |")


def median_wall(results: list) -> float:
    return statistics.median(w for w, _ in results)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time deckgen builds (see the module docstring).")
    parser.add_argument("--small-runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--only", choices=["small", "large"])
    args = parser.parse_args()

    deckgen = shutil.which("deckgen") or sys.exit("deckgen is not on PATH: pip install -e .")
    rows, verdicts = [], []
    if args.only != "large":
        print("small: deckgen build slides.yaml vs. python -c 'import pptx, pandas, yaml'", file=sys.stderr)
        out = Path(tempfile.gettempdir()) / "deckgen-bench-example.pptx"
        build, imports = compare([deckgen, "build", "slides.yaml", "-o", str(out), "-q"],
                                 [sys.executable, "-c", "import pptx, pandas, yaml"], args.small_runs)
        rows += [row("`deckgen build slides.yaml` (example, 223 respondents)", build),
                 row('`python -c "import pptx, pandas, yaml"`', imports)]
        ratio = median_wall(build) / median_wall(imports)
        paired = statistics.median(a[0] / b[0] for a, b in zip(build, imports))
        verdicts.append(f"- example build / bare imports: {ratio:.2f}x, ratio of medians (median of paired "
                        f"ratios {paired:.2f}x; target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    if args.only != "small":
        if not (WORK / "slides.yaml").exists():
            sys.exit("no large project: run python benchmarks/make_large.py first")
        print("large: deckgen build benchmarks/work/slides.yaml vs. benchmarks/handwritten.py", file=sys.stderr)
        build, script = compare([deckgen, "build", str(WORK / "slides.yaml"), "-q"],
                                [sys.executable, str(HERE / "handwritten.py"), str(WORK)], args.large_runs)
        rows += [row("`deckgen build` large (1,000,000 x 450, 100 charts)", build),
                 row("`python benchmarks/handwritten.py` (pandas + matplotlib PNGs)", script)]
        wall, peak = median_wall(build), statistics.median(m for _, m in build)
        speedup = median_wall(script) / wall
        verdicts += [f"- large build: {wall:.1f} s (target <= 20 s: {'met' if wall <= 20 else 'NOT met'}), "
                     f"peak {peak / 1024:.2f} GB (target <= 3 GB: {'met' if peak <= 3072 else 'NOT met'})",
                     f"- handwritten / deckgen: {speedup:.1f}x (target >= 10x: "
                     f"{'met' if speedup >= 10 else 'NOT met'})"]

    print("| Command | Runs | Min s | Median s | Max s | Peak RSS MB (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
