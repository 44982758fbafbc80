"""Bad input: one clear line on stderr, exit code 2, no traceback, and the previous deck untouched.

The contract (see ``deckgen.errors`` and ``deckgen.cli.main``)::

    error: FILE:LINE[:COL]: KEY: what is wrong ... (did you mean 'x'?)

Every test starts from a copy of the example project whose good deck has
already been built to ``deck.output``; it breaks one thing, runs
``python -m deckgen build slides.yaml`` in a subprocess and checks

- the exit code is 2 and stderr is exactly one line starting with ``error: ``;
- there is no traceback (nor an "internal error");
- the line names the right file, the right line (computed from the mutated
  text, never hard-coded) and the key, plus hint words such as the did-you-mean;
- the deck at the output path still has the good build's bytes, and no
  temporary file was left next to it.

Spec and codebook cases are one table (``CASES``); data and template cases
have their own tables below it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("slides.yaml", "data/questions.yaml", "data/responses.csv", "templates/brand.pptx")
SPEC = "slides.yaml"
BOOK = "data/questions.yaml"
CSV = "data/responses.csv"
TEMPLATE = "templates/brand.pptx"

_SPEC_DATA = yaml.safe_load((ROOT / SPEC).read_text(encoding="utf-8"))
DECK = _SPEC_DATA["deck"]["output"]
#: slide id -> index in ``slides`` (keys in messages are ``slides.<index>.<key>``)
SLIDE = {s["id"]: i for i, s in enumerate(_SPEC_DATA["slides"]) if "id" in s}
EXTRA = len(_SPEC_DATA["slides"])  # index of a slide appended by a mutation

ERROR_LINE = re.compile(r"^error: (?P<file>[^:\s]+)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<rest>.+)$")


def key(slide_id: str, *path) -> str:
    """The key of a value in a slide, e.g. ``key('syfte', 'chart')`` -> ``slides.8.chart``."""
    index = EXTRA if slide_id == "extra" else SLIDE[slide_id]
    return ".".join(["slides", str(index), *map(str, path)])


# -- the project under test -------------------------------------------------------------


def run_build(cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONBREAKPOINT")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "deckgen", "build", SPEC], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)


@pytest.fixture(scope="session")
def good_project(tmp_path_factory) -> tuple[Path, bytes]:
    """The example project with its good deck built once (by the CLI) to ``deck.output``."""
    src = tmp_path_factory.mktemp("good") / "project"
    for rel in PROJECT_FILES:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, src / rel)
    result = run_build(src)
    assert result.returncode == 0, f"the example does not build:\n{result.stderr}"
    return src, (src / DECK).read_bytes()


class Project:
    """A per-test copy of the built example project, with helpers to break it."""

    def __init__(self, path: Path, deck_bytes: bytes):
        self.path = path
        self.deck_bytes = deck_bytes

    # -- mutations
    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        (self.path / rel).write_text(text, encoding="utf-8")

    @staticmethod
    def find(text: str, rel: str, needle: str, after: str | None = None) -> int:
        """Offset of *needle* in *text*: its only occurrence, or the first one after *after*."""
        start = 0
        if after is not None:
            assert text.count(after) == 1, f"anchor {after!r} is not unique in {rel}"
            start = text.index(after) + len(after)
        else:
            assert text.count(needle) == 1, f"{needle!r} is not unique in {rel}"
        return text.index(needle, start)

    def edit(self, rel: str, old: str, new: str, after: str | None = None) -> None:
        """Replace *old* by *new* in *rel*: its only occurrence, or the first one after *after*."""
        text = self.read(rel)
        at = self.find(text, rel, old, after)
        self.write(rel, text[:at] + new + text[at + len(old):])

    def append(self, rel: str, block: str) -> None:
        self.write(rel, self.read(rel).rstrip("\n") + "\n\n" + block.strip("\n") + "\n")

    # -- expectations
    def line_of(self, rel: str, marker: str, after: str | None = None) -> int:
        """1-based line of *marker* in the (mutated) file: its only occurrence, or the first after *after*."""
        text = (self.path / rel).read_bytes().decode("utf-8", errors="replace")
        return text.count("\n", 0, self.find(text, rel, marker, after)) + 1

    # -- the check
    def assert_rejected(self, file: str, line: int | None, key: str | None, hints=()) -> str:
        """Run the build and check the one-line error contract; return the error line."""
        result = run_build(self.path)
        shown = f"exit code {result.returncode}\nstderr:\n{result.stderr}\nstdout:\n{result.stdout}"
        assert "Traceback" not in result.stderr + result.stdout, shown
        assert result.returncode == 2, shown
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and result.stderr.endswith("\n"), f"expected exactly one line\n{shown}"
        message = lines[0]
        assert message.startswith("error: "), shown
        m = ERROR_LINE.match(message)
        assert m, f"not 'error: FILE[:LINE[:COL]]: ...'\n{shown}"
        assert Path(m["file"]).as_posix() == file, f"expected file {file}\n{shown}"
        if line is not None:
            assert m["line"] is not None and int(m["line"]) == line, f"expected line {line}\n{shown}"
        if key is not None:
            named = m["rest"].split(": ", 1)[0]
            assert key in named, f"expected key {key!r} before the message\n{shown}"
        for hint in hints:
            assert hint.lower() in message.lower(), f"expected {hint!r} in the message\n{shown}"
        self.assert_deck_untouched()
        return message

    def assert_deck_untouched(self) -> None:
        deck = self.path / DECK
        assert deck.exists(), "the previous deck was removed"
        assert deck.read_bytes() == self.deck_bytes, "the previous deck was changed"
        assert sorted(p.name for p in deck.parent.iterdir()) == [deck.name], "files left next to the deck"


@pytest.fixture
def project(good_project, tmp_path) -> Project:
    src, deck_bytes = good_project
    dest = tmp_path / "project"
    shutil.copytree(src, dest)
    return Project(dest, deck_bytes)


# -- spec and codebook: one table -----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad spec or codebook.

    *edits* are ``(file, old, new[, after])`` replacements; *append* is a block added
    at the end of slides.yaml. The expected line is that of *at* (a marker, optionally
    the first one after the anchor *at_after*) in *file* after the mutation; ``at=None``
    means the error is about the whole file.
    """

    id: str
    file: str
    at: str | None
    key: str | None
    hints: tuple[str, ...] = ()
    edits: tuple[tuple, ...] = ()
    append: str | None = None
    at_after: str | None = None


def extra_slide(headline: str) -> str:
    """A chart slide added at the end of slides.yaml, with a one-line *headline*."""
    return (
        "  - kind: chart\n"
        "    id: extra\n"
        "    question: uses_social\n"
        "    chart: pie\n"
        f"    headline: \"{headline}\"\n"
    )


LANDSTING_VET_EJ = "org_type == 'Landsting' and uses_social == 'Vet ej'"

LAST_OPTION = "      reason_other: Annat\n"  # the codebook's last line: derived questions are added after it


def derived(*entries: str) -> tuple:
    """An edit adding codebook *entries* (each a question: its key line, then its keys) at the codebook's end."""
    return (BOOK, LAST_OPTION, LAST_OPTION + "".join(f"\n  {entry}\n" for entry in entries))


def chart_of(question: str) -> str:
    """A chart slide of *question* added at the end of slides.yaml (its data is read only when it is used)."""
    return f"  - kind: chart\n    id: extra\n    question: {question}\n    chart: bar\n"


# the example's numeric column resp_id (1..223) stands in for a number to band
ID_BANDS = """id_band:
    type: single
    text: Respondent
    from: resp_id
    bins: [100, 200]"""
SOCIAL = """social2:
    type: single
    text: Använder sociala medier
    from: uses_social"""
KINDS = """kind2:
    type: single
    text: Organisation
    conditions:
      Kommuner: org_type == 'Kommun'"""

CASES = [
    # YAML syntax: the line of the problem
    Case("yaml-unclosed-quote", SPEC, at='base: "kommuner och landsting som inte',
         key=None, hints=("yaml",),
         edits=((SPEC, "    base: kommuner och landsting som inte", '    base: "kommuner och landsting som inte'),)),
    Case("yaml-overindented-key", SPEC, at="     by: org_type", key=None, hints=("yaml",),
         edits=((SPEC, "    by: org_type", "     by: org_type"),)),
    Case("yaml-underindented-key", SPEC, at="   chart: stacked", key=None, hints=("yaml",),
         edits=((SPEC, "    chart: stacked", "   chart: stacked"),)),
    Case("yaml-codebook-indentation", BOOK, at="   text: Intervjuform", key=None, hints=("yaml",),
         edits=((BOOK, "    text: Intervjuform", "   text: Intervjuform"),)),
    # unknown keys: did you mean
    Case("unknown-slide-key", SPEC, at="chrt: bar", key=key("syfte", "chrt"),
         hints=("'chrt'", "did you mean 'chart'"),
         edits=((SPEC, "chart: bar", "chrt: bar", "id: syfte"),)),
    Case("unknown-deck-key", SPEC, at="locael: sv", key="deck.locael",
         hints=("'locael'", "did you mean 'locale'"),
         edits=((SPEC, "  locale: sv", "  locael: sv"),)),
    Case("unknown-top-level-key", SPEC, at="valuse:", key="valuse",
         hints=("'valuse'", "did you mean 'values'"),
         edits=((SPEC, "\nvalues:", "\nvaluse:"),)),
    Case("misspelt-required-top-level-key", SPEC, at="slide:", key="slide",
         hints=("'slide'", "did you mean 'slides'"),
         edits=((SPEC, "\nslides:", "\nslide:"),)),
    Case("codebook-unknown-key", BOOK, at="lables:", key="questions.mode",
         hints=("'lables'", "did you mean 'labels'"),
         edits=((BOOK, "    labels:\n      1: Webbenkät", "    lables:\n      1: Webbenkät"),)),
    # wrong type, out of range
    Case("wrong-type", SPEC, at="decimals: many", key=key("syfte", "decimals"), hints=("integer", "'many'"),
         edits=((SPEC, "    question: purpose\n", "    question: purpose\n    decimals: many\n"),)),
    Case("out-of-range", SPEC, at="decimals: 9", key=key("syfte", "decimals"), hints=("3",),
         edits=((SPEC, "    question: purpose\n", "    question: purpose\n    decimals: 9\n"),)),
    # slide kinds
    Case("unknown-slide-kind", SPEC, at="kind: chrat", key=key("syfte", "kind"),
         hints=("'chrat'", "did you mean 'chart'"),
         edits=((SPEC, "  - kind: chart\n    id: syfte", "  - kind: chrat\n    id: syfte"),)),
    Case("missing-slide-kind", SPEC, at="- id: metod", key=key("metod"), hints=("kind",),
         edits=((SPEC, "  - kind: bullets\n    id: metod", "  - id: metod"),)),
    # chart kinds and questions
    Case("unknown-chart-kind", SPEC, at="chart: pi\n", key=key("syfte", "chart"),
         hints=("'pi'", "did you mean 'pie'"),
         edits=((SPEC, "chart: bar", "chart: pi", "id: syfte"),)),
    Case("unknown-question", SPEC, at="question: uses_socail", key=key("anvander", "question"),
         hints=("'uses_socail'", "did you mean 'uses_social'"),
         edits=((SPEC, "question: uses_social", "question: uses_socail"),)),
    Case("by-multi-question", SPEC, at="by: media", key=key("anvander", "by"), hints=("media", "single"),
         edits=((SPEC, "by: org_type", "by: media"),)),
    Case("chart-kind-not-for-question-type", SPEC, at="chart: pie", key=key("medier", "chart"),
         hints=("multi", "'pie'", "'bar'"),
         edits=((SPEC, "chart: bar", "chart: pie", "id: medier"),)),
    Case("kpi-for-a-single-choice-question", SPEC, at="chart: kpi", key=key("syfte", "chart"),
         hints=("single", "'kpi'", "'bar'"),
         edits=((SPEC, "chart: bar", "chart: kpi", "id: syfte"),)),
    Case("percent-of-responses-for-single-choice", SPEC, at="percent_of: responses", key=key("syfte", "percent_of"),
         hints=("multiple response",),
         edits=((SPEC, "chart: bar", "chart: bar\n    percent_of: responses", "id: syfte"),)),
    Case("significance-level-out-of-range", SPEC, at="level: 1.5", key="deck.significance.level",
         hints=("less than 1",),
         edits=((SPEC, "  author: IPSOS", "  author: IPSOS\n  significance:\n    level: 1.5"),)),
    Case("dont-know-rule-misspelt", SPEC, at="dont_know: exclud", key="deck.dont_know",
         hints=("did you mean 'exclude'",),
         edits=((SPEC, "  author: IPSOS", "  author: IPSOS\n  dont_know: exclud"),)),
    Case("net-of-unknown-label", BOOK, at="media:", key="questions.media",
         hints=("'Facebok'", "did you mean 'Facebook'"),
         edits=((BOOK, "      media_other: Annat", "      media_other: Annat\n    nets:\n      Video: [YouTube, Facebok]"),)),
    Case("routing-by-its-own-answers", BOOK, at="asked: media == 'Facebook'", key="questions.media.asked",
         hints=("routed by itself", "media -> media"),
         edits=((BOOK, "      media_other: Annat\n", "      media_other: Annat\n    asked: media == 'Facebook'\n"),)),
    Case("routing-does-not-parse", BOOK, at="asked: uses_social = 'Ja'", key="questions.media.asked",
         hints=("==",),
         edits=((BOOK, "      media_other: Annat\n", "      media_other: Annat\n    asked: uses_social = 'Ja'\n"),)),
    Case("role-of-unknown-code", BOOK, at="uses_social:", key="questions.uses_social",
         hints=("dont_know", "7", "neither a code nor a label"),
         edits=((BOOK, "      3: Vet ej\n", "      3: Vet ej\n    dont_know: [7]\n"),)),
    Case("role-of-unknown-label", BOOK, at="uses_social:", key="questions.uses_social",
         hints=("residual", "'Vet inte'", "did you mean 'Vet ej'"),
         edits=((BOOK, "      3: Vet ej\n", "      3: Vet ej\n    residual: [Vet inte]\n"),)),
    Case("scale-misspelt", BOOK, at="scale: ordinl", key="questions.uses_social.scale",
         hints=("ordinal",),
         edits=((BOOK, "      3: Vet ej\n", "      3: Vet ej\n    scale: ordinl\n"),)),
    # filters
    Case("filter-syntax", SPEC, at="filter: org_type = 'Kommun'", key=key("verksamheter-kommun", "filter"),
         hints=("==",),
         edits=((SPEC, "filter: org_type == 'Kommun'", "filter: org_type = 'Kommun'"),)),
    Case("filter-unknown-column", SPEC, at="filter: org_typ ==", key=key("verksamheter-kommun", "filter"),
         hints=("'org_typ'", "did you mean 'org_type'"),
         edits=((SPEC, "filter: org_type == 'Kommun'", "filter: org_typ == 'Kommun'"),)),
    Case("filter-unknown-label", SPEC, at="'Kommunn'", key=key("verksamheter-kommun", "filter"),
         hints=("'Kommunn'", "did you mean 'Kommun'"),
         edits=((SPEC, "filter: org_type == 'Kommun'", "filter: org_type == 'Kommunn'"),)),
    Case("filter-matches-no-one", SPEC, at=LANDSTING_VET_EJ, key=key("anvander", "filter"),
         hints=("no respondents in the base",),
         edits=((SPEC, "    by: org_type\n", f"    by: org_type\n    filter: {LANDSTING_VET_EJ}\n"),)),
    # slide ids
    Case("duplicate-slide-id", SPEC, at="id: sammanfattning", at_after="title: Sammanfattning",
         key=key("metod", "id"), hints=("duplicate", "'sammanfattning'"),
         edits=((SPEC, "id: metod", "id: sammanfattning"),)),
    # text templates
    Case("template-syntax-headline", SPEC, at="{{ pct(q, 'Ja' }}", key=key("extra", "headline"),
         hints=("syntax", "')'"), append=extra_slide("{{ pct(q, 'Ja' }} använder sociala medier")),
    Case("template-syntax-bullet", SPEC, at="({{ pct('purpose', top('purpose') }})",
         key=key("sammanfattning", "bullets", 2), hints=("syntax", "')'"),
         edits=((SPEC, "({{ pct('purpose', top('purpose')) }})", "({{ pct('purpose', top('purpose') }})"),)),
    Case("template-syntax-folded-headline", SPEC, at="{{ pct(q, 'Resursbrist' | approx", key=key("orsak", "headline"),
         hints=("syntax", "')'"),
         edits=((SPEC, "{{ pct(q, 'Resursbrist') | approx | cap }}", "{{ pct(q, 'Resursbrist' | approx | cap }}"),)),
    Case("template-unknown-name", SPEC, at="{{ pctt(q, 'Ja') }}", key=key("extra", "headline"),
         hints=("'pctt'", "did you mean 'pct'"), append=extra_slide("{{ pctt(q, 'Ja') }} använder")),
    Case("template-breakdown-by-multi", SPEC, at="{{ each(q, 'Ja', 'media') | join }}", key=key("extra", "headline"),
         hints=("single-choice", "'media'"), append=extra_slide("{{ each(q, 'Ja', 'media') | join }}")),
    Case("template-python-internals-mro", SPEC, at="__mro__", key=key("extra", "headline"),
         hints=("__class__",), append=extra_slide("{{ q.__class__.__mro__ }}")),
    Case("template-python-internals-globals", SPEC, at="__globals__", key=key("extra", "headline"),
         hints=("__globals__",), append=extra_slide("{{ pct.__globals__ }}")),
    # codebook
    Case("codebook-unknown-question-type", BOOK, at="type: singel", key="questions.mode.type",
         hints=("'singel'", "did you mean 'single'"),
         edits=((BOOK, "type: single\n    text: Intervjuform", "type: singel\n    text: Intervjuform"),)),
    Case("codebook-column-not-in-data", BOOK, at="column: uses_socail", key="uses_social",
         hints=("'uses_socail'", "responses.csv", "did you mean 'uses_social'"),
         edits=((BOOK, "  uses_social:\n", "  uses_social:\n    column: uses_socail\n"),)),
    Case("codebook-items-listed-without-labels", BOOK, at="items: [comm_facebook", key="questions.comm.items",
         hints=("SPSS file", "column: label"),
         edits=((BOOK, "    items:\n      comm_facebook: Facebook\n      comm_youtube: YouTube\n"
                 "      comm_twitter: Twitter\n      comm_blog: Bloggar\n",
                 "    items: [comm_facebook, comm_youtube, comm_twitter, comm_blog]\n"),)),
    # derived questions: bins, recode, conditions
    Case("derived-recode-from-unknown-question", BOOK, at="from: uses_socail", key="questions.social2.from",
         hints=("'uses_socail'", "did you mean 'uses_social'"),
         edits=(derived(SOCIAL.replace("uses_social", "uses_socail") + "\n    recode: {Ja: [Ja], Nej: [Nej]}"),)),
    Case("derived-bins-from-unknown-column", BOOK, at="from: resp_idd", key="questions.id_band.from",
         hints=("'resp_idd'", "did you mean 'resp_id'"),
         edits=(derived(ID_BANDS.replace("resp_id", "resp_idd")),), append=chart_of("id_band")),
    Case("derived-bins-of-a-single-question", BOOK, at="from: org_type", key="questions.id_band.from",
         hints=("'bins'", "'org_type'", "single"),
         edits=(derived(ID_BANDS.replace("resp_id", "org_type")),)),
    Case("derived-recode-of-a-multi-question", BOOK, at="from: media", key="questions.social2.from",
         hints=("'media'", "multi", "single-choice"),
         edits=(derived(SOCIAL.replace("uses_social", "media") + "\n    recode: {Video: [YouTube]}"),)),
    Case("derived-bins-not-increasing", BOOK, at="bins: [100, 50]", key="questions.id_band.bins",
         hints=("increase", "50 follows 100"), edits=(derived(ID_BANDS.replace("[100, 200]", "[100, 50]")),)),
    Case("derived-bins-one-edge", BOOK, at="bins: [100]", key="questions.id_band.bins", hints=("at least 2 edges",),
         edits=(derived(ID_BANDS.replace("[100, 200]", "[100]")),)),
    Case("derived-recode-unknown-label", BOOK, at="Nejj", key="questions.social2.recode.Nej",
         hints=("'Nejj'", "did you mean 'Nej'"),
         edits=(derived(SOCIAL + "\n    recode: {Ja: [Ja], Nej: [Nejj, Vet ej]}"),)),
    Case("derived-recode-answer-in-two-groups", BOOK, at="Nej eller ja:", key="questions.social2.recode.Nej eller ja",
         hints=("'Ja'", "in 'Ja' and in 'Nej eller ja'"),
         edits=(derived(SOCIAL + "\n    recode:\n      Ja: [Ja]\n      Nej eller ja: [Nej, 1]"),)),
    Case("derived-condition-does-not-parse", BOOK, at="Kommuner: org_type = 'Kommun'",
         key="questions.kind2.conditions.Kommuner", hints=("condition", "=="),
         edits=(derived(KINDS.replace("==", "=")),)),
    Case("derived-condition-unknown-label", BOOK, at="Kommuner: org_type == 'Kommunn'",
         key="questions.kind2.conditions.Kommuner", hints=("'Kommunn'", "did you mean 'Kommun'"),
         edits=(derived(KINDS.replace("'Kommun'", "'Kommunn'")),), append=chart_of("kind2")),
    Case("derived-cycle", BOOK, at="from: kind2", key="questions.social2.from",
         hints=("derived from itself", "social2 -> kind2 -> social2"),
         edits=(derived(SOCIAL.replace("uses_social", "kind2") + "\n    recode: {Kommuner: [Kommuner]}",
                        KINDS.replace("org_type", "social2")),)),
    Case("derived-from-and-column", BOOK, at="id_band:", key="questions.id_band", hints=("'column'",),
         edits=(derived(ID_BANDS + "\n    column: resp_id"),)),
    Case("derived-conditions-and-from", BOOK, at="kind2:", key="questions.kind2", hints=("'conditions'", "'from'"),
         edits=(derived(KINDS.replace("    conditions:", "    from: org_type\n    conditions:")),)),
    Case("derived-from-without-bins-or-recode", BOOK, at="social2:", key="questions.social2",
         hints=("'from' needs 'bins'", "'recode'"), edits=(derived(SOCIAL),)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_spec_or_codebook(project: Project, case: Case):
    for file, old, new, *after in case.edits:
        project.edit(file, old, new, *after)
    if case.append:
        project.append(SPEC, case.append)
    line = project.line_of(case.file, case.at, case.at_after) if case.at is not None else None
    project.assert_rejected(case.file, line, case.key, case.hints)


def test_cases_are_mutations_of_the_real_example():
    """Guard against the table silently testing nothing: every anchor exists in the example."""
    for case in CASES:
        for file, old, _new, *after in case.edits:
            text = (ROOT / file).read_text(encoding="utf-8")
            assert old in text, f"{case.id}: {old!r} not in {file}"
            for anchor in after:
                assert anchor in text, f"{case.id}: {anchor!r} not in {file}"


# -- respondent data --------------------------------------------------------------------------


def set_cell(project: Project, respondent: int, column: str, value: str) -> int:
    """Set *column* of the *respondent*-th data row (1-based); return its line in the CSV."""
    lines = project.read(CSV).split("\n")
    header = lines[0].split(",")
    cells = lines[respondent].split(",")
    cells[header.index(column)] = value
    lines[respondent] = ",".join(cells)
    project.write(CSV, "\n".join(lines))
    return respondent + 1


def add_weight_column(project: Project, spec_column: str, bad_row: int | None, bad_value: str) -> int | None:
    """Add a weight column ``vikt`` (1 everywhere, *bad_value* in data row *bad_row*); point
    ``data.weight`` at *spec_column*. Returns the CSV line of the bad value."""
    lines = project.read(CSV).rstrip("\n").split("\n")
    out = [lines[0] + ",vikt"]
    for i, row in enumerate(lines[1:], start=1):
        out.append(row + "," + (bad_value if i == bad_row else "1"))
    project.write(CSV, "\n".join(out) + "\n")
    project.edit(SPEC, "  questions: data/questions.yaml\n",
                 f"  questions: data/questions.yaml\n  weight: {spec_column}\n")
    return bad_row + 1 if bad_row else None


def test_code_without_label(project: Project):
    set_cell(project, 5, "org_type", "7")
    project.assert_rejected(BOOK, project.line_of(BOOK, "labels:", after="  org_type:\n"), "org_type",
                            ("org_type", "7", "labels"))


def test_missing_responses_file(project: Project):
    (project.path / CSV).unlink()
    project.assert_rejected(SPEC, project.line_of(SPEC, "responses: data/responses.csv"), "data.responses",
                            ("responses.csv", "not found"))


def test_missing_codebook_file(project: Project):
    (project.path / BOOK).unlink()
    project.assert_rejected(SPEC, project.line_of(SPEC, "questions: data/questions.yaml"), "data.questions",
                            ("questions.yaml", "not found"))


@pytest.mark.parametrize("content, hint", [
    pytest.param(lambda csv: csv.split("\n", 1)[0] + "\n", "no respondents", id="header-only"),
    pytest.param(lambda csv: "", "empty", id="zero-bytes"),
])
def test_empty_responses(project: Project, content, hint):
    project.write(CSV, content(project.read(CSV)))
    project.assert_rejected(CSV, None, None, (hint,))


def test_responses_not_utf8(project: Project):
    """A CSV saved as Latin-1: the error names the file, the line of the first bad byte and UTF-8."""
    lines = project.read(CSV).rstrip("\n").split("\n")
    bad = 1  # the data row holding the non-UTF-8 byte (later rows hold Swedish free text)
    lines[0] += ",ort"
    for i in range(1, len(lines)):
        lines[i] += ",Västerås" if i == bad else ",Malmo"
    (project.path / CSV).write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    project.assert_rejected(CSV, bad + 1, None, ("utf-8",))


@pytest.mark.parametrize("bad_value, what", [("-1", "negative"), ("", "missing")], ids=["negative", "missing"])
def test_bad_weight_value(project: Project, bad_value: str, what: str):
    line_in_csv = add_weight_column(project, "vikt", 5, bad_value)
    project.assert_rejected(SPEC, project.line_of(SPEC, "weight: vikt"), "data.weight",
                            ("'vikt'", what, f"row {line_in_csv}"))


def test_weight_column_not_in_data(project: Project):
    add_weight_column(project, "vikter", None, "1")
    project.assert_rejected(SPEC, project.line_of(SPEC, "weight: vikter"), "data.weight",
                            ("'vikter'", "did you mean 'vikt'"))


# -- the PowerPoint template ------------------------------------------------------------------


def _potx(project: Project) -> None:
    """brand.pptx with its main part declared as a template (what a .potx is)."""
    import zipfile

    path = project.path / TEMPLATE
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    pptx_ct = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    potx_ct = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "[Content_Types].xml":
                assert pptx_ct in data
                data = data.replace(pptx_ct, potx_ct)
            z.writestr(info, data)


def _layouts(mapping: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        project.edit(SPEC, "  author: IPSOS\n", f"  author: IPSOS\n  layouts:\n    {mapping}\n")
    return mutate


TEMPLATE_CASES = [
    # id, mutation, marker of the expected line in slides.yaml, key, hints
    ("template-missing", lambda p: (p.path / TEMPLATE).unlink(),
     "template: templates/brand.pptx", "deck.template", ("brand.pptx", "not found")),
    ("template-not-a-pptx", lambda p: (p.path / TEMPLATE).write_text("not a presentation\n"),
     "template: templates/brand.pptx", "deck.template", ("brand.pptx", "not a")),
    ("template-is-potx", _potx,
     "template: templates/brand.pptx", "deck.template", ("brand.pptx", ".potx", ".pptx")),
    ("template-lacks-layout", _layouts("chart: Diagram"),
     "chart: Diagram", "deck.layouts.chart", ("'Diagram'", "'Title'", "'Section'", "'Bullets'", "'Chart'")),
    ("template-layout-misspelt", _layouts("chart: Chrat"),
     "chart: Chrat", "deck.layouts.chart", ("'Chrat'", "did you mean 'Chart'")),
]


@pytest.mark.parametrize("mutate, at, key_, hints", [c[1:] for c in TEMPLATE_CASES],
                         ids=[c[0] for c in TEMPLATE_CASES])
def test_bad_template(project: Project, mutate, at, key_, hints):
    mutate(project)
    project.assert_rejected(SPEC, project.line_of(SPEC, at), key_, hints)
