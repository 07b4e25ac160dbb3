#!/usr/bin/env python3
"""Inter-annotator agreement of two annotations in the held-out yaml shape: per type, the entities of B matched to
A's (one to one, when their forms share a folded form or a registry name), P/R/F1 of B against A.

Usage: .venv/bin/python bench/entities-heldout4/agree.py A.yaml B.yaml [--diff]"""

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from entity_gold import TYPES, _gold_entities  # noqa: E402

from searchidx.config import DEFAULT_ENTITIES  # noqa: E402
from searchidx.enrich.aliases import load_registry  # noqa: E402


def main(a_file: str, b_file: str, show: bool) -> None:
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


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--diff" in sys.argv)
