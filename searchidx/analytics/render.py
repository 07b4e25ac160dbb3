"""Writing associations, trends and networks in each output format (``output.render`` dispatches here)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from typing import IO, Any

from ..output import safe_cell
from ..output.text import counted
from .results import Association, Associations, Network, NetworkEdge, Trend, Trending


def _rows_out(rows: Sequence[Any], fmt: str, out: IO[str], whole: dict, row_type: type) -> bool:
    """json, jsonl and csv, the same for every row list; False for the formats each kind writes itself.
    ``row_type`` (the rows' dataclass) names the CSV columns, which a script needs even when no row came."""
    if fmt == "json":
        json.dump(whole, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([f.name for f in fields(row_type)])
        for row in rows:
            writer.writerow([safe_cell(v) if isinstance(v, str) else ("" if v is None else v)
                             for v in asdict(row).values()])
    else:
        return False
    return True


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], out: IO[str]) -> None:
    """Columns padded to their widest cell: the two name columns left, the figures right."""
    cells = [list(head)] + [[str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    for r in cells:
        line = "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        out.write("  " + line.rstrip() + "\n")


def render_associations(assoc: Associations, fmt: str, out: IO[str]) -> None:
    if _rows_out(assoc.names, fmt, out, assoc.to_dict(), Association):
        return
    what = f" for {assoc.query!r}" if assoc.query else ""
    out.write(f"Names in the {counted(assoc.matched, 'matching articles')}{what}, by association against all "
              f"{assoc.articles} (log-likelihood G2; at least {counted(assoc.min_count, 'matches')}):\n")
    if not assoc.names:
        out.write("  (none)\n")
        return
    _table(("type", "name", "matches", "in index", "expected", "ratio", "G2"),
           [(a.type, a.name, a.count, a.total, f"{a.expected:.2f}", f"{a.ratio:.2f}", f"{a.score:.2f}")
            for a in assoc.names], out)


def span(start: str, end: str) -> str:
    """An ISO [start, end) span as people write it: the last day included."""
    a, b = datetime.fromisoformat(start.replace("Z", "+00:00")), datetime.fromisoformat(end.replace("Z", "+00:00"))
    if a.time() == b.time() == datetime.min.time():
        return f"{a.date().isoformat()}..{(b - timedelta(days=1)).date().isoformat()}"
    return f"{start}..{end}"


def render_trending(trend: Trending, fmt: str, out: IO[str]) -> None:
    if _rows_out(trend.names, fmt, out, trend.to_dict(), Trend):
        return
    what = f" for {trend.query!r}" if trend.query else ""
    out.write(f"Rising{what}: {span(*trend.period)} ({counted(trend.matched, 'articles')}) against "
              f"{span(*trend.baseline)} ({trend.baseline_matched}); at least {trend.min_count} in the period:\n")
    if not trend.names:
        out.write("  (none)\n")
        return
    _table(("type", "name", "period", "share", "baseline", "share", "change", "G2"),
           [(t.type, t.name, t.count, f"{t.share:.1%}", t.baseline_count, f"{t.baseline_share:.1%}",
             f"x{t.ratio:.1f}" if t.ratio is not None else "new", f"{t.score:.2f}") for t in trend.names], out)


def render_network(net: Network, fmt: str, out: IO[str]) -> None:
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        write = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
        for line in write(net.to_networkx()):
            out.write(line + "\n")
        return
    if _rows_out(net.edges, fmt, out, net.to_dict(), NetworkEdge):
        return
    what = f" for {net.query!r}" if net.query else ""
    out.write(f"Network of the {counted(net.matched, 'matching articles')}{what}: {counted(len(net.nodes), 'names')}, "
              f"{counted(len(net.edges), 'links')}\n")
    label = {n.id: n.label for n in net.nodes}
    _table(("type", "name", "articles"), [(n.type, n.label, n.articles) for n in net.nodes], out)
    if net.edges:
        out.write("links (articles in common, association G2):\n")
        _table(("name", "name", "articles", "G2"),
               [(label[e.source], label[e.target], e.articles, f"{e.score:.2f}") for e in net.edges], out)
