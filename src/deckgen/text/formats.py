"""Numbers in the deck's locale: ``62 %`` and ``1 510`` in Swedish, ``62%`` and ``1,510`` in English.

Formatting goes through babel's CLDR data. Values are rounded half up first
(as Excel rounds the chart's data labels), so a headline never says 62 % where
the chart shows 63 %.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

#: deckgen locale -> CLDR locale used for formats.
CLDR = {"sv": "sv_SE", "en": "en_GB"}


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round like a report writer (and Excel): 12.5 -> 13, not 12."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


@lru_cache(maxsize=None)
def _locale(locale: str):
    from babel import Locale

    return Locale.parse(CLDR.get(locale, locale))


@lru_cache(maxsize=None)
def _percent_pattern(locale: str, decimals: int) -> str:
    pattern = _locale(locale).percent_formats[None].pattern
    if decimals:
        last_zero = pattern.rfind("0")
        pattern = pattern[: last_zero + 1] + "." + "0" * decimals + pattern[last_zero + 1:]
    return pattern


def percent(points: float, locale: str, decimals: int = 0) -> str:
    """Format a percentage given in points (61.9 -> '62 %' in sv, '62%' in en)."""
    from babel.numbers import format_percent

    rounded = round_half_up(points, decimals)
    return format_percent(rounded / 100, _percent_pattern(locale, decimals), locale=_locale(locale))


def number(value: float, locale: str, decimals: int = 0) -> str:
    """Format a count or other number (1510 -> '1 510' in sv, '1,510' in en)."""
    from babel.numbers import format_decimal

    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, pattern, locale=_locale(locale))


def excel_percent_format(locale: str, decimals: int = 0) -> str:
    """The Excel number format for chart data labels showing a proportion as a percent."""
    digits = "0" + ("." + "0" * decimals if decimals else "")
    return f'{digits}"\u00a0"%' if locale == "sv" else f"{digits}%"


def join(items, locale: str) -> str:
    """'A, B och C' in Swedish, 'A, B and C' in English (no serial comma)."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = {"sv": "och", "en": "and"}.get(locale, "and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
