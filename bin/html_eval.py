#!/usr/bin/env python3
"""Score the HTML reader against hand-marked pages, side by side with other extractors in the same run.

Usage: .venv/bin/python bin/html_eval.py [DEV_DIR] [--worst N] [--only NAME,...]
DEV_DIR defaults to ../shared/html-extraction-dev (pages in html/<key>.html.gz, ground-truth.json, and the
benchmark's own scorer evaluate.py, which is used as it is). Prints article-text F1/precision/recall per
extractor (4-word shingles, averaged over pages) and publication-date accuracy against the hand-checked
dates in bin/devdata/html-dev-dates.json, with htmldate beside it. trafilatura, readability-lxml and htmldate
are compared only where they are installed (`pip install trafilatura readability-lxml htmldate`).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATES = ROOT / "bin" / "devdata" / "html-dev-dates.json"


def _scorer(dev: Path):
    spec = importlib.util.spec_from_file_location("extraction_benchmark_evaluate", dev / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _searchidx(html: str, key: str, url: str):
    from searchidx.ingest.headers import FieldMap
    from searchidx.ingest.readers.html import read_html

    article = read_html(html, key + ".html", FieldMap(), key + ".html")[0]
    return article.text, article


def _trafilatura(html: str, key: str, url: str):
    import trafilatura

    return trafilatura.extract(html, url=url) or "", None


def _lines(tree) -> str:
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def _readability(html: str, key: str, url: str):
    from lxml import html as lxml_html
    from readability import Document

    return _lines(lxml_html.fromstring(Document(html).summary(html_partial=True))), None


def _get_text(html: str, key: str, url: str):
    from trafilatura import load_html

    tree = load_html(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.getparent().remove(bad)
    return _lines(tree), None


EXTRACTORS = {"searchidx": _searchidx, "trafilatura": _trafilatura, "readability": _readability,
              "get_text": _get_text}


def _available(name: str) -> bool:
    module = {"trafilatura": "trafilatura", "readability": "readability"}.get(name)
    return module is None or importlib.util.find_spec(module) is not None


def _date_matches(got: str | None, want: str | None) -> bool:
    if want is None:
        return got is None
    return got is not None and got[:len(want)] == want and (len(want) == 10 or len(got) >= len(want))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=ROOT.parent / "shared" / "html-extraction-dev")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where searchidx scores lowest")
    parser.add_argument("--only", default="", help="comma-separated extractors to run")
    args = parser.parse_args()
    scorer = _scorer(args.dev)
    truth = json.loads((args.dev / "ground-truth.json").read_text(encoding="utf-8"))
    names = [n for n in (args.only.split(",") if args.only else EXTRACTORS) if _available(n)]
    pages = {key: gzip.open(args.dev / "html" / f"{key}.html.gz").read() for key in sorted(truth)}
    from searchidx.ingest.normalize import decode

    pages = {key: decode(data) for key, data in pages.items()}
    print(f"{len(pages)} pages from {args.dev}")
    print(f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8}")
    per_page: dict[str, list] = {}
    articles = {}
    for name in names:
        extract = EXTRACTORS[name]
        t0 = time.perf_counter()
        out = {}
        for key, html in pages.items():
            text, article = extract(html, key, truth[key].get("url", ""))
            out[key] = {"articleBody": text}
            if article is not None:
                articles[key] = article
        elapsed = time.perf_counter() - t0
        m = scorer.evaluate(truth, out, n_bootstrap=0)
        per_page[name] = m["tp_fp_fns"]
        print(f"{name:<12} {m['f1']:>6.3f} {m['precision']:>6.3f} {m['recall']:>6.3f} {len(pages) / elapsed:>8.1f}")
    if articles:
        from collections import Counter

        kinds = Counter(a.kind for a in articles.values())
        langs = Counter(a.lang or "?" for a in articles.values())
        print("\nsearchidx page kinds:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()),
              "| languages:", ", ".join(f"{k} {n}" for k, n in langs.most_common()))
        for key, a in articles.items():
            if a.kind != "article":
                print(f"  {a.kind:<9} {key[:12]} {truth[key].get('url', '')[:80]}")
    if DATES.exists() and articles:
        hand = {k: v["date"] for k, v in json.loads(DATES.read_text(encoding="utf-8")).items() if not k.startswith("_")}
        dated = [k for k in pages if hand.get(k)]
        ours = sum(_date_matches(articles[k].date.date().isoformat() if articles[k].date else None, hand[k])
                   for k in dated)
        print(f"\npublication date, {len(dated)} hand-checked pages with a date:")
        print(f"  searchidx  {ours / len(dated):.3f} ({ours}/{len(dated)})")
        if importlib.util.find_spec("htmldate"):
            from htmldate import find_date

            right = sum(_date_matches(find_date(pages[k], url=truth[k].get("url") or None, original_date=True), hand[k])
                        for k in dated)
            print(f"  htmldate   {right / len(dated):.3f} ({right}/{len(dated)})")
        if "--worst" in sys.argv or args.worst:
            wrong = [k for k in dated if not _date_matches(
                articles[k].date.date().isoformat() if articles[k].date else None, hand[k])]
            for k in wrong:
                got = articles[k].date.date().isoformat() if articles[k].date else None
                print(f"  date wrong {k[:12]} got {got} want {hand[k]}")
    if args.worst and "searchidx" in per_page:
        print("\nlowest searchidx pages (F1, precision, recall):")
        scored = []
        for key, (tp, fp, fn) in zip(pages, per_page["searchidx"]):
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            scored.append((2 * p * r / (p + r) if p + r else 0.0, p, r, key))
        for f1, p, r, key in sorted(scored)[:args.worst]:
            print(f"  {f1:.2f} {p:.2f} {r:.2f} {key[:12]} {truth[key].get('url', '')[:80]}")


if __name__ == "__main__":
    main()
