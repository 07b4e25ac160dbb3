#!/usr/bin/env python3
"""`searchidx search` end to end, process start to exit, on an index of short newswire articles (by default
15,000 made of the Reuters-21578 files of ../shared/corpus-dev/reuters), beside a minimal Python script that
opens a plain Whoosh index of the same articles, runs the same words and prints ten titles, and beside
the interpreter doing nothing. Each command runs --runs times, interleaved; medians and minimums in ms.

Run by `bin/bench --startup [DIR]`. The target of issue #16: at most 250 ms for a search on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import NEWSWIRE_DIR, PY, newswire_corpus, read_articles, whoosh_ingest  # noqa: E402

SEARCHIDX_BIN = str(Path(PY).parent / "searchidx")  # the console script a user types, not python -m
# (words, searchidx's filter options): the minimal script runs the words alone, unfiltered
QUERIES = ((["oil"], []), (["bank", "rates"], []), (['"interest rates"'], []), (["oil"], ["--place", "Kuwait"]),
           (["coffee"], ["--since", "1987-03"]))

# The least a command-line search over Whoosh does: open the index, parse the words, search, print titles.
MINIMAL_WHOOSH = """
import sys
from whoosh import index
from whoosh.qparser import MultifieldParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as s:
    q = MultifieldParser(["title", "body"], ix.schema).parse(sys.argv[2])
    for hit in s.search(q, limit=10):
        print(hit["title"])
"""


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("newswire", nargs="?", type=Path, default=NEWSWIRE_DIR, help="folder of newswire .txt files")
    ap.add_argument("--articles", type=int, default=15000, help="articles in the index (default 15,000)")
    ap.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = ap.parse_args()
    if not args.newswire.is_dir():
        sys.exit(f"bench --startup: no folder {args.newswire} (give the newswire folder)")
    with tempfile.TemporaryDirectory(prefix="searchidx-startup-") as tmp:
        base = Path(tmp)
        meta = newswire_corpus(args.newswire, base / "corpus", args.articles)
        index = base / "index"
        subprocess.run([SEARCHIDX_BIN, "index", str(base / "corpus"), "--index", str(index), "--jobs", "2"],
                       stdout=subprocess.DEVNULL, check=True)
        whoosh_ingest(read_articles(base / "corpus"), base / "whoosh", stemming=True)
        print(f"{meta['files']:,} newswire files from {meta['sources']:,} in {args.newswire}; "
              f"{args.runs} runs of each command, interleaved\n")
        commands: dict[str, list[str]] = {"python -c pass": [PY, "-c", "pass"]}
        for words, filters in QUERIES:
            text = " ".join(words)
            commands[f"searchidx search {' '.join([*words, *filters])}"] = [
                SEARCHIDX_BIN, "search", *words, *filters, "--index", str(index)]
            baseline = f"  minimal Whoosh script: {text}" + (" (no filter)" if filters else "")
            commands[baseline] = [PY, "-c", MINIMAL_WHOOSH, str(base / "whoosh"), text]
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, cmd in commands.items():
                times[label].append(_wall(cmd))
        width = max(map(len, times)) + 2
        print(f"{'command':{width}} {'median ms':>10} {'min ms':>8}  searchidx's median / this one's")
        searchidx_median = None
        for label, samples in times.items():
            median, low = statistics.median(samples) * 1000, min(samples) * 1000
            ratio = f"{searchidx_median / median:.2f}x" if label.startswith("  minimal") and searchidx_median else ""
            print(f"{label:{width}} {median:10.0f} {low:8.0f}  {ratio}")
            searchidx_median = median if label.startswith("searchidx") else None
        searches = [statistics.median(s) * 1000 for label, s in times.items() if label.startswith("searchidx")]
        print(f"\nsearchidx search, median of the per-query medians: {statistics.median(searches):.0f} ms "
              f"(target: at most 250 ms)")


if __name__ == "__main__":
    main()
