#!/usr/bin/env python3
"""Score the entity extractor against tests/fixtures/entities/gold.yaml; print per-type figures and errors.

Usage: .venv/bin/python bin/entity_eval.py [--errors]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from entity_gold import evaluate  # noqa: E402

if __name__ == "__main__":
    scores, errors = evaluate()
    for etype, s in scores.items():
        print(f"{etype:<7} precision {s['precision']:.3f}  recall {s['recall']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    if "--errors" in sys.argv:
        for kind in ("fp", "fn"):
            print(f"\n{kind}:")
            for article, etype, name in errors[kind]:
                print(f"  {article:<10} {etype:<6} {name}")
