"""Chart data whose embedded workbook is byte-for-byte reproducible.

python-pptx embeds each chart's numbers in a small .xlsx (written by
XlsxWriter) so the user can edit them in PowerPoint. XlsxWriter stamps that
workbook with the current time; these subclasses give it a fixed one, so the
same inputs always produce the same deck.
"""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter

from .package import FIXED_DATETIME


class _FixedTimeWorkbookWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file):
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": FIXED_DATETIME.replace(tzinfo=_dt.timezone.utc),
                                 "author": "deckgen"})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class ReproducibleChartData(CategoryChartData):
    """:class:`CategoryChartData` with a deterministic embedded workbook."""

    @property
    def _workbook_writer(self):
        return _FixedTimeWorkbookWriter(self)
