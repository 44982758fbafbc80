"""Open-ended answers: the ``text`` question type and ``kind: quotes``.

A small hand-made survey whose ranking is worked out by hand below (content words are words of four
or more letters or digits, counted once each, without case), plus the worked example's advice slide
checked against plain pandas.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from deckread import read_deck
from deckgen.build import build
from deckgen.compose.quotes import content_words, eligible, ranked, trimmed
from deckgen.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://evil.example","click") is what we say.'

#: id, org, size, answer; content words counted by hand in the comment.
ROWS = [
    (1, 1, 1, "Nej"),                                    # one word: uninformative
    (2, 2, 2, "Vet ej"),                                 # two words: uninformative
    (3, 1, 1, "-"),                                      # no word
    (4, 1, 2, "Start small. Write the guidelines first."),  # start small write guidelines first: 5
    (5, 2, None, "start small.   write the guidelines first."),  # a repeat of 4 (case, spaces): 5
    (6, 1, 1, "Answer every question quickly, even at weekends and evenings."),  # 7
    (7, 2, 1, "Use pictures and film to get replies."),  # pictures film replies: 3
    (8, 1, 2, "Plan ahead for crisis news."),           # plan ahead crisis news: 4
    (9, 2, 2, "Keep calm and post more pictures."),     # keep calm post more pictures: 5
    (10, 1, 1, ""),                                      # no answer
    (11, 2, 1, FORMULA),                                 # hyperlink http evil example click what: 6
    (12, 2, 2, "   "),                                   # blank: no answer
]


def make_project(folder: Path, slide: dict, locale: str = "en", data: dict | None = None,
                 id_column: str = "id", rows: list = ROWS) -> Path:
    """A one-slide project over *rows* (the brand template of the example); returns its spec."""
    frame = pd.DataFrame(rows, columns=[id_column, "org", "size", "advice"])
    frame["size"] = frame["size"].astype("Int64")
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "templates" / "brand.pptx", folder / "templates" / "brand.pptx")
    frame.to_csv(folder / "responses.csv", index=False)
    codebook = {"questions": {
        "org": {"type": "single", "text": "Organisation", "labels": {1: "Agency", 2: "Council"}},
        "size": {"type": "single", "text": "Size", "labels": {1: "Small", 2: "Large"}},
        "advice": {"type": "text", "text": "What would you advise others?"},
    }}
    (folder / "questions.yaml").write_text(yaml.safe_dump(codebook, sort_keys=False))
    spec = {"deck": {"title": "Quotes", "locale": locale, "output": "out/q.pptx"},
            "data": {"responses": "responses.csv", "questions": "questions.yaml", **(data or {})},
            "slides": [slide]}
    path = folder / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return path


def quotes_of(deck: Path) -> list[tuple[str, str | None]]:
    """(quote, attribution) of each paragraph of the quotes slide's body, from the XML's runs."""
    from pptx import Presentation

    slide = Presentation(str(deck)).slides[0]
    body = [sh for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title
            and not sh._element.xpath(".//a:fld[@type='slidenum']")]
    assert len(body) == 1
    out = []
    for paragraph in body[0].text_frame.paragraphs:
        runs = [r.text for r in paragraph.runs]
        out.append((runs[0], runs[1] if len(runs) > 1 else None))
    return out


def shown_ids(deck: Path, locale: str = "en") -> list[int]:
    """Which rows a deck quotes, by matching each quote's text (trimmed answers are whole here)."""
    by_text = {" ".join(a.split()): i for i, _, _, a in ROWS if a.strip()}
    opening, closing = ("\u201c", "\u201d") if locale == "en" else ("\u201d", "\u201d")
    found = []
    for quote, _ in quotes_of(deck):
        assert quote.startswith(opening) and quote.endswith(closing)
        found.append(by_text[quote[1:-1]])
    return found


# -- selection ----------------------------------------------------------------------------------------

def test_content_words_are_distinct_words_of_four_or_more_characters():
    assert content_words("Keep calm and post more pictures.") == 5
    assert content_words("Plan plan PLAN ahead") == 2  # counted once each, without case
    assert content_words("och att det som") == 0


def test_uninformative_blank_and_repeated_answers_are_not_eligible():
    answers = [None if not a.strip() else " ".join(a.split()) for _, _, _, a in ROWS]
    everyone = np.ones(len(ROWS), dtype=bool)
    rows = eligible(answers, everyone, 3)
    assert [ROWS[r][0] for r in rows] == [4, 6, 7, 8, 9, 11]  # not 1-3 (short), 5 (repeat of 4), 10, 12 (blank)
    assert [ROWS[r][0] for r in eligible(answers, everyone, 2)] == [2, 4, 6, 7, 8, 9, 11]  # "Vet ej" has 2 words


def test_the_ranking_is_deterministic_and_a_seed_reorders_only_ties():
    answers = [None if not a.strip() else a for _, _, _, a in ROWS]
    rows = eligible(answers, np.ones(len(ROWS), dtype=bool), 3)
    orders = {tuple(ROWS[r][0] for r in ranked(answers, rows, seed)) for seed in range(20)}
    # 6 (7 words), 11 (6), then 4 and 9 (5 each) in either order, 8 (4), 7 (3)
    assert orders == {(6, 11, 4, 9, 8, 7), (6, 11, 9, 4, 8, 7)}  # both tie orders occur over the seeds
    assert ranked(answers, rows, 5) == ranked(answers, rows, 5)


def test_a_deck_shows_the_top_answers_and_is_the_same_on_every_build(tmp_path):
    spec = make_project(tmp_path / "a", {"kind": "quotes", "question": "advice", "count": 3})
    first = build(spec)
    again = build(spec, tmp_path / "again.pptx")
    assert first.output.read_bytes() == again.output.read_bytes()
    assert shown_ids(first.output)[:2] == [6, 11]
    assert shown_ids(first.output)[2] in (4, 9)  # one of the tie, chosen by the default seed


def test_an_answer_repeating_a_sentence_already_quoted_is_passed_over(tmp_path):
    # respondents echo common advice: 2 repeats the last sentence of 1 (in lower case, as typed), so the
    # slide quotes 1 and the next most informative answer, 3, and never says that sentence twice
    rows = [(1, 1, 1, "Plan the channels with great care. Answer every question the same day."),  # 9 content words
            (2, 2, 1, "moderate comments before launch. answer every question the same day."),  # 8
            (3, 1, 2, "Use pictures and film to get replies.")]  # 3
    spec = make_project(tmp_path / "a", {"kind": "quotes", "question": "advice", "count": 2}, rows=rows)
    quoted = [quote for quote, _ in quotes_of(build(spec).output)]
    assert quoted == ["\u201cPlan the channels with great care. Answer every question the same day.\u201d",
                      "\u201cUse pictures and film to get replies.\u201d"]


def test_a_filter_limits_whose_answers_are_quoted(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "filter": "org == 'Council'",
                                   "count": 8})
    result = build(spec)
    # councils: 2 (short), 5 (5 words: no longer a repeat, as 4 is outside the filter), 7 (3), 9 (5), 11 (6),
    # 12 (blank)
    ids = shown_ids(result.output)
    assert ids[0] == 11 and set(ids[1:3]) == {5, 9} and ids[3] == 7 and len(ids) == 4
    notes = read_deck(result.output)[0].notes
    assert "Base: 5 of 6 answered" in notes  # 12 is blank: 5 of the 6 councils answered
    assert "Filter: Organisation = Council" in notes


def test_pick_shows_exactly_those_respondents_in_that_order(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "pick": [7, 1, 11]})
    result = build(spec)
    assert shown_ids(result.output) == [7, 1, 11]  # a picked answer may be short: the analyst chose it


def test_an_unknown_pick_id_is_a_located_error(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "pick": [7, 99]})
    with pytest.raises(InputError) as error:
        build(spec)
    line = spec.read_text().splitlines().index("  - 99") + 1
    assert error.value.location.line == line and error.value.key == "slides.0.pick.1"
    assert "no respondent has id '99'" in error.value.message


def test_pick_without_an_id_column_asks_for_data_id(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "pick": [7]}, id_column="case")
    with pytest.raises(InputError, match="name the id column with data.id"):
        build(spec)
    spec = make_project(tmp_path / "named", {"kind": "quotes", "question": "advice", "pick": [7]},
                        data={"id": "case"}, id_column="case")
    assert shown_ids(build(spec).output) == [7]


# -- trimming ----------------------------------------------------------------------------------------

def test_trimming_keeps_whole_sentences_that_fit():
    assert trimmed("One two three. Four five six.", 20) == "One two three."
    assert trimmed("One two three. Four five six.", 29) == "One two three. Four five six."  # fits whole
    assert trimmed("Use it, t.ex. daily. More here.", 22) == "Use it, t.ex. daily."  # "t.ex. daily" goes on


def test_a_long_first_sentence_is_cut_at_a_word_and_ends_in_an_ellipsis():
    text = "Alpha beta gamma delta epsilon."
    cut = trimmed(text, 20)
    assert cut == "Alpha beta gamma\u2026" and len(cut) <= 20
    assert trimmed("Alpha beta, gamma delta epsilon", 14) == "Alpha beta\u2026"  # no comma before the ellipsis
    for limit in range(6, 31):  # never mid-word, never over the limit
        cut = trimmed(text, limit)
        kept = cut.rstrip("\u2026")
        assert len(cut) <= limit and text.startswith(kept) and text[len(kept)] in " ,."
    assert trimmed("Supercalifragilistic words", 10) is None  # its first word alone is too long


# -- attribution, quotation marks, hostile text ----------------------------------------------------------

def test_each_quote_is_attributed_by_its_segments_in_the_locales_marks(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "pick": [6, 5],
                                   "attribution": ["org", "size"]}, locale="sv")
    quotes = quotes_of(build(spec).output)
    assert quotes == [("\u201dAnswer every question quickly, even at weekends and evenings.\u201d",
                       "\u2014 Agency, Small"),
                      ("\u201dstart small. write the guidelines first.\u201d", "\u2014 Council")]  # 5 has no size


def test_a_formula_like_answer_stays_plain_text(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "pick": [11]})
    deck = build(spec).output
    assert quotes_of(deck) == [(f"\u201c{FORMULA}\u201d", None)]
    import zipfile
    with zipfile.ZipFile(deck) as package:
        slide = package.read("ppt/slides/slide1.xml").decode()
        rels = package.read("ppt/slides/_rels/slide1.xml.rels").decode()
    assert "hlinkClick" not in slide and "evil.example" not in rels
    assert slide.count("<a:fld") == 1 and 'type="slidenum"' in slide  # the slide number is the one field


# -- refusals ---------------------------------------------------------------------------------------------

def _line_of(spec: Path, text: str) -> int:
    return spec.read_text().splitlines().index(text) + 1


def test_a_non_text_question_on_a_quotes_slide_is_refused_at_its_line(tmp_path):
    spec = make_project(tmp_path, {"kind": "quotes", "question": "org"})
    with pytest.raises(InputError) as error:
        build(spec)
    assert error.value.location.line == _line_of(spec, "  question: org")
    assert error.value.key == "slides.0.question"
    assert "text question (type: text), and 'org' is single; expected one of 'advice'" in error.value.message


@pytest.mark.parametrize("slide, key, use", [
    ({"kind": "chart", "question": "advice"}, "question", "has no answers to count"),
    ({"kind": "chart", "question": "org", "by": "advice"}, "by", "has no segments to break down by"),
    ({"kind": "bullets", "title": "T", "bullets": ["{{ pct('advice', 'x') }}"]}, "bullets", "no answers to count"),
    ({"kind": "chart", "question": "org", "filter": "advice == 'x'"}, "filter", "a filter cannot compare it"),
])
def test_a_text_question_where_numbers_are_needed_is_refused(tmp_path, slide, key, use):
    spec = make_project(tmp_path, slide)
    with pytest.raises(InputError) as error:
        build(spec)
    assert error.value.key.startswith(f"slides.0.{key}")
    assert "'advice' is a text question (free text)" in error.value.message and use in error.value.message
    assert "show it with kind: quotes" in error.value.message


def test_a_filter_may_ask_who_answered_a_text_question(tmp_path):
    spec = make_project(tmp_path, {"kind": "chart", "question": "org", "filter": "advice is not missing"})
    notes = read_deck(build(spec).output)[0].notes
    assert "n=10" in notes  # 12 respondents, 10 and 12 blank


# -- the worked example --------------------------------------------------------------------------------

def test_the_example_quotes_the_advice_of_organisations_using_social_media(example_deck, responses):
    slides = read_deck(example_deck)
    titles = [s.title for s in slides]
    at = titles.index("Sammanfattning")
    quotes = slides[at + 1]
    assert quotes.title.startswith("Råd från de aktiva organisationerna")
    users = responses[responses.uses_social == 1]
    answered = users.advice.fillna("").str.strip().ne("").sum()
    assert answered > 50  # the data has advice to quote
    assert f"Bas: {answered} av {len(users)} har svarat" in quotes.notes
    said = {" ".join(str(a).split()) for a in users.advice.dropna()}
    body = [t for t in quotes.texts if t != quotes.title][0]
    shown = [p.split("\v")[0] for p in body.split("\n")]
    assert len(shown) == 4
    for quote in shown:
        assert quote.startswith("\u201d") and quote.endswith("\u201d")
        assert quote[1:-1] in said  # verbatim answers of users (none needed trimming at 200 characters)


def test_watch_re_renders_a_quotes_slide_when_its_question_or_data_change(tmp_path):
    from deckgen.spec import load_project
    from deckgen.watch import slide_fingerprints

    spec = make_project(tmp_path, {"kind": "quotes", "question": "advice", "attribution": ["org"]})
    spec.write_text(spec.read_text().replace("slides:\n", "slides:\n- kind: section\n  title: Plain\n"))

    def prints():
        project = load_project(spec)
        return slide_fingerprints(project, build(spec, write=False, project=project).queries)

    before = prints()
    book = tmp_path / "questions.yaml"
    book.write_text(book.read_text().replace("text: Organisation", "text: Organisation type"))
    after = prints()
    assert before[0] == after[0] and before[1] != after[1]  # the attributing question changed: the quotes only
    data = tmp_path / "responses.csv"
    data.write_text(data.read_text().replace("Plan ahead", "Plan well ahead"))
    assert prints()[1] != after[1]
