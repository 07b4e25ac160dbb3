"""Reports of the commands that do not search: index, stats, check, a saved-query run's summary, eval."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from ..search.results import RefreshReport, Stats, UpdateReport
from .facets import render_counts
from .text import counted, one_line, safe_cell

if TYPE_CHECKING:
    from ..evaluate.report import Comparison, Evaluation
    from ..index.check import CheckReport
    from ..saved import SavedRun


def render_stats(stats: Stats, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        json.dump(stats.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    span = f"{stats.earliest} to {stats.latest}" if stats.earliest else "no dated articles"
    out.write(f"articles:  {stats.articles:,} from {stats.files:,} file{'' if stats.files == 1 else 's'}\n")
    out.write(f"dates:     {span} ({stats.undated:,} undated)\n")
    out.write(f"sources:   {stats.sources:,}\n")
    # (a small index in kB: '0.0 MB' read as an empty one)
    size = f"{stats.size_bytes / 1e6:.1f} MB" if stats.size_bytes >= 1e6 else f"{max(stats.size_bytes // 1000, 1)} kB"
    out.write(f"on disk:   {size} in {stats.segments} segment{'' if stats.segments == 1 else 's'}\n")
    for name, counts in stats.top.items():
        out.write(f"\ntop {name}:\n")
        render_counts(counts, out)


def render_update(report: UpdateReport | RefreshReport, fmt: str, out: IO[str], index: str | None = None) -> None:
    """What ``searchidx index`` did: the counts and time (json: every field)."""
    if fmt == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    out.write(f"{report.summary()} in {report.seconds:.1f}s" + (f" -> {index}" if index else "") + "\n")


def render_check(report: CheckReport, fmt: str, out: IO[str]) -> None:
    """``searchidx check``: each problem on a line, then what was read."""
    if fmt == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for problem in report.problems:
        out.write(f"{one_line(problem)}\n")
    verdict = "OK" if report.ok else counted(len(report.problems), "problems")
    out.write(f"{report.index}: {verdict}: {counted(report.segments, 'segments')}, "
              f"{counted(report.articles, 'articles')}, {counted(report.files, 'files')} read back\n")


def render_run_summary(runs: Sequence[SavedRun], diff: bool, out: IO[str]) -> None:
    """The table that ends ``searchidx run``: name, total hits, new hits, file."""
    rows = [(r.name, str(r.total), "-" if r.new is None else str(r.new), r.file or "-") for r in runs]
    head = ("query", "total", "new", "file")
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    for row in (head, *rows):
        cells = (cell.ljust(w) if i in (0, 3) else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        out.write("  ".join(cells).rstrip() + "\n")


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
    depth = f", each ranked to {counted(ev.depth, 'hits')}" if ev.depth else ""
    out.write(f"all: means over {counted(len(ev.queries), 'queries')}{depth} (mean AP is MAP, mean RR is MRR); "
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
    out.write(f"A: {cmp.a.evaluated}\nB: {cmp.b.evaluated}\n"
              f"{counted(len(cmp.a.queries), 'queries')} judged by {cmp.a.qrels}\n\n")
    _aligned([head, *rows], out)
    out.write(f"p: {cmp.test}; * marks p < 0.05\n")
