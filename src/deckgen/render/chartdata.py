"""Chart data whose embedded workbook is byte-for-byte reproducible.

python-pptx embeds each chart's numbers in a small .xlsx (written by
XlsxWriter) so the user can edit them in PowerPoint ("Edit Data"). XlsxWriter
stamps that workbook with the current time and turns a label that looks like a
formula or a URL into a live one; these subclasses give it a fixed time and
plain cells (:data:`~deckgen.render.package.PLAIN_CELLS`), so the same inputs
always produce the same deck and no label runs when the workbook opens.
"""

from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter

from .package import new_workbook


class _PlainWorkbookWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = new_workbook(xlsx_file)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class ReproducibleChartData(CategoryChartData):
    """:class:`CategoryChartData` with a deterministic embedded workbook."""

    @property
    def _workbook_writer(self):
        return _PlainWorkbookWriter(self)
