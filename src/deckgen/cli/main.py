"""``deckgen`` command line: init, draft, validate, build, preview, watch, schema.

Exit codes: 0 success, 2 bad input (one line on stderr naming file, line and
key), 1 an internal failure (a bug: run with ``--debug`` for the traceback),
130 after Ctrl+C and 143 after SIGTERM (one line saying whether the deck was
written; temporary files are removed either way).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .. import __version__, limits
from ..errors import InputError


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl+C's KeyboardInterrupt so that the same clean-up runs."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deckgen", description="Survey data + slides.yaml -> an editable deck.")
    parser.add_argument("--version", action="version", version=f"deckgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="start a project that builds at once")
    init.add_argument("directory", nargs="?", default=".", help="where to put it (default: here)")

    draft = commands.add_parser("draft", help="a first-draft project from a data file alone, which builds at once")
    draft.add_argument("data", help="the respondent file: .csv, .xlsx, .parquet or an SPSS .sav")
    draft.add_argument("-o", "--output", default=".", help="the project folder (default: here)")
    draft.add_argument("--by", metavar="COLUMN", help="break every chart slide down by this single-choice question")
    draft.add_argument("--questions", metavar="A,B,...", help="only these questions, in this order")

    for name, text in (("validate", "check spec, codebook, data and template without writing a deck"),
                       ("build", "build the deck described by a spec")):
        command = commands.add_parser(name, help=text)
        command.add_argument("spec", nargs="?", default="slides.yaml", help="the spec (default: slides.yaml)")
        command.add_argument("--strict", action="store_true", help="treat warnings (low bases, text that "
                             "does not fit) as errors")
        command.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build = commands.choices["build"]
    build.add_argument("-o", "--output", help="write the deck here instead of deck.output")
    build.add_argument("--tables", action="store_true", help="also write the slides' tables to an Excel "
                       "workbook beside the deck")
    build.add_argument("--update", metavar="EDITED.pptx", help="put the new numbers into this deck, built by "
                       "deckgen and edited since, keeping the edits; written to -o (default: beside it, "
                       "NAME-updated.pptx)")

    preview = commands.add_parser("preview", help="render the deck to PNG (and a contact sheet) or PDF")
    preview.add_argument("spec", nargs="?", default="slides.yaml", help="the spec (default: slides.yaml)")
    preview.add_argument("--format", choices=("png", "pdf"), default="png")
    preview.add_argument("--dpi", type=int, default=80)
    preview.add_argument("--out", help="folder for the pictures (default: out/preview)")
    preview.add_argument("--pages", help="only these slides, e.g. 2,5-7")

    watch = commands.add_parser("watch", help="rebuild and re-render when the inputs change")
    watch.add_argument("spec", nargs="?", default="slides.yaml", help="the spec (default: slides.yaml)")
    watch.add_argument("--out", help="folder for the pictures (default: out/preview)")
    watch.add_argument("--no-preview", action="store_true", help="rebuild only, render no pictures")
    watch.add_argument("--interval", type=float, default=0.5, help="seconds between looks at the files")

    for name in ("validate", "build", "preview", "watch"):
        commands.choices[name].add_argument(
            "--locale", metavar="LOCALE", help="the deck's language instead of deck.locale (sv or en): texts "
            "written per locale, number formats, fixed words; the deck is written as OUTPUT.LOCALE.pptx")
    for name in ("validate", "build", "preview", "watch"):
        commands.choices[name].add_argument(
            "--limit", action="append", metavar="NAME=VALUE", help="raise a resource limit for this run, e.g. "
            "--limit labels=50000 (repeatable; see docs/security.md)")
    commands.add_parser("schema", help="print the JSON Schema of slides.yaml (for editors)")
    for command in commands.choices.values():  # also accepted after the command: deckgen build --debug
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _summary(result, verb: str = "wrote") -> str:
    weighting = (f", weighting efficiency {result.weighting_efficiency:.1f}%"
                 if result.weighting_efficiency is not None else "")
    where = f"{result.output} " if verb == "wrote" else ""
    return (f"{verb} {where}({result.slides} slides, {len(result.warnings)} warnings{weighting}, "
            f"{result.seconds:.1f} s)")


#: A build that has run this long says where its time goes: every stage finished so far, then each as it
#: finishes (on stderr). A shorter build prints only its summary.
STAGES_AFTER = 1.0


class _Progress:
    """What a build shows while it runs: on a terminal, the slide being composed in a long deck; on a long
    build, each stage with its time (:meth:`stage`, the build's ``on_stage``)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.counting = sys.stderr.isatty() and not quiet  # the slide counter, redrawn in place
        self.started = time.perf_counter()
        self.held: list[str] = []  # stages finished before the build was known to be long
        self.drawn = False  # the slide counter is on the terminal's last line

    def slide(self, i: int, total: int, label: str) -> None:
        if self.counting and total >= 20:
            print(f"\r[{i}/{total}] {label}".ljust(60), end="", file=sys.stderr, flush=True)
            self.drawn = i != total
            if i == total:
                self._clear()

    def stage(self, stage) -> None:
        if self.quiet:
            return
        self.held.append(_stage_line(stage))
        if time.perf_counter() - self.started >= STAGES_AFTER:
            if self.drawn:
                self._clear()
            print("\n".join(self.held), file=sys.stderr, flush=True)
            self.held = []

    def _clear(self) -> None:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
        self.drawn = False


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 0.1 else f"{seconds:.1f} s"


def _stage_line(stage) -> str:
    """A finished stage in a line, e.g. ``reading responses.csv: 1,000,000 rows, 1.4 s (714,000 rows/s)``."""
    title = f"{stage.name} {stage.subject}" if stage.subject else stage.name
    parts = [f"{stage.count:,} {stage.unit}"] if stage.unit else []
    parts.append(_seconds(stage.seconds))
    line = f"{title}: {', '.join(parts)}"
    if stage.unit == "rows" and stage.seconds > 0:
        rate = stage.count / stage.seconds
        line += f" ({float(f'{rate:.3g}'):,.0f} rows/s)"  # three significant digits: a rate, not a count
    return line


def _report(result, quiet: bool, verb: str) -> None:
    if quiet:
        return
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(_summary(result, verb))


def _build(args) -> int:
    from ..build import build

    progress = _Progress(args.quiet)
    result = build(args.spec, args.output, progress.slide, strict=args.strict, excel=args.tables,
                   on_written=args.written.extend, update=args.update, locale=args.locale, on_stage=progress.stage)
    _report(result, args.quiet, "wrote")
    if result.refresh is not None and not args.quiet:
        for line in result.refresh.lines():
            print(f"  {line}")
    return 0


def _validate(args) -> int:
    from ..build import build

    progress = _Progress(args.quiet)
    result = build(args.spec, None, progress.slide, strict=args.strict, write=False, locale=args.locale,
                   on_stage=progress.stage)
    _report(result, args.quiet, "valid")
    if result.guessed_roles and not args.quiet:
        print("answer roles read from labels (declare dont_know:, residual: or scale: in the codebook to change "
              "them):")
        for line in result.guessed_roles:
            print(f"  {line}")
    return 0


def _schema(args) -> int:
    from ..spec.schema import spec_schema

    print(spec_schema())
    return 0


def _init(args) -> int:
    from ..scaffold import init_project

    spec = init_project(Path(args.directory))
    print(f"created {spec.parent}: edit {spec.name}, then run: deckgen build {spec}")
    return 0


def _draft(args) -> int:
    from ..draft import draft_project

    questions = [name.strip() for name in args.questions.split(",") if name.strip()] if args.questions else None
    result = draft_project(Path(args.data), Path(args.output), args.by, questions)
    print("\n".join(result.report()))
    return 0


def _preview_folder(args, project) -> Path:
    locale = project.spec.deck.locale  # a deck in another language than the spec's previews in preview.LOCALE
    suffix = "" if locale == (project.source_locale or locale) else f".{locale}"
    return Path(args.out) if args.out else project.output_path.parent / f"preview{suffix}"


def _preview(args) -> int:
    from ..build import build
    from ..outputs import resolve_outputs
    from ..preview import parse_pages, render_preview
    from ..data import open_project

    pages = parse_pages(args.pages) if args.pages else None
    project = open_project(args.spec, args.locale)
    folder = resolve_outputs(project, folder=_preview_folder(args, project)).folder
    result = build(args.spec, on_written=args.written.extend, project=project)
    preview = render_preview(result.output, folder, args.format, args.dpi, pages)
    shown = preview.contact_sheet or preview.pdf
    print(f"{_summary(result)}; preview: {shown or folder}")
    return 0


def _watch(args) -> int:
    from ..preview import default_out_dir
    from ..watch import watch

    def say(message: str) -> None:
        error = message.startswith(("error:", "internal error:"))
        print(message, file=sys.stderr if error else sys.stdout, flush=True)

    folder = Path(args.out) if args.out else default_out_dir(args.spec)
    watch(Path(args.spec), None, folder, interval=args.interval, preview=not args.no_preview, on_event=say,
          locale=args.locale)
    return 0


COMMANDS = {"build": _build, "validate": _validate, "schema": _schema, "init": _init, "draft": _draft, "preview": _preview,
            "watch": _watch}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.written = []  # the deck files this run replaced: what is said after an interruption must be true
    _TERMINATED.clear()
    try:
        with _terminate_as_exception():
            limits.configure(getattr(args, "limit", None))
            return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if _TERMINATED.is_set():  # SIGTERM inside a library that stops on a signal and raises its own way
            print(f"terminated{_what_was_written(args)}", file=sys.stderr)
            return 143
        print(f"interrupted{_what_was_written(args)}", file=sys.stderr)
        return 130
    except Terminated:
        print(f"terminated{_what_was_written(args)}", file=sys.stderr)
        return 143
    except Exception as exc:  # a bug, not bad input
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


def _what_was_written(args) -> str:
    """The truth about the deck after an interruption, to follow "interrupted" or "terminated"."""
    if args.command not in ("build", "preview"):
        return ""
    if args.written:
        return (" after writing " + ", ".join(map(str, args.written))
                + ("; the preview was not finished" if args.command == "preview" else ""))
    return "; no deck written"


#: Set once SIGTERM has arrived, for when its exception is lost (DuckDB stops a query on any signal).
_TERMINATED = threading.Event()


def _raise_terminated(signum, frame):
    _TERMINATED.set()
    raise Terminated()


@contextmanager
def _terminate_as_exception():
    """While a command runs, SIGTERM raises :class:`Terminated`, so temporary files are removed as after
    Ctrl+C (the default action would kill the process on the spot)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
