"""Rendering results for people and programs. The only place that switches on the output format.

``render`` is the one dispatch: it finds what kind of result it was given (``kind_of``), checks the format
against ``formats.FORMATS_OF`` and calls that kind's renderer (hits, facets, timeline, articles, reports;
the analytics' own in ``analytics/render.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from ..errors import OutputError
from ..search.results import ArticleRecord, RefreshReport, Results, Stats, Story, Timeline, UpdateReport, wants_text
from ..wholefile import written_whole
from .articles import render_article, render_story
from .facets import render_counts, render_facets
from .formats import FILE_SUFFIXES, FORMATS, FORMATS_OF, format_of_file
from .hits import (
    COLUMN_FORMATS,
    CSV_COLUMNS,
    EXTRA_COLUMNS,
    check_one_csv_table,
    column_list,
    left_out,
    render_results,
    repeated_column,
    total_words,
)
from .reports import render_check, render_comparison, render_evaluation, render_run_summary, render_stats, render_update
from .text import TerminalOut, counted, one_line, safe_cell
from .timeline import chart_title, check_plot, empty_note, not_counted, plot_timeline, render_timeline

__all__ = [
    "COLUMN_FORMATS", "CSV_COLUMNS", "EXTRA_COLUMNS", "FILE_SUFFIXES", "FORMATS", "FORMATS_OF", "check_one_csv_table",
    "column_list",
    "repeated_column",
    "format_of_file", "left_out",
    "chart_title", "check_plot", "counted", "empty_note", "kind_of", "not_counted", "one_line", "plot_timeline",
    "render", "render_article", "render_check",
    "render_comparison",
    "render_counts", "render_evaluation", "render_facets", "render_results", "render_run_summary", "render_stats",
    "render_story", "render_timeline", "total_words", "render_update", "safe_cell", "wants_text", "write_results_file",
]


TERMINAL_FORMATS = ("table", "text")  # read by people: bidirectional controls dropped (TerminalOut)


def write_results_file(results: Any, fmt: str, path: str, columns: Sequence[str] | None = None,
                       qid: str | None = None, tag: str | None = None) -> None:
    """Write results (or anything ``render`` takes) to ``path`` (folders created), replacing it only once the
    whole file is written."""
    try:
        with written_whole(path) as f:
            render(results, fmt, f, columns=columns, qid=qid, tag=tag)
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None


def kind_of(value: object) -> str:
    """Which entry of FORMATS_OF a value the library returned is rendered under."""
    for cls, kind in ((Results, "results"), (ArticleRecord, "article"), (Story, "story"), (Timeline, "timeline"),
                      (Stats, "stats"), (UpdateReport, "update"), (RefreshReport, "update")):
        if isinstance(value, cls):
            return kind
    if isinstance(value, dict):
        return "facets"
    # Imported only when needed: a search should not pay for the analytics', check's and eval's classes.
    from ..analytics.results import Associations, Network, Trending
    from ..evaluate.report import Comparison, Evaluation
    from ..index.check import CheckReport

    for analytics_cls, analytics_kind in ((Associations, "associations"), (Trending, "trending"),
                                          (Network, "network")):
        if isinstance(value, analytics_cls):
            return analytics_kind
    if isinstance(value, CheckReport):
        return "check"
    if isinstance(value, Evaluation):
        return "evaluation"
    if isinstance(value, Comparison):
        return "comparison"
    raise TypeError(f"nothing renders a {type(value).__name__}")


def render(value: Any, fmt: str, out: IO[str], **options: Any) -> None:
    """Write anything the library returns in ``fmt``: the one dispatch every command goes through.
    ``options``: ``columns``, ``null``, ``qid`` and ``tag`` for results, ``index`` for update reports."""
    kind = kind_of(value)
    if fmt not in FORMATS_OF[kind]:
        raise OutputError(f"a {kind} cannot be written as {fmt!r} (choose from {', '.join(FORMATS_OF[kind])})")
    if fmt in TERMINAL_FORMATS:
        out = TerminalOut(out)  # type: ignore[assignment]  # (writes as the stream does)
    if kind == "results":
        render_results(value, fmt, out, options.get("columns"), null=options.get("null", False),
                       qid=options.get("qid"), tag=options.get("tag"), row_query=options.get("row_query"),
                       csv_header=options.get("csv_header", True))
    elif kind == "update":
        render_update(value, fmt, out, options.get("index"))
    else:
        _RENDERERS[kind](value, fmt, out)


def _analytics(name: str) -> Callable[[Any, str, IO[str]], None]:
    """A renderer of ``analytics/render.py``, imported when first used (it imports this module)."""
    def render_one(value: Any, fmt: str, out: IO[str]) -> None:
        from ..analytics import render as analytics_render

        getattr(analytics_render, name)(value, fmt, out)
    return render_one


# The renderers taking no options, by kind (results and update reports take theirs in render()).
_RENDERERS: dict[str, Callable[[Any, str, IO[str]], None]] = {
    "facets": render_facets, "article": render_article, "story": render_story, "timeline": render_timeline,
    "stats": render_stats, "check": render_check, "evaluation": render_evaluation, "comparison": render_comparison,
    "associations": _analytics("render_associations"), "trending": _analytics("render_trending"),
    "network": _analytics("render_network"),
}
