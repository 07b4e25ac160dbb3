#!/usr/bin/env python3
"""searchidx benchmark: ingest, re-index, query latency and CLI time, side by side with baselines.

Baselines run in the same process on the same articles: a minimal single-writer Whoosh loop (plain
schema, header tags as facets: the floor of what searchidx adds), SQLite FTS5, `grep -ril` over the
files, and tantivy when it is installed. Figures are printed with searchidx's ratio to each baseline.
--newswire times ingest of short wire stories (Reuters-21578, ~1 KB each) against the minimal Whoosh loop.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SEARCHIDX = [PY, "-m", "searchidx"]

FIRST = ("Anna Boris Carlos Dmitri Elena Farid Grace Hiro Ines Jonas Kofi Lena Marta Nikos Olga Pavel Quinn Rosa "
         "Samir Tomas Ulla Victor Wen Ximena Yusuf Zofia Ahmed Bianca Chen Daria Emil Fatima Gustav Hana Igor Julia "
         "Karim Lucia Mateo Nadia Oskar Priya Rafael Sofia Tariq Umar Vera Walter").split()
LAST = ("Petrov Garcia Novak Tanaka Okafor Schmidt Rossi Silva Kowalski Haddad Larsen Moreau Ivanova Costa Nguyen "
        "Fischer Dubois Jansen Popescu Horvat Kaya Mensah Lindqvist Ortega Sato Weber Yilmaz Zhang Abbas Becker "
        "Castillo Duarte Eriksen Farah Gomes Hoffmann Ibrahim Jovanovic Kim Lopez Mueller Nielsen Oliveira Park "
        "Quiroga Romero Suzuki Torres Ueda Varga").split()
PLACES = ("Ukraine Russia Moscow Kyiv London Paris Berlin Tokyo Beijing Brazil Canada Mexico India Nigeria Kenya Egypt "
          "Turkey Iran Iraq Syria Israel Poland Germany France Spain Italy Japan China Australia Argentina Chile "
          "Peru Colombia Venezuela Cuba Sweden Norway Finland Denmark Greece Portugal Ireland Scotland Wales "
          "Vietnam Thailand Indonesia Philippines Malaysia Singapore Pakistan Bangladesh Afghanistan").split()
SOURCES = [f"Source {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def vocabulary(rng: random.Random, n: int = 12000) -> list[str]:
    syll = "ka ri to mo ne sa lu pe di go ba fi ter con mar ven sol dra pri sta min ler ton cal".split()
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    # inverse-CDF sampling of a Zipf-like rank distribution, precomputed per list
    key = id(items)
    cdf = _CDF.get(key)
    if cdf is None:
        weights = [1 / (r + 1) ** s for r in range(len(items))]
        total = sum(weights)
        acc, cdf = 0.0, []
        for w in weights:
            acc += w / total
            cdf.append(acc)
        _CDF[key] = cdf
    import bisect
    return items[min(bisect.bisect_left(cdf, rng.random()), len(items) - 1)]


_CDF: dict = {}


def generate(out: Path, n: int, seed: int = 42) -> dict:
    """Deterministic corpus: header block, 150-600 words, 20 years of dates, Zipf entities, 1% broken."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    people = [f"{first} {last}" for first in FIRST for last in LAST][:2500]
    rng.shuffle(people)
    start = datetime(2005, 1, 1)
    out.mkdir(parents=True)
    meta = {"places": {}, "people": {}, "bytes": 0}
    for i in range(n):
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"a{i:06d}.txt"
        if rng.random() < 0.01:
            kind = rng.choice(["empty", "binary", "nul"])
            path.write_bytes(b"" if kind == "empty" else bytes(rng.randrange(256) for _ in range(800)))
            continue
        when = start + timedelta(days=rng.randrange(20 * 365), minutes=rng.randrange(1440))
        ppl = [zipf_pick(rng, people) for _ in range(rng.randint(1, 4))]
        places = sorted({zipf_pick(rng, PLACES) for _ in range(rng.randint(1, 3))})
        words = [zipf_pick(rng, vocab) for _ in range(rng.randint(150, 600))]
        for p in ppl:
            k = rng.randrange(len(words))
            words[k:k] = ["said", p + ","]
        for pl in places:
            k = rng.randrange(len(words))
            words[k:k] = ["in", pl]
        paras, body = [], words
        while body:
            cut = rng.randint(40, 90)
            paras.append(" ".join(body[:cut]).capitalize() + ".")
            body = body[cut:]
        title = " ".join(rng.choice(vocab) for _ in range(rng.randint(4, 9))).capitalize()
        text = (f"title: {title}\ndate: {when.isoformat()}\nsource: {rng.choice(SOURCES)}\n"
                f"people: {', '.join(ppl)}\nplaces: {', '.join(places)}\n\n" + "\n\n".join(paras) + "\n")
        path.write_text(text, encoding="utf-8")
        meta["bytes"] += len(text.encode())
        for pl in places:
            meta["places"][pl] = meta["places"].get(pl, 0) + 1
        for p in set(ppl):
            meta["people"][p] = meta["people"].get(p, 0) + 1
    meta["vocab"] = vocab
    return meta


# Peak memory is read by a small launcher process. A command started straight from this process would
# report this process's own peak as well: Linux keeps a process's high-water mark across exec, so a
# 100k run once reported this benchmark's 794 MB as the indexer's.
_LAUNCHER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {time.perf_counter() - t0} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(cmd: list[str], env=None) -> tuple[float, int, float, str]:
    """Wall seconds, peak RSS in MB (the largest of the command's processes) and CPU seconds (user +
    system, of the command and every process it waited for), all read by the launcher so none counts its
    start-up, and the command's stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as measured:
        p = subprocess.run([PY, "-c", _LAUNCHER, measured.name, *cmd], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, env=env)
        peak_kb, secs, cpu = measured.read().split()
    return float(secs), int(peak_kb) // 1024, float(cpu), p.stdout


def run_timed(cmd: list[str], env=None) -> tuple[float, int, str]:
    """Wall seconds and peak RSS in MB, and the command's stdout (see run_measured)."""
    secs, rss, _, out = run_measured(cmd, env)
    return secs, rss, out


def percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return s[len(s) // 2] * 1000, s[min(len(s) - 1, int(len(s) * 0.95))] * 1000


def read_articles(corpus: Path) -> list[dict]:
    from searchidx.errors import ReadError
    from searchidx.ingest.readers import read
    out = []
    for f in sorted(corpus.rglob("*.txt")):
        try:
            for a in read(f, f.name):
                out.append({"id": a.id, "title": a.title, "text": a.text, "date": a.date, "places": list(a.places),
                            "people": list(a.people), "path": str(f)})
        except ReadError:
            pass
    return out


def whoosh_ingest(articles: list[dict], where: Path, stemming: bool = False):
    """The minimal single-writer Whoosh loop: (the index, seconds to add the articles and commit).
    Title and body use Whoosh's default analyzer (StandardAnalyzer: no stemming) unless ``stemming``."""
    from whoosh import analysis, fields, index
    text = analysis.StemmingAnalyzer() if stemming else None
    schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(stored=True, analyzer=text),
                           body=fields.TEXT(stored=True, analyzer=text),
                           place=fields.KEYWORD(commas=True), person=fields.KEYWORD(commas=True),
                           date=fields.DATETIME(sortable=True), year=fields.ID(sortable=True))
    where.mkdir()
    ix = index.create_in(str(where), schema)
    t0 = time.perf_counter()
    w = ix.writer(limitmb=128)
    for a in articles:
        d = a["date"].replace(tzinfo=None) if a["date"] else None
        w.add_document(id=a["id"], title=a["title"], body=a["text"], place=",".join(a["places"]),
                       person=",".join(a["people"]), **({"date": d, "year": str(d.year)} if d else {}))
    w.commit()
    return ix, time.perf_counter() - t0


# The same minimal loop as a program of its own: it starts Python, reads the header files itself (a split at
# the first blank line and at ": ") and indexes them, timed from start to end as `searchidx index` is.
_LOOP_PROGRAM = """
import sys
from datetime import datetime
from pathlib import Path
from whoosh import analysis, fields, index
corpus, where = sys.argv[1:3]
text = analysis.StemmingAnalyzer()
schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(stored=True, analyzer=text),
                       body=fields.TEXT(stored=True, analyzer=text),
                       place=fields.KEYWORD(commas=True), person=fields.KEYWORD(commas=True),
                       date=fields.DATETIME(sortable=True), year=fields.ID(sortable=True))
Path(where).mkdir()
w = index.create_in(where, schema).writer(limitmb=128)
for f in sorted(Path(corpus).rglob("*.txt")):
    head, _, body = f.read_text("utf-8", errors="replace").partition("\\n\\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    try:
        d = datetime.fromisoformat(meta["date"].replace("Z", "+00:00")).replace(tzinfo=None)
    except (KeyError, ValueError):
        d = None
    w.add_document(id=meta.get("id", f.name), title=meta.get("title", ""), body=body,
                   place=meta.get("places", ""), person=meta.get("people", ""),
                   **({"date": d, "year": str(d.year)} if d else {}))
w.commit()
"""


def whoosh_loop_program(corpus: Path, where: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the minimal loop (stemming) run as a program on the files themselves."""
    secs, _, cpu, _ = run_measured([PY, "-c", _LOOP_PROGRAM, str(corpus), str(where)])
    shutil.rmtree(where, ignore_errors=True)
    return secs, cpu


def whoosh_baseline(articles: list[dict], where: Path, queries: dict) -> dict:
    from whoosh import qparser, sorting
    from whoosh import query as wq
    ix, ingest = whoosh_ingest(articles, where)
    schema = ix.schema
    parser = qparser.MultifieldParser(["title", "body"], schema)
    lat = {}
    with ix.searcher() as s:
        for name, (words, place, since, until, facets, sort) in queries.items():
            times = []
            for text in words:
                t0 = time.perf_counter()
                q = parser.parse(text)
                flt = None
                if place:
                    flt = wq.And([wq.Term("place", place), wq.DateRange("date", since, until)])
                kw = {"filter": flt}
                if facets:
                    kw["groupedby"] = {f: sorting.FieldFacet(f, allow_overlap=f != "year", maptype=sorting.Count)
                                       for f in ("person", "place", "year")}
                if sort:
                    kw["sortedby"], kw["reverse"] = "date", True
                r = s.search(q, limit=10, **kw)
                for hit in r[:1]:
                    hit.highlights("body")
                len(r)
                times.append(time.perf_counter() - t0)
            lat[name] = percentiles(times)
    return {"ingest": ingest, "lat": lat}


# --- entity analytics -------------------------------------------------------------------------------

def analytics_cases(people: dict[str, int] | None) -> dict:
    """What the analytics rows time: association for people of several frequencies (the most named, and
    ranks 5, 20, 100, 500), trending for six months and three years (each against the same length before)."""
    ranked = sorted(people, key=lambda p: (-people[p], p)) if people else ["Donald Trump", "Joe Biden"]
    persons = [ranked[i] for i in (0, 4, 19, 99, 499) if i < len(ranked)]
    months = [(f"{y}-{m:02d}-01", (datetime(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).date().isoformat())
              for y, m in ((2010, 3), (2012, 7), (2014, 11), (2016, 2), (2018, 6), (2020, 9))]
    years = [(f"{y}-01-01", f"{y}-12-31") for y in (2011, 2015, 2019)]
    return {"persons": persons, "months": months, "years": years}


def _p50_max(fn, items) -> tuple[float, float]:
    times = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, max(times) * 1000


def searchidx_analytics(index: Path, cases: dict) -> dict:
    """p50 and max ms of ``Index.associations`` (one person) and ``Index.trending`` in a fresh session: the
    first call (the most named person) pays for reading the name lexicons and entity columns, kept for the
    session after (so max is the first); then the most named person once more, in the warm session."""
    import searchidx
    with searchidx.open_index(index, create=False) as idx:
        _ = idx.registry
        out = {"association": _p50_max(lambda p: idx.associations(person=[p]), cases["persons"]),
               "trending month": _p50_max(lambda r: idx.trending(since=r[0], until=r[1]), cases["months"]),
               "trending year": _p50_max(lambda r: idx.trending(since=r[0], until=r[1]), cases["years"])}
        out["most named, again"] = _p50_max(lambda p: idx.associations(person=[p]), cases["persons"][:1])
    return out


def whoosh_analytics(ix, cases: dict) -> dict:
    """The same counts as the minimal Whoosh loop gets them: facet grouping of the matches (and, for
    association, of the whole index as the background), no statistics."""
    from whoosh import query as wq
    from whoosh import sorting

    def grouped(s, q):
        facets = {f: sorting.FieldFacet(f, allow_overlap=True, maptype=sorting.Count) for f in ("person", "place")}
        r = s.search(q, limit=None, groupedby=facets)
        return len(r), {f: r.groups(f) for f in facets}

    def day(text, end=False):
        d = datetime.fromisoformat(text)
        return d + timedelta(days=1) if end else d

    def trend(s, r):
        start, end = day(r[0]), day(r[1], end=True)
        grouped(s, wq.DateRange("date", start, end, endexcl=True))
        grouped(s, wq.DateRange("date", start - (end - start), start, endexcl=True))

    with ix.searcher() as s:
        return {"association": _p50_max(lambda p: (grouped(s, wq.Term("person", p)), grouped(s, wq.Every())),
                                        cases["persons"]),
                "trending month": _p50_max(lambda r: trend(s, r), cases["months"]),
                "trending year": _p50_max(lambda r: trend(s, r), cases["years"]),
                "most named, again": _p50_max(lambda p: (grouped(s, wq.Term("person", p)), grouped(s, wq.Every())),
                                              cases["persons"][:1])}


def _index_is_current(index: Path) -> bool:
    """Whether an index folder records this searchidx's index format."""
    from searchidx.index.store import FORMAT_VERSION, STAMP_FILE
    try:
        return json.loads((index / STAMP_FILE).read_text(encoding="utf-8")).get("format") == FORMAT_VERSION
    except (OSError, ValueError):
        return False


def bench_analytics(n: int, base: Path, rounds: int = 1) -> None:
    """``bin/bench --analytics``: a generated corpus of ``n`` indexed once, then the analytics rows only,
    beside the minimal Whoosh loop's grouped counts of the same matches. What ``base`` already holds from
    an earlier run (``--keep DIR``: the corpus, both indexes) is used again, only timed anew."""
    from whoosh import index as whoosh_index

    corpus, index, loop = base / f"corpus{n}", base / f"ix{n}", base / f"whoosh{n}"
    people_file = base / f"people{n}.json"
    t0 = time.perf_counter()
    if not people_file.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)
        shutil.rmtree(loop, ignore_errors=True)
        people = generate(corpus, n)["people"]
        secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(index), "--jobs", "2"],
                               dict(os.environ, SEARCHIDX_CONFIG=""))
        whoosh_ingest(read_articles(corpus), loop)
        people_file.write_text(json.dumps(people), encoding="utf-8")  # last: the folder is complete
        print(f"[{n:,} articles generated and indexed in {time.perf_counter() - t0:.0f}s (index {secs:.0f}s)]",
              file=sys.stderr)
    else:
        people = json.loads(people_file.read_text(encoding="utf-8"))
        print(f"[{n:,} articles: the corpus and indexes of an earlier run in {base}]", file=sys.stderr)
        if not _index_is_current(index):  # kept from an older searchidx: its index is built again
            secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(index), "--jobs", "2",
                                    "--rebuild"], dict(os.environ, SEARCHIDX_CONFIG=""))
            print(f"[the kept index was of another format: rebuilt in {secs:.0f}s]", file=sys.stderr)
    cases = analytics_cases(people)
    if os.getloadavg()[0] > 1.5:
        print(f"[load average {os.getloadavg()[0]:.1f} while timing: other work shares the machine]", file=sys.stderr)
    for r in range(rounds):
        if rounds > 1:
            print(f"round {r + 1} of {rounds}, load average {os.getloadavg()[0]:.2f}")
        _analytics_rows(n, people, cases, searchidx_analytics(index, cases),
                        whoosh_analytics(whoosh_index.open_dir(str(loop)), cases))


def _analytics_rows(n: int, people: dict, cases: dict, ours: dict, theirs: dict) -> None:
    sizes = ", ".join(f"{p} {people[p]:,}" for p in cases["persons"])
    print(f"Entity analytics on {n:,} generated articles: association for {len(cases['persons'])} people "
          f"({sizes} articles), trending for "
          f"{len(cases['months'])} months and {len(cases['years'])} years against the same length before")
    for name in ours:
        print(f"  {name + ' p50 / max ms':<28} {ours[name][0]:>8.1f} / {ours[name][1]:>8.1f}   "
              f"minimal Whoosh loop's grouped counts {theirs[name][0]:>8.1f} / {theirs[name][1]:>8.1f}   "
              f"ratio (p50) {ours[name][0] / theirs[name][0]:.2f}x")


def whoosh_add_one(where: Path) -> float:
    """A fresh process that opens the minimal Whoosh index, adds one document and commits."""
    code = ("import sys; from whoosh import index; ix = index.open_dir(sys.argv[1]); w = ix.writer(); "
            "w.add_document(id='one-new', title='One more', body='A late article about oil prices and trade. ' * 20); "
            "w.commit()")
    secs, _, _ = run_timed([PY, "-c", code, str(where)])
    return secs


def sqlite_baseline(articles: list[dict], where: Path, words: list[str]) -> dict:
    db = sqlite3.connect(str(where))
    db.execute("CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body)")
    t0 = time.perf_counter()
    db.executemany("INSERT INTO a VALUES (?, ?, ?)", ((a["id"], a["title"], a["text"]) for a in articles))
    db.commit()
    ingest = time.perf_counter() - t0
    times = []
    for text in words:
        t0 = time.perf_counter()
        db.execute("SELECT id, snippet(a, 2, '[', ']', '…', 20) FROM a WHERE a MATCH ? ORDER BY rank LIMIT 10",
                   (text,)).fetchall()
        db.execute("SELECT count(*) FROM a WHERE a MATCH ?", (text,)).fetchone()
        times.append(time.perf_counter() - t0)
    db.close()
    return {"ingest": ingest, "lat": percentiles(times)}


def tantivy_baseline(articles: list[dict], words: list[str]) -> dict | None:
    try:
        import tantivy
    except ImportError:
        return None
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True)
    sb.add_text_field("title", stored=True)
    sb.add_text_field("body", stored=True)
    schema = sb.build()
    ix = tantivy.Index(schema)
    t0 = time.perf_counter()
    w = ix.writer()
    for a in articles:
        w.add_document(tantivy.Document(id=a["id"], title=a["title"], body=a["text"]))
    w.commit()
    ingest = time.perf_counter() - t0
    ix.reload()
    s = ix.searcher()
    times = []
    for text in words:
        t0 = time.perf_counter()
        s.search(ix.parse_query(text, ["title", "body"]), 10)
        times.append(time.perf_counter() - t0)
    return {"ingest": ingest, "lat": percentiles(times)}


def grep_time(corpus: Path, words: list[str]) -> float:
    times = []
    for text in words[:5]:
        w1, w2 = text.split()[:2]
        t0 = time.perf_counter()
        first = subprocess.run(["grep", "-rilw", w1, str(corpus)], capture_output=True, text=True).stdout.split()
        if first:
            subprocess.run(["grep", "-ilw", w2, *first], capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_size(n: int, corpus: Path | None, base: Path, rng: random.Random) -> dict:
    import searchidx
    res: dict = {"n": n}
    if corpus is None:
        corpus = base / f"corpus{n}"
        meta = generate(corpus, n)
        vocab = meta["vocab"]
        res["corpus_mb"] = meta["bytes"] / 1e6
        top_place = max(meta["places"], key=meta["places"].get)
    else:
        vocab = None
        res["corpus_mb"] = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
        top_place = "United States"
    index = base / f"ix{n}"
    res["files"] = sum(1 for _ in corpus.rglob("*.txt"))
    env = dict(os.environ, SEARCHIDX_CONFIG="")
    for jobs in (2, 1):
        target = index if jobs == 2 else base / f"ix{n}-j1"
        secs, rss, out = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(target), "--jobs", str(jobs),
                                    "--format", "json"], env)
        report = json.loads(out)
        res[f"ingest{jobs}"] = {"secs": secs, "rss": rss, "added": report["added"], "failed": len(report["failed"])}
        if jobs == 1:
            shutil.rmtree(target)
    # the same --jobs 2 run with entity extraction off: what extraction costs of ingest
    no_extract = base / "no-extract.yaml"
    no_extract.write_text("entities:\n  extract: false\n", encoding="utf-8")
    target = base / f"ix{n}-noextract"
    secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(target), "--jobs", "2",
                            "--config", str(no_extract)], env)
    res["ingest2_noextract"] = secs
    shutil.rmtree(target)
    secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(index)], env)
    res["nochange"] = secs
    files = sorted(corpus.rglob("*.txt"))
    for f in rng.sample(files, 100):
        try:
            f.write_text(f.read_text(encoding="utf-8") + "\nA late correction was added.\n", encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            pass
    secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(index)], env)
    res["changed100"] = secs
    # one new article, as a user adds a file and re-runs: start-up and imports count here
    (corpus / "one-new-article.txt").write_text(
        "title: One more\ndate: 2024-01-02\n\n" + "A late article about oil prices and trade. " * 20, encoding="utf-8")
    secs, _, _ = run_timed([*SEARCHIDX, "index", str(corpus), "--index", str(index)], env)
    res["one_new"] = secs
    res["size_mb"] = sum(p.stat().st_size for p in index.iterdir() if p.is_file()) / 1e6

    if vocab is None:
        pairs = ["oil prices", "trade deficit", "interest rates", "coffee quotas", "company shares"] * 6
    else:
        pairs = [f"{vocab[rng.randrange(40, 400)]} {vocab[rng.randrange(40, 400)]}" for _ in range(30)]
    since, until = datetime(2010, 1, 1), datetime(2020, 1, 1)
    queries = {
        "a two words": (pairs, None, None, None, False, False),
        "b phrase": ([f'"{p}"' for p in pairs], None, None, None, False, False),
        "c +place+dates": (pairs, top_place, since, until, False, False),
        "d +facets": (pairs, top_place, since, until, True, False),
        "e newest": (pairs, None, None, None, False, True),
    }
    lat = {}
    with searchidx.open_index(index, create=False) as idx:
        idx.search(pairs[0])  # warm: open segments, load the registry
        for name, (words, place, s, u, facets, sort) in queries.items():
            times = []
            for text in words:
                opts = {}
                if place:
                    last_day = (u - timedelta(days=1)).date().isoformat()
                    opts.update(place=[place], since=s.date().isoformat(), until=last_day)
                if facets:
                    opts["facets"] = ["person", "place", "year"]
                if sort:
                    opts["sort"] = "newest"
                t0 = time.perf_counter()
                idx.search(text, limit=10, **opts)
                times.append(time.perf_counter() - t0)
            lat[name] = percentiles(times)
    # (c) and (d) run one filter 30 times, and a session keeps the filter's set of articles after the
    # first query: this row is the first query of a session each time (no kept sets or lexicons).
    first = []
    for text in pairs[:10]:
        with searchidx.open_index(index, create=False) as fresh:
            _ = fresh.registry  # loading the entity registry is part of opening, not of the query
            t0 = time.perf_counter()
            fresh.search(text, limit=10, place=[top_place], since=since.date().isoformat(),
                         until=(until - timedelta(days=1)).date().isoformat(), facets=["person", "place", "year"])
            first.append(time.perf_counter() - t0)
    lat["d first in a session"] = percentiles(first)
    res["lat"] = lat
    cli = []
    for text in pairs[:5]:
        secs, _, _ = run_timed([*SEARCHIDX, "search", text, "--place", top_place, "--index", str(index)], env)
        cli.append(secs)
    res["cli"] = statistics.median(cli)
    res["grep"] = grep_time(corpus, pairs)

    articles = read_articles(corpus)
    res["whoosh"] = whoosh_baseline(articles, base / f"whoosh{n}", queries)
    res["whoosh"]["one_new"] = whoosh_add_one(base / f"whoosh{n}")
    res["sqlite"] = sqlite_baseline(articles, base / f"fts{n}.db", pairs)
    res["tantivy"] = tantivy_baseline(articles, pairs)
    res["articles"] = len(articles)
    shutil.rmtree(base / f"whoosh{n}", ignore_errors=True)
    return res


def table(results: list[dict]) -> str:
    rows = []

    def row(label, fn):
        rows.append([label] + [fn(r) for r in results])

    row("articles (files)", lambda r: f"{r['articles']:,} ({r['files']:,})")
    row("ingest --jobs 2: docs/s", lambda r: f"{r['articles'] / r['ingest2']['secs']:.0f}")
    row("  MB/s", lambda r: f"{r['corpus_mb'] / r['ingest2']['secs']:.2f}")
    row("  peak RSS MB", lambda r: f"{r['ingest2']['rss']}")
    row("  / minimal Whoosh loop", lambda r: f"{r['whoosh']['ingest'] / r['ingest2']['secs']:.2f}x")
    row("  / SQLite FTS5", lambda r: f"{r['sqlite']['ingest'] / r['ingest2']['secs']:.3f}x")
    row("  / tantivy", lambda r: f"{r['tantivy']['ingest'] / r['ingest2']['secs']:.3f}x" if r["tantivy"] else "n/a")
    row("  entity extraction: on / off", lambda r: f"{r['ingest2']['secs'] / r['ingest2_noextract']:.2f}x"
        if "ingest2_noextract" in r else "n/a")
    row("ingest --jobs 1: docs/s", lambda r: f"{r['articles'] / r['ingest1']['secs']:.0f}")
    row("  / minimal Whoosh loop", lambda r: f"{r['whoosh']['ingest'] / r['ingest1']['secs']:.2f}x")
    row("  peak RSS MB", lambda r: f"{r['ingest1']['rss']}")
    row("no-change re-index s", lambda r: f"{r['nochange']:.2f}")
    row("100 changed files re-index s", lambda r: f"{r['changed100']:.2f}")
    row("1 new file re-index s (CLI)", lambda r: f"{r['one_new']:.2f}")
    row("  / minimal Whoosh add-one process", lambda r: f"{r['one_new'] / r['whoosh']['one_new']:.2f}x")
    for name in ("a two words", "b phrase", "c +place+dates", "d +facets", "e newest"):
        row(f"query {name} p50/p95 ms", lambda r, n=name: f"{r['lat'][n][0]:.1f} / {r['lat'][n][1]:.1f}")
        row("  / minimal Whoosh loop (p50)", lambda r, n=name: f"{r['lat'][n][0] / r['whoosh']['lat'][n][0]:.2f}x")
    row("query d first in a session p50/p95 ms", lambda r: "{:.1f} / {:.1f}".format(*r["lat"]["d first in a session"]))
    row("  (a) / SQLite FTS5 (p50)", lambda r: f"{r['lat']['a two words'][0] / r['sqlite']['lat'][0]:.2f}x")
    row("CLI search end to end s", lambda r: f"{r['cli']:.2f}")
    row("grep -ril (2 words) s", lambda r: f"{r['grep']:.2f}")
    row("  grep / CLI", lambda r: f"{r['grep'] / r['cli']:.1f}x faster")
    row("index size on disk MB", lambda r: f"{r['size_mb']:.1f}")
    head = ["metric"] + [f"{r['n']:,}" for r in results]
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(rows[0]))]
    lines = [" | ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))]
    lines.append("-|-".join("-" * w for w in widths))
    for r in rows:
        cells = (str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def growth(results: list[dict]) -> str:
    """How each figure grows from the smallest to the largest corpus, beside the growth of the corpus."""
    if len(results) < 2:
        return ""
    first, last = results[0], results[-1]
    size = last["articles"] / first["articles"]
    figures = {
        "ingest --jobs 2 seconds": lambda r: r["ingest2"]["secs"],
        "ingest --jobs 1 seconds": lambda r: r["ingest1"]["secs"],
        "ingest peak RSS (--jobs 2)": lambda r: r["ingest2"]["rss"],
        "no-change re-index": lambda r: r["nochange"],
        "100 changed files re-index": lambda r: r["changed100"],
        **{f"query {n} p50": (lambda r, n=n: r["lat"][n][0]) for n in first["lat"]},
        "CLI search end to end": lambda r: r["cli"],
        "grep -ril": lambda r: r["grep"],
        "index size on disk": lambda r: r["size_mb"],
    }
    lines = [f"growth from {first['n']:,} to {last['n']:,} articles (corpus x{size:.1f}):"]
    for label, fn in figures.items():
        ratio = fn(last) / fn(first) if fn(first) else float("nan")
        shape = "super-linear" if ratio > size * 1.15 else "linear" if ratio > size * 0.75 else "sub-linear"
        lines.append(f"  {label:<32} x{ratio:5.1f}  {shape}")
    return "\n".join(lines)


def _html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.lower().endswith((".html", ".htm", ".html.gz", ".htm.gz")))


def html_baseline(files: list[Path], where: Path) -> float:
    """Seconds for the floor of HTML ingest: lxml's parse and all of the page's text into a plain
    Whoosh index, one process (no extraction, metadata or entities)."""
    import gzip

    from lxml import html as lxml_html
    from whoosh import index as windex
    from whoosh.fields import ID, TEXT, Schema

    ix = windex.create_in(str(where), Schema(id=ID(stored=True, unique=True), body=TEXT))
    t0 = time.perf_counter()
    writer = ix.writer()
    for path in files:
        data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
        tree = lxml_html.fromstring(data)
        for bad in tree.xpath("//script|//style"):
            bad.drop_tree()
        writer.add_document(id=path.name, body=tree.text_content())
    writer.commit()
    return time.perf_counter() - t0


def bench_html(folder: Path, tmp: Path) -> None:
    """HTML pages/s for `searchidx index` with --jobs 1 and 2, beside the minimal lxml + Whoosh loop."""
    files = _html_files(folder)
    if not files:
        sys.exit(f"no .html or .html.gz files under {folder}")
    copy = tmp / "html"
    shutil.copytree(folder, copy)
    base_dir = tmp / "html-baseline"
    base_dir.mkdir()
    base = html_baseline(files, base_dir)
    print(f"HTML ingest of {len(files)} pages from {folder}")
    print(f"{'':<28} {'seconds':>8} {'pages/s':>8} {'vs minimal loop':>16}")
    print(f"{'minimal lxml+Whoosh loop':<28} {base:>8.2f} {len(files) / base:>8.1f} {'1.00x':>16}")
    for jobs in (1, 2):
        ix = tmp / f"html-ix{jobs}"
        secs, rss, _ = run_timed(SEARCHIDX + ["index", str(copy), "--index", str(ix), "--jobs", str(jobs)])
        print(f"{f'searchidx --jobs {jobs}':<28} {secs:>8.2f} {len(files) / secs:>8.1f} {base / secs:>15.2f}x"
              f"  (peak {rss} MB)")


# --- short newswire -------------------------------------------------------------------------------

# Reuters-21578 as ../shared/corpus-dev keeps it (3,687 files of ~1 KB: a header block and the body).
NEWSWIRE_DIR = ROOT.parent / "shared" / "corpus-dev" / "reuters"
NEWSWIRE_FILES = 8000
NEWSWIRE_SHIFT_DAYS = 14  # each copy of the feed is this much later: beyond the 7-day story window
NEWSWIRE_ID_STEP = 100000  # copy k of reuters-12 is reuters-<12 + k x this>
_HEADER_ID = re.compile(r"^(id:[ \t]*)(\S*?)(\d+)[ \t]*$", re.MULTILINE)
_HEADER_DATE = re.compile(r"^(date:[ \t]*)(\S+)[ \t]*$", re.MULTILINE)
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
NEWSWIRE_MODES = ("reworded", "dated")


def _shift_header(head: str, copy: int) -> str:
    """A newswire file's header block with the id and date of its ``copy``-th repeat."""

    def new_date(m):
        try:
            when = datetime.fromisoformat(m.group(2)) + timedelta(days=NEWSWIRE_SHIFT_DAYS * copy)
        except ValueError:
            return m.group(0)
        return m.group(1) + when.isoformat()

    def new_id(m):
        return f"{m.group(1)}{m.group(2)}{int(m.group(3)) + NEWSWIRE_ID_STEP * copy}"

    head = _HEADER_ID.sub(new_id, head, count=1)
    return _HEADER_DATE.sub(new_date, head, count=1)


def _rewording(bodies: list[str], copy: int, group_size: int = 3) -> dict[str, str]:
    """Lower-case word -> the word ``copy`` places along in its group of ``group_size`` words of neighbouring
    frequency rank (``copy`` < ``group_size``, so no word stays itself unless its group is short): a copy keeps
    the feed's vocabulary and word frequencies (stop words stay stop words), while nearly all its 3-word
    shingles, which story grouping compares, are new."""
    counts: dict[str, int] = {}
    for body in bodies:
        for w in _LOWER_WORD.findall(body):
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    table = {}
    for g in range(0, len(ranked), group_size):
        group = ranked[g:g + group_size]
        for i, w in enumerate(group):
            table[w] = group[(i + copy) % len(group)]
    return table


def newswire_corpus(src: Path, out: Path, files: int, mode: str = "reworded") -> dict:
    """``files`` files made of the newswire files in ``src``, as a feed running on: feed0/ holds them as they
    are, feed1/ the next copy, and so on until ``files`` are written. In copy K each id is + K x 100000 and
    each date + K x 14 days; with mode "reworded" each lower-case body word is also swapped for one of
    neighbouring frequency (names, numbers, titles and header tags as they are), so a copy is no
    near-duplicate of its original; with mode "dated" the body is unchanged: each copy is a near-duplicate
    of its original dated outside the story window, a twin the story grouper finds in the index and
    compares (10 band postings read and a similarity, about 1 ms an article here), as a feed pays only
    for its real repeats."""
    sources = sorted(src.rglob("*.txt"))
    if not sources:
        raise FileNotFoundError(f"no .txt files under {src}")
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in sources]
    group_size = max(3, -(-files // len(sources)))  # more than the number of copies: each copy reworded apart
    written = size = copies = 0
    while written < files:
        folder = out / f"feed{copies}"
        folder.mkdir(parents=True)
        table = (_rewording([t.partition("\n\n")[2] for t in texts], copies, group_size)
                 if copies and mode == "reworded" else None)
        swap = (lambda m, table=table: table[m.group(0)]) if table else None
        for f, text in zip(sources[:files - written], texts):
            if copies:
                head, sep, body = text.partition("\n\n")
                if swap is not None:
                    body = _LOWER_WORD.sub(swap, body)
                text = _shift_header(head, copies) + sep + body
            (folder / f.name).write_text(text, encoding="utf-8")
            size += len(text.encode())
            written += 1
        copies += 1
    return {"files": written, "sources": len(sources), "copies": copies, "bytes": size, "mode": mode}


def _stories(index: Path) -> int:
    from whoosh import index as windex

    from searchidx.index import schema as S
    from searchidx.index.store import current_name

    ix = windex.open_dir(str(index), indexname=current_name(index))
    with ix.reader() as r:
        col = r.column_reader(S.STORY)
        return len({col[d] for d in r.all_doc_ids()})


def bench_newswire(src: Path, tmp: Path, files: int = NEWSWIRE_FILES, rounds: int = 1, mode: str = "reworded") -> dict:
    """docs/s of `searchidx index` (--jobs 2 and 1) on short newswire articles, beside the minimal Whoosh loop
    on the same articles, in each of ``rounds`` rounds (figures vary +-30% between runs on small machines).
    CPU seconds are printed too: they vary less than wall time when other work shares the machine."""
    corpus = tmp / "newswire"
    meta = newswire_corpus(src, corpus, files, mode)
    t0 = time.perf_counter()
    articles = read_articles(corpus)
    reading = time.perf_counter() - t0
    n = len(articles)
    words = sum(len(a["text"].split()) for a in articles) / max(n, 1)
    how = ("each lower-case body word swapped for one of neighbouring frequency, so that no copy is a "
           "near-duplicate of its original" if mode == "reworded" else
           "bodies unchanged: each copy is a near-duplicate of its original, dated outside the story window")
    print(f"Newswire ingest: {meta['files']:,} files ({meta['bytes'] / meta['files'] / 1024:.1f} KB, {words:.0f} words "
          f"an article on average) made of the {meta['sources']:,} in {src}: feed0/ holds them as they are, "
          f"feed1/ to feed{meta['copies'] - 1}/ copies with each id + K x {NEWSWIRE_ID_STEP:,}, each date + K x "
          f"{NEWSWIRE_SHIFT_DAYS} days and ({mode}) {how}")
    env = dict(os.environ, SEARCHIDX_CONFIG="")
    one = tmp / "newswire-one"
    (one / "feed0").mkdir(parents=True)
    shutil.copy(sorted((corpus / "feed0").iterdir())[0], one / "feed0")
    res: dict = {"files": meta["files"], "articles": n, "mb": meta["bytes"] / 1e6, "copies": meta["copies"],
                 "mode": mode, "read_secs": reading, "rounds": []}
    print(f"{'':<42} {'wall s':>7} {'docs/s':>7} {'vs loop':>8} {'CPU s':>7} {'CPU vs loop':>12}")
    for r in range(1, rounds + 1):
        row: dict = {}
        for label, stemming in (("whoosh", False), ("whoosh_stem", True)):
            base_dir = tmp / f"newswire-{label}{r}"
            c0 = time.process_time()
            _, row[label] = whoosh_ingest(articles, base_dir, stemming)
            row[label + "_cpu"] = time.process_time() - c0
            shutil.rmtree(base_dir)
        row["program"], row["program_cpu"] = whoosh_loop_program(corpus, tmp / f"newswire-program{r}")
        for jobs in (2, 1):
            target = tmp / f"newswire-ix{r}-j{jobs}"
            secs, rss, cpu, out = run_measured([*SEARCHIDX, "index", str(corpus), "--index", str(target), "--jobs",
                                                str(jobs), "--format", "json"], env)
            report = json.loads(out)
            row[f"jobs{jobs}"] = {"secs": secs, "rss": rss, "cpu": cpu, "added": report["added"],
                                  "failed": len(report["failed"])}
            if r == 1 and jobs == 2:
                res["stories"] = _stories(target)
            shutil.rmtree(target)
        target = tmp / f"newswire-one-ix{r}"
        row["one_file"], _, row["one_file_cpu"], _ = run_measured(
            [*SEARCHIDX, "index", str(one), "--index", str(target), "--jobs", "2"], env)
        shutil.rmtree(target)
        res["rounds"].append(row)
        tag = f" (round {r})" if rounds > 1 else ""
        # The reference is the loop with a stemming analyzer; the default analyzer's row is for context.
        lines = [("minimal Whoosh loop (stemming)", row["whoosh_stem"], row["whoosh_stem_cpu"], n, ""),
                 ("  the same, default analyzer", row["whoosh"], row["whoosh_cpu"], n, ""),
                 ("  as a program reading the files", row["program"], row["program_cpu"], n, "")]
        for jobs in (2, 1):
            j = row[f"jobs{jobs}"]
            failed = f", {j['failed']} files failed" if j["failed"] else ""
            lines.append((f"searchidx --jobs {jobs}", j["secs"], j["cpu"], j["added"],
                          f"  (peak {j['rss']} MB{failed})"))
        for label, secs, cpu, docs, extra in lines:
            print(f"{label + tag:<42} {secs:>7.2f} {docs / secs:>7.0f} {row['whoosh_stem'] / secs:>7.2f}x {cpu:>7.2f} "
                  f"{row['whoosh_stem_cpu'] / cpu:>11.2f}x{extra}")
    if rounds > 1:
        for jobs in (2, 1):
            ratios = [row["whoosh_stem"] / row[f"jobs{jobs}"]["secs"] for row in res["rounds"]]
            cpus = [row["whoosh_stem_cpu"] / row[f"jobs{jobs}"]["cpu"] for row in res["rounds"]]
            print(f"{f'searchidx --jobs {jobs}, median':<42} {'':>7} {'':>7} {statistics.median(ratios):>7.2f}x "
                  f"{'':>7} {statistics.median(cpus):>11.2f}x")
    for jobs in (2, 1):
        ratios = [row["program"] / row[f"jobs{jobs}"]["secs"] for row in res["rounds"]]
        print(f"searchidx --jobs {jobs} against the loop as a program reading the files: "
              f"{statistics.median(ratios):.2f}x (median of {len(ratios)}; both timed from start to end)")
    start = statistics.median(row["one_file"] for row in res["rounds"])
    loop_ms = statistics.median(row["whoosh_stem_cpu"] for row in res["rounds"]) / n * 1000
    ours_ms = statistics.median(row["jobs2"]["cpu"] for row in res["rounds"]) / n * 1000
    cores = min(2, os.cpu_count() or 1)
    print(f"searchidx start-up and end (one file, --jobs 2): {start:.2f} s, in each searchidx figure above")
    print(f"reading the files with searchidx's reader: {reading:.2f} s ({reading / n * 1000:.2f} ms an article), "
          f"in each searchidx figure and not in the loop's")
    print(f"CPU an article: minimal loop {loop_ms:.2f} ms, searchidx --jobs 2 {ours_ms:.2f} ms (all its processes): "
          f"with {cores} of its processes busy at every moment, --jobs 2 would reach {cores * loop_ms / ours_ms:.2f}x")
    if "stories" in res:
        print(f"story grouping: {n:,} articles in {res['stories']:,} stories")
    res["phases"] = newswire_phases(corpus, tmp / "newswire-phases", env)
    if res["phases"]:
        per = {k: v / max(res["phases"]["articles"], 1) * 1000 for k, v in res["phases"]["phases"].items()}
        shown = " | ".join(f"{k} {v:.2f}" for k, v in per.items())
        print(f"where the CPU goes (--jobs 1, one process, ms an article): {shown} | total {sum(per.values()):.2f}; "
              f"the loop's adding and commit: {loop_ms:.2f}")
    return res


def newswire_phases(corpus: Path, index: Path, env: dict) -> dict | None:
    """CPU seconds per phase of one `searchidx index --jobs 1` run (bin/bench_phases.py), None if it failed."""
    p = subprocess.run([PY, str(Path(__file__).with_name("bench_phases.py")), str(corpus), str(index)],
                       capture_output=True, text=True, env=env)
    shutil.rmtree(index, ignore_errors=True)
    if p.returncode:
        print(f"where the CPU goes: bench_phases.py failed ({p.stderr.strip().splitlines()[-1:]})")
        return None
    return json.loads(p.stdout)


def _newswire_section(args, tmp: Path) -> dict | None:
    """The newswire section, or None with the reason printed when its folder is not there."""
    src = Path(args.newswire) if args.newswire else NEWSWIRE_DIR
    if not src.is_dir():
        if args.newswire:
            sys.exit(f"--newswire: no folder {src}")
        print(f"\nnewswire section skipped: no {src} (Reuters-21578 files; bin/bench --newswire DIR names "
              "another folder)")
        return None
    print()
    return bench_newswire(src, tmp, args.newswire_files, args.newswire_rounds, args.newswire_copies)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="10,000 articles only (under 3 minutes)")
    ap.add_argument("--sizes", help="comma-separated corpus sizes to generate (default 10000,30000,100000)")
    ap.add_argument("--corpus", help="benchmark this folder instead of generated corpora")
    ap.add_argument("--json", help="also write the raw figures to this file")
    ap.add_argument("--html", metavar="DIR", help="HTML ingest only: pages/s of the pages (.html, .html.gz) in DIR")
    ap.add_argument("--newswire", metavar="DIR", nargs="?", const="",
                    help="short-newswire ingest: docs/s of `searchidx index` --jobs 2 and 1 against the minimal "
                         f"Whoosh loop on {NEWSWIRE_FILES:,} files made of DIR's (default {NEWSWIRE_DIR}, "
                         "Reuters-21578). Alone it runs only this section (about 2 minutes); with --quick, --sizes "
                         "or --corpus it runs after them. A full run (no --quick) includes it when the default "
                         "folder exists")
    ap.add_argument("--newswire-files", type=int, default=NEWSWIRE_FILES, metavar="N",
                    help=f"files in the newswire corpus (default {NEWSWIRE_FILES:,}; copies of the feed make up "
                         "the number)")
    ap.add_argument("--newswire-copies", choices=NEWSWIRE_MODES, default="reworded",
                    help="how the copies that make up the number differ from the files: reworded (default: each "
                         "lower-case body word swapped for one of neighbouring frequency, no near-duplicates) or "
                         "dated (bodies unchanged: every copy is a story-grouping candidate of its original)")
    ap.add_argument("--analytics", type=int, metavar="N", nargs="?", const=100000,
                    help="entity analytics only (association for one person, trending for a month and a year) "
                         "on N generated articles (default 100,000), beside the minimal Whoosh loop's counts")
    ap.add_argument("--keep", metavar="DIR",
                    help="with --analytics: keep the generated corpus and both indexes in DIR, and use them again "
                         "on the next run (only the timings are repeated)")
    ap.add_argument("--rounds", type=int, default=1, metavar="N",
                    help="with --analytics: time the rows N times over the same indexes, each in a new session")
    ap.add_argument("--newswire-rounds", type=int, default=1, metavar="N",
                    help="time the newswire loop and both ingests N times, interleaved, and print the median ratio")
    args = ap.parse_args()
    if args.analytics:
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            bench_analytics(args.analytics, Path(args.keep), args.rounds)
            return
        with tempfile.TemporaryDirectory(prefix="searchidx-bench-") as tmp:
            bench_analytics(args.analytics, Path(tmp), args.rounds)
        return
    if args.html:
        with tempfile.TemporaryDirectory(prefix="searchidx-bench-") as tmp:
            bench_html(Path(args.html), Path(tmp))
        return
    newswire_only = args.newswire is not None and not (args.quick or args.sizes or args.corpus)
    # a full run takes half an hour and includes the newswire section; --quick stays under 3 minutes without it
    with_newswire = args.newswire is not None or not (args.quick or args.corpus)
    if newswire_only:
        with tempfile.TemporaryDirectory(prefix="searchidx-bench-") as tmp:
            res = _newswire_section(args, Path(tmp))
        if args.json and res:
            Path(args.json).write_text(json.dumps({"section": "newswire", **res}, indent=1), encoding="utf-8")
        return
    sizes = [10000] if args.quick else [int(s) for s in (args.sizes or "10000,30000,100000").split(",")]
    rng = random.Random(7)
    results = []
    with tempfile.TemporaryDirectory(prefix="searchidx-bench-") as tmp:
        if args.corpus:
            src = Path(args.corpus)
            copy = Path(tmp) / "corpus"
            shutil.copytree(src, copy)
            results.append(bench_size(sum(1 for _ in copy.rglob("*.txt")), copy, Path(tmp), rng))
        else:
            for n in sizes:
                t0 = time.perf_counter()
                results.append(bench_size(n, None, Path(tmp), rng))
                print(f"[{n:,} articles benchmarked in {time.perf_counter() - t0:.0f}s]", file=sys.stderr)
                if n != sizes[-1]:
                    print(table(results) + "\n", file=sys.stderr)  # so far, in case a long run is stopped
                if args.json:
                    Path(args.json).write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
                shutil.rmtree(Path(tmp) / f"corpus{n}", ignore_errors=True)
                shutil.rmtree(Path(tmp) / f"ix{n}", ignore_errors=True)
        print(table(results))
        if len(results) > 1:
            print("\n" + growth(results))
        newswire = _newswire_section(args, Path(tmp)) if with_newswire else None
    if args.quick and not with_newswire:
        print("\n(newswire section left out by --quick: bin/bench --newswire runs it alone, in about 2 minutes)")
    if args.json:
        out = results + ([{"section": "newswire", **newswire}] if newswire else [])
        Path(args.json).write_text(json.dumps(out, default=str, indent=1), encoding="utf-8")

if __name__ == "__main__":
    main()
