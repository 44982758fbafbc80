"""How labels read on a chart or table: short labels, shortened, unique, segments lettered; Excel number formats."""

from __future__ import annotations

from ..compose import MAX_LABEL, ValueFormat
from ..compose.marks import lettered, lettering
from ..stats import TOTAL, Table
from ..text import formats
from .xmlfix import clean_text


def shorten_label(label: str, limit: int = MAX_LABEL) -> str:
    """*label*, cut at a word boundary with an ellipsis when longer than *limit* characters."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0] if " " in label[: limit - 1] else label[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def unique_labels(labels: list[str]) -> list[str]:
    """Shortened labels, numbered where shortening made two of them read the same."""
    short = [shorten_label(label) for label in labels]
    seen: dict[str, int] = {}
    out = []
    for label in short:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label[:-1]} ({seen[label]})…")
    return out


def distinct(labels: list[str]) -> list[str]:
    """*labels*, a repeated one numbered ("Short (2)", or "… (2)…" before a shortened label's ellipsis, as
    :func:`unique_labels` does): two categories shortened alike stay two."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        if seen[label] == 1:
            out.append(label)
        elif label.endswith("…"):
            out.append(f"{label[:-1]} ({seen[label]})…")
        else:
            out.append(f"{label} ({seen[label]})")
    return out

def segment_names(table: Table, total_label: str = TOTAL, low_base: int = 0, locale: str = "en",
                  shorts: dict | None = None) -> list[str]:
    """Column names as shown: 'Total' in the deck's language; segments lettered when tested by letter; a
    segment whose base is under *low_base* marked with an asterisk and its n ("Landsting (B)* (n=16)"), so
    a reader sees the caution on the slide itself, not by colour alone. A chart gives *shorts*, the
    codebook's short labels, which win over the full ones (tables, notes and the workbook keep those)."""
    columns = table.columns
    if columns.role == "total":  # the one column of everyone
        return [total_label]
    letters = lettering(table) if lettered(table) else {}
    names = []
    for label in columns:
        if label == columns.total:  # a Total beside the segments, in the deck's words
            names.append(total_label)
        else:  # a segment (or a grid's scale point), shortened so a letter still fits
            suffix = f" ({letters[label]})" if label in letters else ""
            base = columns.bases[columns.labels.index(label)] if columns.bases is not None else None
            if columns.role == "segment" and base is not None and base < low_base:
                suffix += f"* (n={formats.number(base, locale)})"
            # shortened so that the letter and the low-base mark always fit whole
            label = (shorts or {}).get(label, label)
            names.append(shorten_label(label, MAX_LABEL - max(6, len(suffix))) + suffix)
    return names


def excel_format(value_format: ValueFormat, locale: str) -> str:
    """*value_format* as an Excel number format, for chart data labels and axes."""
    if value_format.percent:
        return formats.excel_percent_format(locale, value_format.decimals)
    digits = formats.excel_digits(value_format.decimals)
    unit = clean_text(value_format.unit or "").replace('"', "").replace("\n", " ")  # a literal in the format
    return f'{digits}"\u00a0{unit}"' if unit else digits


def excel_cell_format(value_format: ValueFormat) -> str:
    """The Excel number format of a value's cell in a workbook, whose header names the unit."""
    return formats.excel_digits(value_format.decimals) + ("%" if value_format.percent else "")
