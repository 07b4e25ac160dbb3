#!/usr/bin/env python3
"""Where one process's CPU goes while `searchidx index CORPUS --jobs 1` runs: reading, enrichment, story
grouping, Whoosh's add_document (analysis, postings pooled), commits (postings and segments written) and
the rest (walk, plan, id look-ups, state). Prints JSON: seconds of CPU per phase, and the articles added.

Run by `bin/bench --newswire` (bench.py's newswire section), or by hand:
    .venv/bin/python bin/bench_phases.py CORPUS INDEX_DIR
Each phase is timed around one function of the pipeline with time.process_time; a phase whose function
is not found (renamed code) is left out of the JSON rather than guessed.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from typing import Any

SPENT: Counter[str] = Counter()


def timed(owner: Any, name: str, phase: str) -> None:
    """Wrap ``owner.name`` so that the CPU spent inside it is added to ``phase`` (outermost calls only)."""
    original = getattr(owner, name, None)
    if original is None:
        return
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                SPENT[phase] += time.process_time() - start
    setattr(owner, name, wrapper)


def main() -> None:
    corpus, index = sys.argv[1], sys.argv[2]
    started = time.process_time()
    from whoosh.writing import SegmentWriter

    import searchidx.enrich as enrich
    from searchidx import api
    from searchidx.config import load_settings
    from searchidx.index import grouping, update
    from searchidx.ingest import pipeline

    hooks: list[tuple[Any, str, str]] = [
        (pipeline._FileReader, "__call__", "read and enrich"), (enrich.Enricher, "__call__", "enrich"),
        (grouping.StoryGrouper, "assign", "story grouping"), (SegmentWriter, "add_document", "add_document"),
        (update, "commit", "commit"),
    ]
    for owner, name, phase in hooks:
        timed(owner, name, phase)
    with api.open_index(index, load_settings(index=index)) as idx:
        report = idx.update([corpus], jobs=1)
    total = time.process_time() - started
    phases = dict(SPENT)
    if "read and enrich" in phases and "enrich" in phases:
        phases["read"] = phases.pop("read and enrich") - phases["enrich"]
    phases["rest"] = total - sum(phases.values())
    print(json.dumps({"articles": report.added, "total": total, "phases": phases}))


if __name__ == "__main__":
    main()
