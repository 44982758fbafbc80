"""Run deckgen's benchmarks and print a markdown table of the results.

Every figure is a whole process, timed from outside: wall seconds from start to
exit (start-up and imports included) and peak resident memory, the kernel's
ru_maxrss for that child from os.wait4. Each command runs once as a warm-up
(not counted) and then N times, alternating with the commands it is compared
to (A B A B ...), so a drift in the machine's speed hits all alike. A
comparison is reported as the ratio of the medians and the median of the
ratios of each round's pair.

1. small: ``deckgen build slides.yaml`` of the worked example vs. the bare imports
   an analyst's own script pays (``python -c "import pptx, pandas, yaml"``).
   Target: median ratio <= 1.0.
2. large: ``deckgen build benchmarks/work/slides.yaml`` (1,000,000 respondents,
   100 chart slides; ``make_large.py``) vs. ``python benchmarks/handwritten.py``.
   Targets: <= 20 s, <= 3 GB peak, >= 10x faster than the handwritten script.
3. seg: the 21-slide deck by segment with significance letters at 1,000,000
   respondents (``make_large.py seg``), from CSV and from Parquet, vs.
   ``python benchmarks/handwritten_seg.py`` (pandas reads the CSV; no statistics).
   Targets: <= 2.0 s from CSV, <= 1.2 s from Parquet, <= 500 MB peak.
4. huge: 20,000,000 x 450 Parquet through DuckDB (``make_large.py huge``), no
   yardstick and no warm-up (it is heavy). Targets: <= 30 s, <= 2 GB peak.
   ``--huge-slice`` also builds the first 2,000,000 rows in memory (engine numpy)
   to show what the in-memory path needs.

The deckgen runs are ``python -m deckgen`` with this interpreter, so PYTHONPATH
chooses the deckgen measured. Its bytecode is written first, as installing a
package does: where PYTHONDONTWRITEBYTECODE is set (some containers set it), a
source tree without it would be compiled again by every run, about 0.1 s more
start-up than any user pays.

Usage: python benchmarks/run.py [--only small|large|seg|huge] [--small-runs 5] [--large-runs 3]
                                [--seg-runs 5] [--huge-runs 1] [--huge-spec slides.yaml] [--huge-slice]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
BENCHMARKS = ["small", "large", "seg", "huge"]


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


def compare(commands: list[list[str]], runs: int, warm_up: bool = True) -> list[list]:
    """Run *commands* in turn (A B C A B C ...), one warm-up each unless not *warm_up*, then *runs* rounds."""
    if warm_up:
        for cmd in commands:
            run_once(cmd)
    results: list[list] = [[] for _ in commands]
    for i in range(runs):
        for cmd, result in zip(commands, results):
            result.append(run_once(cmd))
        print(f"  run {i + 1}/{runs}: " + " vs ".join(f"{r[-1][0]:.2f} s" for r in results), file=sys.stderr)
    return results


def deckgen(spec: Path | str, out: Path | None = None) -> list[str]:
    """``python -m deckgen build SPEC [-o OUT] -q`` with this interpreter."""
    return [sys.executable, "-m", "deckgen", "build", str(spec), *(["-o", str(out)] if out else []), "-q"]


def row(name: str, results: list) -> str:
    walls = sorted(w for w, _ in results)
    return (f"| {name} | {len(results)} | {walls[0]:.2f} | {statistics.median(walls):.2f} | {walls[-1]:.2f} "
            f"| {peak(results):,.0f} |")


def median_wall(results: list) -> float:
    return statistics.median(w for w, _ in results)


def peak(results: list) -> float:
    """The median of the runs' peak RSS, in MB."""
    return statistics.median(m for _, m in results)


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def ratio(name: str, numerator: list, denominator: list, target: str = "", ok=None) -> str:
    """A verdict line on median(numerator) / median(denominator), with the median of the paired ratios.

    With a *target* (and *ok*, its test of the ratio of medians), says whether it is met.
    """
    of_medians = median_wall(numerator) / median_wall(denominator)
    paired = statistics.median(a[0] / b[0] for a, b in zip(numerator, denominator))
    verdict = f"; target {target}: {met(ok(of_medians))}" if target else ""
    return f"- {name}: {of_medians:.2f}x, ratio of medians (median of paired ratios {paired:.2f}x{verdict})"


def limits(name: str, results: list, seconds: float, megabytes: float) -> str:
    """A verdict line on the median wall time and median peak RSS against their targets."""
    wall, mb = median_wall(results), peak(results)
    return (f"- {name}: {wall:.2f} s (target <= {seconds:g} s: {met(wall <= seconds)}), peak {mb:,.0f} MB "
            f"(target <= {megabytes:,.0f} MB: {met(mb <= megabytes)})")


def need(path: Path, make: str) -> Path:
    if not path.exists():
        sys.exit(f"no {path.relative_to(REPO)}: run python benchmarks/make_large.py {make} first")
    return path


def small(args) -> tuple[list, list]:
    print("small: deckgen build slides.yaml vs. python -c 'import pptx, pandas, yaml'", file=sys.stderr)
    out = Path(tempfile.gettempdir()) / "deckgen-bench-example.pptx"
    build, imports = compare([deckgen("slides.yaml", out), [sys.executable, "-c", "import pptx, pandas, yaml"]],
                             args.small_runs)
    return ([row("`deckgen build slides.yaml` (example, 223 respondents)", build),
             row('`python -c "import pptx, pandas, yaml"`', imports)],
            [ratio("example build / bare imports", build, imports, "<= 1.0x", lambda r: r <= 1.0)])


def large(args) -> tuple[list, list]:
    spec = need(WORK / "slides.yaml", "")
    print("large: deckgen build benchmarks/work/slides.yaml vs. benchmarks/handwritten.py", file=sys.stderr)
    build, script = compare([deckgen(spec), [sys.executable, str(HERE / "handwritten.py"), str(WORK)]],
                            args.large_runs)
    return ([row("`deckgen build` large (1,000,000 x 450, 100 charts)", build),
             row("`python benchmarks/handwritten.py` (pandas + matplotlib PNGs)", script)],
            [limits("large build", build, 20, 3072),
             ratio("handwritten / deckgen", script, build, ">= 10x", lambda r: r >= 10)])


def seg(args) -> tuple[list, list]:
    work = WORK / "seg"
    csv, parquet = need(work / "slides-csv.yaml", "seg"), need(work / "slides-parquet.yaml", "seg")
    print("seg: handwritten_seg.py vs. deckgen build slides-csv.yaml vs. slides-parquet.yaml", file=sys.stderr)
    script, from_csv, from_parquet = compare(
        [[sys.executable, str(HERE / "handwritten_seg.py"), str(work)], deckgen(csv), deckgen(parquet)],
        args.seg_runs)
    return ([row("`python benchmarks/handwritten_seg.py` (21 slides by segment, CSV, no statistics)", script),
             row("`deckgen build` seg from CSV (1,000,000 x 29, 21 charts with letters)", from_csv),
             row("`deckgen build` seg from Parquet", from_parquet)],
            [limits("seg build from CSV", from_csv, 2.0, 500),
             limits("seg build from Parquet", from_parquet, 1.2, 500),
             ratio("handwritten_seg / deckgen from CSV", script, from_csv),
             ratio("deckgen from CSV / from Parquet", from_csv, from_parquet)])


def huge(args) -> tuple[list, list]:
    work = WORK / "huge"
    spec = need(work / args.huge_spec, "huge")
    print(f"huge: deckgen build huge/{args.huge_spec} (DuckDB), no warm-up", file=sys.stderr)
    [build] = compare([deckgen(spec)], args.huge_runs, warm_up=False)
    rows = [row(f"`deckgen build` huge/{args.huge_spec} (20,000,000 x 450 Parquet, DuckDB)", build)]
    verdicts = [limits("huge build (DuckDB)", build, 30, 2048)]
    if args.huge_slice:
        slice_spec = need(work / "slides-2m-numpy.yaml", "huge")
        print("huge: deckgen build huge/slides-2m-numpy.yaml (in memory, first 2,000,000 rows)", file=sys.stderr)
        [in_memory] = compare([deckgen(slice_spec)], args.huge_runs, warm_up=False)
        rows.append(row("`deckgen build` huge/slides-2m-numpy.yaml (first 2,000,000 rows, in memory)", in_memory))
        verdicts.append(f"- in memory, 2,000,000 rows: peak {peak(in_memory):,.0f} MB; the in-memory engine's "
                        f"columns grow with the rows, so 20,000,000 would need up to ten times that")
    return rows, verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description="Time deckgen builds (see the module docstring).")
    parser.add_argument("--only", choices=BENCHMARKS, action="append",
                        help="run only this benchmark (repeatable); default small, large and seg")
    parser.add_argument("--small-runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--seg-runs", type=int, default=5)
    parser.add_argument("--huge-runs", type=int, default=1)
    parser.add_argument("--huge-spec", default="slides.yaml",
                        help="spec in benchmarks/work/huge/ (slides-nogrids.yaml: without the 25 grids)")
    parser.add_argument("--huge-slice", action="store_true",
                        help="also build the first 2,000,000 rows with the in-memory engine")
    args = parser.parse_args()

    import compileall
    import deckgen
    compileall.compile_dir(Path(deckgen.__file__).parent, quiet=1)

    benchmarks = {"small": small, "large": large, "seg": seg, "huge": huge}
    rows, verdicts = [], []
    for name in args.only or ["small", "large", "seg"]:
        more_rows, more_verdicts = benchmarks[name](args)
        rows += more_rows
        verdicts += more_verdicts

    print("| Command | Runs | Min s | Median s | Max s | Peak RSS MB (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
