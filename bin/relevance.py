#!/usr/bin/env python3
"""Relevance on the dev corpora: searchidx beside raw Whoosh, SQLite FTS5 and tantivy, in one run.

Usage: bin/relevance [--reuters DIR] [--wikinews DIR] [--out DIR] [--against DIR] [--pool FILE]
(bin/relevance installs the `relevance` extra: tantivy; ir-measures comes with searchidx). See docs/relevance.md.

Three query sets:
- reuters: the 20 Reuters-21578 topic queries of the first harness (fixed text); an article is
  relevant when its `topics:` header holds the query's topic tag.
- reuters-more: 30 more topics, written the same way before any ranking change, against overfitting.
- wikinews: 32 queries judged by hand (bench/qrels/wikinews.yaml and wikinews.qrels, graded 0/1/2,
  pooled from the top 20 of the four engines); articles nobody judged count as not relevant.

Every engine indexes the same articles (read by searchidx's own readers: same ids, titles, texts):
searchidx as shipped; raw Whoosh (default TEXT fields, StandardAnalyzer, BM25F) with any-word OR;
SQLite FTS5 (porter tokenizer, all words, ORDER BY bm25()), the same with any word (fts5-or); tantivy
(en_stem tokenizer, its query parser's default any-word OR). Runs and qrels are written in TREC format
to --out, metrics come from ir-measures, and --against DIR compares searchidx per query with the runs
of an earlier --out (paired randomisation test), which is how each ranking change in docs/relevance.md
was measured.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ir_measures
import yaml
from ir_measures import AP, Judged, P, R, nDCG

import searchidx
from searchidx.ingest.readers import read

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"
QRELS_DIR = ROOT / "bench" / "qrels"
DEPTH = 100  # each engine's run holds its top 100 (recall@100 and MAP are read over it)
POOL_DEPTH = 20  # judged: the top 20 of each engine
MEASURES = [P @ 10, nDCG @ 10, AP, R @ 100]
NAMES = {str(P @ 10): "P@10", str(nDCG @ 10): "nDCG@10", str(AP): "MAP", str(R @ 100): "R@100"}
ENGINES = ("searchidx", "whoosh-or", "fts5", "fts5-or", "tantivy")
SEARCHIDX_OPTIONS: dict = {}  # --feedback, --sort: options of searchidx's searches

TOPIC_QUERIES = {
    "acq": "company acquisition merger", "earn": "quarterly earnings net profit", "crude": "crude oil prices",
    "grain": "grain wheat exports", "money-fx": "currency exchange dollar", "interest": "interest rates cut",
    "trade": "trade deficit", "ship": "shipping ports vessels", "sugar": "sugar", "coffee": "coffee quotas",
    "gold": "gold mine", "cocoa": "cocoa", "gnp": "economic growth gross national product",
    "money-supply": "money supply", "jobs": "unemployment jobless", "cpi": "consumer prices inflation",
    "veg-oil": "vegetable oil palm", "livestock": "cattle hogs livestock", "copper": "copper", "nat-gas": "natural gas",
}
# More topic tags (those on at least 3 articles), written before any ranking change was measured:
# the kind of words an analyst would type for the topic, never read off the ranked results.
MORE_TOPIC_QUERIES = {
    "wheat": "wheat crop", "corn": "corn", "oilseed": "oilseeds rapeseed", "soybean": "soybeans",
    "bop": "balance of payments", "carcass": "beef pork meat", "reserves": "foreign exchange reserves",
    "meal-feed": "animal feed", "dlr": "dollar", "barley": "barley", "rubber": "rubber", "palm-oil": "palm oil",
    "orange": "orange juice", "cotton": "cotton", "alum": "aluminium", "zinc": "zinc", "sorghum": "sorghum",
    "hog": "hog prices", "gas": "gasoline prices", "housing": "housing starts", "rice": "rice", "yen": "yen",
    "silver": "silver", "ipi": "industrial production", "iron-steel": "steel industry", "retail": "retail sales",
    "lei": "leading indicators", "strategic-metal": "strategic metals", "tin": "tin", "pet-chem": "petrochemicals",
}


@dataclass
class Collection:
    name: str
    files: list[Path]  # what searchidx indexes
    articles: list[tuple[str, str, str]]  # (id, title, text): what the other engines index
    query_sets: dict[str, dict[str, str]]  # set name -> qid -> query text
    qrels: dict[str, dict[str, dict[str, int]]]  # set name -> qid -> doc id -> grade
    judged: set[str] = field(default_factory=set)  # sets judged by pooling, not by tags


def reuters(folder: Path) -> Collection:
    files = sorted(folder.glob("*.txt"))
    arts = [a for f in files for a in read(f, f.name)]
    topics = {a.id: set(str(a.meta.get("topics", "")).replace(",", " ").split()) for a in arts}
    sets = {"reuters": TOPIC_QUERIES, "reuters-more": MORE_TOPIC_QUERIES}
    qrels = {name: {t: {d: 1 for d, ts in topics.items() if t in ts} for t in qs} for name, qs in sets.items()}
    return Collection("reuters", files, [(a.id, a.title, a.text) for a in arts], sets, qrels)


def wikinews(folder: Path) -> Collection:
    files = sorted(folder.glob("*.csv"))
    arts = [a for f in files for a in read(f, f.name)]
    queries = load_queries(QRELS_DIR / "wikinews.yaml")
    qrels_file = QRELS_DIR / "wikinews.qrels"
    qrels: dict[str, dict[str, int]] = {q: {} for q in queries}
    if qrels_file.exists():
        for q in ir_measures.read_trec_qrels(str(qrels_file)):
            qrels.setdefault(q.query_id, {})[q.doc_id] = q.relevance
    return Collection("wikinews", files, [(a.id, a.title, a.text) for a in arts], {"wikinews": queries},
                      {"wikinews": qrels}, {"wikinews"})


def load_queries(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {q["name"]: q["q"] for q in data["queries"]}


# --- the engines: each is a function query text -> ranked ids ------------------------------------------

Ranker = Callable[[str], list[str]]


def searchidx_ranker(coll: Collection, tmp: Path) -> tuple[Ranker, Callable[[], None]]:
    corpus = tmp / f"{coll.name}-files"
    corpus.mkdir()
    for f in coll.files:  # only the article files (the Wikinews folder also holds a README and a licence)
        shutil.copy2(f, corpus / f.name)
    idx = searchidx.open_index(tmp / f"{coll.name}-si")
    idx.update([corpus], jobs=2)
    return (lambda text: [h.id for h in idx.search(text, limit=DEPTH, **SEARCHIDX_OPTIONS).hits]), idx.close


def whoosh_ranker(coll: Collection, tmp: Path) -> tuple[Ranker, Callable[[], None]]:
    from whoosh import fields, index, qparser

    schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT, body=fields.TEXT)
    (tmp / f"{coll.name}-whoosh").mkdir()
    ix = index.create_in(str(tmp / f"{coll.name}-whoosh"), schema)
    with ix.writer() as w:
        for doc_id, title, text in coll.articles:
            w.add_document(id=doc_id, title=title, body=text)
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)
    searcher = ix.searcher()
    return (lambda text: [h["id"] for h in searcher.search(parser.parse(text), limit=DEPTH)]), searcher.close


def fts5_ranker(coll: Collection, tmp: Path, joint: str = " ") -> tuple[Ranker, Callable[[], None]]:
    db = sqlite3.connect(str(tmp / f"{coll.name}{joint.strip()}.sqlite"), check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    db.executemany("INSERT INTO a VALUES (?, ?, ?)", coll.articles)
    db.commit()

    def rank(text: str) -> list[str]:
        # each word quoted, so that punctuation is no FTS5 syntax; words side by side are all required
        # (FTS5's own default), words joined by OR any of them
        words = joint.join('"' + w.replace('"', '""') + '"' for w in re.findall(r"\w+", text))
        rows = db.execute("SELECT id FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT ?", (words, DEPTH))
        return [r[0] for r in rows]

    return rank, db.close


def fts5_or_ranker(coll: Collection, tmp: Path) -> tuple[Ranker, Callable[[], None]]:
    """FTS5's bm25() over any of the words: its ranking without the default's all-words filter, which
    leaves three- and four-word topic queries a handful of hits (one for ``quarterly earnings net profit``)."""
    return fts5_ranker(coll, tmp, " OR ")


def tantivy_ranker(coll: Collection, tmp: Path) -> tuple[Ranker, Callable[[], None]]:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="en_stem")
    sb.add_text_field("body", tokenizer_name="en_stem")
    ix = tantivy.Index(sb.build())
    w = ix.writer()
    for doc_id, title, text in coll.articles:
        w.add_document(tantivy.Document(id=doc_id, title=title, body=text))
    w.commit()
    w.wait_merging_threads()
    ix.reload()
    searcher = ix.searcher()

    def rank(text: str) -> list[str]:
        q = ix.parse_query(" ".join(re.findall(r"\w+", text)), ["title", "body"])
        return [searcher.doc(addr)["id"][0] for _, addr in searcher.search(q, DEPTH).hits]

    return rank, lambda: None


BUILDERS = {"searchidx": searchidx_ranker, "whoosh-or": whoosh_ranker, "fts5": fts5_ranker,
            "fts5-or": fts5_or_ranker, "tantivy": tantivy_ranker}


# --- runs, metrics, significance ------------------------------------------------------------------------

Run = dict[str, dict[str, float]]  # qid -> doc id -> score (ir-measures' dict form)


def as_run(ranked: dict[str, list[str]]) -> Run:
    return {qid: {d: float(len(ids) - i) for i, d in enumerate(ids)} for qid, ids in ranked.items()}


def write_run(path: Path, ranked: dict[str, list[str]], tag: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        for qid, ids in ranked.items():
            for i, d in enumerate(ids):
                f.write(f"{qid} Q0 {d} {i + 1} {len(ids) - i} {tag}\n")


def read_run(path: Path) -> Run:
    run: Run = {}
    for r in ir_measures.read_trec_run(str(path)):
        run.setdefault(r.query_id, {})[r.doc_id] = r.score
    return run


def write_qrels(path: Path, qrels: dict[str, dict[str, int]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for qid, docs in qrels.items():
            for d, grade in sorted(docs.items()):
                f.write(f"{qid} 0 {d} {grade}\n")


def per_query(qrels: dict[str, dict[str, int]], run: Run) -> dict[str, dict[str, float]]:
    """metric name -> qid -> value, every query of the qrels present (a query with no hits scores 0)."""
    out: dict[str, dict[str, float]] = {NAMES[str(m)]: {q: 0.0 for q in qrels} for m in MEASURES}
    for m in ir_measures.iter_calc(MEASURES, qrels, run):
        out[NAMES[str(m.measure)]][m.query_id] = m.value
    return out


def randomisation_p(a: list[float], b: list[float], rounds: int = 10_000, seed: int = 17) -> float:
    """Two-sided paired randomisation test: how often a random sign swap of the per-query differences
    gives a mean difference at least as large as the one seen."""
    diffs = [x - y for x, y in zip(a, b)]
    seen = abs(sum(diffs))
    if seen == 0:
        return 1.0
    rng = random.Random(seed)
    hits = sum(abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= seen - 1e-12 for _ in range(rounds))
    return (hits + 1) / (rounds + 1)


# --- main -----------------------------------------------------------------------------------------------

def pool_file(coll: Collection, ranked: dict[str, dict[str, list[str]]], out: Path) -> None:
    """The unjudged articles among each engine's top POOL_DEPTH, per query, sorted by id (no engine named)."""
    texts = {d: (t, x) for d, t, x in coll.articles}
    qrels = coll.qrels["wikinews"]
    with out.open("w", encoding="utf-8") as f:
        for qid, text in coll.query_sets["wikinews"].items():
            top = {d for engine in ranked.values() for d in engine[qid][:POOL_DEPTH]}
            pooled = sorted(top - set(qrels.get(qid, {})),
                            key=lambda d: (d.split("#")[0], int(d.split("#")[1])) if "#" in d else (d, 0))
            f.write(f"\n######## {qid}: {text} ({len(pooled)} to judge)\n")
            for d in pooled:
                title, body = texts[d]
                f.write(f"\n=== {qid} {d} | {title}\n{' '.join(body.split())}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuters", type=Path, default=DEV / "reuters")
    ap.add_argument("--wikinews", type=Path, default=DEV / "wikinews")
    ap.add_argument("--out", type=Path, help="write qrels and each engine's run here (TREC format)")
    ap.add_argument("--against", type=Path, help="an earlier --out: compare searchidx per query with its runs")
    ap.add_argument("--pool", type=Path, help="write the unjudged top-20 Wikinews articles here, to judge by hand")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, from " + ", ".join(ENGINES))
    ap.add_argument("--feedback", action="store_true", help="searchidx with pseudo-relevance feedback")
    ap.add_argument("--sort", default="relevance", help="searchidx's --sort (relevance, relevance+recency)")
    args = ap.parse_args()
    SEARCHIDX_OPTIONS.update({"feedback": True} if args.feedback else {})
    SEARCHIDX_OPTIONS.update({"sort": args.sort} if args.sort != "relevance" else {})
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    colls = [c(p) for c, p in ((reuters, args.reuters), (wikinews, args.wikinews)) if p.exists()]
    table: dict[str, dict[str, dict[str, float]]] = {}  # set -> engine -> metric -> mean
    vs_before: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for coll in colls:
            ranked: dict[str, dict[str, list[str]]] = {}
            for engine in engines:
                t0 = time.perf_counter()
                rank, close = BUILDERS[engine](coll, Path(tmp))
                built = time.perf_counter() - t0
                t0 = time.perf_counter()
                ranked[engine] = {qid: rank(text) for qs in coll.query_sets.values() for qid, text in qs.items()}
                nq = sum(len(qs) for qs in coll.query_sets.values())
                print(f"{coll.name}: {engine} indexed {len(coll.articles)} articles in {built:.1f} s, "
                      f"{1000 * (time.perf_counter() - t0) / nq:.1f} ms a query", file=sys.stderr)
                close()
            if args.pool and "wikinews" in coll.judged:
                pool_file(coll, ranked, args.pool)
            for set_name, queries in coll.query_sets.items():
                qrels = coll.qrels[set_name]
                if set_name in coll.judged and not any(qrels.values()):
                    print(f"{set_name}: no judgements yet (--pool writes what to judge)", file=sys.stderr)
                    continue
                runs = {e: {q: ranked[e][q] for q in queries} for e in engines}
                if args.out:
                    write_qrels(args.out / f"{set_name}.qrels", qrels)
                    for e in engines:
                        write_run(args.out / f"{set_name}.{e}.run", runs[e], e)
                scores = {e: per_query(qrels, as_run(runs[e])) for e in engines}
                table[set_name] = {e: {m: sum(v.values()) / len(v) for m, v in s.items()} for e, s in scores.items()}
                if set_name in coll.judged:  # how much of each top 10 was judged (the rest counts as not relevant)
                    for e in engines:
                        table[set_name][e]["judged@10"] = ir_measures.calc_aggregate([Judged @ 10], qrels,
                                                                                     as_run(runs[e]))[Judged @ 10]
                print_per_query(set_name, queries, scores)
                before_file = args.against / f"{set_name}.searchidx.run" if args.against else None
                if before_file and before_file.exists() and "searchidx" in scores:
                    before = per_query(qrels, read_run(before_file))
                    vs_before.append(compare_line(set_name, before, scores["searchidx"]))
    print_table(table, engines)
    if vs_before:
        print("\nsearchidx now against " + str(args.against) + " (paired randomisation test, 10,000 rounds):")
        print("\n".join(vs_before))


def print_per_query(set_name: str, queries: dict[str, str], scores: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"\n{set_name}: P@10 per query")
    print(f"{'qid':<16} {'query':<42} " + " ".join(f"{e:>9}" for e in scores))
    for qid, text in queries.items():
        print(f"{qid:<16} {text[:42]:<42} " + " ".join(f"{s['P@10'][qid]:>9.2f}" for s in scores.values()))


def compare_line(set_name: str, before: dict[str, dict[str, float]], now: dict[str, dict[str, float]]) -> str:
    parts = []
    for m in ("P@10", "nDCG@10", "MAP"):
        qids = sorted(now[m])
        a, b = [now[m][q] for q in qids], [before[m].get(q, 0.0) for q in qids]
        delta = (sum(a) - sum(b)) / len(qids)
        better, worse = sum(x > y for x, y in zip(a, b)), sum(x < y for x, y in zip(a, b))
        parts.append(f"{m} {sum(b) / len(b):.3f} -> {sum(a) / len(a):.3f} ({delta:+.3f}, +{better}/-{worse}, "
                     f"p={randomisation_p(a, b):.3f})")
    return f"  {set_name:<13} " + "; ".join(parts)


def print_table(table: dict[str, dict[str, dict[str, float]]], engines: list[str]) -> None:
    print("\n| set | metric | " + " | ".join(engines) + " |")
    print("|---|---|" + "---:|" * len(engines))
    for set_name, by_engine in table.items():
        for m in ("P@10", "nDCG@10", "MAP", "R@100", "judged@10"):
            if m in by_engine[engines[0]]:
                print(f"| {set_name} | {m} | " + " | ".join(f"{by_engine[e][m]:.3f}" for e in engines) + " |")


if __name__ == "__main__":
    main()
