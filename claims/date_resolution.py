"""Resolution of date specs (from ``claims.dates``) against a reference date.

A spec is a plain tuple whose first item names its resolver: ``("day", 10, 7, None, 3)`` is
"jeudi 10 juillet", ``("week", -1, "end")`` "en fin de semaine dernière". :func:`resolve_spec`
returns inclusive ``(start, end)`` days. Conventions: a year left out is the one putting the
date closest to the reference (the future counts double, news mostly looks back) and matching
the weekday when one is given; weeks run Monday to Sunday ("début" Monday-Wednesday, "milieu"
Wednesday-Thursday, "fin" Friday-Sunday); months split into 1-10, 11-20, 21-end; years into
January-March, May-August, October-December.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import dateparser

_PART_MONTHS = {"start": (1, 3), "mid": (5, 8), "end": (10, 12)}
_WEEK_PART_DAYS = {"start": (0, 2), "mid": (2, 3), "end": (4, 6), None: (0, 6)}
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"}
Bounds = tuple[date | None, date | None]


def _need(ref: date | None) -> date:
    if ref is None:
        raise ValueError("a reference date is needed")
    return ref


def _infer_year(ref: date | None, day: int, month: int, weekday: int | None) -> date:
    """Pick the year putting the date closest to the reference, honouring the weekday if given."""
    ref = _need(ref)
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February
            continue
    fitting = [c for c in candidates if weekday is None or c.weekday() == weekday]
    return min(fitting or candidates, key=lambda c: _distance(c, ref))


def _distance(value: date, ref: date) -> int:
    """Days between ``value`` and ``ref``; the future counts double (news mostly looks back)."""
    days = (value - ref).days
    return 2 * days if days > 0 else -days


def _resolve_day(
    ref: date | None, day: int, month: int | None, year: int | None, weekday: int | None
) -> Bounds:
    if month is None:
        raise ValueError("a day without a month is only meaningful inside a range")
    value = date(year, month, day) if year else _infer_year(ref, day, month, weekday)
    return value, value


def _resolve_range(ref: date | None, first: tuple[Any, ...], second: tuple[Any, ...]) -> Bounds:
    end, _ = _resolve_day(ref, *second[1:])
    assert end is not None
    _, day, month, year, _ = first
    month = month or end.month
    if year is None:
        year = end.year if (month, day) <= (end.month, end.day) else end.year - 1
    return date(year, month, day), end


def _resolve_month(ref: date | None, month: int, year: int | None, part: str | None) -> Bounds:
    if year is None:
        ref = _need(ref)
        year = min(
            (ref.year - 1, ref.year, ref.year + 1),
            key=lambda y: _distance(date(y, month, 15), ref),
        )
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"start": (1, 10), "mid": (11, 20), "end": (21, last)}.get(
        part or "", (1, last)
    )
    return date(year, month, first_day), date(year, month, last_day)


def _resolve_month_offset(ref: date | None, offset: int) -> Bounds:
    ref = _need(ref)
    index = ref.year * 12 + ref.month - 1 + offset
    return _resolve_month(ref, index % 12 + 1, index // 12, None)


def _resolve_year(ref: date | None, year: int, part: str | None) -> Bounds:
    first, last = _PART_MONTHS.get(part or "", (1, 12))
    return date(year, first, 1), date(year, last, 31)


def _resolve_relative_year(ref: date | None, offset: int) -> Bounds:
    return _resolve_year(ref, _need(ref).year + offset, None)


def _resolve_week(ref: date | None, offset: int, part: str | None) -> Bounds:
    ref = _need(ref)
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
    first, last = _WEEK_PART_DAYS[part]
    return monday + timedelta(days=first), monday + timedelta(days=last)


def _resolve_weekend(ref: date | None, offset: int) -> Bounds:
    ref = _need(ref)
    saturday = ref - timedelta(days=ref.weekday()) + timedelta(days=5)  # of the same week
    if offset < 0:
        saturday -= timedelta(weeks=1)
    elif offset > 0 and ref.weekday() >= 5:
        saturday += timedelta(weeks=1)
    return saturday, saturday + timedelta(days=1)


def _resolve_weekday(ref: date | None, weekday: int, offset: int) -> Bounds:
    ref = _need(ref)
    back = (ref.weekday() - weekday) % 7
    if offset > 0:
        value = ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    else:
        value = ref - timedelta(days=back or (7 if offset < 0 else 0))
    return value, value


def _resolve_offset(ref: date | None, offset: int) -> Bounds:
    value = _need(ref) + timedelta(days=offset)
    return value, value


def _resolve_dateparser(ref: date | None, text: str) -> Bounds:
    settings: dict[str, Any] = dict(_DATEPARSER_SETTINGS)
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
    elif not re.search(r"\d{4}", text):
        raise ValueError("relative expression without a reference date")
    parsed = dateparser.parse(text.replace("’", "'"), languages=["fr"], settings=settings)
    if parsed is None:
        raise ValueError(f"dateparser could not read {text!r}")
    return parsed.date(), parsed.date()


_RESOLVERS: dict[str, Callable[..., Bounds]] = {
    "day": _resolve_day,
    "range": _resolve_range,
    "month": _resolve_month,
    "month_offset": _resolve_month_offset,
    "year": _resolve_year,
    "week": _resolve_week,
    "weekend": _resolve_weekend,
    "weekday": _resolve_weekday,
    "offset": _resolve_offset,
    "year_offset": _resolve_relative_year,
    "dateparser": _resolve_dateparser,
}


def resolve_spec(spec: tuple[Any, ...], ref: date | None) -> Bounds:
    """Return the inclusive (start, end) days of ``spec``; raises ValueError if it cannot."""
    return _RESOLVERS[spec[0]](ref, *spec[1:])
