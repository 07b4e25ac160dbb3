#!/usr/bin/env python3
"""Precision at 10 on Reuters-21578 topic queries: searchidx against a plain Whoosh baseline.

Usage: .venv/bin/python bin/relevance.py [REUTERS_DIR]   (default ../shared/corpus-dev/reuters)
A hit is relevant when its `topics:` header holds the query's topic tag. Both systems index the
same files: the baseline with Whoosh's default TEXT fields (StandardAnalyzer) over title and body,
queried with a MultifieldParser twice: its default (all words required) and OR of the words.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from whoosh import fields, index, qparser

import searchidx
from searchidx.ingest.readers import read

TOPIC_QUERIES = {
    "acq": "company acquisition merger", "earn": "quarterly earnings net profit", "crude": "crude oil prices",
    "grain": "grain wheat exports", "money-fx": "currency exchange dollar", "interest": "interest rates cut",
    "trade": "trade deficit", "ship": "shipping ports vessels", "sugar": "sugar", "coffee": "coffee quotas",
    "gold": "gold mine", "cocoa": "cocoa", "gnp": "economic growth gross national product",
    "money-supply": "money supply", "jobs": "unemployment jobless", "cpi": "consumer prices inflation",
    "veg-oil": "vegetable oil palm", "livestock": "cattle hogs livestock", "copper": "copper", "nat-gas": "natural gas",
}


def main(corpus: Path) -> None:
    articles = [a for f in sorted(corpus.glob("*.txt")) for a in read(f, f.name)]
    topics = {a.id: set(str(a.meta.get("topics", "")).replace(",", " ").split()) for a in articles}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        with searchidx.open_index(base / "si") as idx:
            idx.update([corpus], jobs=2)
            t_si = time.perf_counter() - t0
            schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT, body=fields.TEXT)
            (base / "plain").mkdir()
            ix = index.create_in(str(base / "plain"), schema)
            t0 = time.perf_counter()
            with ix.writer() as w:
                for a in articles:
                    w.add_document(id=a.id, title=a.title, body=a.text)
            t_plain = time.perf_counter() - t0
            or_parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)
            and_parser = qparser.MultifieldParser(["title", "body"], schema)
            print(f"{'topic':<13} {'query':<40} {'searchidx':>9} {'whoosh-AND':>10} {'whoosh-OR':>9}")
            totals = [0.0, 0.0, 0.0]
            with ix.searcher() as s:
                for topic, text in TOPIC_QUERIES.items():
                    ours = [h.id for h in idx.search(text, limit=10).hits]
                    runs = [ours] + [[h["id"] for h in s.search(p.parse(text), limit=10)]
                                     for p in (and_parser, or_parser)]
                    precision = [sum(topic in topics.get(i, ()) for i in run) / 10 for run in runs]
                    for k, p in enumerate(precision):
                        totals[k] += p
                    print(f"{topic:<13} {text:<40} {precision[0]:>9.2f} {precision[1]:>10.2f} {precision[2]:>9.2f}")
            n = len(TOPIC_QUERIES)
            print(f"{'mean P@10':<54} {totals[0] / n:>9.3f} {totals[1] / n:>10.3f} {totals[2] / n:>9.3f}")
            print(f"indexing {len(articles)} articles: searchidx {t_si:.1f}s (parse+entities+index, 2 jobs), "
                  f"plain Whoosh {t_plain:.1f}s (index only)")


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent.parent / "shared/corpus-dev/reuters"
    main(Path(sys.argv[1] if len(sys.argv) > 1 else default))
