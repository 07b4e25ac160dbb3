"""Rendering results for people and programs. The only place that switches on the output format."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import OutputError, did_you_mean
from .search.results import (  # noqa: F401  (wants_text is used by callers deciding what to fetch)
    ArticleRecord,
    FacetCount,
    Hit,
    RefreshReport,
    Results,
    Stats,
    Story,
    Timeline,
    UpdateReport,
    wants_text,
)

if TYPE_CHECKING:
    from .evaluate.report import Comparison, Evaluation
    from .index.check import CheckReport
    from .saved import SavedRun

# What each kind of result can be written as, the default first: the CLI's --format choices and the
# saved-query format check come from here.
FORMATS_OF = {
    "results": ("table", "json", "jsonl", "csv", "paths", "trec"),
    "facets": ("table", "json", "jsonl", "csv"),
    "article": ("text", "json"),
    "story": ("text", "json"),
    "timeline": ("table", "csv", "json"),
    "stats": ("table", "json"),
    "check": ("table", "json"),
    "update": ("table", "json"),
    "evaluation": ("table", "json", "csv"),
    "comparison": ("table", "json", "csv"),
    "associations": ("table", "json", "jsonl", "csv"),
    "trending": ("table", "json", "jsonl", "csv"),
    "network": ("table", "json", "csv", "graphml", "gexf"),  # csv: one row per edge
}
FORMATS = FORMATS_OF["results"]
# The format a file name's ending asks for (saved queries' output:, network --out).
FILE_SUFFIXES = {"json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "txt": "table",
                 "trec": "trec", "graphml": "graphml", "gexf": "gexf"}
COLUMN_FORMATS = ("csv", "json", "jsonl")  # the formats whose fields --columns picks
CSV_COLUMNS = ("id", "score", "date", "title", "source", "path", "snippet", "person", "place", "org", "author", "url")
EXTRA_COLUMNS = ("text", "record", "highlights", "title_highlights")  # asked for by name: whole texts make a large file
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (cells starting with = + - @ get a leading ')."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


def _hit_row(hit: Hit, columns: Sequence[str]) -> list[str]:
    d = hit.to_dict()
    for etype in ("person", "place", "org"):
        d[etype] = "; ".join(hit.entities.get(etype, []))
    d["highlights"] = " ".join(f"{a}-{b}" for a, b in hit.highlights)
    d["title_highlights"] = " ".join(f"{a}-{b}" for a, b in hit.title_highlights)
    return [safe_cell(d.get(c, "")) for c in columns]


def _checked_columns(columns: Sequence[str] | None, fmt: str) -> list[str] | None:
    """The columns asked for, each one a hit can give; --columns has no meaning for table or paths."""
    if not columns:
        return None
    if fmt not in COLUMN_FORMATS:
        raise OutputError(f"--columns picks the fields of {', '.join(COLUMN_FORMATS)} output; "
                         f"the {fmt} format has a fixed layout")
    unknown = [c for c in columns if c not in CSV_COLUMNS + EXTRA_COLUMNS]
    if unknown:
        raise OutputError(f"unknown {fmt} column {unknown[0]!r}{did_you_mean(unknown[0], CSV_COLUMNS + EXTRA_COLUMNS)} "
                          f"(columns: {', '.join(CSV_COLUMNS + EXTRA_COLUMNS)})")
    return list(columns)


def _hit_fields(hit: Hit, columns: list[str] | None) -> dict:
    d = hit.to_dict()
    if columns is None:
        return d
    for etype in ("person", "place", "org"):
        d[etype] = hit.entities.get(etype, [])
    return {c: d.get(c) for c in columns}


def render_results(results: Results, fmt: str, out: IO[str], columns: Sequence[str] | None = None,
                   null: bool = False, qid: str | None = None, tag: str | None = None) -> None:
    """Write search results in ``fmt``: table, json, jsonl, csv, paths (``null``: paths end in NUL) or trec
    (a TREC run: ``qid`` names the query, default its text; ``tag`` the run). ``columns`` picks the hit
    fields of csv, json and jsonl output."""
    cols = _checked_columns(columns, fmt)
    if fmt == "trec":
        from .evaluate import trec

        first = (results.page - 1) * results.limit + 1
        out.writelines(trec.run_lines(qid or results.query or "query", [(h.id, h.score) for h in results.hits],
                                      tag or trec.RUN_TAG, first))
    elif fmt == "json":
        data = results.to_dict()
        data["hits"] = [_hit_fields(hit, cols) for hit in results.hits]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for hit in results.hits:
            out.write(json.dumps(_hit_fields(hit, cols), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        cols = cols or list(CSV_COLUMNS)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        for hit in results.hits:
            writer.writerow(_hit_row(hit, cols))
    elif fmt == "paths":
        # path#N for one record of a JSONL/CSV file. One line each: a newline inside a name is written
        # as \n (use null=True, --null, for names exactly as they are, ended by NUL as for xargs -0).
        seen = set()
        for hit in results.hits:
            if hit.locator not in seen:
                seen.add(hit.locator)
                out.write(hit.locator + "\0" if null else
                          hit.locator.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "\n")
    elif fmt == "table":
        _table(results, out)
    else:
        raise OutputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def _table(results: Results, out: IO[str]) -> None:
    width = _width()
    what = f" for {results.query!r}" if results.query else ""
    unit = "stories" if results.counted == "stories" else "articles"
    if results.total == 0:
        out.write(f"No articles match{what}.\n")
        if results.suggestion:
            out.write(f"Did you mean: {results.suggestion}\n")
    else:
        first = (results.page - 1) * results.limit + 1
        last = first + len(results.hits) - 1
        shown = f"{first}-{last} of " if results.hits else "0 shown of "
        noun = unit[:-1] if results.total == 1 else unit
        noun = "story" if noun == "storie" else noun
        counted = f"{results.total} {noun}"
        if results.articles is not None:  # stories counted, articles listed: the pages hold articles
            counted = f"{results.articles} article{'' if results.articles == 1 else 's'} ({counted})"
        page = f", page {results.page} of {results.pages}" if results.pages > 1 else ""
        out.write(f"{shown}{counted}{what}{page}\n")
    for n, hit in enumerate(results.hits, (results.page - 1) * results.limit + 1):
        meta = "  ".join(x for x in (hit.date or "undated", hit.source) if x)
        out.write(f"\n{n:>3}. {hit.marked_title()}\n")
        out.write(f"     {meta}  [{hit.id}]" + (f"  score {hit.score:.2f}" if hit.score else "") + "\n")
        if hit.snippet:
            for line in textwrap.wrap(hit.marked(), width - 5)[:3]:
                out.write(f"     {line}\n")
        if hit.story:
            others = hit.story["copies"] - 1
            sources = ", ".join(hit.story["sources"]) or "no source"
            out.write(f"     story: {hit.story['copies']} cop{'y' if hit.story['copies'] == 1 else 'ies'} "
                      f"(first seen {hit.story['first_seen'] or 'undated'}; {sources})" + (
                          f"; see: searchidx story {hit.id}" if others else "") + "\n")
        for key, rule in (hit.why or {}).items():
            out.write(f"     why {key}: {rule}\n")
        ents = " | ".join(f"{k}: {', '.join(v[:5])}{' …' if len(v) > 5 else ''}" for k, v in hit.entities.items() if v)
        if ents:
            for line in textwrap.wrap(ents, width - 5)[:2]:
                out.write(f"     {line}\n")
    for name, counts in results.facets.items():
        out.write(f"\n{name}:\n")
        render_counts(counts, out)
    if results.explain:
        out.write("\nexplain:\n" + textwrap.indent(results.explain, "  ") + "\n")


def render_counts(counts: Sequence[FacetCount], out: IO[str], bar_width: int = 30) -> None:
    if not counts:
        out.write("  (none)\n")
        return
    top = max(c.count for c in counts) or 1
    label = max(len(c.value) for c in counts)
    for c in counts:
        bar = "#" * max(1, round(bar_width * c.count / top))
        out.write(f"  {c.value:<{label}}  {c.count:>6}  {bar}\n")


def render_facets(facets: dict[str, list[FacetCount]], fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        json.dump({k: [{"value": c.value, "count": c.count} for c in v] for k, v in facets.items()}, out,
                  ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt in ("jsonl", "csv"):
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["facet", "value", "count"])
        for name, counts in facets.items():
            for c in counts:
                if fmt == "csv":
                    writer.writerow([name, safe_cell(c.value), c.count])
                else:
                    row = {"facet": name, "value": c.value, "count": c.count}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        for name, counts in facets.items():
            out.write(f"{name}:\n")
            render_counts(counts, out)


def render_article(article: ArticleRecord, fmt: str, out: IO[str]) -> None:
    if fmt == "json":  # default=str: an index built before readers made metadata plain JSON may hold dates
        json.dump(article.to_dict(), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    out.write(f"{article.title}\n{'=' * min(len(article.title), _width())}\n")
    for label, value in (("id", article.id), ("date", article.date or "undated"), ("source", article.source),
                         ("author", article.author), ("url", article.url), ("path", article.path),
                         ("lang", article.lang), ("kind", article.kind if article.kind != "article" else "")):
        if value:
            out.write(f"{label + ':':<8} {value}\n")
    for etype, names in article.entities.items():
        if names:
            out.write(f"{etype + ':':<8} {', '.join(names)}\n")
    for key, value in sorted(article.meta.items()):
        out.write(f"{key + ':':<8} {value if not isinstance(value, list) else ', '.join(map(str, value))}\n")
    out.write("\n")
    for para in article.text.split("\n\n"):
        out.write(textwrap.fill(" ".join(para.split()), _width()) + "\n\n")


def render_stats(stats: Stats, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        json.dump(stats.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    span = f"{stats.earliest} to {stats.latest}" if stats.earliest else "no dated articles"
    out.write(f"articles:  {stats.articles:,} from {stats.files:,} files\n")
    out.write(f"dates:     {span} ({stats.undated:,} undated)\n")
    out.write(f"sources:   {stats.sources:,}\n")
    out.write(f"on disk:   {stats.size_bytes / 1e6:.1f} MB in {stats.segments} segment(s)\n")
    for name, counts in stats.top.items():
        out.write(f"\ntop {name}:\n")
        render_counts(counts, out)


def format_of_file(path: str, kind: str) -> str:
    """The format ``path``'s ending asks for; OutputError if a ``kind`` cannot be written so."""
    fmt = FILE_SUFFIXES.get(Path(path).suffix.lower().lstrip("."))
    if fmt is None or fmt not in FORMATS_OF[kind]:
        endings = ", ".join(f".{s}" for s, f in FILE_SUFFIXES.items() if f in FORMATS_OF[kind] and f != "table")
        raise OutputError(f"{path}: a {kind} file must end in one of {endings}")
    return fmt


def write_results_file(results: Any, fmt: str, path: str, columns: Sequence[str] | None = None,
                       qid: str | None = None, tag: str | None = None) -> None:
    """Write results (or anything ``render`` takes) to ``path`` (folders created), replacing it only once the
    whole file is written."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            render(results, fmt, f, columns=columns, qid=qid, tag=tag)
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):  # no half-written file left behind
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None


def render_check(report: CheckReport, fmt: str, out: IO[str]) -> None:
    """``searchidx check``: each problem on a line, then what was read."""
    if fmt == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for problem in report.problems:
        out.write(f"{one_line(problem)}\n")
    verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    out.write(f"{report.index}: {verdict}: {report.segments} segment(s), {report.articles} articles, "
              f"{report.files} files read back\n")


def render_run_summary(runs: Sequence[SavedRun], diff: bool, out: IO[str]) -> None:
    """The table that ends ``searchidx run``: name, total hits, new hits, file."""
    rows = [(r.name, str(r.total), "-" if r.new is None else str(r.new), r.file or "-") for r in runs]
    head = ("query", "total", "new", "file")
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    for row in (head, *rows):
        cells = (cell.ljust(w) if i in (0, 3) else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        out.write("  ".join(cells).rstrip() + "\n")


def render_story(story: Story, fmt: str, out: IO[str]) -> None:
    """A story's copies in date order, with what each changed against the earliest."""
    if fmt == "json":
        json.dump(story.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    n = len(story.copies)
    out.write(f"story {story.id}: {n} cop{'y' if n == 1 else 'ies'}, first seen {story.first_seen or 'undated'}, "
              f"sources: {', '.join(story.sources) or '-'}\n")
    width = _width()
    for i, c in enumerate(story.copies):
        sim = f"  similarity {c.similarity:.2f}" if c.similarity is not None and i else ""
        out.write(f"\n{c.date or 'undated':<20} {c.source or '-':<16} [{c.id}]{sim}\n")
        out.write(f"  {c.title}\n")
        if i == 0:
            out.write("  (earliest copy)\n")
            continue
        if c.title_changed:
            out.write("  headline changed\n")
        if not c.added and not c.removed:
            out.write("  same paragraphs as the earliest copy\n")
        for label, paras in (("+", c.added), ("-", c.removed)):
            for p in paras[:5]:
                out.write(f"  {label} " + textwrap.shorten(p, width - 4) + "\n")
            if len(paras) > 5:
                out.write(f"  {label} ... {len(paras) - 5} more\n")


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
        out.write(f"No dated {unit} match.\n")
        return
    if names == ["all"]:
        values = tl.series["all"]
        top = max(values) or 1
        for period, v in zip(tl.periods, values):
            bar = "#" * round(bar_width * v / top) if v else ""
            out.write(f"{period:<10} {v:>6}  {bar}\n")
        left = ([f"{tl.coarse} dated only to a {'year' if tl.by == 'month' else 'year or month'}"] if tl.coarse else []
                ) + ([f"{tl.undated} undated"] if tl.undated else [])
        out.write(f"{sum(values)} {unit} by {tl.by}" + (f", {' and '.join(left)} not shown" if left else "") + "\n")
        return
    widths = [max(len(n), 6) for n in names]
    out.write(f"{'':<10} " + "  ".join(n.rjust(w) for n, w in zip(names, widths)) + "\n")
    for i, period in enumerate(tl.periods):
        out.write(f"{period:<10} " + "  ".join(str(tl.series[n][i]).rjust(w) for n, w in zip(names, widths)) + "\n")
    out.write(f"{unit} by {tl.by}, top {len(names)} {tl.split} values\n")


def plot_timeline(tl: Timeline, path: str, title: str) -> None:
    """Write the timeline as a PNG or SVG chart (needs the optional 'plot' extra: matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise OutputError("--plot needs matplotlib: pip install 'searchidx[plot]'") from None
    if Path(path).suffix.lower() not in (".png", ".svg"):
        raise OutputError(f"--plot {path}: the file must end in .png or .svg")
    fig, ax = plt.subplots(figsize=(max(6, min(16, len(tl.periods) * 0.35)), 4.5))
    xs = range(len(tl.periods))
    if list(tl.series) == ["all"]:
        ax.bar(xs, tl.series["all"], color="#3b6ea5")
    else:
        for name, values in tl.series.items():
            ax.plot(xs, values, marker="o", markersize=3, label=name)
        ax.legend(fontsize=8)
    step = max(1, len(tl.periods) // 20)
    ax.set_xticks(list(xs)[::step])
    ax.set_xticklabels(tl.periods[::step], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel(tl.by.capitalize())
    ax.set_ylabel("Stories" if tl.counted == "stories" else "Articles")
    ax.set_title(title)
    fig.tight_layout()
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
    except OSError as e:
        raise OutputError(f"--plot {path}: cannot write there ({e.strerror or e})") from None
    finally:
        plt.close(fig)


def kind_of(value: object) -> str:
    """Which entry of FORMATS_OF a value the library returned is rendered under."""
    for cls, kind in ((Results, "results"), (ArticleRecord, "article"), (Story, "story"), (Timeline, "timeline"),
                      (Stats, "stats"), (UpdateReport, "update"), (RefreshReport, "update")):
        if isinstance(value, cls):
            return kind
    if isinstance(value, dict):
        return "facets"
    # Imported only when needed: a search should not pay for the analytics', check's and eval's classes.
    from .analytics.results import Associations, Network, Trending
    from .evaluate.report import Comparison, Evaluation
    from .index.check import CheckReport

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


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """A message as one line: a newline, carriage return or other control character in a file's name is
    written \\n, \\r, \\xNN, so each report stays one ``path: reason`` line a script can read."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m[0], f"\\x{ord(m[0]):02x}"), text)


def render(value: Any, fmt: str, out: IO[str], **options: Any) -> None:
    """Write anything the library returns in ``fmt``: the one dispatch every command goes through.
    ``options``: ``columns``, ``null``, ``qid`` and ``tag`` for results, ``index`` for update reports."""
    kind = kind_of(value)
    if fmt not in FORMATS_OF[kind]:
        raise OutputError(f"a {kind} cannot be written as {fmt!r} (choose from {', '.join(FORMATS_OF[kind])})")
    if kind == "results":
        render_results(value, fmt, out, options.get("columns"), null=options.get("null", False),
                       qid=options.get("qid"), tag=options.get("tag"))
    elif kind == "update":
        render_update(value, fmt, out, options.get("index"))
    else:
        _RENDERERS[kind](value, fmt, out)


def render_update(report: UpdateReport | RefreshReport, fmt: str, out: IO[str], index: str | None = None) -> None:
    """What ``searchidx index`` did: the counts and time (json: every field)."""
    if fmt == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    out.write(f"{report.summary()} in {report.seconds:.1f}s" + (f" -> {index}" if index else "") + "\n")


def _aligned(rows: Sequence[Sequence[str]], out: IO[str], left: int = 1) -> None:
    """Rows as columns: the first ``left`` columns left-aligned, the others right-aligned."""
    widths = [max(len(x) for x in col) for col in zip(*rows)]
    for row in rows:
        cells = (cell.ljust(w) if i < left else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        out.write("  ".join(cells).rstrip() + "\n")


def render_evaluation(ev: Evaluation, fmt: str, out: IO[str]) -> None:
    """``searchidx eval``: one row per query (judged relevant, found, each measure), then the means."""
    if fmt == "json":
        json.dump(ev.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    head = ["query", "relevant", "found", *ev.measures]
    rows: list[list] = [[q.query, q.relevant, q.found, *[q.scores[m] for m in ev.measures]] for q in ev.queries]
    rows.append(["all", sum(q.relevant for q in ev.queries), sum(q.found for q in ev.queries),
                 *[ev.means[m] for m in ev.measures]])  # the means row is named 'all', as trec_eval names it
    if fmt == "csv":  # values in full, for spreadsheets and scripts
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([head, *[[safe_cell(r[0]), *r[1:]] for r in rows]])
        return
    _aligned([head, *[[str(x) if isinstance(x, (str, int)) else f"{x:.4f}" for x in r] for r in rows]], out)
    depth = f", each ranked to {ev.depth} hits" if ev.depth else ""
    n = len(ev.queries)
    out.write(f"all: means over {n} quer{'y' if n == 1 else 'ies'}{depth} (mean AP is MAP, mean RR is MRR); "
              f"judged by {ev.qrels}\n")


def render_comparison(cmp: Comparison, fmt: str, out: IO[str]) -> None:
    """``searchidx eval --compare``: per measure A's and B's means, B - A, the p-value and query counts."""
    if fmt == "json":
        json.dump(cmp.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["measure", "a", "b", "diff", "p_value", "better", "worse", "ties"])
        writer.writerows([m.measure, m.a, m.b, m.diff, m.p_value, m.better, m.worse, m.ties] for m in cmp.measures)
        return
    head = ["measure", "A", "B", "B-A", "p", "B better", "B worse", "tied"]
    rows = [[m.measure, f"{m.a:.4f}", f"{m.b:.4f}", f"{m.diff:+.4f}",
             f"{m.p_value:.4f}" + (" *" if m.p_value < 0.05 else "  "), str(m.better), str(m.worse), str(m.ties)]
            for m in cmp.measures]
    out.write(f"A: {cmp.a.evaluated}\nB: {cmp.b.evaluated}\n{len(cmp.a.queries)} queries judged by {cmp.a.qrels}\n\n")
    _aligned([head, *rows], out)
    out.write(f"p: {cmp.test}; * marks p < 0.05\n")


def _analytics(name: str) -> Callable[[Any, str, IO[str]], None]:
    """A renderer of ``analytics/render.py``, imported when first used (it imports this module)."""
    def render_one(value: Any, fmt: str, out: IO[str]) -> None:
        from .analytics import render as analytics_render

        getattr(analytics_render, name)(value, fmt, out)
    return render_one


# The renderers taking no options, by kind (results and update reports take theirs in render()).
_RENDERERS: dict[str, Callable[[Any, str, IO[str]], None]] = {
    "facets": render_facets, "article": render_article, "story": render_story, "timeline": render_timeline,
    "stats": render_stats, "check": render_check, "evaluation": render_evaluation, "comparison": render_comparison,
    "associations": _analytics("render_associations"), "trending": _analytics("render_trending"),
    "network": _analytics("render_network"),
}
