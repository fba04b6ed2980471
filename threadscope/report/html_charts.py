"""Inline SVG charts for the HTML report: no script, no external asset, readable when printed.

Every label is escaped with ``html.escape``; the charts are plain SVG elements inside the page,
which the report's Content-Security-Policy allows because they load nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from threadscope.models import Verdict
from threadscope.report.common import UNKNOWN_LANDING, VERDICT_ORDER

COLORS = {
    Verdict.LOOKALIKE: "#b42318",
    Verdict.SUSPICIOUS: "#b45309",
    Verdict.BENIGN: "#2e7d4f",
    Verdict.OFFICIAL: "#1f5f99",
    Verdict.INVALID: "#6b7079",
}
UNKNOWN_SERIES = UNKNOWN_LANDING
"""The grey series: benign or official links whose landing is not known (``unresolved``, a
short link ``not followed`` offline), shown grey as the tables and the summary tiles show
them, never as green ``benign``."""
UNKNOWN_COLOR = "#969ca5"
SERIES = (
    *((verdict.value, COLORS[verdict]) for verdict in VERDICT_ORDER[:-1]),
    (UNKNOWN_SERIES, UNKNOWN_COLOR),
    (VERDICT_ORDER[-1].value, COLORS[VERDICT_ORDER[-1]]),
)
"""(series name, colour) in the order of legends and segments: the verdicts worst first, the
links of unknown landing before ``invalid``."""
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"


DARK_INK = "#111111"
"""Counts on a bar too light for white (the grey series): near black, which the dark
colour scheme leaves as it is (it lightens the chart's other dark text)."""


def count_ink(color: str) -> str:
    """White or near black, whichever reads better on a bar of ``color`` (``#rrggbb``)."""
    return "#fff" if _contrast("#ffffff", color) >= _contrast(DARK_INK, color) else DARK_INK


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                        for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Bar:
    label: str
    counts: dict[str, int]
    """Series name (a verdict's value, or ``UNKNOWN_SERIES``) → count."""


def _legend(y: int, x0: int, unknown: bool) -> str:
    """Every verdict; the grey series only where a bar has some (charts without it stay as
    they were)."""
    parts = []
    x = x0
    for name, color in SERIES:
        if name == UNKNOWN_SERIES and not unknown:
            continue
        parts.append(
            f"<rect x='{x}' y='{y - 10}' width='12' height='12' rx='2' "
            f"fill='{color}'/><text x='{x + 17}' y='{y}' font-size='12' "
            f"fill='#333'>{name}</text>"
        )
        x += 26 + 8 * len(name)
    return "".join(parts)


def stacked_bars(bars: Sequence[Bar], *, title: str) -> str:
    """One horizontal bar per row, split by verdict, worst first; counts printed in segments."""
    label_width, bar_width, row = 230, 440, 30
    peak = max((sum(bar.counts.values()) for bar in bars), default=0) or 1
    height = 48 + row * len(bars)
    unknown = any(bar.counts.get(UNKNOWN_SERIES) for bar in bars)
    out = [
        f"<svg class='chart' role='img' aria-label='{_e(title)}' viewBox='0 0 720 {height}' "
        f"width='100%' xmlns='http://www.w3.org/2000/svg' {FONT}>",
        f"<title>{_e(title)}</title>",
        # the grey series' long name needs the room over the labels too
        _legend(16, 10, True) if unknown else _legend(16, label_width, False),
    ]
    for number, bar in enumerate(bars):
        y = 32 + number * row
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        out.append(
            f"<text x='{label_width - 10}' y='{y + 15}' font-size='13' text-anchor='end' "
            f"fill='#222'>{_e(label)}</text>"
        )
        total = sum(bar.counts.values())
        if not total:
            out.append(
                f"<text x='{label_width}' y='{y + 15}' font-size='12' fill='#555'>no links</text>"
            )
            continue
        x = float(label_width)
        for name, color in SERIES:
            count = bar.counts.get(name, 0)
            if not count:
                continue
            width = bar_width * count / peak
            out.append(
                f"<rect x='{x:.1f}' y='{y}' width='{width:.1f}' height='20' "
                f"fill='{color}'><title>{count} {name}</title></rect>"
            )
            if width >= 16:
                out.append(
                    f"<text x='{x + width / 2:.1f}' y='{y + 14}' font-size='12' "
                    f"text-anchor='middle' fill='{count_ink(color)}'>{count}</text>"
                )
            x += width
        out.append(f"<text x='{x + 6:.1f}' y='{y + 15}' font-size='12' fill='#555'>{total}</text>")
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Dot:
    label: str
    day: date
    verdict: Verdict


def parse_day(value: str | None) -> date | None:
    """The date part of an ISO 8601 date or datetime; None when absent or unreadable."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timeline(dots: Sequence[Dot], *, today: date, title: str) -> str:
    """Registration dates on a time axis ending today: young look-alikes crowd the right end."""
    if not dots:
        return ""
    start = min(min(dot.day for dot in dots), today)
    start = date(start.year, 1, 1)
    span = max((today - start).days, 1)
    left, width, row = 20, 680, 22
    ordered = sorted(dots, key=lambda dot: dot.day)
    height = 70 + row * len(ordered)
    axis_y = height - 30

    def x_of(day: date) -> float:
        return left + width * min(max((day - start).days, 0), span) / span

    out = [
        f"<svg class='chart' role='img' aria-label='{_e(title)}' viewBox='0 0 720 {height}' "
        f"width='100%' xmlns='http://www.w3.org/2000/svg' {FONT}>",
        f"<title>{_e(title)}</title>",
        f"<line x1='{left}' y1='{axis_y}' x2='{left + width}' y2='{axis_y}' stroke='#999'/>",
    ]
    step = max(1, (today.year - start.year) // 8 or 1)
    for year in range(start.year, today.year + 1, step):
        x = x_of(date(year, 1, 1))
        out.append(
            f"<line x1='{x:.1f}' y1='{axis_y}' x2='{x:.1f}' y2='{axis_y + 5}' stroke='#999'/>"
            f"<text x='{x:.1f}' y='{axis_y + 18}' font-size='12' text-anchor='middle' "
            f"fill='#555'>{year}</text>"
        )
    for number, dot in enumerate(ordered):
        x, y = x_of(dot.day), 18 + number * row
        anchor, dx = ("end", -8) if x > left + width * 0.6 else ("start", 8)
        out.append(
            f"<line x1='{x:.1f}' y1='{y}' x2='{x:.1f}' y2='{axis_y}' stroke='#ddd' "
            f"stroke-dasharray='2,3'/>"
            f"<circle cx='{x:.1f}' cy='{y}' r='6' fill='{COLORS[dot.verdict]}'>"
            f"<title>{_e(dot.label)}: {dot.day.isoformat()} ({dot.verdict.value})</title></circle>"
            f"<text x='{x + dx:.1f}' y='{y + 4}' font-size='12' text-anchor='{anchor}' "
            f"fill='#222'>{_e(dot.label)} · {dot.day.isoformat()}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def score_bars(rows: Sequence[tuple[str, int, bool]], *, title: str) -> str:
    """Horizontal bars 0–100 (bot clusters): label, score, flagged."""
    label_width, bar_width, row = 230, 440, 28
    height = 20 + row * len(rows)
    out = [
        f"<svg class='chart' role='img' aria-label='{_e(title)}' viewBox='0 0 720 {height}' "
        f"width='100%' xmlns='http://www.w3.org/2000/svg' {FONT}>",
        f"<title>{_e(title)}</title>",
    ]
    for number, (label, score, flagged) in enumerate(rows):
        y = 8 + number * row
        color = COLORS[Verdict.LOOKALIKE] if flagged else COLORS[Verdict.BENIGN]
        width = bar_width * max(0, min(score, 100)) / 100
        short = label if len(label) <= 34 else label[:33] + "…"
        out.append(
            f"<text x='{label_width - 10}' y='{y + 14}' font-size='13' text-anchor='end' "
            f"fill='#222'>{_e(short)}</text>"
            f"<rect x='{label_width}' y='{y}' width='{bar_width}' height='18' fill='#eee'/>"
            f"<rect x='{label_width}' y='{y}' width='{width:.1f}' height='18' fill='{color}'/>"
            f"<text x='{label_width + width + 6:.1f}' y='{y + 14}' font-size='12' "
            f"fill='#555'>{score}</text>"
        )
    out.append("</svg>")
    return "".join(out)
