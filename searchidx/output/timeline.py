"""Timelines: matches per period as a terminal bar chart, csv or json, or a chart written to a PNG or SVG file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO

from ..errors import OutputError
from ..search.query import Query
from ..search.results import Timeline
from ..wholefile import make_folder
from .text import counted, safe_cell


def render_timeline(tl: Timeline, fmt: str, out: IO[str], bar_width: int = 40) -> None:
    """A timeline as a terminal bar chart (one column per split value), CSV or JSON."""
    if fmt == "json":
        json.dump(tl.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    names = list(tl.series)
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["period", *[safe_cell(n) for n in names]])
        for i, period in enumerate(tl.periods):
            writer.writerow([period, *[tl.series[n][i] for n in names]])
        return
    unit = "stories" if tl.counted == "stories" else "articles"
    if not tl.periods:
        out.write(empty_note(tl) + "\n")
        return
    left = not_counted(tl)
    shown = f", {left} not shown" if left else ""
    if names == ["all"]:
        values = tl.series["all"]
        top = max(values) or 1
        for period, v in zip(tl.periods, values):
            bar = "#" * round(bar_width * v / top) if v else ""
            out.write(f"{period:<10} {v:>6}  {bar}\n")
        out.write(f"{counted(tl.total, unit)} by {tl.by}{shown}\n")
        return
    widths = [max(len(n), 6) for n in names]
    out.write(f"{'':<10} " + "  ".join(n.rjust(w) for n, w in zip(names, widths)) + "\n")
    for i, period in enumerate(tl.periods):
        out.write(f"{period:<10} " + "  ".join(str(tl.series[n][i]).rjust(w) for n, w in zip(names, widths)) + "\n")
    shown_top = counted(len(names), f"{tl.split} values")
    out.write(f"{unit} by {tl.by}, top {shown_top}{shown}\n")  # (the JSON counts them too)


def not_counted(tl: Timeline) -> str:
    """The matches no row counts, said ("1 dated only to a year and 2 undated"; "" when none)."""
    coarse = f"{tl.coarse} dated only to a {'year' if tl.by == 'month' else 'year or month'}" if tl.coarse else ""
    return " and ".join(x for x in (coarse, f"{tl.undated} undated" if tl.undated else "") if x)


def empty_note(tl: Timeline) -> str:
    """What a timeline of no rows says: nothing matched, or what its matches are that no row counts (all
    undated, or dated only to a year by month): "No dated articles match" hid a match dated to 2019."""
    unit = "stories" if tl.counted == "stories" else "articles"
    left = not_counted(tl)
    return f"{counted(0, unit)} by {tl.by}, {left} not shown" if left else f"No {unit} match."


def chart_title(query: Query, tl: Timeline, top: int | None = None) -> str:
    """A timeline chart's title: what it counts, with the filters (a chart of one person's articles was
    titled 'All articles: articles per year')."""
    joiner = " and " if query.match == "all" else " or "
    parts = [query.q] if query.q else []
    parts += [f"{name} {joiner.join(values)}" for name in ("person", "place", "org")
              if (values := getattr(query, name))]
    parts += [f"{name} {' or '.join(values)}" for name in ("source", "lang", "kind")
              if (values := getattr(query, name))]
    parts += [f"{name} {value}" for name in ("since", "until") if (value := getattr(query, name))]
    split = f", top {top} by {tl.split}" if tl.split and top else ""
    return f"{', '.join(parts) or 'All articles'}: {tl.counted} per {tl.by}{split}"


def check_plot(path: str) -> None:
    """Refuse a chart file name that cannot be written as one, or a chart without matplotlib, before any work."""
    if Path(path).suffix.lower() not in (".png", ".svg"):
        raise OutputError(f"--plot {path}: the file must end in .png or .svg")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise OutputError("--plot needs matplotlib: pip install 'searchidx[plot]'") from None


def _as_written(text: str) -> str:
    """Text for matplotlib as written: it reads what stands between two dollar signs as mathematics, so a
    query 'price $5 and $6' was titled 'price 5and6' and '$\\frac$' ended the chart in a traceback."""
    return text.replace("$", "\\$")


def plot_timeline(tl: Timeline, path: str, title: str) -> None:
    """Write the timeline as a PNG or SVG chart (needs the optional 'plot' extra: matplotlib)."""
    check_plot(path)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(max(6, min(16, len(tl.periods) * 0.35)), 4.5))
    xs = range(len(tl.periods))
    if list(tl.series) == ["all"]:
        ax.bar(xs, tl.series["all"], color="#3b6ea5")
    else:
        for name, values in tl.series.items():
            ax.plot(xs, values, marker="o", markersize=3, label=_as_written(name))
        ax.legend(fontsize=8)
    # counts: whole-number ticks from 0 (matplotlib's own read 0.25 articles, and -0.04 on a chart of no rows)
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max((max(v, default=0) for v in tl.series.values()), default=0) * 1.05 or 1)
    step = max(1, len(tl.periods) // 20)
    ax.set_xticks(list(xs)[::step])
    ax.set_xticklabels(tl.periods[::step], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel(tl.by.capitalize())
    ax.set_ylabel("Stories" if tl.counted == "stories" else "Articles")
    ax.set_title(_as_written(title))
    fig.tight_layout()
    try:
        make_folder(Path(path).parent)
        fig.savefig(path)
    except OSError as e:
        raise OutputError(f"--plot {path}: cannot write there ({e.strerror or e})") from None
    finally:
        plt.close(fig)
