#!/usr/bin/env python3
"""Story grouping measured against known truth: copies made from real articles, mixed with distinct ones.

Usage: .venv/bin/python bin/stories_eval.py [REUTERS_DIR] [--originals N]
Each original gets 0-3 copies with realistic edits (lines re-wrapped, headline changed, a paragraph
added or cut, another byline/source, published 0-3 days later). Reports pairwise precision and recall
of the grouping, and indexing time with grouping on and off.
"""

import argparse
import hashlib
import random
import tempfile
import textwrap
import time
from datetime import timedelta
from itertools import combinations
from pathlib import Path

import searchidx
from searchidx.config import load_settings
from searchidx.ingest.readers import read


def make_corpus(src: Path, out: Path, originals: int, seed: int = 3) -> dict[str, str]:
    rng = random.Random(seed)
    articles, seen = [], set()
    for f in sorted(src.glob("*.txt"), key=lambda p: int(p.stem.split("-")[1])):
        a = read(f, f.name)[0]
        # Reuters repeats stories under new ids (same headline, lightly edited body): those are real copies,
        # so only one article per headline and per body goes in as an original.
        digest = hashlib.sha1(" ".join(a.text.split()).encode()).hexdigest()
        headline = " ".join(a.title.upper().split())
        if len(a.text.split()) >= 80 and digest not in seen and headline not in seen and a.date:
            seen.update((digest, headline))
            articles.append(a)
    pool = articles[originals:]
    truth: dict[str, str] = {}
    for n, a in enumerate(articles[:originals]):
        paras = [p for p in a.text.split("\n") if p.strip()]
        versions = [("orig", a.title, paras, a.source, 0)]
        for k in range(rng.randint(0, 3)):
            edit = rng.choice(["rewrap", "headline", "add", "cut", "byline"])
            title, body, source = a.title, list(paras), a.source
            if edit == "headline":
                title = "UPDATE 1-" + title.title()
            elif edit == "add":
                body.append(rng.choice(rng.choice(pool).text.split("\n")))
            elif edit == "cut" and len(body) > 3:
                body = body[:-max(1, len(body) // 5)]
            elif edit == "byline":
                source = rng.choice(["Wire B", "Daily Example", "The Sample Times"])
            versions.append((f"v{k}-{edit}", title, body, source, rng.randint(0, 3)))
        for tag, title, body, source, days in versions:
            doc_id = f"s{n:04d}-{tag}"
            text = " ".join(body)
            width = rng.choice([60, 72, 90]) if tag != "orig" else 70
            wrapped = "\n".join(textwrap.wrap(text, width))
            (out / f"{doc_id}.txt").write_text(
                f"id: {doc_id}\ntitle: {title}\ndate: {(a.date + timedelta(days=days)).isoformat()}\n"
                f"source: {source}\n\n{wrapped}\n", encoding="utf-8")
            truth[doc_id] = f"s{n:04d}"
    return truth


def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for doc, g in groups.items():
        by.setdefault(g, []).append(doc)
    return {tuple(sorted(p)) for members in by.values() for p in combinations(members, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?",
                    default=str(Path(__file__).resolve().parent.parent.parent / "shared/corpus-dev/reuters"))
    ap.add_argument("--originals", type=int, default=1000)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "c").mkdir()
        truth = make_corpus(Path(args.corpus), base / "c", args.originals)
        times = {}
        for stories in (False, True):
            settings = load_settings(index=str(base / f"ix{stories}")).with_overrides(
                stories=stories, story_threshold=args.threshold)
            with searchidx.open_index(base / f"ix{stories}", settings) as idx:
                t0 = time.perf_counter()
                idx.update([base / "c"], jobs=args.jobs)
                times[stories] = time.perf_counter() - t0
        with searchidx.open_index(base / "ixTrue", create=False) as idx:
            with idx.engine.require().searcher() as s:
                got = {d["id"]: d["story_id"] for d in s.all_stored_fields()}
    want, have = pairs(truth), pairs(got)
    tp = len(want & have)
    print(f"{len(truth)} articles from {args.originals} originals; {len(want)} true copy pairs")
    print(f"pairwise precision {tp / max(1, len(have)):.3f}  recall {tp / max(1, len(want)):.3f}  "
          f"(predicted pairs {len(have)}, correct {tp})")
    print(f"indexing: grouping off {times[False]:.1f}s, on {times[True]:.1f}s, "
          f"cost {times[True] / times[False] - 1:+.0%}")


if __name__ == "__main__":
    main()
