#!/usr/bin/env python3
"""`searchidx serve` under load, on loopback only: N concurrent clients for M seconds, quiet and then while
`searchidx index` adds articles. Reports requests/s, p50/p95 latency and errors (zero expected), and
whether the server answered with the new articles once the update committed.

Run by `bin/bench --serve` (bounded: every client stops at its deadline; the server and the indexer are
ended by their process ids).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PLACES, SEARCHIDX, generate  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _urls(vocab: list[str], rng: random.Random, n: int = 400) -> list[str]:
    """A mix of what a browser and a script ask: pages with facets and the date chart, JSON searches."""
    out = []
    for _ in range(n):
        word = rng.choice(vocab[:2000])
        kind = rng.random()
        if kind < 0.4:
            out.append("/?" + urlencode({"q": word}))
        elif kind < 0.6:
            out.append("/?" + urlencode({"q": word, "place": rng.choice(PLACES), "sort": "newest"}))
        elif kind < 0.9:
            out.append("/api/search?" + urlencode({"q": word, "facets": "person", "limit": 10}))
        else:
            out.append("/api/timeline?" + urlencode({"q": word, "by": "year"}))
    return out


def _load(base: str, urls: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads asking ``urls`` in turn for ``seconds``: latencies and failures."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k * 37
        while time.monotonic() < deadline:
            url = base + urls[i % len(urls)]
            i += 1
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    r.read()
                    ok = r.status == 200
            except (urllib.error.URLError, OSError) as e:
                ok, why = False, str(e)
            else:
                why = ""
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                if not ok:
                    errors.append(why or url)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ordered = sorted(latencies)
    return {"requests": len(latencies), "seconds": round(wall, 2), "per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
            "errors": len(errors), "first_error": errors[0] if errors else None}


def _total(base: str, q: str = "") -> int:
    with urllib.request.urlopen(base + "/api/search?" + urlencode({"q": q, "limit": 0}), timeout=60) as r:
        return json.loads(r.read())["total"]


def bench_serve(articles: int, added: int, clients: int, seconds: float, tmp: Path) -> dict:
    corpus, extra, index = tmp / "corpus", tmp / "extra", tmp / "index"
    meta = generate(corpus, articles, seed=11)
    generate(extra, added, seed=12)
    subprocess.run([*SEARCHIDX, "index", str(corpus), "--index", str(index)], check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a file, not a pipe nobody reads while it runs
    server = subprocess.Popen([*SEARCHIDX, "serve", "--index", str(index), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        for _ in range(300):
            try:
                before = _total(base)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        urls = _urls(meta["vocab"], random.Random(5))
        _load(base, urls, 2, 2)  # warm: searchers open, caches filled
        quiet = _load(base, urls, clients, seconds)
        shutil.move(str(extra), str(corpus / "added"))
        indexer = subprocess.Popen([*SEARCHIDX, "index", str(corpus), "--index", str(index), "--jobs", "1"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.perf_counter()
        busy = _load(base, urls, clients, seconds)
        overlapped = indexer.poll() is None  # still writing when the load phase ended: the whole phase overlapped
        try:
            indexer.wait(timeout=600)
        except subprocess.TimeoutExpired:
            indexer.kill()
            raise SystemExit("the update did not finish in 10 minutes") from None
        update_s = time.perf_counter() - t0
        after = _total(base)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    log.seek(0)
    server_errors = log.read()
    return {"articles": before, "added": after - before, "clients": clients, "quiet": quiet, "during_update": busy,
            "update_s": round(update_s, 1), "update_ran_through_the_load": overlapped,
            "server_tracebacks": server_errors.count("Traceback")}


def report(res: dict) -> str:
    lines = [f"searchidx serve on loopback: {res['articles']:,} articles, {res['clients']} concurrent clients",
             f"{'phase':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"]
    for label, key in (("quiet", "quiet"), ("during index update", "during_update")):
        r = res[key]
        lines.append(f"{label:<22}{r['requests']:>9}{r['per_s']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['errors']:>8}")
    ratio = res["during_update"]["per_s"] / res["quiet"]["per_s"] if res["quiet"]["per_s"] else 0
    lines.append(f"throughput during the update: {ratio:.2f}x quiet; the update ({res['added']:,} articles) took "
                 f"{res['update_s']} s" + (" (still running when the load ended)" if res["update_ran_through_the_load"]
                                          else "") +
                 f"; answers after it counted {res['added']:,} more articles without a restart; "
                 f"server tracebacks: {res['server_tracebacks']}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--added", type=int, default=1500, help="articles added by the update during the load")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0, help="length of each phase (quiet, during the update)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="searchidx-bench-serve-") as tmp:
        res = bench_serve(args.articles, args.added, args.clients, args.seconds, Path(tmp))
    print(report(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1), encoding="utf-8")
    if res["quiet"]["errors"] or res["during_update"]["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
