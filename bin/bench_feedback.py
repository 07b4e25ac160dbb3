#!/usr/bin/env python3
"""What ``--feedback`` (pseudo-relevance feedback) costs a query: CPU time per query with and without it,
the best of interleaved rounds, over the 50 Reuters topic queries of bin/relevance, on an index of short
newswire articles (by default 100,000 made of the Reuters-21578 files of ../shared/corpus-dev/reuters as
bin/bench --newswire makes them: copies re-dated and re-worded). Also where the extra time goes: choosing
the added words (reading and analysing the top hits) and scoring them on the best hits (their postings).

Run by `bin/bench --feedback [--index DIR] [--files N] [--rounds N]`. Issue #17: feedback may be the
default only if it costs under 30 ms a query at 100,000 articles (docs/relevance.md, section 4).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import MORE_TOPIC_QUERIES, TOPIC_QUERIES  # noqa: E402

import searchidx  # noqa: E402
from bench import NEWSWIRE_DIR, newswire_corpus  # noqa: E402
from searchidx.search import feedback  # noqa: E402

QUERIES = [*TOPIC_QUERIES.values(), *MORE_TOPIC_QUERIES.values()]


def cpu_per_query(idx: searchidx.Index, on: bool) -> float:
    """CPU ms per query over QUERIES, a page of ten each, as `searchidx search` shows them."""
    t0 = time.process_time()
    for text in QUERIES:
        idx.search(text, limit=10, feedback=on)
    return 1000 * (time.process_time() - t0) / len(QUERIES)


def parts_per_query(idx: searchidx.Index) -> dict[str, float]:
    """CPU ms per query inside feedback's two steps, one round with feedback on."""
    spent = {"expansion": 0.0, "_scores": 0.0}
    originals = {name: getattr(feedback, name) for name in spent}

    def timed(name):
        def run(*args, **kwargs):
            t0 = time.process_time()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent[name] += time.process_time() - t0
        return run

    for name in spent:
        setattr(feedback, name, timed(name))
    try:
        for text in QUERIES:
            idx.search(text, limit=10, feedback=True)
    finally:
        for name, fn in originals.items():
            setattr(feedback, name, fn)
    return {name: 1000 * secs / len(QUERIES) for name, secs in spent.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, help="a searchidx index to use; built here (and kept) if missing")
    ap.add_argument("--files", type=int, default=100_000, help="newswire articles to index when building")
    ap.add_argument("--source", type=Path, default=NEWSWIRE_DIR, help="the newswire files to copy from")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds; the best of each side counts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "index"
        if not (index.exists() and any(index.iterdir())):
            corpus = Path(tmp) / "corpus"
            print(f"indexing {args.files:,} newswire articles made of {args.source} into {index} ...", file=sys.stderr)
            newswire_corpus(args.source, corpus, args.files)
            with searchidx.open_index(index) as idx:
                idx.update([corpus], jobs=2)
        with searchidx.open_index(index, create=False) as idx:
            articles = idx.stats().articles
            for text in QUERIES[:5]:  # warm: segments opened, registry loaded, caches as a session has them
                idx.search(text, limit=10, feedback=True)
            best = {False: float("inf"), True: float("inf")}
            for _ in range(args.rounds):
                for on in (False, True):
                    best[on] = min(best[on], cpu_per_query(idx, on))
            parts = parts_per_query(idx)
    print(f"{articles:,} articles, {len(QUERIES)} topic queries, a page of 10, best of {args.rounds} interleaved "
          f"rounds (CPU ms per query):")
    print(f"  without feedback  {best[False]:7.1f}")
    print(f"  with feedback     {best[True]:7.1f}")
    print(f"  feedback costs    {best[True] - best[False]:7.1f}   (default only under 30 ms at 100,000 articles)")
    print(f"    choosing the words (the top {feedback.FEEDBACK_DOCS} hits read and analysed)  {parts['expansion']:7.1f}"
          "   (one round)")
    print(f"    scoring them on the best hits (their postings)          {parts['_scores']:7.1f}   (one round)")


if __name__ == "__main__":
    main()
