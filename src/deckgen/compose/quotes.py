"""Composing a quotes slide: verbatim answers to a free-text question, chosen, trimmed and attributed.

The choice is deterministic, so a deck built twice quotes the same people:

1. **Eligible** are the answers of respondents in the slide's filter that are not empty, have at least
   ``min_words`` words (a word is a run of letters or digits: "vet ej" is two, "-" none), and are not a
   repeat of an earlier respondent's answer once case and spacing are ignored (the first is kept).
2. They are **ranked longest-informative first**: by how many *distinct content words* an answer has,
   a content word being a word of four or more letters or digits, compared without case (short words are
   mostly "och", "att", "the", "and", which say little). Answers with the same count are ordered by a
   shuffle seeded with ``seed``, so another seed reorders only answers that rank alike.
3. The top ``count`` are shown, each trimmed to ``max_chars`` (:func:`trimmed`), passing over an answer
   that repeats a sentence of a quote already chosen (respondents often echo a common piece of advice,
   and a slide that says the same sentence twice reads as padding); with ``pick``, exactly the answers of
   those respondent ids, in that order, and none of the rules above.

An answer comes from a respondent: it is hostile text. It is never rendered as a template and never
written to a workbook; render places it as plain runs, with characters XML forbids removed.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np

from ..errors import InputError
from ..spec import Project
from ..spec.filters import parse_filter
from ..spec.models import QuotesSlide
from ..text import formats
from ..text.words import filter_words, word
from .chart import question_name
from .content import Quote, QuotesContent

#: How many quotes a slide shows when ``count`` is not given: as many as fit, up to this many.
DEFAULT_COUNT = 4
#: A content word has at least this many letters or digits (see the module's docstring).
CONTENT_WORD = 4
ELLIPSIS = "…"
DASH = "—"

_WORD = re.compile(r"\w+")
#: Where a sentence may end: after . ! ? or … (and a closing quote or bracket), before a space; it ends
#: there only when a capital letter follows ("t.ex. sociala" goes on).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


def words(text: str) -> list[str]:
    """The words of *text*: runs of letters or digits."""
    return [w for w in _WORD.findall(text) if w.strip("_")]


def content_words(text: str) -> int:
    """How many distinct content words *text* has: words of :data:`CONTENT_WORD` or more characters,
    compared without case. The measure answers are ranked by."""
    return len({w.casefold() for w in words(text) if len(w) >= CONTENT_WORD})


def normalised(text: str) -> str:
    """*text* as answers are compared for repeats: without case, spaces collapsed."""
    return " ".join(text.casefold().split())


def eligible(answers: list[str | None], selected: np.ndarray, min_words: int) -> list[int]:
    """The rows whose answers may be quoted, in respondent order: in *selected* (the filter), answered,
    at least *min_words* words, and not a repeat of an earlier eligible answer."""
    seen: set[str] = set()
    rows = []
    for row, answer in enumerate(answers):
        if answer is None or not selected[row] or len(words(answer)) < min_words:
            continue
        key = normalised(answer)
        if key in seen:
            continue
        seen.add(key)
        rows.append(row)
    return rows


def ranked(answers: list[str | None], rows: list[int], seed: int) -> list[int]:
    """*rows* ordered most informative first (:func:`content_words`), ties in an order shuffled by *seed*."""
    tiebreak = np.random.default_rng(seed).permutation(len(rows))
    order = sorted(range(len(rows)), key=lambda j: (-content_words(answers[rows[j]]), int(tiebreak[j])))
    return [rows[j] for j in order]


def sentences(text: str) -> set[str]:
    """The sentences of *text*, compared as :func:`normalised`, without their closing marks. Any stop
    before a space ends one here, capital or not ("svara snabbt. använd bilder"): respondents often
    write in lower case, and a repeat must be seen there too (an abbreviation split in two only makes
    a repeat likelier to be seen)."""
    return {normalised(part).rstrip(".!?…\"'”’)] ") for part in _SENTENCE_END.split(text) if part.strip()}


def trimmed(text: str, max_chars: int) -> str | None:
    """*text* at most *max_chars* long: whole sentences while they fit; when the first sentence alone is
    longer, its words while they fit, ending in "…". Never cut inside a word: None when even the first
    word (and the "…") is longer than *max_chars*."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if text[m.end():m.end() + 1].isupper()]
    whole = [end for end in ends if len(text[:end].rstrip()) <= max_chars]
    if whole:
        return text[:whole[-1]].rstrip()
    kept = ""
    for piece in text.split(" "):
        candidate = f"{kept} {piece}" if kept else piece
        if len(candidate.rstrip(",;:–-")) + len(ELLIPSIS) > max_chars:
            break
        kept = candidate
    if not kept:
        return None
    return kept.rstrip(",;:–- ") + ELLIPSIS


def quoted(text: str, locale: str) -> str:
    """*text* in the locale's quotation marks: ”…” in Swedish, “…” in English."""
    return f"{word(locale, 'quote_open')}{text}{word(locale, 'quote_close')}"


def attribution_text(labels: list[str | None]) -> str | None:
    """"— Kommun, 50 000+ invånare" from a respondent's segment labels (a missing one left out); None
    when the respondent has none of them."""
    shown = [label for label in labels if label]
    return f"{DASH} {', '.join(shown)}" if shown else None


def compose_quotes(project: Project, i: int, slide: QuotesSlide, survey, text: Callable, notes: str | None,
                   fits: Callable[[list[Quote]], bool] | None = None) -> QuotesContent:
    """Quotes slide *i*, chosen and worded: *survey* holds the answers, *text* renders the title template,
    *fits* (render's estimate, ``DeckWriter.quotes_fit``) says whether quotes fit the body at its smallest
    size. Quotes that do not fit are dropped from the end, with a warning when ``count`` or ``pick`` asked
    for them."""
    locale = project.spec.deck.locale
    label = slide.id or f"slide {i + 1}"
    question = project.codebook.questions[slide.question]
    answers = survey.question(slide.question).answers
    if slide.filter:
        where, key = project.where("slides", i, "filter"), f"slides.{i}.filter"
        selected = survey.mask(parse_filter(slide.filter), where, key)
    else:
        selected = np.ones(len(answers), dtype=bool)
    in_filter = int(np.count_nonzero(selected))
    answered = sum(1 for row, answer in enumerate(answers) if answer is not None and selected[row])
    ids = _ids(project, i, slide, survey)
    warnings: list[str] = []
    if slide.pick:
        rows = _picked(project, i, slide, answers, selected, ids)
        pool = len(rows)
    else:
        pool_rows = eligible(answers, selected, slide.min_words)
        pool = len(pool_rows)
        rows = ranked(answers, pool_rows, slide.seed)
        if not rows:
            warnings.append(f"{label}: no answer of '{slide.question}' can be quoted ({answered} answered in the "
                            f"base, none with {slide.min_words} words or more); lower min_words or widen the filter")
    quotes = []
    said: set[str] = set()  # the sentences quoted so far
    for row in rows:
        if len(quotes) == (len(slide.pick) if slide.pick else slide.count or DEFAULT_COUNT):
            break
        cut = trimmed(answers[row], slide.max_chars)
        if cut is None:
            if slide.pick:
                raise InputError(f"the answer of respondent {ids[row]} starts with a word longer than max_chars "
                                 f"({slide.max_chars}), so it cannot be cut at a word; raise max_chars",
                                 project.where("slides", i, "pick"), f"slides.{i}.pick")
            continue
        if not slide.pick and sentences(cut) & said:
            continue
        said |= sentences(cut)
        labels = [_label(survey, key, row) for key in slide.attribution]
        quotes.append(Quote(quoted(cut, locale), attribution_text(labels), ids[row] if ids else None))
    wanted = len(quotes)
    while fits is not None and len(quotes) > 1 and not fits(quotes):
        quotes.pop()
    if fits is not None and quotes and not fits(quotes):
        warnings.append(f"{label}: the quote does not fit the slide even at its smallest size; lower max_chars")
    if len(quotes) < wanted and (slide.count or slide.pick):
        asked = "pick" if slide.pick else "count"
        warnings.append(f"{label}: only {len(quotes)} of {wanted} quotes fit the slide; lower '{asked}' or "
                        f"max_chars to show what you chose")
    title = text(slide.title, "title", slide.filter, slide.question) if slide.title else question.text
    return QuotesContent(i + 1, slide.id or slide.question, title, tuple(quotes),
                         _notes(project, slide, question.text, answered, in_filter, pool, quotes, notes),
                         warnings)


def _ids(project: Project, i: int, slide: QuotesSlide, survey) -> list[str] | None:
    """Each respondent's id: needed for ``pick`` (an error without them), else shown in the notes when
    the data has an id column."""
    column = project.spec.data.id
    where, key = (project.where("data", "id"), "data.id") if column else \
        (project.where("slides", i, "pick"), f"slides.{i}.pick")
    if slide.pick or column:
        return survey.ids(column, where, key, "'pick'" if slide.pick else "data.id")
    try:
        return survey.ids(None, where, key, "")
    except InputError:  # no id column to name respondents by: the notes do without
        return None


def _picked(project: Project, i: int, slide: QuotesSlide, answers: list, selected: np.ndarray,
            ids: list[str]) -> list[int]:
    """The rows of the ``pick`` ids, in order; an id no respondent (or several) has, one outside the
    filter or one without an answer is an error at its line: a hand-picked quote must be the one meant."""
    rows_of: dict[str, list[int]] = {}
    for row, value in enumerate(ids):
        rows_of.setdefault(value, []).append(row)
    rows = []
    for j, picked in enumerate(slide.pick):
        where, key = project.where("slides", i, "pick", j), f"slides.{i}.pick.{j}"
        text = str(picked)
        found = rows_of.get(text, [])
        if not found:
            raise InputError(f"no respondent has id {text!r}", where, key)
        if len(found) > 1:
            raise InputError(f"{len(found)} respondents have id {text!r}; ids must be unique to pick one", where, key)
        row = found[0]
        if not selected[row]:
            raise InputError(f"respondent {text} is outside the slide's filter ({slide.filter})", where, key)
        if answers[row] is None:
            raise InputError(f"respondent {text} did not answer '{slide.question}'", where, key)
        if row in rows:
            raise InputError(f"respondent {text} is picked twice", where, key)
        rows.append(row)
    return rows


def _label(survey, key: str, row: int) -> str | None:
    """Respondent *row*'s answer to single-choice question *key*, as its label; None when missing."""
    coded = survey.question(key)
    position = int(coded.index[row])
    return coded.labels[position] if position >= 0 else None


def _notes(project: Project, slide: QuotesSlide, question_text: str, answered: int, in_filter: int, pool: int,
           quotes: list[Quote], extra: str | None) -> str:
    """The speaker notes: the question, the base (who answered, of how many in the filter), the filter in
    words, how the quotes were chosen, each quote with its respondent's id, and the slide's own notes."""
    locale = project.spec.deck.locale
    def w(key: str) -> str:
        return word(locale, f"quotes_{key}")

    base = f"{word(locale, 'base')}: {formats.number(answered, locale)} {w('of')} " \
           f"{formats.number(in_filter, locale)} {w('answered')}"
    lines = [f"{word(locale, 'question')}: {question_text}", base]
    if slide.filter:
        lines.append(f"{word(locale, 'filter')}: " + filter_words(
            parse_filter(slide.filter), lambda key: question_name(project.codebook, key), locale))
    lines.append(w("picked") if slide.pick else w("chosen").format(
        k=CONTENT_WORD, seed=slide.seed, words=slide.min_words, shown=len(quotes), eligible=pool))
    lines.append(w("trimmed").format(chars=slide.max_chars))
    for quote in quotes:
        lines.append(quote.text + (f" {quote.attribution}" if quote.attribution else "")
                     + (f" ({w('id')} {quote.respondent})" if quote.respondent else ""))
    if extra:
        lines.append(extra)
    return "\n".join(lines)
