#!/usr/bin/env python3
"""Score the entity extractor against both hand-annotated gold sets; print per-type figures and errors.

Usage: .venv/bin/python bin/entity_eval.py [--errors] [--reuters DIR] [--heldout]
- Wikinews: tests/fixtures/entities/gold.yaml (41 articles, kept in the repo);
- Reuters 1987: tests/fixtures/entities/reuters_gold.yaml (44 articles; the texts are research-use only and
  read from ../shared/corpus-dev/reuters, or --reuters DIR; their own people:/places:/orgs: tags are dropped);
- --heldout: the held-out check sets instead (bench/entities-heldout: 20 Wikinews and 20 Reuters articles;
  bench/entities-heldout2 to -heldout6: 15 and 15 more each, annotated before the rules of the session
  that made it; see their READMEs).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from entity_gold import GOLD_DIR, REUTERS_DIR, REUTERS_GOLD, evaluate  # noqa: E402

BENCH = Path(__file__).resolve().parent.parent / "bench"
HELDOUT_SETS = ("entities-heldout", "entities-heldout2", "entities-heldout3", "entities-heldout4",
                "entities-heldout5", "entities-heldout6")


def report(title: str, scores: dict, errors: dict, show_errors: bool) -> None:
    print(title)
    for etype, s in scores.items():
        print(f"  {etype:<7} precision {s['precision']:.3f}  recall {s['recall']:.3f}"
              f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    if show_errors:
        for kind in ("fp", "fn"):
            print(f"  {kind}:")
            for article, etype, name in errors[kind]:
                print(f"    {article:<18} {etype:<6} {name}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list every false positive and miss")
    ap.add_argument("--reuters", type=Path, default=REUTERS_DIR, help="folder of the Reuters article files")
    ap.add_argument("--heldout", action="store_true",
                    help="score the held-out check sets (bench/entities-heldout to -heldout6)")
    args = ap.parse_args()
    if args.heldout:
        for name in HELDOUT_SETS:
            held = BENCH / name
            report(f"Held-out Wikinews (bench/{name}):",
                   *evaluate(gold_file=held / "wikinews.yaml", articles=held / "wikinews"), args.errors)
            report(f"Held-out Reuters (bench/{name}, texts from {args.reuters}):",
                   *evaluate(gold_file=held / "reuters.yaml", articles=args.reuters, strip_tags=True), args.errors)
        sys.exit(0)
    report(f"Wikinews gold set ({GOLD_DIR / 'gold.yaml'}):", *evaluate(), args.errors)
    if args.reuters.is_dir():
        report(f"Reuters 1987 gold set ({REUTERS_GOLD.name}, texts from {args.reuters}):",
               *evaluate(gold_file=REUTERS_GOLD, articles=args.reuters, strip_tags=True), args.errors)
    else:
        print(f"Reuters gold set skipped: {args.reuters} not found (pass --reuters DIR)")
