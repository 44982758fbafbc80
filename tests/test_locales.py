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
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
WORD = re.compile(r"[^\W\d_]+")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[a-z_]+\}", re.S)  # template code and phrase placeholders


def _texts(node, lang: str):
    """The *lang* texts of a spec or codebook as the YAML holds them: the values of ``{sv: ..., en: ...}``."""
    if isinstance(node, dict):
        if set(node) == {"sv", "en"}:
            if isinstance(node[lang], str):
                yield node[lang]
            return
        for value in node.values():
            yield from _texts(value, lang)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, lang)


def _words(texts) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(TEMPLATE.sub(" ", text)) if len(w) > 1}


def _swedish_only(node):
    """The spec or codebook as it would be written in Swedish alone."""
    if isinstance(node, dict):
        if set(node) == {"sv", "en"}:
            return node["sv"]
        return {key: _swedish_only(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_swedish_only(value) for value in node]
    return node


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> dict:
    """The example built in its own language and with --locale en, each to the file it names itself."""
    spec = copy_project(tmp_path_factory.mktemp("locales"))
    return {"sv": build(spec), "en": build(spec, locale="en"), "spec": spec}


def test_each_language_is_written_to_its_own_file(both):
    assert both["sv"].output == both["spec"].parent / "out" / "sociala-medier-2010.pptx"
    assert both["en"].output == both["spec"].parent / "out" / "sociala-medier-2010.en.pptx"
    assert both["sv"].output.exists() and both["en"].output.exists()
    assert both["sv"].slides == both["en"].slides == 11
    assert not [w for w in both["en"].warnings if "no 'en' text" in w]  # every text of the example is translated


def test_the_swedish_deck_is_the_deck_of_the_swedish_texts_alone(both, tmp_path):
    """Texts per locale change nothing for the spec's own language: the same bytes as a spec written
    in Swedish alone."""
    spec = copy_project(tmp_path)
    for path in (spec, spec.parent / "data" / "questions.yaml"):
        plain = _swedish_only(yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "en:" not in spec.read_text(encoding="utf-8")
    alone = build(spec, tmp_path / "alone.pptx")
    assert alone.output.read_bytes() == both["sv"].output.read_bytes()


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
    phrases = {lang: yaml.safe_load((ROOT / "src/deckgen/text/phrases" / f"{lang}.yaml").read_text(encoding="utf-8"))
               for lang in ("sv", "en")}
    english = (_words(_texts([spec, book], "en")) | _words(words.WORDS["en"].values())
               | _words(str(v) for v in phrases["en"].values()))
    swedish = (_words(_texts([spec, book], "sv")) | _words(words.WORDS["sv"].values())
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
    assert "quoted in Swedish" in slide.title and "shown as they wrote them, in Swedish" in slide.notes
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


def test_a_missing_translation_is_a_warning_at_its_line_and_the_swedish_stands_in(tmp_path):
    spec = copy_project(tmp_path)
    codebook = spec.parent / "data" / "questions.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("media_blog: {sv: Bloggar, en: Blogs}", "media_blog: {sv: Bloggar}"),
                        encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("base: {sv: de som använder respektive medium, en: those who use each medium}",
                                 "base: {sv: de som använder respektive medium}"), encoding="utf-8")
    label_line = _line_of(codebook, "media_blog: {sv: Bloggar}")
    base_line = _line_of(spec, "base: {sv: de som använder respektive medium}")

    result = build(spec, tmp_path / "en.pptx", locale="en")
    missing = [w for w in result.warnings if "no 'en' text" in w]
    assert len(missing) == 2, result.warnings
    assert missing[0].startswith(f"{spec}:{base_line}: ") and "slides.8.base" in missing[0]
    assert missing[1].startswith(f"{codebook}:{label_line}: ") and "questions.media.options.media_blog" in missing[1]
    assert all("'sv' text is shown" in w and "add 'en: ...'" in w for w in missing)

    from deckread import read_deck

    slides = read_deck(result.output)
    media, comm = slides[5], slides[8]
    assert "Bloggar" in media.charts[0].categories and "Blogs" not in media.charts[0].categories
    assert "Base: de som använder respektive medium" in "\n".join(comm.texts)
    assert "Blogs" in comm.charts[0].categories  # the grid's own item, translated: only the option was not
    # in Swedish nothing is missing
    assert not [w for w in build(spec, tmp_path / "sv.pptx").warnings if "text" in w and "'en'" in w]


def _cli(args, cwd):
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_an_unknown_locale_is_a_located_error(tmp_path):
    spec = copy_project(tmp_path)
    codebook = spec.parent / "data" / "questions.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace('1: {sv: Ja, en: "Yes"}', '1: {sv: Ja, de: "Ja"}'), encoding="utf-8")
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
    spec.write_text(text.replace("title: {sv: Metod och målgrupp, en: Method and target group}",
                                 "title: {en: Method and target group}"), encoding="utf-8")
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
