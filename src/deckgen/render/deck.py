"""Assembling the deck: one method per kind of slide, placed on the template's layouts.

The writer places what the earlier stages computed and worded; it computes
no statistics. Placeholders the layout offers but a slide does not fill are
removed, so no "Click to add text" prompts are left in the deck.
"""

from __future__ import annotations


from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from ..compose import ChartContent, ChartText, TextContent
from ..compose.content import Quote, QuotesContent
from ..errors import Location
from ..text.words import continued, word
from .accessibility import Headline, add_slide_number, clear_of, number_rect, repeated_titles, set_language, \
    size_headlines, title_first
from .geometry import chart_area
from .charts import measure
from .kinds import drawings
from .package import save_presentation, stamp_app_properties, stamp_core_properties
from .palette import QUIET_TEXT, colour_of
from .placement import Placement
from .quotes import SMALLEST, quote_size, set_quotes
from .refresh import refresh
from .tags import role_of_name, shape_tags, tag_presentation, tag_shape, tag_slide
from .textfit import fit_size
from .theme import deck_theme
from .xmlfix import clean_text, set_alt_text

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_AREA_TYPES = (PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.BODY)
#: The name of a title drawn as a text box, on a layout without a title placeholder.
_DRAWN_TITLE = "Title"
#: Room kept at the bottom of a chart slide for the question and base.
FOOTER_HEIGHT = Inches(0.95)


class DeckWriter:
    """Adds slides to a presentation opened from the template (see :mod:`.template`)."""

    def __init__(self, prs, layouts: dict, locale: str, where_chart: Location | None = None):
        self.prs = prs
        self.layouts = layouts  # role -> slide layout
        self.locale = locale
        self.where_chart = where_chart or Location("deck.layouts.chart")  # for a layout with no room
        self.warnings: list[str] = []  # text that could not be made to fit
        self.theme = deck_theme(prs)  # the template's colours, for the contrast of chart text and fills
        self.headlines: list[Headline] = []  # chart headlines, given the deck's one size when finished
        self.titles: list[tuple[int, str]] = []  # (slide number, title) of every slide, told apart when finished
        self.keys: list[str] = []  # the tag of every slide placed (see :mod:`.tags`), in order
        #: The key of the spec slide being placed (:func:`.tags.slide_key`), set by the build before each
        #: placement; its slides and shapes are tagged with it (untagged while None).
        self.key: str | None = None
        self.finished = False
        self.refreshed = False  # True once the writer holds an edited deck it refreshed (:meth:`refresh`)

    # -- slide kinds ---------------------------------------------------------------
    #: Title and body sizes (largest, smallest, in points) of each slide of words, by kind.
    TEXT_SIZES = {"title": ((40, 24), (20, 14)), "section": ((36, 24), (20, 14)), "bullets": ((24, 14), (20, 12))}

    def text_slide(self, content: TextContent):
        """Place a composed title, section or bullets slide on its layout."""
        (title_max, title_min), (body_max, body_min) = self.TEXT_SIZES[content.kind]
        slide = self._new(content.kind)
        self._set_title(slide, content.title, largest=title_max, smallest=title_min)
        self._fill_body(slide, list(content.body), largest=body_max, smallest=body_min,
                        bullets=content.kind == "bullets")
        return self._finish(slide, content.notes, numbered=content.kind != "title", key=self.key, body="bullets")

    def quotes_slide(self, content: QuotesContent):
        """Place a composed quotes slide on the bullets layout: its title, and the quotes set in the body at
        one size that fits them all (see :mod:`.quotes`)."""
        (title_max, title_min), _ = self.TEXT_SIZES["bullets"]
        slide = self._new("bullets")
        self._set_title(slide, content.title, largest=title_max, smallest=title_min)
        if content.quotes:
            box = self._body_box(slide)
            size, fits = quote_size(list(content.quotes), box.width, box.height)
            if not fits:
                self._warn(f"the quotes do not fit their box even at {SMALLEST:g} pt; lower 'count' or max_chars")
            set_quotes(box.text_frame, list(content.quotes), size)
        return self._finish(slide, content.notes, key=self.key, body="quotes")

    def quotes_fit(self, quotes: list[Quote]) -> bool:
        """Whether *quotes* fit the bullets layout's body at the smallest quote size: the estimate the
        compose stage chooses how many quotes a slide shows by."""
        layout = self.layouts["bullets"]
        ph = self._body_placeholder(layout)
        if ph is not None:
            width, height = ph.width, ph.height
        else:
            _, _, width, height = self._body_rect(layout)
        return quote_size(quotes, width, height)[1]

    def chart_slide(self, content: ChartContent):
        """Place a composed chart slide: its headline, its table drawn as its kind, the footnote and notes.

        A kind may need several slides (a table too long for one, see :data:`.kinds.PAGES`): each
        continues the headline ("… (forts.)") and carries the footnote and alt text; the notes go on the
        first. Returns the first slide.
        """
        first = slide = self._new("chart")
        self._set_title(slide, content.text.headline)
        left, top, width, height = self._content_area(slide)  # every page has the same layout, so this area
        key = self.key
        pages = drawings(content.kind, content.table, self._placement(content, (left, top, width, height)))
        for page, drawing in enumerate(pages):
            if page:
                slide = self._new("chart")
                self._set_title(slide, continued(self.locale, content.text.headline, page, len(pages)))
            drawn = drawing(slide.shapes)
            if drawn.frame is not None and content.text.alt:  # a chart or table; KPI boxes are text already
                set_alt_text(drawn.frame, content.text.alt)
            if content.text.significance and not drawn.marks and len(pages) == 1:
                self._warn("the table has significant differences, but the chart shows no data labels to mark "
                           "them on; draw it as a table, or with fewer bars")
            self._footnote(slide, left, top + height, width, content.text, marks_shown=drawn.marks > 0)
            self._finish(slide, content.text.notes if page == 0 else None,
                         key=None if key is None else f"{key}~{page + 1}" if page else key)
        return first

    def pages(self, content: ChartContent) -> int:
        """How many slides chart slide *content* will take (a long table continues over several): known
        before any is placed, so a slide can point to the deck's later slides by number."""
        layout = self.layouts["chart"]
        return len(drawings(content.kind, content.table,
                            self._placement(content, self._content_area(layout, layout.name))))

    def _placement(self, content: ChartContent, area: tuple[int, int, int, int]) -> Placement:
        return Placement(area, self.locale, content.value_format, content.total_label, content.row_labels,
                         content.low_base, content.scale, content.segments, self.theme, shorts=content.shorts,
                         axis_max=content.axis_max, line=content.line)

    @property
    def slide_count(self) -> int:
        """The slides placed so far (a long table's continuation slides included)."""
        return len(self.prs.slides)

    def finish(self) -> list[str]:
        """Run the deck-wide passes once every slide is placed (see :mod:`.accessibility`): one headline
        size for every chart slide, a warning for titles used twice, the deck's language on all its text.
        Adds their warnings to :attr:`warnings` and returns them; a second call does nothing."""
        if self.finished:
            return []
        self.finished = True
        found = size_headlines(self.headlines) + repeated_titles(self.titles)
        set_language(self.prs, word(self.locale, "language"))
        if self.keys:
            tag_presentation(self.prs, self.keys)
        self.warnings.extend(found)
        return found

    def measure(self, kind: str, table, value_format, shorts: dict, total_label: str, low_base: int):
        """What fits of *table* drawn as *kind* on this deck's chart slides (see :func:`.charts.measure`):
        the estimate the compose stage chooses a slide's form by, from the chart layout's area."""
        layout = self.layouts["chart"]
        area = self._content_area(layout, layout.name)
        return measure(kind, table, Placement(area, self.locale, value_format, total_label, {}, low_base,
                                              theme=self.theme, shorts=shorts))

    def refresh(self, edited):
        """Carry this deck's content into *edited*, a deck deckgen built that the user has edited since
        (see :mod:`.refresh`), and save that deck from now on; returns the :class:`~.refresh.RefreshReport`."""
        self.finish()
        report = refresh(edited, self.prs)
        self.prs, self.refreshed = edited, True
        return report

    def save(self, path, title: str, author: str | None = None, subject: str = ""):
        self.finish()
        if self.refreshed:  # the user's deck: its properties are theirs, but it has a new number of slides
            stamp_app_properties(self.prs)
            return save_presentation(self.prs, path)
        stamp_core_properties(self.prs, title=title, author=author or "deckgen", subject=subject,
                              description=f"{word(self.locale, 'made_by')}: {title}", language=word(self.locale, "language"))
        return save_presentation(self.prs, path)

    # -- helpers ---------------------------------------------------------------------
    def _warn(self, message: str) -> None:
        self.warnings.append(f"slide {len(self.prs.slides)}: {message}")

    def _new(self, role: str):
        return self.prs.slides.add_slide(self.layouts[role])

    def _finish(self, slide, notes: str | None, numbered: bool = True, key: str | None = None,
                body: str | None = None):
        for ph in list(slide.placeholders):  # unfilled placeholders would show prompts
            if not (ph.has_text_frame and ph.text_frame.text.strip()):
                ph._element.getparent().remove(ph._element)
        title = self._title_shape(slide)
        if key is not None:  # before the slide number, which PowerPoint fills in and a refresh leaves alone
            self._tag(slide, key, title, body)
        if title is not None:  # read first: a screen reader announces the slide by it
            title_first(slide, title)
        if numbered:  # last in reading order, at the bottom right (every slide but the cover)
            add_slide_number(slide, len(self.prs.slides), self.prs.slide_width, self.prs.slide_height)
        if notes:
            slide.notes_slide.notes_text_frame.text = clean_text(notes)
        return slide

    def _tag(self, slide, key: str, title, body: str | None) -> None:
        """Tag the slide and every shape on it (see :mod:`.tags`): the title as the headline, charts and
        tables as such, on a slide of words every other text as its *body* role, else each shape by its
        name (a chart kind names what it draws, ``KPI 1``), unless its kind tagged it already. A text
        shape keeps the hash of the text written, by which a refresh knows whether the user rewrote it."""
        self.keys.append(key)
        tag_slide(slide, key)
        charts = 0
        for shape in slide.shapes:
            if shape_tags(shape, slide.part):
                continue
            if title is not None and shape._element is title._element:
                role = "headline"
            elif shape.has_chart:
                charts += 1
                role = "chart" if charts == 1 else f"chart-{charts}"
            elif shape.has_table:
                role = "table"
            elif body is not None and shape.has_text_frame:
                role = body
            else:
                role = role_of_name(shape.name)
            tag_shape(shape, slide.part, key, role, shape.text_frame.text if shape.has_text_frame else None)

    def _title_placeholder(self, slide):
        for ph in slide.placeholders:
            if ph.placeholder_format.type in _TITLE_TYPES:
                return ph
        return None

    def _title_shape(self, slide):
        """The slide's title: its title placeholder, or the box drawn where the layout has none."""
        ph = self._title_placeholder(slide)
        return ph if ph is not None else next((s for s in slide.shapes if s.name == _DRAWN_TITLE), None)

    def _set_title(self, slide, text: str, largest: float | None = None, smallest: float = 14) -> None:
        """Set the slide's title; sized here for a text slide (*largest* given), and at :meth:`finish`
        for a chart slide's headline, which shares one size with every other chart headline."""
        ph = self._title_placeholder(slide)
        text = clean_text(text)
        if ph is None:  # a layout without a title: draw one
            ph = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), self.prs.slide_width - Inches(1), Inches(1.1))
            ph.name = _DRAWN_TITLE
        number = len(self.prs.slides)
        self.titles.append((number, text))
        frame = ph.text_frame
        frame.word_wrap = True
        frame.text = text
        if largest is None:  # a chart headline
            self.headlines.append(Headline(number, ph, text))
            return
        size, fits = fit_size([text], ph.width, ph.height, largest, smallest, bold=True)
        if not fits:
            self._warn(f"the title does not fit its box even at {smallest:g} pt; shorten it")
        for run in frame.paragraphs[0].runs:
            run.font.size = Pt(size)

    def _body_placeholder(self, slide):
        for ph in slide.placeholders:
            if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.OBJECT):
                return ph
        return None

    def _body_rect(self, slide) -> tuple[int, int, int, int]:
        """Where a body goes on a layout without a body placeholder: below the title, across the slide."""
        title = self._title_placeholder(slide)
        top = (title.top + title.height) if title is not None else Inches(1.5)
        return (Inches(0.5), top + Inches(0.2), self.prs.slide_width - Inches(1),
                self.prs.slide_height - top - Inches(0.7))

    def _body_box(self, slide):
        """The slide's body placeholder, or a text box drawn where it would be."""
        ph = self._body_placeholder(slide)
        return ph if ph is not None else slide.shapes.add_textbox(*self._body_rect(slide))

    def _fill_body(self, slide, paragraphs: list[str], largest: float, smallest: float, bullets: bool) -> None:
        if not paragraphs:
            return
        ph = self._body_box(slide)
        texts = [clean_text(p) for p in paragraphs]
        size, fits = fit_size(texts, ph.width - (Inches(0.4) if bullets else 0), ph.height, largest, smallest,
                              spacing=0.5 if bullets else 0)
        if not fits:
            self._warn(f"the text does not fit its box even at {smallest:g} pt; shorten it or split the slide")
        frame = ph.text_frame
        frame.word_wrap = True
        frame.text = texts[0]
        for text in texts[1:]:
            frame.add_paragraph().text = text
        for paragraph in frame.paragraphs:
            if bullets:
                paragraph.space_after = Pt(size * 0.5)
            for run in paragraph.runs:
                run.font.size = Pt(size)

    def _content_area(self, slide, layout_name: str | None = None) -> tuple[int, int, int, int]:
        """Where the chart goes: the layout's chart/content placeholder, else below the title (*slide* may
        be the layout itself, whose placeholders every chart slide inherits)."""
        bottom_limit = self.prs.slide_height - FOOTER_HEIGHT
        area = next(((ph.left, ph.top, ph.width, ph.height) for ph in slide.placeholders
                     if ph.placeholder_format.type in _AREA_TYPES), None)
        if area is None:
            title = self._title_placeholder(slide)
            top = (title.top + title.height + Inches(0.15)) if title is not None else Inches(1.5)
            area = (Inches(0.5), top, self.prs.slide_width - Inches(1), bottom_limit - top)
        return chart_area(area, self.prs.slide_width, bottom_limit, self.where_chart,
                          layout_name or slide.slide_layout.name)

    def _footnote(self, slide, left: int, top: int, width: int, text: ChartText, marks_shown: bool = False) -> None:
        """Question text and base (and, when the slide shows marks, what they mean; and source) under the
        chart, sized to fit."""
        height = self.prs.slide_height - top - Inches(0.1)
        # narrowed where it would run under the slide number (bottom right)
        width = clear_of((left, top, width, height),
                         number_rect(slide.slide_layout, self.prs.slide_width, self.prs.slide_height))
        box = slide.shapes.add_textbox(left, top + Inches(0.05), width, Emu(height - Inches(0.05)))
        box.name = "Footnote"
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        parts = (text.base, text.significance if marks_shown else None, text.source)
        base = " · ".join(part for part in parts if part)
        lines = [clean_text(text.question), clean_text(base)]
        size, fits = fit_size(lines, box.width, box.height, 11, 8)
        if not fits:
            self._warn("the question text and base do not fit under the chart; give the question a shorter text")
        frame.text = lines[0]
        frame.add_paragraph().text = lines[1]
        for i, paragraph in enumerate(frame.paragraphs):
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.italic = i == 0
                colour_of(run.font.color, QUIET_TEXT)
