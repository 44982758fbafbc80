"""Texts per locale: one spec and one codebook, a deck in each language.

A text the reader sees may be written once per language, ``{sv: Ja, en: Yes}``, wherever a text may
stand: titles, headlines, bullets, notes, base texts, question texts and shorts, labels, ``values``.
The locale is chosen when the YAML is loaded (:func:`localize`), so every later stage sees the plain
strings of one language and needs to know nothing of this.

The texts stand beside each other in the spec rather than in a translation file per locale: a
translation keyed by position (``slides.4.headline``) goes stale when a slide is inserted, and one
keyed by the source text when a word of it is edited, both silently. Beside each other, a
translation moves and is edited with its text, and its line is the line an error names.

A mapping is a text per locale when every key looks like a language code and one of them is a
locale deckgen writes (:data:`LOCALES`); then a key that is none of them is an error (``de``, ``en-GB``),
not a text silently never shown. Mappings whose keys are names (``labels``, ``options``, ``items``,
``nets``, ``values``, ...) are never read so, so an option column called ``sv`` keeps its meaning; their
values may be texts per locale.

A text per locale without the deck's language is a warning, and the spec's own language
(``deck.locale``) stands in: a deck with one Swedish sentence is still a deck, and the warning says
where the translation is missing. A text without the spec's own language is an error: there is
nothing to fall back to. A language given as nothing (``sv: null``) is deliberately nothing in that
language (notes only the English deck needs). A plain string is the same in every language (brand
names, "Facebook").
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

from ..errors import InputError, did_you_mean, one_of, quote
from .models import Deck, Locale
from .yamlsource import YamlDoc

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


def localize(doc: YamlDoc, locale: str, source: str) -> Localized:
    """*doc* with every text per locale replaced by its *locale* text (or, missing, its *source* text).

    The chosen text takes the position of its own line (``en:``), so an error in it points there.
    """
    positions = dict(doc.positions)
    warnings: list[str] = []

    def walk(value, path: tuple, names: bool):
        if not names and is_localized(value):
            return pick(value, path)
        if isinstance(value, dict):
            return {k: walk(v, path + (k,), k in _NAMES and not names) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path + (i,), False) for i, v in enumerate(value)]
        return value

    def pick(texts: dict, path: tuple):
        key = ".".join(map(str, path))
        for code in texts:
            if code not in LOCALES:
                raise InputError(f"unknown locale {quote(code)} in a text per locale{did_you_mean(code, LOCALES)}; "
                                 f"{one_of(LOCALES)}", doc.where(path + (code,)), key)
        if source not in texts:  # in every build: a spec is whole in its own language
            raise InputError(f"no {quote(source)} text: the spec's own language (deck.locale) is what every "
                             f"text falls back to; add '{source}: ...'", doc.where(path), key)
        if locale in texts:
            chosen = locale
        else:
            chosen = source
            at = doc.where(path)
            warnings.append(f"{at.file}:{at.line}: {key}: no {quote(locale)} text, so the {quote(source)} text is "
                            f"shown; add '{locale}: ...' to translate it")
        if path + (chosen,) in positions:
            positions[path] = positions[path + (chosen,)]
        return texts[chosen]

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
