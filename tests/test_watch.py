"""``deckgen watch``: per-slide fingerprints, rebuilds on change, errors that keep it watching.

Each test works on a copy of the example project and runs ``watch`` in a thread, polling every 0.1 s,
ended through its ``stop`` callback.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from deckgen.build import build
from deckgen.spec import load_project
from conftest import copy_stress
from deckgen.watch import slide_fingerprints, watch

soffice = shutil.which("soffice") or shutil.which("libreoffice")
pdftoppm = shutil.which("pdftoppm")

# slide 10 (id orsak): its headline; question 'departments' is on slides 6 and 7
HEADLINE = ("Orsak till att det ej används", "Orsak till att det inte används")
DEPARTMENTS = ("Vilka andra verksamheter eller personer", "Vilka övriga verksamheter eller personer")


@pytest.fixture
def project(tmp_path) -> Path:
    """The example without its quotes slide, so the slide numbers here stay those of its charts (how watch
    follows a quotes slide is tested in tests/test_quotes.py)."""
    from conftest import copy_project

    spec = copy_project(tmp_path)
    text = spec.read_text(encoding="utf-8")
    start = text.index("  - kind: quotes\n")
    spec.write_text(text[:start] + text[text.index("  - kind: bullets\n", start):], encoding="utf-8")
    return spec


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fingerprints(spec: Path) -> list[str]:
    """The fingerprints watch takes after building *spec* (validated: nothing is written)."""
    project = load_project(spec)
    return slide_fingerprints(project, build(spec, write=False, project=project).queries)


def changed(before: list[str], after: list[str]) -> list[int]:
    assert len(before) == len(after)
    return [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]


class Session:
    """``watch`` running in a thread; its events, one at a time."""

    def __init__(self, spec: Path, output: Path, out_dir: Path, preview: bool):
        self.events: list[str] = []
        self.seen = 0
        self.stopped = False
        self.thread = threading.Thread(target=watch, args=(spec, output, out_dir), daemon=True,
                                       kwargs=dict(interval=0.1, on_event=self.events.append,
                                                   stop=lambda: self.stopped, preview=preview))
        self.thread.start()

    def next(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while len(self.events) <= self.seen:
            assert self.thread.is_alive(), f"watch ended; events: {self.events}"
            assert time.monotonic() < deadline, f"no event within {timeout} s; events: {self.events}"
            time.sleep(0.02)
        self.seen += 1
        return self.events[self.seen - 1]

    def quiet(self, seconds: float) -> None:
        time.sleep(seconds)
        assert self.events[self.seen:] == []

    def close(self) -> None:
        self.stopped = True
        self.thread.join(10)
        assert not self.thread.is_alive()


@pytest.fixture
def start(project, tmp_path):
    sessions: list[Session] = []

    def start(preview: bool = False) -> Session:
        session = Session(project, tmp_path / "out" / "deck.pptx", tmp_path / "preview", preview)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def started(session: Session) -> str:
    """The first build's event, after checking the 'watching ...' line that follows it."""
    built = session.next()
    assert session.next().startswith("watching ")
    return built


# fingerprints --------------------------------------------------------------------------------------

def test_headline_changes_only_its_slide(project):
    before = fingerprints(project)
    assert len(before) == 10 and len(set(before)) == 10
    edit(project, *HEADLINE)
    assert changed(before, fingerprints(project)) == [10]


def test_codebook_text_changes_the_slides_using_the_question(project):
    before = fingerprints(project)
    edit(project.parent / "data" / "questions.yaml", *DEPARTMENTS)
    assert changed(before, fingerprints(project)) == [6, 7]


def test_question_named_in_a_bullet_template(project):
    before = fingerprints(project)
    edit(project.parent / "data" / "questions.yaml",
         "text: Typ av organisation", "text: Organisationstyp")  # org_type: bullets of slide 3, by of 4, filters of 6, 7
    assert changed(before, fingerprints(project)) == [3, 4, 6, 7]


def test_a_question_key_written_as_a_word_is_not_a_use_of_it(project):
    """The build records the tables each slide asked for; a word that happens to be a question key
    ('media' in a headline's text) does not tie the slide to that question, as a regex over the text did."""
    edit(project, "    title: Metod och målgrupp\n", "    title: Metod och målgrupp för media ({{ n }} svar)\n")
    before = fingerprints(project)
    edit(project.parent / "data" / "questions.yaml", "short: Medier som används", "short: Använda medier")
    after = changed(before, fingerprints(project))
    assert 2 in after  # the summary's bullets do use top('media'): the change is seen...
    assert 3 not in after  # ...but the method slide, which only names the word, uses no table of it


def test_data_and_template_changes(project):
    before = fingerprints(project)
    with open(project.parent / "data" / "responses.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    # every slide that shows numbers; not the cover, whose texts are fixed
    assert changed(before, fingerprints(project)) == list(range(2, 11))
    before = fingerprints(project)
    with open(project.parent / "templates" / "brand.pptx", "ab") as f:
        f.write(b"\0")
    assert changed(before, fingerprints(project)) == list(range(1, 11))


def test_deck_output_does_not_change_pictures(project):
    before = fingerprints(project)
    edit(project, "output: out/sociala-medier-2010.pptx", "output: out/elsewhere.pptx")
    assert changed(before, fingerprints(project)) == []


# watching ------------------------------------------------------------------------------------------

def test_rebuilds_what_changed_and_nothing_else(start, project, tmp_path):
    session = start()
    first = started(session)
    deck = tmp_path / "out" / "deck.pptx"
    assert re.fullmatch(r"built .*deck\.pptx \(10 slides, 2 warnings\) in \d+\.\d s", first), first
    assert deck.is_file()

    edit(project, *HEADLINE)
    assert session.next().endswith("; changed slide 10")

    edit(project.parent / "data" / "questions.yaml", *DEPARTMENTS)
    assert session.next().endswith("; changed slides 6, 7")

    session.quiet(0.6)  # nothing touched: no rebuild
    os.utime(project)  # saved without edits: no rebuild either
    session.quiet(0.6)


def test_bad_input_keeps_watching_and_keeps_the_last_deck(start, project, tmp_path):
    session = start()
    started(session)
    deck = tmp_path / "out" / "deck.pptx"
    good, mtime = deck.read_bytes(), deck.stat().st_mtime_ns

    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("  - kind: title\n", "  - kind: title\n    title: [unclosed\n"),
                       encoding="utf-8")
    event = session.next()
    assert re.fullmatch(r"error: .*slides\.yaml:\d+:\d+: .* \(still watching\)", event), event
    assert deck.read_bytes() == good and deck.stat().st_mtime_ns == mtime

    project.write_text(text.replace("chart: stacked", "chart: pie"), encoding="utf-8")  # a grid cannot be a pie
    event = session.next()
    assert event.startswith("error: ") and "slides.7.chart" in event, event
    assert deck.stat().st_mtime_ns == mtime

    project.write_text(text, encoding="utf-8")  # fixed: rebuilt, nothing changed since the last deck
    event = session.next()
    assert event.startswith("built ") and event.endswith("; no slide changed"), event
    assert deck.stat().st_mtime_ns != mtime


def test_broken_at_start_then_fixed(start, project):
    codebook = project.parent / "data" / "questions.yaml"
    edit(codebook, "type: multi", "type: multy")
    session = start()
    assert session.next().startswith("error: ")
    assert session.next().startswith("watching ")
    edit(codebook, "type: multy", "type: multi")  # the codebook is watched although the spec never loaded
    assert session.next().startswith("built ")


def test_ctrl_c_ends_cleanly(project, tmp_path):
    events: list[str] = []

    def stop() -> bool:
        raise KeyboardInterrupt

    watch(project, tmp_path / "deck.pptx", tmp_path / "preview", interval=0.1, on_event=events.append,
          stop=stop, preview=False)
    assert events[0].startswith("built ") and events[-1] == "stopped watching"


def test_preview_needs_libreoffice(project, tmp_path, monkeypatch):
    from deckgen import preview
    from deckgen.preview import PreviewUnavailable

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(preview, "MAC_SOFFICE", tmp_path / "no-soffice")
    with pytest.raises(PreviewUnavailable, match="LibreOffice is not installed"):
        watch(project, None, tmp_path / "preview", stop=lambda: True)


@pytest.mark.skipif(not (soffice and pdftoppm), reason="LibreOffice and pdftoppm are needed")
def test_preview_re_renders_only_the_changed_slide(start, project, tmp_path):
    session = start(preview=True)
    assert "; rendered all 10 slides to " in started(session)
    out = tmp_path / "preview"
    before = {p.name: p.stat().st_mtime_ns for p in sorted(out.glob("slide-*.png"))}
    assert len(before) == 10 and (out / "contact-sheet.png").is_file()
    sheet = (out / "contact-sheet.png").stat().st_mtime_ns

    edit(project, *HEADLINE)
    assert re.search(r"; re-rendered slide 10 in \d+\.\d s$", session.next())
    after = {p.name: p.stat().st_mtime_ns for p in sorted(out.glob("slide-*.png"))}
    assert [name for name in after if after[name] != before[name]] == ["slide-10.png"]
    assert (out / "contact-sheet.png").stat().st_mtime_ns != sheet


def test_a_yaml_bomb_is_an_error_line_not_a_freeze(project, tmp_path):
    """watch reads a spec that does not load to know which files to watch: it must read it with the same
    bounds as a build. (It used plain yaml.safe_load, which expands a billion laughs.) Run as a process
    under a 1.5 GB address-space cap: the first line must be the error, within seconds."""
    import resource
    import select
    import subprocess
    import sys

    levels = "".join(f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    project.write_text(project.read_text(encoding="utf-8") + "\nlol:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                       + levels, encoding="utf-8")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    process = subprocess.Popen([sys.executable, "-m", "deckgen", "watch", "--no-preview", "--interval", "0.1",
                                str(project)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=cap)
    try:
        ready, _, _ = select.select([process.stderr], [], [], 30)
        assert ready, "no line within 30 s: watch froze on the spec"
        first = process.stderr.readline()
        assert first.startswith("error: ") and "yaml_nodes" in first, first
        assert process.poll() is None, "watch must keep watching after an error"
    finally:
        process.kill()
        process.wait(10)


def test_a_table_continued_on_more_slides_gets_a_fingerprint_per_deck_slide(tmp_path):
    """A long table continues on following slides: watch's hashes follow the deck's slide numbers, so an
    edit of a slide after the table re-renders that slide, not the one before it."""
    from pptx import Presentation

    spec = copy_stress(tmp_path / "p") / "slides-4x3.yaml"
    project = load_project(spec)
    result = build(spec, project=project)
    deck_slides = len(Presentation(str(result.output)).slides)
    assert deck_slides > len(project.spec.slides)  # the 25-row table needs more than one 4:3 slide
    before = slide_fingerprints(project, result.queries, result.pages)
    assert len(before) == deck_slides == result.slides
    # the last spec slide is the last deck slide: an edit to it changes only the last hash
    text = spec.read_text(encoding="utf-8")
    last = "  headline: The ten improvements most wanted\n"
    assert text.endswith(last)
    spec.write_text(text[:-len(last)] + "  headline: The improvements most wanted\n", encoding="utf-8")
    project = load_project(spec)
    again = build(spec, write=False, project=project)
    after = slide_fingerprints(project, again.queries, again.pages)
    assert changed(before, after) == [deck_slides]


def test_watch_builds_another_language_and_follows_its_translations(project, tmp_path):
    from deckread import read_deck

    shutil.copytree(Path(__file__).resolve().parents[1] / "translations", project.parent / "translations")
    events: list[str] = []
    deck = tmp_path / "deck.pptx"
    calls = iter([False])
    watch(project, deck, tmp_path / "preview", interval=0.1, on_event=events.append,
          stop=lambda: next(calls, True), preview=False, locale="en")
    assert events[0].startswith("built ")
    assert any(e.startswith("watching ") and "en.yaml" in e for e in events)
    assert read_deck(deck)[0].title == "Social media in municipalities, county councils and regions"
