"""The deckgen brand template (``templates/brand.pptx``): a branded 16:9 template made from code.

The template carries the deckgen look (theme colours and fonts, master text
styles, a top accent band and a native-shape logo on the master) and exactly
five layouts that deckgen fills by name: "Title", "Section", "Bullets", "Chart"
and "Blank". It also ships two sample slides, as corporate templates do, which
deckgen removes before building a deck.

It starts from python-pptx's default (4:3) template and is edited in place, so
no binary asset is needed: ``deckgen init`` writes it into a new project, and
``python templates/make_template.py`` regenerates the repository's copy. The
output is byte-for-byte reproducible.
"""

from __future__ import annotations


from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Inches, Pt

from ..render.package import save_presentation, stamp_core_properties

SLIDE_SIZE = (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in, 16:9
THEME_NAME = "deckgen Brand"
COLORS = {
    "dk1": "1A1A1A", "lt1": "FFFFFF", "dk2": "1F3A5F", "lt2": "EEF2F6",
    "accent1": "1F4E79", "accent2": "F28C28", "accent3": "2E86C1",
    "accent4": "7FB3D5", "accent5": "A93226", "accent6": "7D8C8F",
    "hlink": "2E86C1", "folHlink": "7D3C98",
}
FONT = "Calibri"
#: Text colours as DrawingML colour elements (scheme names are after the master's clrMap).
DK2 = '<a:schemeClr val="tx2"/>'
WHITE = '<a:schemeClr val="bg1"/>'
GREY = '<a:schemeClr val="tx1"><a:lumMod val="75000"/><a:lumOff val="25000"/></a:schemeClr>'

# Boxes are (left, top, width, height) in inches. The logo sits in the top-right
# corner (x >= 11.45 in); titles stop short of it. Charts leave the bottom 1.1 in
# free for the question text and base footnote deckgen draws there.
TITLE_BOX = (0.5, 0.3, 10.7, 1.1)
BODY_BOX = (0.5, 1.5, 12.333, 5.25)
CHART_BOX = (0.5, 1.5, 12.333, 4.9)
MASTER_BOXES = {
    PP_PLACEHOLDER.TITLE: TITLE_BOX,
    PP_PLACEHOLDER.BODY: BODY_BOX,
    PP_PLACEHOLDER.DATE: (0.5, 6.95, 3.0, 0.4),
    PP_PLACEHOLDER.FOOTER: (4.333, 6.95, 4.667, 0.4),
    PP_PLACEHOLDER.SLIDE_NUMBER: (9.833, 6.95, 3.0, 0.4),
}
FOOTER_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
#: Kept layouts in their final order: new name -> name in the default template.
LAYOUTS = {"Title": "Title Slide", "Section": "Section Header", "Bullets": "Title and Content",
           "Chart": "Title Only", "Blank": "Blank"}


def emu_box(box):
    return [Inches(v) for v in box]


def place(shape, box):
    shape.left, shape.top, shape.width, shape.height = emu_box(box)


def add_rect(shapes, name, box, color, prst="rect"):
    """Add a borderless, theme-coloured autoshape to a master or layout shape tree."""
    sp = shapes._spTree.add_autoshape(shapes._next_shape_id, name, prst, *emu_box(box))
    sp.remove(sp.find(qn("p:style")))  # the default style adds a theme shadow
    shape = Shape(sp, shapes)
    shape.fill.solid()
    shape.fill.fore_color.theme_color = color
    shape.line.fill.background()
    return shape


def set_fill(rpr, color_xml):
    """Make *color_xml* the only fill of run properties *rpr*."""
    for old in rpr.findall(qn("a:solidFill")):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f"<a:solidFill {nsdecls('a')}>{color_xml}</a:solidFill>"))


def style_text(placeholder, size, color_xml, bold=False, anchor=MSO_ANCHOR.TOP):
    """Give a layout placeholder a left-aligned, bullet-free level-1 text style."""
    placeholder.text_frame.vertical_anchor = anchor
    txBody = placeholder._element.txBody
    txBody.replace(txBody.find(qn("a:lstStyle")), parse_xml(
        f'<a:lstStyle {nsdecls("a")}><a:lvl1pPr marL="0" indent="0" algn="l"><a:buNone/>'
        f'<a:defRPr sz="{size * 100}" b="{int(bold)}"/></a:lvl1pPr></a:lstStyle>'
    ))
    set_fill(txBody.find(".//" + qn("a:defRPr")), color_xml)


def brand_theme(prs):
    """Rename the theme and set the deckgen colour and font schemes."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", THEME_NAME)
    scheme = theme.find(".//" + qn("a:clrScheme"))
    scheme.set("name", "deckgen")
    for slot in scheme:
        slot[:] = [etree.Element(qn("a:srgbClr"), val=COLORS[etree.QName(slot).localname])]
    fonts = theme.find(".//" + qn("a:fontScheme"))
    fonts.set("name", "deckgen")
    for latin in fonts.iterfind(f"*/{qn('a:latin')}"):
        latin.set("typeface", FONT)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def style_master(master):
    """16:9 placeholder boxes, brand text styles, accent band and logo."""
    for placeholder in master.placeholders:
        place(placeholder, MASTER_BOXES[placeholder.placeholder_format.type])
    master.placeholders.get(PP_PLACEHOLDER.TITLE).text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    style_master_text(master._element.find(qn("p:txStyles")))
    add_rect(master.shapes, "Brand Band", (0, 0, 13.333, 0.08), MSO_THEME_COLOR.ACCENT_1)
    add_logo(master.shapes)


def style_master_text(styles):
    """Titles 28pt bold dk2, left aligned; body dark grey 20/18/16pt with accent1 bullets."""
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    title_rpr = title.find(qn("a:defRPr"))
    title_rpr.attrib.update({"sz": "2800", "b": "1"})
    set_fill(title_rpr, DK2)
    for level, ppr in enumerate(styles.find(qn("p:bodyStyle")), start=1):
        ppr.find(qn("a:buFont")).addprevious(parse_xml(
            f'<a:buClr {nsdecls("a")}><a:schemeClr val="accent1"/></a:buClr>'
        ))
        rpr = ppr.find(qn("a:defRPr"))
        rpr.set("sz", str({1: 2000, 2: 1800, 3: 1600}.get(level, 1400)))
        set_fill(rpr, GREY)


def add_logo(shapes):
    """A small native-shape wordmark: an accent square holding a "d", then "deckgen"."""
    mark = add_rect(shapes, "Logo Mark", (11.45, 0.31, 0.34, 0.34), MSO_THEME_COLOR.ACCENT_1,
                    prst="roundRect")
    word_sp = shapes._spTree.add_textbox(shapes._next_shape_id, "Logo Wordmark",
                                         *emu_box((11.85, 0.25, 0.98, 0.46)))
    word = Shape(word_sp, shapes)
    for shape, text, color in ((mark, "d", MSO_THEME_COLOR.BACKGROUND_1),
                               (word, "deckgen", MSO_THEME_COLOR.TEXT_2)):
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = False
        run = frame.paragraphs[0].add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(18), True
        run.font.color.theme_color = color
    mark.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER


def keep_layouts(prs):
    """Delete every layout not in LAYOUTS; rename, reorder, renumber and tidy the rest."""
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    for name, layout in by_name.items():
        if name not in LAYOUTS.values():
            prs.slide_layouts.remove(layout)  # drops its sldLayoutId entry and the master's rel
    id_list = prs.slide_master._element.sldLayoutIdLst
    rids = {prs.slide_master.part.related_part(e.rId): e for e in id_list.sldLayoutId_lst}
    kept = {}
    for number, (new, old) in enumerate(LAYOUTS.items(), start=1):
        layout = by_name[old]
        layout._element.cSld.set("name", new)
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")
        id_list.append(rids[layout.part])  # re-appending moves it: final order is LAYOUTS'
        drop_footer_placeholders(layout)
        kept[new] = layout
    return kept


def drop_footer_placeholders(layout):
    """deckgen writes its own footnotes; date/footer/slide-number boxes would only get in the way."""
    for placeholder in list(layout.placeholders):
        if placeholder.placeholder_format.type in FOOTER_TYPES:
            placeholder._element.getparent().remove(placeholder._element)


def build_title(layout):
    title, subtitle = layout.placeholders.get(idx=0), layout.placeholders.get(idx=1)
    add_rect(layout.shapes, "Title Band", (0, 2.0, 13.333, 2.75), MSO_THEME_COLOR.TEXT_2)
    add_rect(layout.shapes, "Accent Bar", (0.9, 4.15, 1.4, 0.07), MSO_THEME_COLOR.ACCENT_2)
    for shape in (title, subtitle):  # above the band in z-order
        layout.shapes._spTree.append(shape._element)
    place(title, (0.8, 2.2, 11.7, 1.8))
    style_text(title, 40, WHITE, bold=True, anchor=MSO_ANCHOR.BOTTOM)
    place(subtitle, (0.8, 5.0, 11.7, 1.0))
    style_text(subtitle, 20, DK2)


def build_section(layout):
    title, body = layout.placeholders.get(idx=0), layout.placeholders.get(idx=1)
    place(title, (0.8, 2.0, 11.7, 1.9))
    style_text(title, 36, DK2, bold=True, anchor=MSO_ANCHOR.BOTTOM)
    add_rect(layout.shapes, "Accent Bar", (0.9, 4.05, 1.4, 0.07), MSO_THEME_COLOR.ACCENT_2)
    place(body, (0.8, 4.25, 11.7, 0.9))
    style_text(body, 20, GREY)


def build_bullets(layout):
    title, body = layout.placeholders.get(idx=0), layout.placeholders.get(idx=1)
    body._element.ph.type = PP_PLACEHOLDER.BODY
    body.name = "Text Placeholder 2"
    place(title, TITLE_BOX)
    place(body, BODY_BOX)


def build_chart(layout):
    title = layout.placeholders.get(idx=0)
    place(title, TITLE_BOX)
    style_text(title, 24, DK2, bold=True, anchor=MSO_ANCHOR.BOTTOM)
    layout._element.attrib.pop("type")  # a custom layout, no longer "Title Only"
    sp = CT_Shape.new_placeholder_sp(layout.shapes._next_shape_id, "Chart Placeholder 2",
                                     PP_PLACEHOLDER.CHART, "horz", "full", 10)
    layout.shapes._spTree.append(sp)
    place(layout.placeholders.get(idx=10), CHART_BOX)


def add_sample_slides(prs, layouts):
    """Sample slides, as corporate templates ship them; deckgen must strip them."""
    title_slide = prs.slides.add_slide(layouts["Title"])
    title_slide.shapes.title.text = "Sample title"
    title_slide.placeholders[1].text = "Sample subtitle (deckgen removes sample slides)"
    chart_slide = prs.slides.add_slide(layouts["Chart"])
    chart_slide.shapes.title.text = "Sample chart headline, up to two lines long"


def make_brand_template(output):
    """Write the template to *output* and return its path."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_SIZE
    prs._element.sldSz.attrib.pop("type")  # was "screen4x3"; 13.333 x 7.5 in is custom
    brand_theme(prs)
    style_master(prs.slide_master)
    layouts = keep_layouts(prs)
    build_title(layouts["Title"])
    build_section(layouts["Section"])
    build_bullets(layouts["Bullets"])
    build_chart(layouts["Chart"])
    add_sample_slides(prs, layouts)
    stamp_core_properties(prs, title="deckgen brand template")
    return save_presentation(prs, output)
