"""One spec, two languages: the example builds in Swedish (its own) and English (``--locale en``).

The English deck is read back part by part (slide texts, notes, alt text, chart XML, the charts' embedded
workbooks, the file properties) and searched for Swedish, with a vocabulary built here from the Swedish
texts of the spec and codebook that are not English words as well, the fixed Swedish words and phrases,
and å/ä/ö. The verbatim quotes are the one Swedish left on purpose (shown as written, and said so), so
text that is part of a respondent's answer is left out of the search.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import ROOT, copy_project
from deckgen.build import build
from deckgen.errors import InputError
from deckgen.spec.locales import localize
from deckgen.spec.yamlsource import parse_yaml

SPEC, CODEBOOK = ROOT / "slides.yaml", ROOT / "data" / "questions.yaml"
TRANSLATIONS = ROOT / "translations" / "en.yaml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
WORD = re.compile(r"[^\W\d_]+")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[a-z_]+\}", re.S)  # template code and phrase placeholders


#: The keys under which the example's spec and codebook hold texts a reader sees (not settings or names).
TEXT_KEYS = {"title", "subtitle", "source", "bullets", "base", "headline", "text", "short", "labels", "options",
             "items"}


def _texts(node, under_text: bool = False):
    """Every text of the example's spec or codebook, as written (in Swedish)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, under_text or key in TEXT_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, under_text)
    elif isinstance(node, str) and under_text and node != "auto":
        yield node


def _words(texts) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(TEMPLATE.sub(" ", text)) if len(w) > 1}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> dict:
    """The example built in its own language and with --locale en, each to the file it names itself."""
    spec = copy_project(tmp_path_factory.mktemp("locales"))
    shutil.copytree(ROOT / "translations", spec.parent / "translations")
    return {"sv": build(spec), "en": build(spec, locale="en"), "spec": spec}


def test_each_language_is_written_to_its_own_file(both):
    assert both["sv"].output == both["spec"].parent / "out" / "sociala-medier-2010.pptx"
    assert both["en"].output == both["spec"].parent / "out" / "sociala-medier-2010.en.pptx"
    assert both["sv"].output.exists() and both["en"].output.exists()
    assert both["sv"].slides == both["en"].slides == 11
    assert not [w for w in both["en"].warnings if "no 'en' text" in w or "translation" in w]  # all translated


def test_the_swedish_deck_is_the_deck_without_translations(both, tmp_path):
    """A translation changes nothing for the spec's own language: the same bytes without any."""
    spec = copy_project(tmp_path)
    assert not (spec.parent / "translations").exists()
    alone = build(spec, tmp_path / "alone.pptx")
    assert alone.output.read_bytes() == both["sv"].output.read_bytes()
    assert [w for w in build(spec, tmp_path / "en.pptx", locale="en").warnings if "no 'en' text" in w]


def _verbatims() -> list[str]:
    with (ROOT / "data" / "responses.csv").open(encoding="utf-8") as f:
        return [" ".join(row["advice"].split()) for row in csv.DictReader(f) if row["advice"].strip()]


def _deck_strings(path: Path) -> list[tuple[str, str]]:
    """Every string a reader or an editor meets in the deck, with the part it is in: text runs, alt text,
    chart text and number formats, embedded workbook cells, file properties."""
    found = []
    with zipfile.ZipFile(path) as deck:
        for name in deck.namelist():
            data = deck.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    for inner in book.namelist():
                        if inner.endswith(".xml"):
                            root = etree.fromstring(book.read(inner))
                            found += [(f"{name}:{inner}", t) for t in root.itertext() if t.strip()]
                continue
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(data)
            if name.startswith("docProps/"):
                found += [(name, t) for t in root.itertext() if t.strip()]
            for el in root.iter(f"{A}t", f"{C}v"):
                if el.text:
                    found.append((name, el.text))
            for el in root.iter(f"{C}numFmt", f"{C}formatCode"):
                found.append((name, el.get("formatCode") or el.text or ""))
            for el in root.iter(f"{P}cNvPr"):
                found += [(name, el.get(attr)) for attr in ("descr", "title", "name") if el.get(attr)]
    return found


def _without_quotes(text: str, verbatims: list[str]) -> str:
    """*text* with every quotation mark pair around part of a respondent's answer taken out."""
    def keep(match):
        inner = " ".join(match.group(1).strip("…").split())
        return " " if inner and any(inner in answer for answer in verbatims) else match.group(0)

    text = re.sub(r"[\u201c\u201d\"]([^\u201c\u201d\"]+)[\u201d\"]", keep, text)
    plain = " ".join(text.strip("…").split())
    return "" if plain and any(plain in answer for answer in verbatims) else text


def test_no_swedish_is_left_in_the_english_deck(both):
    from deckgen.text import words

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    book = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    translated = yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8"))
    phrases = {lang: yaml.safe_load((ROOT / "src/deckgen/text/phrases" / f"{lang}.yaml").read_text(encoding="utf-8"))
               for lang in ("sv", "en")}
    english = (_words(translated.values()) | _words(words.WORDS["en"].values())
               | _words(str(v) for v in phrases["en"].values()))
    swedish = (_words(_texts([spec, book])) | _words(words.WORDS["sv"].values())
               | _words(str(v) for v in phrases["sv"].values())
               | {"drygt", "knappt", "cirka", "omkring", "hälften", "tredje", "fjärde", "majoritet"})
    swedish -= english  # Facebook, IPSOS, Organisation, Median: the same in both
    assert {"kommun", "landsting", "ja", "bas", "källa", "och", "av", "bloggar"} <= swedish  # the search can find

    verbatims = _verbatims()
    strings = _deck_strings(both["en"].output)
    assert len(strings) > 300
    left = []
    for part, text in strings:
        rest = _without_quotes(text, verbatims)
        hits = {w for w in WORD.findall(rest) if w.lower() in swedish} | set(re.findall(r"[åäöÅÄÖ]", rest))
        if hits:
            left.append((part, sorted(hits), text[:80]))
    assert left == []

    # the same search finds the Swedish deck Swedish, and its quotes are there to be left out
    swedish_deck = [(p, t) for p, t in _deck_strings(both["sv"].output)
                    if {w for w in WORD.findall(_without_quotes(t, verbatims)) if w.lower() in swedish}]
    assert len(swedish_deck) > 100
    quoted = [t for _, t in strings if _without_quotes(t, verbatims) != t]
    assert len(quoted) >= 4  # four quotes on the slide (and again in its notes)


def test_the_english_deck_writes_numbers_and_words_in_english(both):
    strings = [t for _, t in _deck_strings(both["en"].output)]
    joined = "\n".join(strings)
    assert not re.search(r"\d[ \u00a0]%", joined)  # 62%, never 62 %
    assert not re.search(r"\d,\d{1,2}(?!\d)", joined)  # no decimal comma (a thousands comma is 15,000)
    formats = [t for t in strings if "0" in t and ("%" in t or "#" in t)]
    assert formats and all("\u00a0%" not in f and " %" not in f for f in formats)
    assert "Base: " in joined and "Source: IPSOS, November 2010" in joined and "Question: " in joined
    assert "n=223" in joined and "Municipality n=207" in joined  # the segments by their English labels
    with zipfile.ZipFile(both["en"].output) as deck:
        slides = "".join(deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/slides/slide"))
        langs = set(re.findall(r'lang="([^"]+)"', slides))
    assert langs == {"en-GB"}
    with zipfile.ZipFile(both["sv"].output) as deck:
        slides = "".join(deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/slides/slide"))
    assert set(re.findall(r'lang="([^"]+)"', slides)) == {"sv-SE"}


def test_the_quotes_are_shown_as_written_and_the_english_deck_says_so(both):
    from deckread import read_deck

    slide = read_deck(both["en"].output)[2]
    assert "quoted in Swedish as written" in slide.title
    body = "\n".join(slide.texts)
    assert "\u2014 Municipality" in body  # attributed in English
    shown = re.findall(r"\u201c([^\u201d]+)\u201d", body)
    verbatims = _verbatims()
    assert len(shown) == 4 and all(any(q.strip("…") in a for a in verbatims) for q in shown)


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    assert len(found) == 1, found
    return found[0]


def _with_translations(tmp_path: Path) -> Path:
    spec = copy_project(tmp_path)
    shutil.copytree(ROOT / "translations", spec.parent / "translations")
    return spec


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_missing_translation_is_a_warning_at_its_line_and_the_swedish_stands_in(tmp_path):
    spec = _with_translations(tmp_path)
    codebook, table = spec.parent / "data" / "questions.yaml", spec.parent / "translations" / "en.yaml"
    _replace(table, '"Bloggar":\n  "Blogs"\n', "")  # the codebook's two labels 'Bloggar'
    _replace(table, '"de som använder respektive medium":\n  "those who use each medium"\n', "")
    _replace(spec, "title: Metod och målgrupp", "title: Metod och urval")  # edited after it was translated
    _replace(codebook, "text: Intervjuform", "text: {sv: Intervjuform}")  # a text per locale without English
    lines = {what: _line_of(path, needle) for what, path, needle in (
        ("base", spec, "base: de som använder respektive medium"), ("title", spec, "title: Metod och urval"),
        ("media", codebook, "media_blog: Bloggar"), ("comm", codebook, "comm_blog: Bloggar"),
        ("mode", codebook, "text: {sv: Intervjuform}"), ("stale", table, '"Metod och målgrupp":'),
        ("inline", table, '"Intervjuform":'))}

    result = build(spec, tmp_path / "en.pptx", locale="en")
    said = [w for w in result.warnings if "'en' text" in w or "translation" in w]
    assert said == [
        f"{spec}:{lines['title']}: slides.3.title: no 'en' text, so the 'sv' text is shown; add it to "
        "translations/en.yaml, or write {sv: ..., en: ...}",
        f"{spec}:{lines['base']}: slides.8.base: no 'en' text, so the 'sv' text is shown; add it to "
        "translations/en.yaml, or write {sv: ..., en: ...}",
        f"{codebook}:{lines['mode']}: questions.mode.text: no 'en' text, so the 'sv' text is shown; add 'en: ...' "
        "to translate it",
        f"{codebook}:{lines['media']}: questions.media.options.media_blog: no 'en' text, so the 'sv' text is shown; "
        "add it to translations/en.yaml, or write {sv: ..., en: ...}",
        f"{codebook}:{lines['comm']}: questions.comm.items.comm_blog: no 'en' text, so the 'sv' text is shown; "
        "add it to translations/en.yaml, or write {sv: ..., en: ...}",
        f"{table}:{lines['stale']}: 'Metod och målgrupp': no text of the spec or codebook reads so (edited or "
        "removed?); correct or remove this translation",
        f"{table}:{lines['inline']}: 'Intervjuform': no text of the spec or codebook reads so (edited or "
        "removed?); correct or remove this translation"]  # the text per locale is read, not the file

    from deckread import read_deck

    slides = read_deck(result.output)
    assert slides[3].title == "Metod och urval"
    assert "Bloggar" in slides[5].charts[0].categories and "Blogs" not in slides[5].charts[0].categories
    assert "Base: de som använder respektive medium" in "\n".join(slides[8].texts)
    assert "Facebook" in slides[8].charts[0].categories and "Bloggar" in slides[8].charts[0].categories
    # in Swedish nothing is missing, and the translation file is not read
    assert not [w for w in build(spec, tmp_path / "sv.pptx").warnings if "'en'" in w or "translation" in w]


def test_a_translation_file_that_is_not_texts_is_a_located_error(tmp_path):
    spec = _with_translations(tmp_path)
    table = spec.parent / "translations" / "en.yaml"
    _replace(table, '"Nej":\n  "No"', '"Nej":\n  No')  # YAML reads an unquoted No as false
    with pytest.raises(InputError) as caught:
        build(spec, tmp_path / "en.pptx", locale="en")
    assert caught.value.location.file == str(table) and caught.value.location.line == _line_of(table, '"Nej":')
    assert "quote numbers and words like Yes and No" in caught.value.message
    build(spec, tmp_path / "sv.pptx")  # the Swedish deck does not read it


def _cli(args, cwd):
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_an_unknown_locale_is_a_located_error(tmp_path):
    spec = copy_project(tmp_path)
    codebook = spec.parent / "data" / "questions.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace('      1: Ja\n', '      1: {sv: Ja, de: "Ja"}\n'), encoding="utf-8")
    line = _line_of(codebook, '1: {sv: Ja, de: "Ja"}')
    column = codebook.read_text(encoding="utf-8").splitlines()[line - 1].index("de:") + 1
    run = _cli(["build", "--locale", "en"], tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == [
        f"error: {Path('data') / 'questions.yaml'}:{line}:{column}: questions.uses_social.labels.1: unknown locale "
        "'de' in a text per locale; expected one of 'sv', 'en'"]
    assert not (tmp_path / "out").exists()

    run = _cli(["validate", "--locale", "fr"], tmp_path)
    assert run.returncode == 2 and run.stderr.startswith("error: --locale: unknown locale 'fr'"), run.stderr


def test_a_text_without_the_specs_own_language_is_an_error(tmp_path):
    spec = copy_project(tmp_path)
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("title: Metod och målgrupp", "title: {en: Method and target group}"),
                    encoding="utf-8")
    line = _line_of(spec, "title: {en: Method and target group}")
    with pytest.raises(InputError) as caught:
        build(spec, tmp_path / "en.pptx", locale="en")  # even where the English is there: sv has no fallback
    assert caught.value.location.line == line and caught.value.key == "slides.3.title"
    assert "no 'sv' text" in caught.value.message


def test_what_is_read_as_a_text_per_locale():
    text = ("deck: {title: {sv: Titel, en: Title}, locale: sv, axis: {max: 60}}\n"
            "questions:\n"
            "  lang:\n"
            "    options: {sv: {sv: Svenska, en: Swedish}, en: Engelska}\n"
            "  nums: {text: {sv: Tal, en: Number}, label: {en: 5, sv: 6}}\n")
    doc = parse_yaml(text, "t.yaml")

    def doc_text_column(needle: str) -> int:
        return text.splitlines()[0].index(needle) + 1

    en = localize(doc, "en", "sv")
    assert en.doc.data["deck"] == {"title": "Title", "locale": "sv", "axis": {"max": 60}}  # {max: 60}: no locale
    # option columns named sv and en are names, not languages; their labels may be texts per locale
    assert en.doc.data["questions"]["lang"]["options"] == {"sv": "Swedish", "en": "Engelska"}
    assert en.doc.data["questions"]["nums"] == {"text": "Number", "label": 5}
    assert en.warnings == ()
    assert en.doc.where(("deck", "title")).column == doc_text_column("en: Title")  # the chosen text's own place
    sv = localize(doc, "sv", "sv")
    assert sv.doc.data["deck"]["title"] == "Titel" and sv.doc.data["questions"]["nums"]["label"] == 6
