"""Refreshing a deck the user has edited: new numbers into their deck, their work kept.

A tracker's deck is polished by hand after it is built: charts moved and recoloured, a headline
reworded, a slide of the analyst's own added, another deleted, the order changed. Next wave, the
numbers must go into *that* deck. ``deckgen build --update edited.pptx`` composes and places every
slide as a build does, in a fresh deck held in memory; this module then finds each shape of the
fresh deck in the edited one by its tag (:mod:`.tags`) and carries the new content across:

- a chart gets the new categories, values and embedded workbook through python-pptx's
  ``replace_data``, which keeps the chart's own formatting (series colours, fonts, axes, size,
  position). What it does not handle is handled here: the number format of the values is the fresh
  chart's; a series the new data adds takes deckgen's colour for it, not a clone of the last one's;
  point formatting follows its category when the order changes (or is deckgen's new one where the
  user left it alone); the per-point data labels, which carry significance marks and hide labels
  a thin segment cannot hold, are the fresh chart's, as a mark of the last wave would be a claim the
  numbers no longer make; the value axis is widened where a new value would not fit it;
- a table keeps its cell formatting and gets the new texts; a table whose rows or columns changed is
  replaced by the fresh one, at the user's position, and reported;
- footnotes, KPI boxes, alt text and speaker notes are replaced;
- a headline, bullets or quotes are replaced only when the user has not rewritten them: the tag
  keeps a hash of what deckgen last wrote there, and a text that no longer matches it is kept and
  reported (a text the user emptied is deckgen's again).

Nothing else is touched: the user's own slides, the slide order, the master and layouts. A spec
slide the deck never had is listed rather than added, as only the user knows where in their order
it belongs; a slide the user deleted stays deleted (the deck remembers which slides it was built
with, so the two are told apart).
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx.oxml.ns import qn

from ..errors import InputError
from ..zipcheck import check_package, drop_thumbnail
from .tags import (POINTS, ROLE, SLIDE, TEXT, points_hash, presentation_keys, retag_shape, shape_tags,
                   slide_tags, tag_presentation, text_hash)

#: Roles whose text the user may rewrite: replaced only while it is still what deckgen wrote.
GUARDED = ("headline", "bullets", "quotes")


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did, each entry ``slide-key: role`` (or a slide key)."""

    updated: tuple[str, ...] = ()  # shapes given the new content
    kept: tuple[str, ...] = ()  # texts the user rewrote: kept as they are
    replaced: tuple[str, ...] = ()  # tables whose rows or columns changed: replaced whole
    missing: tuple[str, ...] = ()  # slides or shapes deckgen made that the user deleted: not put back
    new: tuple[str, ...] = ()  # spec slides the deck has never had: listed, not added
    stale: tuple[str, ...] = ()  # deckgen's slides or shapes the spec no longer makes: kept with their old content

    def lines(self) -> list[str]:
        """The report in words, one line per kind of outcome that occurred."""
        slides = len({entry.split(": ")[0] for entry in self.updated})
        lines = [f"updated {len(self.updated)} shapes on {slides} slides"]
        for entries, what in ((self.kept, "kept, rewritten by hand (delete the text to get deckgen's back)"),
                              (self.replaced, "replaced whole, its rows or columns changed (its cell formatting "
                                              "is deckgen's again)"),
                              (self.missing, "deleted from the deck, not put back"),
                              (self.new, "new in the spec, not in the deck: build a fresh deck to copy it from"),
                              (self.stale, "no longer in the spec, kept with the old numbers: delete it or "
                                           "check it")):
            if entries:
                lines.append(f"{what}: {', '.join(entries)}")
        return lines


def open_edited(path: Path):
    """Open *path*, a deck deckgen built and the user has edited since, for :func:`refresh`."""
    from pptx import Presentation

    key = "--update"
    if not path.is_file():
        raise InputError(f"the deck to update, '{path}', does not exist", str(path), key)
    if not zipfile.is_zipfile(path):
        raise InputError(f"the deck to update, '{path.name}', is not a .pptx file", str(path), key)
    check_package(path, str(path), key)
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises a variety of errors for damaged packages
        raise InputError(f"the deck to update, '{path.name}', cannot be opened ({type(exc).__name__}: {exc})",
                         str(path), key) from None
    if presentation_keys(prs) is None:
        raise InputError(f"'{path.name}' carries no deckgen tags, so its shapes cannot be matched to the spec; "
                         "it was not built by deckgen (or by a version before tags): build it afresh",
                         str(path), key)
    drop_thumbnail(prs)  # it pictures the old numbers; PowerPoint draws a new one when it saves
    return prs


@dataclass
class _Index:
    """A deck's tagged slides and shapes: slide key -> slide, (key, role) -> [(slide, shape)]."""

    order: list[str] = field(default_factory=list)
    slides: dict = field(default_factory=dict)
    shapes: dict = field(default_factory=dict)


def _index(prs) -> _Index:
    index = _Index()
    for slide in prs.slides:
        key = slide_tags(slide).get(SLIDE)
        if key is not None and key not in index.slides:
            index.order.append(key)
            index.slides[key] = slide
        for shape in slide.shapes:
            tags = shape_tags(shape, slide.part)
            if SLIDE in tags and ROLE in tags:
                index.shapes.setdefault((tags[SLIDE], tags[ROLE]), []).append((slide, shape))
    return index


def refresh(edited, fresh) -> RefreshReport:
    """Carry *fresh*'s content (the deck just built, tagged) into *edited* (changed in place); see the
    module's docstring for what is replaced and what is kept."""
    old, new = _index(edited), _index(fresh)
    recorded = presentation_keys(edited) or []
    out: dict[str, list[str]] = {name: [] for name in ("updated", "kept", "replaced", "missing", "new", "stale")}
    for key in new.order:
        if key not in old.slides:
            out["missing" if key in recorded else "new"].append(key)
            continue
        roles = [role for (k, role) in new.shapes if k == key]
        for role in roles:
            fresh_slide, fresh_shape = new.shapes[(key, role)][0]
            targets = old.shapes.get((key, role))
            if not targets:
                out["missing"].append(f"{key}: {role}")
                continue
            for slide, shape in targets:
                out[_update(slide, shape, fresh_shape, role)].append(f"{key}: {role}")
        out["stale"].extend(f"{k}: {role}" for (k, role) in old.shapes if k == key and role not in roles)
        _notes(old.slides[key], new.slides[key])
    out["stale"].extend(key for key in old.order if key not in new.slides)
    tag_presentation(edited, recorded + [key for key in new.order if key in old.slides and key not in recorded])
    return RefreshReport(**{name: tuple(entries) for name, entries in out.items()})


def _update(slide, shape, fresh_shape, role: str) -> str:
    """Carry *fresh_shape*'s content into *shape*; which entry of the report it makes."""
    if shape.has_chart and fresh_shape.has_chart:
        _update_chart(slide, shape, fresh_shape)
    elif shape.has_table and fresh_shape.has_table:
        if not _update_table(shape, fresh_shape):
            return "replaced"
    elif shape.has_text_frame and fresh_shape.has_text_frame:
        text = fresh_shape.text_frame.text
        if role in GUARDED:
            written = shape_tags(shape, slide.part).get(TEXT)
            current = text_hash(shape.text_frame.text)
            emptied = not shape.text_frame.text.strip()  # the user's way of asking for deckgen's text back
            if written is not None and current != written and current != text_hash(text) and not emptied:
                return "kept"
        _replace_text(shape.text_frame._txBody, fresh_shape.text_frame._txBody)
        retag_shape(shape, slide.part, {TEXT: text_hash(text)})
    else:  # the user put another kind of shape in its place, or the slide's form changed
        return "stale"
    _alt_text(shape, fresh_shape)
    return "updated"


def _alt_text(shape, fresh_shape) -> None:
    """A chart's or table's alt text lists its numbers: the fresh one's."""
    descr = fresh_shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    if descr is not None:
        shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", descr)


def _notes(slide, fresh_slide) -> None:
    """Speaker notes are deckgen's (the numbers in words): replaced."""
    if fresh_slide.has_notes_slide:
        text = fresh_slide.notes_slide.notes_text_frame.text
        if text:
            slide.notes_slide.notes_text_frame.text = text


# -- text ----------------------------------------------------------------------------------------

_RUNS = (qn("a:r"), qn("a:fld"), qn("a:br"))


def _replace_text(body, fresh_body) -> None:
    """Put *fresh_body*'s text into *body* (two ``a:txBody``-like elements). Where both have the same
    paragraphs and runs, each run gets its new text and keeps its formatting (the user's font, size,
    colour); otherwise the paragraphs are replaced by the fresh ones."""
    paragraphs, fresh = body.findall(qn("a:p")), fresh_body.findall(qn("a:p"))

    def runs(ps):
        return [[child for child in p if child.tag in _RUNS] for p in ps]

    old_runs, new_runs = runs(paragraphs), runs(fresh)
    if [[r.tag for r in p] for p in old_runs] == [[r.tag for r in p] for p in new_runs]:
        for p_old, p_new in zip(old_runs, new_runs):
            for r_old, r_new in zip(p_old, p_new):
                if r_old.tag != qn("a:br"):
                    r_old.find(qn("a:t")).text = r_new.findtext(qn("a:t"))
        return
    for p in paragraphs:
        body.remove(p)
    for p in fresh:
        body.append(copy.deepcopy(p))


# -- tables --------------------------------------------------------------------------------------

def _update_table(frame, fresh_frame) -> bool:
    """The new texts into *frame*'s table, each cell keeping its formatting; False when the rows or
    columns changed, and the fresh table took its place (at the user's position) instead."""
    table, fresh = frame.table, fresh_frame.table
    if len(table.rows) == len(fresh.rows) and len(table.columns) == len(fresh.columns):
        for row, fresh_row in zip(table.rows, fresh.rows):
            for cell, fresh_cell in zip(row.cells, fresh_row.cells):
                _replace_text(cell._tc.txBody, fresh_cell._tc.txBody)
        return True
    element = copy.deepcopy(fresh_frame._element)
    element.replace(element[0], copy.deepcopy(frame._element[0]))  # its id, name and tags stay the user's
    offset = element.find(f"{qn('p:xfrm')}/{qn('a:off')}")
    user_offset = frame._element.find(f"{qn('p:xfrm')}/{qn('a:off')}")
    offset.set("x", user_offset.get("x"))
    offset.set("y", user_offset.get("y"))
    frame._element.getparent().replace(frame._element, element)
    return False


# -- charts --------------------------------------------------------------------------------------

def _categories(ser) -> list[str]:
    points = {int(pt.get("idx")): pt.findtext(qn("c:v")) for pt in ser.xpath("./c:cat//c:pt")}
    count = ser.xpath("./c:cat//c:ptCount/@val")
    return [points.get(i, "") for i in range(int(count[0]) if count else len(points))]


def _values(ser) -> list[float | None]:
    points = {int(pt.get("idx")): float(pt.findtext(qn("c:v"))) for pt in ser.xpath("./c:val//c:pt")}
    count = ser.xpath("./c:val//c:ptCount/@val")
    return [points.get(i) for i in range(int(count[0]) if count else len(points))]


def _chart_data(chart_space):
    """The fresh chart's categories, series and number format as chart data, whose workbook is written
    as the fresh chart's was (:mod:`.chartdata`)."""
    from .chartdata import ReproducibleChartData

    sers = chart_space.plotArea.sers
    number_format = next(iter(sers[0].xpath("./c:val//c:formatCode/text()")), "General")
    data = ReproducibleChartData(number_format=str(number_format))
    data.categories = _categories(sers[0])
    for ser in sers:
        data.add_series(str(next(iter(ser.xpath("./c:tx//c:v/text()")), "")), _values(ser))
    return data


def _update_chart(slide, frame, fresh_frame) -> None:
    chart_space, fresh_space = frame.chart._chartSpace, fresh_frame.chart._chartSpace
    before = len(chart_space.plotArea.sers)
    old_categories = _categories(chart_space.plotArea.sers[0]) if before else []
    own_points = shape_tags(frame, slide.part).get(POINTS) == points_hash(chart_space)
    data = _chart_data(fresh_space)
    frame.chart.replace_data(data)
    new_categories = _categories(chart_space.plotArea.sers[0])
    for i, (ser, fresh_ser) in enumerate(zip(chart_space.plotArea.sers, fresh_space.plotArea.sers)):
        if i >= before:  # a new series (a segment new this wave): deckgen's colour, not the last one's clone
            ser._remove_spPr()
            if fresh_ser.spPr is not None:
                ser._insert_spPr(copy.deepcopy(fresh_ser.spPr))
        _points(ser, fresh_ser, old_categories, new_categories, own_points and i < before)
        _point_labels(ser, fresh_ser)
    _widen_axis(chart_space, fresh_space, data)
    retag_shape(frame, slide.part, {POINTS: points_hash(chart_space)})


def _points(ser, fresh_ser, old: list[str], new: list[str], own: bool) -> None:
    """Point formatting (``c:dPt``) after new data: deckgen's fresh one where the user left deckgen's
    alone (*own*: a NET's hatching, a muted bar follow the new numbers); else the user's, each moved to
    wherever its category now stands (dropped with a category that is gone), and deckgen's for a
    category new to the chart."""
    position = {label: j for j, label in enumerate(new)}
    points: dict[int, etree._Element] = {}
    for dPt in ser.findall(qn("c:dPt")):
        ser.remove(dPt)
        i = dPt.idx.val
        if not own and i < len(old) and old[i] in position:
            dPt.idx.val = position[old[i]]
            points[position[old[i]]] = dPt
    for dPt in fresh_ser.findall(qn("c:dPt")):
        j = dPt.idx.val
        if own or (j < len(new) and new[j] not in old and j not in points):
            points[j] = copy.deepcopy(dPt)
    for j in sorted(points):
        ser._insert_dPt(points[j])


def _point_labels(ser, fresh_ser) -> None:
    """The fresh chart's per-point data labels (significance marks, labels hidden on thin segments) in
    place of the old ones; the series' own label settings (the user's) stay."""
    labels = ser.find(qn("c:dLbls"))
    if labels is None:  # the user removed the labels: no marks to show
        return
    for dLbl in labels.findall(qn("c:dLbl")):
        labels.remove(dLbl)
    fresh = fresh_ser.find(qn("c:dLbls"))
    for dLbl in reversed(fresh.findall(qn("c:dLbl")) if fresh is not None else []):
        labels.insert(0, copy.deepcopy(dLbl))


def _widen_axis(chart_space, fresh_space, data) -> None:
    """A value axis whose maximum a new value passes takes the fresh chart's maximum (or, without one,
    PowerPoint's automatic one): a bar cut off at the plot's edge would misstate its value."""
    largest = max((v for s in data for v in s.values if v is not None), default=None)
    if largest is None:
        return
    fresh_max = fresh_space.xpath("./c:chart/c:plotArea/c:valAx/c:scaling/c:max/@val")
    for maximum in chart_space.xpath("./c:chart/c:plotArea/c:valAx/c:scaling/c:max"):
        if float(maximum.get("val")) < largest:
            if fresh_max and float(fresh_max[0]) >= largest:
                maximum.set("val", fresh_max[0])
            else:
                maximum.getparent().remove(maximum)
