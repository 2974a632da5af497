"""Server-rendered SVG charts: no script, no inline style, no fonts or files from elsewhere.

Each function returns the whole <svg> element as markup; every text in it is escaped. Colours
are presentation attributes (fill=...), which the pages' Content-Security-Policy allows.
"""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

COLOURS = ("#b22222", "#d98c1f", "#2f6db5", "#5a8f3c")
FONT = 'font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif"'


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" {FONT} font-size="13">'
        f'<title>{escape(title)}</title>' + "".join(body) + "</svg>")


def _legend(series: list[str], x: int, y: int) -> list[str]:
    out = []
    for i, name in enumerate(series):
        out.append(f'<rect x="{x}" y="{y + i * 20}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
                   f'<text x="{x + 18}" y="{y + i * 20 + 11}">{escape(name)}</text>')
    return out


def stacked_bars(title: str, rows: list[tuple[str, list[int]]], series: list[str]) -> Markup:
    """Horizontal bars, one per row (a department), stacked by series (the kinds of act)."""
    label_w, bar_w, row_h, top = 220, 420, 26, 10
    legend_h = 20 * len(series) + 10
    height = top + row_h * max(len(rows), 1) + 30 + legend_h
    biggest = max([sum(v) for _, v in rows] + [1])
    body = []
    for r, (label, values) in enumerate(rows):
        y = top + r * row_h
        body.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>')
        x = label_w
        for i, v in enumerate(values):
            w = round(bar_w * v / biggest, 1)
            if w:
                body.append(f'<rect x="{x}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{COLOURS[i % len(COLOURS)]}">'
                            f'<title>{escape(label)} · {escape(series[i])}：{v}</title></rect>')
            x += w
        body.append(f'<text x="{x + 6}" y="{y + 17}">{sum(values)}</text>')
    axis_y = top + row_h * max(len(rows), 1)
    body.append(f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{axis_y}" stroke="#666"/>')
    body += _legend(series, label_w, axis_y + 20)
    return _svg(label_w + bar_w + 60, height, title, body)


def trend_lines(title: str, days: list[date], series: list[tuple[str, list[int]]]) -> Markup:
    """One line per series over the weeks, with a labelled y axis from zero."""
    left, top, plot_w, plot_h = 50, 15, 600, 200
    legend_h = 20 * len(series) + 10
    biggest = max([v for _, values in series for v in values] + [1])
    step = plot_w / max(len(days) - 1, 1)
    body = []
    ticks = sorted({0, biggest // 2, biggest})
    for t in ticks:
        y = top + plot_h - plot_h * t / biggest
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{t}</text>')
    for i, d in enumerate(days):
        if i % 2 == len(days) % 2 or i == len(days) - 1:
            body.append(f'<text x="{left + i * step:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{d.month}/{d.day}</text>')
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        points = " ".join(f"{left + i * step:.1f},{top + plot_h - plot_h * v / biggest:.1f}" for i, v in enumerate(values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            body.append(f'<circle cx="{left + i * step:.1f}" cy="{top + plot_h - plot_h * v / biggest:.1f}" r="3" fill="{colour}">'
                        f'<title>{days[i].isoformat()} · {escape(name)}：{v}</title></circle>')
    body += _legend([n for n, _ in series], left, top + plot_h + 32)
    return _svg(left + plot_w + 20, top + plot_h + 32 + legend_h, title, body)
