"""SVG charts drawn on the server: no script or outside file is needed to see them.

Each chart is an ``<svg>`` with a ``<title>`` naming what it shows (``role="img"``, or ``role="group"`` when
its bars are links); every bar or point has its own ``<title>`` (read by screen readers, shown as a tooltip).
Colours come from the stylesheet (classes ``bar``, ``s0``..``s7``), which the Content-Security-Policy allows
where inline styles are not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from ..analytics.results import Network, NetworkNode
from ..output.text import counted

SERIES_CLASSES = 8


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def histogram(periods: Sequence[str], counts: Sequence[int], href: Callable[[str], str], title: str,
              unit: str = "articles", width: int = 640, height: int = 120, by: str = "") -> Markup:
    """One bar per period, each a link (``href(period)``) narrowing to it; ``data-period`` and the chart's
    ``data-by`` (the address parameter a period goes in: ``month=2019-06..2019-09``) for the range script."""
    top = max(counts, default=0) or 1
    pad_left, pad_bottom, pad_top = 34, 18, 6
    inner_w, inner_h = width - pad_left - 4, height - pad_bottom - pad_top
    step = inner_w / max(len(periods), 1)
    bar_w = min(max(step * 0.85, 1.0), 48.0)
    # a group, not an image: its bars are links a keyboard or screen reader must reach
    parts = [f'<svg class="chart histogram" viewBox="0 0 {width} {height}" role="group" '
             f'aria-label="{escape(title)}" data-unit="{escape(unit)}" data-by="{escape(by)}">',
             f"<title>{escape(title)}</title>",
             f'<text class="axis" x="{pad_left - 4}" y="{pad_top + 8}" text-anchor="end">{top}</text>',
             f'<text class="axis" x="{pad_left - 4}" y="{pad_top + inner_h}" text-anchor="end">0</text>']
    for i, (period, count) in enumerate(zip(periods, counts)):
        h = inner_h * count / top
        x = pad_left + i * step
        parts.append(f'<a href="{escape(href(period))}" class="bar-link" data-period="{escape(period)}">'
                     f'<rect class="hit-area" x="{_n(x)}" y="{pad_top}" width="{_n(step)}" height="{inner_h}"/>'
                     f'<rect class="bar" x="{_n(x)}" y="{_n(pad_top + inner_h - h)}" width="{_n(bar_w)}" '
                     f'height="{_n(h)}"/><title>{escape(period)}: {escape(counted(count, unit))}</title></a>')
    if periods:
        y = height - 4
        parts.append(f'<text class="axis" x="{pad_left}" y="{y}">{escape(periods[0])}</text>')
        if len(periods) > 1:
            parts.append(f'<text class="axis" x="{width - 4}" y="{y}" text-anchor="end">{escape(periods[-1])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def lines(periods: Sequence[str], series: dict[str, list[int]], title: str, width: int = 720,
          height: int = 260) -> Markup:
    """One line per series over the periods, with a legend; a single series is drawn as bars."""
    top = max((max(v, default=0) for v in series.values()), default=0) or 1
    pad_left, pad_bottom, pad_top, legend_h = 40, 20, 8, 18 * ((len(series) + 2) // 3)
    inner_w, inner_h = width - pad_left - 8, height - pad_bottom - pad_top - legend_h
    n = max(len(periods), 1)
    step = inner_w / max(n - 1, 1) if len(series) > 1 else inner_w / n
    parts = [f'<svg class="chart lines" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line class="gridline" x1="{pad_left}" x2="{width - 8}" y1="{pad_top}" y2="{pad_top}"/>',
             f'<text class="axis" x="{pad_left - 4}" y="{pad_top + 8}" text-anchor="end">{top}</text>',
             f'<text class="axis" x="{pad_left - 4}" y="{pad_top + inner_h}" text-anchor="end">0</text>']
    for k, (label, values) in enumerate(series.items()):
        css = f"s{k % SERIES_CLASSES}"
        if len(series) == 1:
            for i, (period, v) in enumerate(zip(periods, values)):
                h = inner_h * v / top
                parts.append(f'<rect class="bar {css}" x="{_n(pad_left + i * step)}" y="{_n(pad_top + inner_h - h)}" '
                             f'width="{_n(max(step * 0.85, 1))}" height="{_n(h)}"><title>{escape(period)}: {v}'
                             f'</title></rect>')
            continue
        points = " ".join(f"{_n(pad_left + i * step)},{_n(pad_top + inner_h - inner_h * v / top)}"
                          for i, v in enumerate(values))
        parts.append(f'<polyline class="line {css}" points="{points}"><title>{escape(label)}</title></polyline>')
        for i, (period, v) in enumerate(zip(periods, values)):
            parts.append(f'<circle class="dot {css}" cx="{_n(pad_left + i * step)}" '
                         f'cy="{_n(pad_top + inner_h - inner_h * v / top)}" r="2.5"><title>{escape(label)}, '
                         f'{escape(period)}: {v}</title></circle>')
    if periods:
        y = pad_top + inner_h + 14
        parts.append(f'<text class="axis" x="{pad_left}" y="{y}">{escape(periods[0])}</text>')
        parts.append(f'<text class="axis" x="{width - 8}" y="{y}" text-anchor="end">{escape(periods[-1])}</text>')
    if len(series) > 1:
        for k, label in enumerate(series):
            x = pad_left + (k % 3) * (inner_w / 3)
            y = height - legend_h + 14 + 18 * (k // 3)
            parts.append(f'<rect class="swatch s{k % SERIES_CLASSES}" x="{_n(x)}" y="{y - 9}" width="10" height="10"/>'
                         f'<text class="legend" x="{_n(x + 14)}" y="{y}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar(count: int, top: int, width: int = 160, height: int = 12) -> Markup:
    """A small horizontal bar for a table row (the count itself is in the row as text)."""
    w = width * count / (top or 1)
    return Markup(f'<svg class="chart rowbar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true"><rect class="bar" x="0" y="1" width="{_n(w)}" height="{height - 2}"/></svg>')


LABELLED_NODES = 40  # names written beside their dots (the largest); every dot has its name as a tooltip


def network(net: Network, href: Callable[[NetworkNode], str], title: str, width: int = 760,
            height: int = 520) -> Markup:
    """A co-occurrence network: a dot per name (area by its articles, colour by type), a line per link (width by
    the articles in common, dashed when the pair is named together less often than chance). Each dot is a
    link (``href(node)``). Laid out by networkx's spring layout with a fixed seed: the same network is
    always drawn the same way."""
    import networkx as nx

    graph = net.to_networkx()
    # spring_layout under 500 nodes needs only numpy; the seed makes the drawing reproducible
    pos = nx.spring_layout(graph, seed=7, weight="weight") if len(graph) > 1 else {n: (0.0, 0.0) for n in graph}
    pad = 60

    def xy(node_id: str) -> tuple[float, float]:
        x, y = pos[node_id]
        return pad + (float(x) + 1) / 2 * (width - 2 * pad), pad + (float(y) + 1) / 2 * (height - 1.5 * pad)

    most = max((n.articles for n in net.nodes), default=1) or 1
    widest = max((e.articles for e in net.edges), default=1) or 1
    radius = {n.id: 4 + 14 * (n.articles / most) ** 0.5 for n in net.nodes}
    parts = [f'<svg class="chart network" viewBox="0 0 {width} {height}" role="group" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    label = {n.id: n.label for n in net.nodes}
    for e in net.edges:
        (x1, y1), (x2, y2) = xy(e.source), xy(e.target)
        kind = "edge under" if e.score < 0 else "edge"
        parts.append(f'<line class="{kind}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                     f'stroke-width="{_n(0.75 + 4 * e.articles / widest)}"><title>{escape(label[e.source])} – '
                     f'{escape(label[e.target])}: {counted(e.articles, "articles")} in common, '
                     f'G² {e.score:.2f}</title></line>')
    labelled = {n.id for n in sorted(net.nodes, key=lambda n: -n.articles)[:LABELLED_NODES]}
    for n in sorted(net.nodes, key=lambda n: n.articles):  # the largest drawn last, on top
        x, y = xy(n.id)
        r = radius[n.id]
        parts.append(f'<a href="{escape(href(n))}" class="node-link"><circle class="node {escape(n.type)}" '
                     f'cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/><title>{escape(n.label)} ({escape(n.type)}): '
                     f'{counted(n.articles, "articles")}</title>')
        if n.id in labelled:
            parts.append(f'<text class="node-label" x="{_n(x)}" y="{_n(y - r - 3)}" text-anchor="middle">'
                         f'{escape(n.label)}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))
