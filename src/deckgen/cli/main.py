"""``deckgen`` command line.

Exit codes: 0 success, 2 bad input (one line on stderr naming file, line and
key), 1 an internal failure (a bug: run with ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import InputError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deckgen", description="Survey data + slides.yaml -> an editable deck.")
    parser.add_argument("--version", action="version", version=f"deckgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build the deck described by a spec")
    build.add_argument("spec", nargs="?", default="slides.yaml", help="the spec (default: slides.yaml)")
    build.add_argument("-o", "--output", help="write the deck here instead of deck.output")
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("--tables", action="store_true", help="also write the slides' tables to an Excel "
                       "workbook beside the deck")
    build.add_argument("--strict", action="store_true", help="treat warnings (low bases, text that does not "
                       "fit) as errors")
    build.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return parser


def _build(args) -> int:
    from ..build import build

    show = sys.stderr.isatty() and not args.quiet

    def progress(i: int, total: int, label: str) -> None:
        if show and total >= 20:
            print(f"\r[{i}/{total}] {label}".ljust(60), end="", file=sys.stderr, flush=True)

    result = build(args.spec, args.output, progress, strict=args.strict, tables_path=_tables_path(args))
    if show:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
    if not args.quiet:
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        weighting = (f", weighting efficiency {result.weighting_efficiency:.1f}%"
                     if result.weighting_efficiency is not None else "")
        print(f"wrote {result.output} ({result.slides} slides, {len(result.warnings)} warnings{weighting}, "
              f"{result.seconds:.1f} s)")
    return 0


def _tables_path(args):
    """The workbook beside the deck (same name, .xlsx), when --tables is given."""
    if not args.tables:
        return None
    from ..spec import load_project
    from pathlib import Path

    deck = Path(args.output) if args.output else load_project(args.spec).output_path
    return deck.with_suffix(".xlsx")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _build(args)
    except InputError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no deck written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input
        if getattr(args, "debug", False):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
