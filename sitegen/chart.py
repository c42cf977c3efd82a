"""The home page's coverage chart: an SVG drawn at build time, no script, no library.

Documents are counted per day, week or month (whichever gives a readable number of bars),
press and official stacked. Every bar has a tooltip (<title>) in French.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sitegen.markup import MONTHS, esc, fr_date, parse_date

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 34
COLOURS = {"press": "#3f51b5", "official": "#e65100"}


def _bucket(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _step(day: date, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _label(day: date, unit: str) -> str:
    if unit == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    text = fr_date(day.isoformat())
    return f"semaine du {text}" if unit == "week" else text


def coverage_svg(items: list[tuple[str, str]]) -> str:
    """An SVG figure of documents over time from (ISO date, kind) pairs; "" when none."""
    days = [(d.date(), kind) for value, kind in items if (d := parse_date(value)) is not None]
    if not days:
        return ""
    first, last = min(d for d, _ in days), max(d for d, _ in days)
    span = (last - first).days
    unit = "day" if span <= 60 else "week" if span <= 730 else "month"
    counts = Counter((_bucket(d, unit), kind) for d, kind in days)
    buckets = [_bucket(first, unit)]
    while buckets[-1] < _bucket(last, unit):
        buckets.append(_step(buckets[-1], unit))
    peak = max(counts[(b, "press")] + counts[(b, "official")] for b in buckets)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(buckets)
    bar = max(slot * 0.8, 1.0)
    parts = [
        f'<svg class="vs-chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        ' aria-labelledby="vs-chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="vs-chart-title">Articles de presse et communiqués officiels par '
        f"{ {'day': 'jour', 'week': 'semaine', 'month': 'mois'}[unit] }</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"'
        ' stroke="currentColor" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="11"'
        f' fill="currentColor">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11"'
        ' fill="currentColor">0</text>',
    ]
    for n, bucket in enumerate(buckets):
        x = LEFT + n * slot + (slot - bar) / 2
        base = float(TOP + plot_h)
        press, official = counts[(bucket, "press")], counts[(bucket, "official")]
        tip = esc(f"{_label(bucket, unit)} : {press} article(s), {official} communiqué(s)")
        for kind, value in (("press", press), ("official", official)):
            if not value:
                continue
            height = plot_h * value / peak
            base -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}"'
                f' height="{height:.1f}" fill="{COLOURS[kind]}"><title>{tip}</title>'
                "</rect>"
            )
    for n in sorted({0, len(buckets) // 2, len(buckets) - 1}):
        x = LEFT + (n + 0.5) * slot
        anchor = "start" if n == 0 else "end" if n == len(buckets) - 1 else "middle"
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="{anchor}"'
            f' font-size="11" fill="currentColor">{esc(_label(buckets[n], unit))}</text>'
        )
    parts.append("</svg>")
    legend = (
        '<figcaption><span class="vs-key vs-key-press"></span> presse'
        ' <span class="vs-key vs-key-official"></span> sources officielles</figcaption>'
    )
    return '<figure class="vs-chart">' + "".join(parts) + legend + "</figure>"
