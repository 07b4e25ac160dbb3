#!/usr/bin/env python3
"""Draw the fourth held-out entity check set (seed 6006): 15 Wikinews texts written to wikinews/hzNN.txt and 15
Reuters file names printed, none in the gold sets, the earlier held-out sets or the test pages, nor a repeat
of one of their bodies; Wikinews interviews over 10,000 characters are skipped. Prints the 30 source paths."""

import csv
import random
import re
from pathlib import Path
from urllib.parse import unquote

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = ROOT.parent / "shared" / "corpus-dev"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/corpus-dev")
SEED = 6006
# An interview says so, or says Wikinews spoke with someone ("discusses plans ... with Wikinews").
INTERVIEW = re.compile(r"interview|with Wikinews|Wikinews (?:discussed|asked|spoke)", re.I)
DATELINE = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}\s*\n+")


def norm_url(url: str) -> str:
    return unquote(url.replace("//wiki/", "/wiki/"))


def body_key(text: str) -> str:
    return " ".join(text.split()).lower()


def reuters_body(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[-1]


def main() -> None:
    taken_urls: set[str] = set()
    taken_bodies: set[str] = set()
    wiki_dirs = [ROOT / "tests/fixtures/entities/articles", ROOT / "bench/entities-heldout/wikinews",
                 ROOT / "bench/entities-heldout2/wikinews", ROOT / "bench/entities-heldout3/wikinews"]
    for d in wiki_dirs:
        for f in d.glob("*.txt"):
            text = f.read_text(encoding="utf-8")
            m = re.search(r"^url: (.+)$", text, re.M)
            if m:
                taken_urls.add(norm_url(m.group(1).strip()))
            taken_bodies.add(body_key(text.split("\n\n", 1)[-1]))
    csv.field_size_limit(10**9)
    rows = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(SHARED / "wikinews" / name, encoding="utf-8", newline="") as fh:
            rows += list(csv.DictReader(fh))
    pool = [r for r in rows if "TEST_PAGE" not in r["url"] and norm_url(r["url"]) not in taken_urls]
    rng = random.Random(SEED)
    rng.shuffle(pool)
    out_wiki: list[Path] = []
    for r in pool:
        text = re.sub(r"\n{2,}", "\n\n", DATELINE.sub("", r["text"].strip() + "\n"))
        if INTERVIEW.search(r["title"] + "\n" + text) and len(text) > 10_000:
            continue
        if body_key(text) in taken_bodies:
            continue
        path = HERE / "wikinews" / f"hz{len(out_wiki) + 1:02d}.txt"
        path.write_text(f"title: {r['title']}\ndate: {r['date']}\nsource: Wikinews\nurl: {norm_url(r['url'])}\n\n"
                        f"{text.rstrip()}\n", encoding="utf-8")
        taken_bodies.add(body_key(text))
        out_wiki.append(path)
        if len(out_wiki) == 15:
            break
    taken_ids: set[str] = set()
    for gold in (ROOT / "tests/fixtures/entities/reuters_gold.yaml", ROOT / "bench/entities-heldout/reuters.yaml",
                 ROOT / "bench/entities-heldout2/reuters.yaml",
                 ROOT / "bench/entities-heldout3/reuters.yaml"):
        taken_ids |= set(yaml.safe_load(gold.read_text(encoding="utf-8")))
    rdir = SHARED / "reuters"
    files = sorted(rdir.glob("reuters-*.txt"), key=lambda p: int(p.stem.split("-")[1]))
    taken_bodies |= {body_key(reuters_body(rdir / i)) for i in taken_ids}
    rng = random.Random(SEED)
    rng.shuffle(files)
    out_reuters: list[Path] = []
    for f in files:
        key = body_key(reuters_body(f))
        if f.name in taken_ids or key in taken_bodies:
            continue
        taken_bodies.add(key)
        out_reuters.append(f)
        if len(out_reuters) == 15:
            break
    for p in out_wiki + out_reuters:
        print(p)


if __name__ == "__main__":
    main()
