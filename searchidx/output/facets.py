"""Facet counts: value, count and a bar per facet value, or json, jsonl, csv."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO

from ..search.results import FacetCount
from .text import safe_cell


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
