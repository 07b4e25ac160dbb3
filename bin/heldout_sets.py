#!/usr/bin/env python3
"""The held-out entity check sets (bench/entities-heldout*): draw one, and the agreement of two annotations.

    .venv/bin/python bin/heldout_sets.py draw N [--out DIR]
        Draw set N (3 to 6) as it was drawn: 15 Wikinews texts written to its wikinews/ folder (or DIR) and
        15 Reuters file names, none in the gold sets, the earlier held-out sets or the test pages, nor a
        repeat of one of their bodies; Wikinews interviews over 10,000 characters are skipped. Prints the 30
        source paths.
    .venv/bin/python bin/heldout_sets.py agree A.yaml B.yaml [--diff]
        Inter-annotator agreement of two annotations in the held-out yaml shape: per type, the entities of B
        matched to A's (one to one, when their forms share a folded form or a registry name), P/R/F1 of B
        against A; --diff lists the entities only one of them has.
"""

import argparse
import csv
import random
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from entity_eval import BENCH, HELDOUT_SETS  # noqa: E402
from entity_gold import TYPES, _gold_entities  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus-dev"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/corpus-dev")
# set number -> (seed, prefix of its Wikinews files); sets 1 and 2 were drawn by hand-picked rules of their own
DRAWN = {3: (5005, "hy"), 4: (6006, "hz"), 5: (7007, "ia"), 6: (8008, "ib")}
# An interview says so, or says Wikinews spoke with someone ("discusses plans ... with Wikinews").
INTERVIEW = re.compile(r"interview|with Wikinews|Wikinews (?:discussed|asked|spoke)", re.I)
DATELINE = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}\s*\n+")


def norm_url(url: str) -> str:
    return unquote(url.replace("//wiki/", "/wiki/"))


def body_key(text: str) -> str:
    return " ".join(text.split()).lower()


def reuters_body(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[-1]


def draw(number: int, out: Path | None) -> None:
    seed, prefix = DRAWN[number]
    earlier = [BENCH / name for name in HELDOUT_SETS[:number - 1]]
    out = out or BENCH / HELDOUT_SETS[number - 1] / "wikinews"
    taken_urls: set[str] = set()
    taken_bodies: set[str] = set()
    for d in [ROOT / "tests/fixtures/entities/articles", *(s / "wikinews" for s in earlier)]:
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
    rng = random.Random(seed)
    rng.shuffle(pool)
    out_wiki: list[Path] = []
    for r in pool:
        text = re.sub(r"\n{2,}", "\n\n", DATELINE.sub("", r["text"].strip() + "\n"))
        if INTERVIEW.search(r["title"] + "\n" + text) and len(text) > 10_000:
            continue
        if body_key(text) in taken_bodies:
            continue
        path = out / f"{prefix}{len(out_wiki) + 1:02d}.txt"
        path.write_text(f"title: {r['title']}\ndate: {r['date']}\nsource: Wikinews\nurl: {norm_url(r['url'])}\n\n"
                        f"{text.rstrip()}\n", encoding="utf-8")
        taken_bodies.add(body_key(text))
        out_wiki.append(path)
        if len(out_wiki) == 15:
            break
    taken_ids: set[str] = set()
    for gold in [ROOT / "tests/fixtures/entities/reuters_gold.yaml", *(s / "reuters.yaml" for s in earlier)]:
        taken_ids |= set(yaml.safe_load(gold.read_text(encoding="utf-8")))
    rdir = SHARED / "reuters"
    files = sorted(rdir.glob("reuters-*.txt"), key=lambda p: int(p.stem.split("-")[1]))
    taken_bodies |= {body_key(reuters_body(rdir / i)) for i in taken_ids}
    rng = random.Random(seed)
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


def agree(a_file: str, b_file: str, show: bool) -> None:
    from searchidx.config import DEFAULT_ENTITIES
    from searchidx.enrich.aliases import load_registry

    registry = load_registry([DEFAULT_ENTITIES])
    a, b = (yaml.safe_load(Path(f).read_text(encoding="utf-8")) for f in (a_file, b_file))
    totals = {t: [0, 0, 0] for t in TYPES}  # |A|, |B|, matched
    for article in a:
        for t in TYPES:
            ea = _gold_entities(a[article].get(t), registry, t)
            eb = _gold_entities(b.get(article, {}).get(t), registry, t)
            used: set[int] = set()
            for name, forms in ea:
                hit = next((j for j, (_, fb) in enumerate(eb) if j not in used and forms & fb), None)
                if hit is None:
                    if show:
                        print(f"  only A  {article:<18} {t:<6} {name}")
                else:
                    used.add(hit)
            if show:
                for j, (name, _) in enumerate(eb):
                    if j not in used:
                        print(f"  only B  {article:<18} {t:<6} {name}")
            totals[t][0] += len(ea)
            totals[t][1] += len(eb)
            totals[t][2] += len(used)
    all_ = [sum(v[i] for v in totals.values()) for i in range(3)]
    print("| type | A | B | both | P (B vs A) | R | F1 |\n|---|---:|---:|---:|---:|---:|---:|")
    for t, (na, nb, m) in [*totals.items(), ("all", all_)]:
        p, r, f1 = m / max(1, nb), m / max(1, na), 2 * m / max(1, na + nb)
        print(f"| {t} | {na} | {nb} | {m} | {p:.3f} | {r:.3f} | {f1:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw held-out set N as it was drawn")
    d.add_argument("number", type=int, choices=sorted(DRAWN))
    d.add_argument("--out", type=Path, help="write the Wikinews texts here instead of the set's wikinews/")
    g = sub.add_parser("agree", help="agreement of annotation B with annotation A")
    g.add_argument("a")
    g.add_argument("b")
    g.add_argument("--diff", action="store_true", help="list the entities only one annotation has")
    args = ap.parse_args()
    if args.command == "draw":
        draw(args.number, args.out)
    else:
        agree(args.a, args.b, args.diff)


if __name__ == "__main__":
    main()
