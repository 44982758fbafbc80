"""Numbers in the deck's locale: ``62 %`` and ``1 510`` in Swedish, ``62%`` and ``1,510`` in English.

Formatting goes through babel's CLDR data. Values are rounded half up first
(as Excel rounds the chart's data labels), so a headline never says 62 % where
the chart shows 63 %.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

from ..errors import InputError, quote

#: deckgen locale -> CLDR locale used for formats.
CLDR = {"sv": "sv_SE", "en": "en_GB"}

#: Most decimals a number may be printed with: a float holds about 16 significant digits.
MAX_DECIMALS = 15
#: Enough digits to round any float exactly (the largest has 309 before the point).
_EXACT = Context(prec=400)


def finite(value) -> float:
    """*value* as a float that prints as a number: no NaN, no infinity, no integer past a float's range."""
    try:
        number = float(value)
    except OverflowError:
        raise InputError(f"the number {quote(value, 30)} is too large to print; divide it first") from None
    if not math.isfinite(number):
        raise InputError(f"{quote(value, 30)} is not a number that can be printed (a share of nobody, "
                         "or a division by 0?)")
    return number


def decimals_of(decimals) -> int:
    """A number of decimals that can be printed: an integer from 0 to :data:`MAX_DECIMALS`."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
        raise InputError(f"decimals must be a whole number from 0 to {MAX_DECIMALS}, not {quote(decimals, 30)}")
    return decimals


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round like a report writer (and Excel): 12.5 -> 13, not 12."""
    quantum = Decimal(1).scaleb(-decimals_of(decimals))
    return float(Decimal(repr(finite(value))).quantize(quantum, rounding=ROUND_HALF_UP, context=_EXACT))


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
    with localcontext(_EXACT):  # babel rounds again, in the current decimal context
        return format_percent(rounded / 100, _percent_pattern(locale, decimals), locale=_locale(locale))


def number(value: float, locale: str, decimals: int = 0) -> str:
    """Format a count or other number (1510 -> '1 510' in sv, '1,510' in en)."""
    from babel.numbers import format_decimal

    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext(_EXACT):  # babel rounds again, in the current decimal context
        return format_decimal(rounded, pattern, locale=_locale(locale))


def excel_digits(decimals: int = 0) -> str:
    """The digits of an Excel number format with *decimals* places: ``0``, ``0.0``, ``0.00``."""
    return "0" + ("." + "0" * decimals if decimals else "")


def excel_percent_format(locale: str, decimals: int = 0) -> str:
    """The Excel number format for chart data labels showing a proportion as a percent."""
    digits = excel_digits(decimals)
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
