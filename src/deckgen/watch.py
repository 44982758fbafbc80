"""``deckgen watch``: rebuild the deck whenever its inputs change, and re-render only changed slides.

The inputs (spec, codebook, respondent data, template) are polled by
modification time, size and inode every *interval* seconds: no extra
dependency, and it works on network drives and in containers where file
events do not arrive. A change whose contents are the same as at the last
build (a save without edits, a ``touch``) does nothing.

Each slide has a fingerprint of everything its picture depends on, so after a
rebuild only the slides whose fingerprint changed are rasterised again.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError
from .spec.models import ChartSlide, Deck, QuotesSlide, SummarySlide, TitleSlide
from .spec.locales import translations_path
from .spec.project import resolve_path
from .spec.yamlsource import load_yaml

#: Names in a slide's texts and filter: the candidates for codebook keys and values.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TEMPLATE = re.compile(r"\{\{|\{%")

_digests: dict[tuple[str, int, int, int], str] = {}
_digests_lock = threading.Lock()


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, cached by (path, mtime, size, inode); "missing" when it does not exist."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return "missing"
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)
    with _digests_lock:
        if key in _digests:
            return _digests[key]
    try:
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return "missing"
    with _digests_lock:
        if len(_digests) > 256:
            _digests.clear()
        _digests[key] = digest
    return digest


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def slide_fingerprints(project, queries: list[set], pages: list[int] | None = None) -> list[str]:
    """One hash per deck slide of everything its picture depends on.

    That is: the slide's own spec entry and position, the deck settings (but not ``deck.output``), the
    template file's bytes; and for slides that show data (chart slides, and texts with ``{{ }}`` or
    ``{% %}``): the ``data`` settings, the data file's bytes, the codebook entries of the questions the
    slide's tables used (*queries*: per slide, the table queries the build recorded; their question,
    ``by`` and filter, with the questions any of them is derived from) and of the weighting targets, and
    the ``values`` its texts name.

    *pages* says how many deck slides each spec slide became (a long table continues on more); each of
    those gets its own hash, so the hashes line up with the deck's slide numbers. None: one each.
    """
    spec = project.spec
    questions = project.codebook.questions
    deck = spec.deck.model_dump(mode="json", exclude={"output"})
    common = {"deck": deck, "template": file_digest(project.template_path)}
    weighted = project.codebook.with_sources(spec.data.weighting.targets if spec.data.weighting else ())
    data = {
        "data": spec.data.model_dump(mode="json"),
        "responses": file_digest(project.responses_path) if project.responses_path is not None else None,
        "weighting": {q: questions[q].model_dump(mode="json") for q in questions if q in weighted},
    }
    if spec.data.waves:  # a tracker's older waves: a change to one changes every slide over the waves
        data["waves"] = [file_digest(path) for _, _, path in project.wave_files()]
    prints = []
    for i, slide in enumerate(spec.slides):
        entry = slide.model_dump(mode="json")
        texts = list(_strings(entry))
        if isinstance(slide, TitleSlide):  # the cover shows the deck's title and subtitle
            texts += [t for t in (spec.deck.title, spec.deck.subtitle) if t]
        shows_data = isinstance(slide, (ChartSlide, SummarySlide, QuotesSlide)) or any(_TEMPLATE.search(t) for t in texts)
        parts = {"index": i, "slide": entry, **common}
        if shows_data:
            names = {m.group(0) for t in texts for m in _NAME.finditer(t)}
            asked = project.codebook.with_sources(set().union(*(query.questions() for query in queries[i]))
                                                  | (slide.questions() if isinstance(slide, QuotesSlide) else set()))
            used = [q for q in questions if q in asked]  # codebook order: a stable hash
            parts.update(data)
            parts["questions"] = {q: questions[q].model_dump(mode="json") for q in used}
            parts["values"] = {k: v for k, v in spec.values.items() if k in names}
        count = pages[i] if pages is not None else 1
        prints += [hashlib.sha256(_dump({**parts, "page": (page, count)}).encode("utf-8")).hexdigest()
                   for page in range(count)]
    return prints


def watched_files(project) -> list[Path]:
    """The files a build of *project* reads: spec, codebook, respondent data (every wave's), template."""
    files = [project.spec_path, Path(project.codebook_doc.file), project.template_path]
    if project.responses_path is not None:  # a database's table: nothing on disk to watch
        files.append(project.responses_path)
    files += [path for _, _, path in project.wave_files()]
    translations = translations_path(project.spec_path.parent, project.spec.deck.locale)
    if project.source_locale not in (None, project.spec.deck.locale) and translations.is_file():
        files.append(translations)  # the deck is in another language, read from there
    return list(dict.fromkeys(files))


def _guess_files(spec_path: Path) -> list[Path]:
    """The files a spec names, read leniently (for when the spec does not load, so fixes are noticed)."""
    files = [spec_path]
    try:  # read with the same bounds as a build: a YAML bomb must not freeze the watch
        raw = load_yaml(spec_path).data
        data = raw.get("data") or {}
        deck = raw.get("deck") or {}
    except (InputError, AttributeError):  # a broken spec: watching the spec itself is enough
        return files
    template = deck.get("template") or Deck.model_fields["template"].default
    named = [data.get("questions"), data.get("responses"), template]
    files += [resolve_path(spec_path, name) for name in named if isinstance(name, str)]
    return list(dict.fromkeys(files))


def _stat(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _snapshot(files: Iterable[Path]) -> dict[Path, tuple | None]:
    return {path: _stat(path) for path in files}


def _contents(files: Iterable[Path]) -> dict[Path, str]:
    return {path: file_digest(path) for path in files}


def _shown(path: Path) -> str:
    """*path* relative to the working folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _numbers(slides: list[int]) -> str:
    return ", ".join(str(n) for n in slides)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Watcher:
    def __init__(self, spec_path: Path, output: Path | None, out_dir: Path, preview: bool,
                 on_event: Callable[[str], None], locale: str | None = None):
        self.spec_path = spec_path
        self.locale = locale
        self.output = output
        self.out_dir = out_dir
        self.preview = preview
        self.on_event = on_event
        self.files = _guess_files(spec_path)
        self.built: list[str] | None = None  # fingerprints of the last deck built
        self.rendered: list[str] | None = None  # fingerprints of the slides whose PNGs are in out_dir

    def error(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            self.on_event(f"error: {exc.one_line()} (still watching)")
            if exc.location is not None and Path(exc.location.file).is_file():
                path = Path(exc.location.file)  # a file the error names: watch it, so its fix is noticed
                if path not in self.files:
                    self.files.append(path)
        else:  # a bug in deckgen: say so, but keep the session alive
            self.on_event(f"internal error: {type(exc).__name__}: {exc} (still watching)")

    def cycle(self) -> None:
        """Build, and re-render the slides that changed. Errors are reported, never raised."""
        from .build import build
        from .data import open_project

        try:
            project = open_project(self.spec_path, self.locale)
            self.files = list(dict.fromkeys(watched_files(project) + [self.spec_path]))
            result = build(self.spec_path, self.output, project=project, locale=self.locale)
            prints = slide_fingerprints(project, result.queries, result.pages)
        except Exception as exc:
            self.error(exc)
            return
        message = (f"built {_shown(result.output)} ({_plural(result.slides, 'slide')}"
                   + (f", {_plural(len(result.warnings), 'warning')}" if result.warnings else "")
                   + f") in {result.seconds:.1f} s")
        previous, self.built = self.built, prints
        if not self.preview:
            if previous is not None:
                message += "; " + self._changes(previous, prints, "changed")
            self.on_event(message)
            return
        pages = self._to_render(prints)
        if pages == []:
            self.on_event(message + "; no slide changed")
            return
        from .preview import render_preview

        started = time.perf_counter()
        try:
            render_preview(result.output, self.out_dir, pages=pages)
        except Exception as exc:
            self.on_event(message)
            self.rendered = None if pages is None else self.rendered  # retry these next time
            self.error(exc)
            return
        self.rendered = prints
        took = time.perf_counter() - started
        if pages is None:
            message += f"; rendered all {len(prints)} slides to {_shown(self.out_dir)} in {took:.1f} s"
        else:
            message += f"; re-rendered {'slide' if len(pages) == 1 else 'slides'} {_numbers(pages)} in {took:.1f} s"
        self.on_event(message)

    @staticmethod
    def _changes(previous: list[str], prints: list[str], verb: str) -> str:
        if len(previous) != len(prints):
            return f"slide count {len(previous)} -> {len(prints)}"
        changed = [i + 1 for i, (a, b) in enumerate(zip(previous, prints)) if a != b]
        if not changed:
            return "no slide changed"
        return f"{verb} {'slide' if len(changed) == 1 else 'slides'} {_numbers(changed)}"

    def _to_render(self, prints: list[str]) -> list[int] | None:
        """1-based slides to rasterise: None for all (first time, or the slide count changed)."""
        if self.rendered is None or len(self.rendered) != len(prints):
            return None
        from .preview import _slide_pngs

        present = _slide_pngs(self.out_dir) if self.out_dir.is_dir() else {}
        return [i + 1 for i, (a, b) in enumerate(zip(self.rendered, prints)) if a != b or i + 1 not in present]


def watch(spec_path: str | Path, output: str | Path | None, out_dir: str | Path, *, interval: float = 0.5,
          on_event: Callable[[str], None] = print, stop: Callable[[], bool] = lambda: False,
          preview: bool = True, locale: str | None = None) -> None:
    """Build once, then rebuild whenever the spec, codebook, data or template changes.

    Polls the files' modification times every *interval* seconds; after each rebuild re-renders
    (into *out_dir*) only the slides whose fingerprint changed, or all of them when the slide count
    changed. Bad input prints one ``error: ...`` line through *on_event* and keeps watching; the last
    good deck stays. Returns when ``stop()`` is true or on Ctrl+C. Raises
    :class:`~deckgen.preview.PreviewUnavailable` up front when *preview* is asked for without
    LibreOffice. *locale* builds the deck in that language (``--locale``), watching its translations too.
    """
    spec_path = Path(spec_path)
    out_dir = Path(out_dir)
    if preview:
        from .preview import find_pdftoppm, find_soffice

        find_soffice()
        find_pdftoppm()
    watcher = _Watcher(spec_path, Path(output) if output is not None else None, out_dir, preview, on_event, locale)
    settle = min(interval, 0.2)
    try:
        snapshot = _snapshot(watcher.files)
        last = _contents(watcher.files)
        watcher.cycle()
        on_event(f"watching {', '.join(_shown(p) for p in watcher.files)} (Ctrl+C to stop)")
        snapshot, last = _carry(snapshot, last, watcher.files)
        while not stop():
            time.sleep(interval)
            now = _snapshot(watcher.files)
            if now == snapshot:
                continue
            for _ in range(25):  # let a save that is still being written finish
                if stop():
                    return
                time.sleep(settle)
                later = _snapshot(watcher.files)
                if later == now:
                    break
                now = later
            snapshot = now
            contents = _contents(watcher.files)
            if contents == last:  # touched, or saved without edits
                continue
            last = contents
            watcher.cycle()
            snapshot, last = _carry(snapshot, last, watcher.files)
    except KeyboardInterrupt:
        on_event("stopped watching")


def _carry(snapshot: dict, last: dict, files: list[Path]) -> tuple[dict, dict]:
    """The state before a build, for the files watched after it.

    Files the build read for the first time start from what they are now; changes to the others made
    during the build are still seen on the next poll.
    """
    snapshot = {p: snapshot[p] if p in snapshot else _stat(p) for p in files}
    last = {p: last[p] if p in last else file_digest(p) for p in files}
    return snapshot, last
