"""Tags: which spec slide and which role each shape deckgen made plays, kept in the deck itself.

A deck is refreshed with new numbers after the user has polished it (``deckgen build --update``), so
deckgen must find its own shapes again after the user moved, resized, recoloured, renamed and
reordered them. The mark has to travel with the shape through PowerPoint and python-pptx:

- a shape's name is the user's (the selection pane renames it), and ``descr`` is its alt text,
  which a screen reader speaks;
- PowerPoint's own tags (``p:custDataLst/p:tags``, a small ``p:tagLst`` part per shape, slide and
  presentation) are what add-ins keep their state in: PowerPoint keeps them when a shape is moved,
  resized, restyled, copied or its slide reordered, python-pptx carries unknown parts through
  untouched, and they draw nothing.

So each shape deckgen makes gets a tags part naming its spec slide (``DECKGEN_SLIDE``: the slide's
``id``, else ``#n``, its 1-based place in the spec; a long table's continuation pages add ``~2``,
``~3``), its role (``DECKGEN_ROLE``: headline, bullets, quotes, chart, table, footnote, kpi-1 ...)
and, for text, a hash of the text deckgen wrote there (``DECKGEN_TEXT``), by which a refresh tells a
text the user rewrote from its own. The slide gets its key too, and the presentation the list of
every slide key it was built with (``DECKGEN_SLIDES``), so that a refresh can tell a slide the user
deleted from one the spec has added since. Part names are numbered in the order the shapes are
made, so a build stays byte-for-byte deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re

from lxml import etree

#: The relationship and content type of a tags part (ECMA-376 Part 1, 13.3.12).
RT_TAGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tags"
CT_TAGS = "application/vnd.openxmlformats-officedocument.presentationml.tags+xml"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SLIDE, ROLE, TEXT, POINTS, SLIDES = "DECKGEN_SLIDE", "DECKGEN_ROLE", "DECKGEN_TEXT", "DECKGEN_POINTS", "DECKGEN_SLIDES"

#: ``p:presentation`` children that come after ``p:custDataLst`` in the schema's sequence.
_AFTER_PRESENTATION_TAGS = ("kinsoku", "defaultTextStyle", "modifyVerifier", "extLst")
#: ``p:cSld`` and ``p:nvPr`` children that come after ``p:custDataLst``.
_AFTER_TAGS = ("controls", "extLst")


def slide_key(slide_id: str | None, index: int, page: int = 0) -> str:
    """The key of spec slide *index* (0-based) as a deck stores it: its id, else ``#n``; a continuation
    page (*page* > 0) adds ``~2``, ``~3``."""
    key = slide_id if slide_id else f"#{index + 1}"
    return f"{key}~{page + 1}" if page else key


def text_hash(text: str) -> str:
    """A short fingerprint of *text*, blind to how whitespace and line breaks were stored (PowerPoint
    writes a line break within a paragraph as its own element, python-pptx reads it as a vertical tab)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


# -- writing -------------------------------------------------------------------------------------

def _tags_blob(tags: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{_P}}}tagLst", nsmap={"p": _P})
    for name, value in tags.items():
        etree.SubElement(root, f"{{{_P}}}tag", name=name, val=value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _new_part(owner_part, tags: dict[str, str]) -> str:
    """A new tags part holding *tags*, related from *owner_part*; returns the relationship id."""
    from pptx.opc.package import Part

    package = owner_part.package
    part = Part(package.next_partname("/ppt/tags/tag%d.xml"), CT_TAGS, package, _tags_blob(tags))
    return owner_part.relate_to(part, RT_TAGS)


def _attach(parent, owner_part, tags: dict[str, str], after: tuple[str, ...]) -> None:
    """Give element *parent* (an ``nvPr``, ``cSld`` or ``presentation``) a ``p:custDataLst`` holding a new
    tags part, in its place in the schema's order (before any of *after*); an existing deckgen tags part
    is rewritten instead."""
    existing = _tags_part(parent, owner_part)
    if existing is not None:
        existing._blob = _tags_blob({**read_part(existing), **tags})
        return
    custom = parent.find(f"{{{_P}}}custDataLst")
    if custom is None:
        custom = etree.Element(f"{{{_P}}}custDataLst")
        following = next((c for c in parent if etree.QName(c).localname in after), None)
        if following is not None:
            following.addprevious(custom)
        else:
            parent.append(custom)
    element = etree.SubElement(custom, f"{{{_P}}}tags")
    element.set(f"{{{_R}}}id", _new_part(owner_part, tags))


def _nv_pr(shape):
    return shape._element.xpath("./*[1]/p:nvPr")[0]


def points_hash(chart_space) -> str:
    """A short fingerprint of a chart's own point formatting (``c:dPt``: a NET's hatching, a muted bar),
    by which a refresh knows whether the user recoloured single bars."""
    from pptx.oxml.ns import qn

    points = b"".join(etree.tostring(p, method="c14n") for p in chart_space.iter(qn("c:dPt")))
    return hashlib.sha256(points).hexdigest()[:16]


def tag_shape(shape, part, key: str, role: str, text: str | None = None) -> None:
    """Tag *shape* (on the slide whose part is *part*) as playing *role* on spec slide *key*; a text
    shape also keeps the hash of *text*, what deckgen wrote there, and a chart that of its points.

    A chart kind needs no call of its own: :class:`~.deck.DeckWriter` tags every shape on a slide it
    finishes, a chart as ``chart``, a table as ``table`` and any other shape by its name. A kind that
    wants another role calls this on its shape (the slide's key is set again by the writer)."""
    tags = {SLIDE: key, ROLE: role}
    if text is not None:
        tags[TEXT] = text_hash(text)
    if getattr(shape, "has_chart", False):
        tags[POINTS] = points_hash(shape.chart._chartSpace)
    _attach(_nv_pr(shape), part, tags, _AFTER_TAGS)


def retag_shape(shape, part, tags: dict[str, str]) -> None:
    """Change some of *shape*'s deckgen tags (a refresh records what it wrote anew)."""
    set_tag(_nv_pr(shape), part, tags)


def tag_slide(slide, key: str) -> None:
    _attach(slide._element.cSld, slide.part, {SLIDE: key}, _AFTER_TAGS)


def tag_presentation(prs, keys: list[str]) -> None:
    """Record *keys*, every spec slide the deck was built (or last refreshed) with."""
    _attach(prs.part._element, prs.part, {SLIDES: json.dumps(keys, ensure_ascii=False)}, _AFTER_PRESENTATION_TAGS)


def set_tag(element, owner_part, tags: dict[str, str]) -> None:
    """Change some tags of *element*'s deckgen tags part."""
    part = _tags_part(element, owner_part)
    if part is not None:
        part._blob = _tags_blob({**read_part(part), **tags})


# -- reading -------------------------------------------------------------------------------------

def read_part(part) -> dict[str, str]:
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    return {tag.get("name", ""): tag.get("val", "") for tag in root.iter(f"{{{_P}}}tag")}


def _tags_part(parent, owner_part):
    """The tags part of *parent*'s ``p:custDataLst`` that holds deckgen's tags, or None."""
    for element in parent.findall(f"{{{_P}}}custDataLst/{{{_P}}}tags"):
        rid = element.get(f"{{{_R}}}id")
        try:
            part = owner_part.related_part(rid)
        except KeyError:
            continue
        tags = read_part(part)
        if any(name.startswith("DECKGEN_") for name in tags):
            return part
    return None


def _read(parent, owner_part) -> dict[str, str]:
    part = _tags_part(parent, owner_part)
    return read_part(part) if part is not None else {}


def shape_tags(shape, part) -> dict[str, str]:
    """*shape*'s deckgen tags (empty for a shape the user made); a group's parts are not looked into."""
    found = shape._element.xpath("./*[1]/p:nvPr")
    return _read(found[0], part) if found else {}


def slide_tags(slide) -> dict[str, str]:
    return _read(slide._element.cSld, slide.part)


def presentation_keys(prs) -> list[str] | None:
    """The slide keys the deck was built with, or None for a deck without deckgen's record."""
    value = _read(prs.part._element, prs.part).get(SLIDES)
    return None if value is None else list(json.loads(value))


def role_of_name(name: str) -> str:
    """A role from a shape's name, for a shape a chart kind drew without saying (``KPI 1`` -> ``kpi-1``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "shape"
