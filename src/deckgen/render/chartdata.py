"""Chart data whose embedded workbook is byte-for-byte reproducible.

python-pptx embeds each chart's numbers in a small .xlsx (written by
XlsxWriter) so the user can edit them in PowerPoint ("Edit Data"). XlsxWriter
stamps that workbook with the current time and turns a label that looks like a
formula or a URL into a live one; these subclasses give it a fixed time and
plain cells (:data:`~deckgen.render.package.PLAIN_CELLS`), so the same inputs
always produce the same deck and no label runs when the workbook opens.

python-pptx also finds each category's position by walking the list of
categories (and each series' position by walking the series), which makes
writing a chart of n categories or series cost O(n²): minutes for ten
thousand. :class:`_IndexedCategories` and :meth:`ReproducibleChartData.series_index`
look positions up instead.
"""

from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import Categories, CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter

from .package import new_workbook


class _PlainWorkbookWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = new_workbook(xlsx_file)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _IndexedCategories(Categories):
    """Categories whose offsets are computed once, not searched for each category."""

    _offsets: dict[int, int] | None = None

    def add_category(self, label):
        self._offsets = None  # a new category changes what follows it
        return super().add_category(label)

    def index(self, category):
        if self._offsets is None:
            self._offsets, offset = {}, 0
            for this in self._categories:
                self._offsets[id(this)] = offset
                offset += this.leaf_count
        try:
            return self._offsets[id(category)]
        except KeyError:
            raise ValueError("category not in top-level categories") from None


class ReproducibleChartData(CategoryChartData):
    """:class:`CategoryChartData` with a deterministic embedded workbook and linear-time categories."""

    @property
    def _workbook_writer(self):
        return _PlainWorkbookWriter(self)

    def series_index(self, series) -> int:
        positions = self.__dict__.setdefault("_positions", {})
        if len(positions) != len(self._series):  # series were added since the last look-up
            positions.clear()
            positions.update((id(s), i) for i, s in enumerate(self._series))
        try:
            return positions[id(series)]
        except KeyError:
            raise ValueError("series not in chart data object") from None

    @property
    def categories(self):
        if self._categories is None:
            self._categories = _IndexedCategories()
        return self._categories

    @categories.setter
    def categories(self, category_labels):
        categories = _IndexedCategories()
        for label in category_labels:
            categories.add_category(label)
        self._categories = categories
