"""Texts per locale: one spec and one codebook, a deck in each language.

The spec and codebook are written in one language (``deck.locale``). A deck in another
(``--locale en``) takes each text from ``translations/en.yaml`` beside the spec, which maps each text as
written to its translation, or from the text itself when it is written per locale, ``{sv: Ja, en: Yes}``.
The locale is resolved when the YAML is loaded (:func:`localize`), so every later stage sees the plain
strings of one language and needs to know nothing of this.

The file is keyed by the text rather than by its place: a translation keyed by place
(``slides.4.headline``) shows the wrong text once a slide is inserted, silently; keyed by the text, an
edited original is a missing translation (a warning at its line) and its old entry an unused one (a
warning at the file's line). The spec and codebook stay as they are. Only texts a reader sees are
looked up (:data:`SPEC_TEXTS`, :data:`CODEBOOK_TEXTS`); strings that name labels (a filter) are
translated when the file has them, like the labels they name.

A mapping is a text per locale when every key looks like a language code and one of them is a
locale deckgen writes (:data:`LOCALES`); then a key that is none of them is an error (``de``, ``en-GB``),
not a text silently never shown. Mappings whose keys are names (``labels``, ``options``, ``items``,
``nets``, ``values``, ...) are never read so, so an option column called ``sv`` keeps its meaning; their
values may be texts per locale.

A text missing in the deck's language is a warning, and the spec's own language stands in: a deck
with one Swedish sentence is still a deck, and the warning says where the translation is missing. A
text per locale without the spec's own language is an error: there is nothing to fall back to. A
language given as nothing (``sv: null``) is deliberately nothing in that language.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, did_you_mean, one_of, quote
from .models import Deck, Locale
from .yamlsource import YamlDoc, load_yaml

#: The languages deckgen writes a deck in (number formats, fixed words, phrases).
LOCALES: tuple[str, ...] = typing.get_args(Locale)

#: What a key of a text per locale looks like: a language code, perhaps with a region (``en-GB``).
_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z]{2,4})?$")

#: Keys whose mappings are names (answer codes, option columns, value names), never a text per locale.
_NAMES = frozenset({"labels", "options", "items", "nets", "shorts", "questions", "targets", "values", "layouts"})


@dataclass(frozen=True)
class Localized:
    """A document in one language, and a warning for each text that was missing in it."""

    doc: YamlDoc
    warnings: tuple[str, ...] = ()


def spec_locale(doc: YamlDoc) -> str:
    """The spec's own language: its ``deck.locale`` (default as :class:`Deck` has it), the language every
    text is written in and the one a missing translation falls back to."""
    deck = doc.data.get("deck") if isinstance(doc.data, dict) else None
    given = deck.get("locale", Deck.model_fields["locale"].default) if isinstance(deck, dict) else None
    if given is None:
        return Deck.model_fields["locale"].default
    return check_locale(given, doc.where(("deck", "locale")), "deck.locale")


def check_locale(locale, where, key: str) -> str:
    """*locale* if deckgen writes decks in it, else a located error."""
    if locale not in LOCALES:
        raise InputError(f"unknown locale {quote(locale)}{did_you_mean(str(locale), LOCALES)}; "
                         f"{one_of(LOCALES)}", where, key)
    return locale


def is_localized(value) -> bool:
    """Whether *value* is a text per locale: a mapping of language codes to texts, one of them a locale
    deckgen writes (``{max: 60}`` has a code-like key and no locale: it is no text)."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and _CODE.match(k) for k in value)
            and any(k in LOCALES for k in value)
            and all(v is None or isinstance(v, (str, int, float)) for v in value.values()))


#: Where the texts a reader sees stand, in the spec and in the codebook (``*``: any key or index). Only
#: these are looked up in a translation file, and only these are missing when it has no entry.
SPEC_TEXTS = (("deck", "title"), ("deck", "subtitle"), ("deck", "source"), ("values", "*"),
              ("slides", "*", "title"), ("slides", "*", "subtitle"), ("slides", "*", "headline"),
              ("slides", "*", "base"), ("slides", "*", "notes"), ("slides", "*", "bullets", "*"))
CODEBOOK_TEXTS = (("questions", "*", "text"), ("questions", "*", "short"), ("questions", "*", "top2"),
                  ("questions", "*", "bottom2"),
                  *(("questions", "*", field, "*") + tail for field in ("labels", "options", "items")
                    for tail in ((), ("text",), ("short",))))
#: Strings that name labels (a filter, a grid's statement or answer, a role, a NET's members): translated
#: when the file has them, as the labels they name are, and else left as written (``org_type == 1``).
SPEC_NAMES = (("slides", "*", "filter"), ("slides", "*", "item"), ("slides", "*", "answer"))
CODEBOOK_NAMES = (("questions", "*", "dont_know", "*"), ("questions", "*", "residual", "*"),
                  ("questions", "*", "nets", "*", "*"), ("questions", "*", "asked"))
#: Words that are settings, not texts, where a text may stand (``headline: auto``, a summary's ``auto``).
_SETTINGS = frozenset({"auto"})


def _matches(path: tuple, patterns) -> bool:
    return any(len(path) == len(p) and all(q == "*" or q == k for q, k in zip(p, path)) for p in patterns)


@dataclass
class Translations:
    """A translation file (``translations/en.yaml`` beside the spec): each text of the spec's own language
    -> its translation. Keyed by the text itself, so an edited original is a missing translation (a
    warning at its line), never a stale one shown."""

    locale: str
    doc: YamlDoc
    used: set = field(default_factory=set)

    def get(self, text: str) -> str | None:
        found = self.doc.data.get(text)
        if found is not None:
            self.used.add(text)
        return found

    def unused(self) -> list[str]:
        """A warning for each entry no text asked for: its original was edited or removed."""
        return [f"{self.doc.where((text,)).file}:{self.doc.where((text,)).line}: {quote(text, 50)}: no text of the "
                f"spec or codebook reads so (edited or removed?); correct or remove this translation"
                for text in self.doc.data if text not in self.used]


def translations_path(folder: Path, locale: str) -> Path:
    """Where the texts of *locale* are: ``translations/<locale>.yaml`` in *folder* (the spec's)."""
    return folder / "translations" / f"{locale}.yaml"


def load_translations(folder: Path, locale: str, source: str) -> Translations | None:
    """``translations/<locale>.yaml`` in *folder* (the spec's), when the deck is in another language than
    the spec's own and the file exists: a mapping of texts to texts, else a located error."""
    path = translations_path(folder, locale)
    if locale == source or not path.is_file():
        return None
    doc = load_yaml(path)
    if doc.data is None:
        doc = YamlDoc(doc.file, {}, doc.positions)
    if not isinstance(doc.data, dict):
        raise InputError("a translation file maps each text to its translation ('Ja: \"Yes\"')", doc.where(()))
    for text, translated in doc.data.items():
        if not isinstance(text, str) or not isinstance(translated, str) or not translated.strip():
            raise InputError(f"{quote(text)}: a translation is a text, and so is what it translates (quote "
                             f"numbers and words like Yes and No)", doc.where((text,)))
    return Translations(locale, doc)


def localize(doc: YamlDoc, locale: str, source: str, table: Translations | None = None,
             texts=(), names=()) -> Localized:
    """*doc* with every text per locale replaced by its *locale* text (or, missing, its *source* text).

    The chosen text takes the position of its own line (``en:``), so an error in it points there. In a
    deck of another language than *source*, a plain string where *texts* (patterns of paths) says a text
    stands is looked up in *table*; one it lacks is a warning, and shown as written. Strings where *names*
    says a label is named are translated when *table* has them.
    """
    positions = dict(doc.positions)
    warnings: list[str] = []
    foreign = locale != source

    def walk(value, path: tuple, names_here: bool):
        if not names_here and is_localized(value):
            return pick(value, path)
        if isinstance(value, dict):
            if foreign and table is not None and _matches(path + ("*",), (("questions", "*", "nets", "*"),)):
                value = {rename(k, path): v for k, v in value.items()}  # a NET's name is a text
            return {k: walk(v, path + (k,), k in _NAMES and not names_here) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path + (i,), False) for i, v in enumerate(value)]
        if foreign and isinstance(value, str):
            return look_up(value, path)
        return value

    def rename(name, path: tuple):
        new = look_up(name, path + (name,)) if isinstance(name, str) else name
        if new != name and path + (name,) in positions:
            positions[path + (new,)] = positions[path + (name,)]
        return new

    def look_up(text: str, path: tuple) -> str:
        is_text = _matches(path, texts) or (names is CODEBOOK_NAMES and _matches(path, (("questions", "*", "nets", "*"),)))
        if not (is_text or _matches(path, names)) or text in _SETTINGS or not text.strip():
            return text
        found = table.get(text) if table is not None else None
        if found is None and is_text:
            missing(path, f"add it to translations/{locale}.yaml, or write {{{source}: ..., {locale}: ...}}")
        return text if found is None else found

    def missing(path: tuple, fix: str) -> None:
        at = doc.where(path)
        warnings.append(f"{at.file}:{at.line}: {'.'.join(map(str, path))}: no {quote(locale)} text, so the "
                        f"{quote(source)} text is shown; {fix}")

    def pick(texts_: dict, path: tuple):
        key = ".".join(map(str, path))
        for code in texts_:
            if code not in LOCALES:
                raise InputError(f"unknown locale {quote(code)} in a text per locale{did_you_mean(code, LOCALES)}; "
                                 f"{one_of(LOCALES)}", doc.where(path + (code,)), key)
        if source not in texts_:  # in every build: a spec is whole in its own language
            raise InputError(f"no {quote(source)} text: the spec's own language (deck.locale) is what every "
                             f"text falls back to; add '{source}: ...'", doc.where(path), key)
        if locale in texts_:
            chosen = locale
        else:
            chosen = source
            missing(path, f"add '{locale}: ...' to translate it")
        if path + (chosen,) in positions:
            positions[path] = positions[path + (chosen,)]
        return texts_[chosen]

    data = walk(doc.data, (), False)
    return Localized(YamlDoc(doc.file, data, positions), tuple(warnings))


def in_locale(doc: YamlDoc, locale: str) -> YamlDoc:
    """The spec *doc* with its ``deck.locale`` set to *locale*: the language every later stage writes in."""
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("deck"), dict):
        data = {**data, "deck": {**data["deck"], "locale": locale}}
    return YamlDoc(doc.file, data, doc.positions)


#: What :func:`localized_schema` lets a text be written as, for editors checking ``slides.yaml``.
TEXT_PER_LOCALE = {
    "type": "object",
    "description": "A text per locale, e.g. {sv: Ja, en: \"Yes\"}: the deck shows its locale's text (deckgen build "
                   "--locale en), else the spec's own (deck.locale), with a warning. null: nothing in that language.",
    "propertyNames": {"enum": list(LOCALES)},
    "additionalProperties": {"type": ["string", "number", "null"]},
    "minProperties": 1,
}

_STRING_KEYS = ("type", "minLength", "maxLength", "pattern")


def localized_schema(schema: dict) -> dict:
    """*schema* (the spec's JSON Schema) with every free text (a plain string: no choice of words, no
    constant) also allowed as a text per locale, as :func:`localize` reads it."""
    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {k: walk(v) if k not in ("enum", "const", "default", "examples") else v for k, v in node.items()}
        if node.get("type") == "string" and not {"enum", "const", "format"} & node.keys():
            text = {k: node.pop(k) for k in _STRING_KEYS if k in node}
            node["anyOf"] = [text, {"$ref": "#/$defs/TextPerLocale"}]
        if "anyOf" in node:  # an optional text: one list of choices, not a choice of lists
            node["anyOf"] = [part for choice in node["anyOf"]
                             for part in (choice["anyOf"] if choice.keys() == {"anyOf"} else [choice])]
        return node

    out = walk(schema)
    out.setdefault("$defs", {})["TextPerLocale"] = TEXT_PER_LOCALE
    return out
