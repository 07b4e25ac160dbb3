"""Scoring the extractor against the hand-annotated gold set (shared by the test and bin/entity_eval.py)."""

from pathlib import Path

import yaml

from searchidx.config import DEFAULT_ENTITIES
from searchidx.enrich import Enricher, make_extractor
from searchidx.enrich.aliases import fold as _fold, load_registry
from searchidx.ingest.readers import read

GOLD_DIR = Path(__file__).parent / "fixtures" / "entities"
TYPES = ("person", "place", "org")


def fold(name: str) -> str:
    """Case, punctuation and a leading 'the' do not count: 'The Verge' == 'Verge', 'the Kremlin' == 'Kremlin'."""
    return _fold(name[4:] if name.lower().startswith("the ") else name)


def evaluate(extractor_name: str = "rules"):
    gold = yaml.safe_load((GOLD_DIR / "gold.yaml").read_text(encoding="utf-8"))
    registry = load_registry([DEFAULT_ENTITIES])
    enrich = Enricher(registry, make_extractor(extractor_name, registry))
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    errors = {"fp": [], "fn": []}
    for name, expected in gold.items():
        article = enrich(read(GOLD_DIR / "articles" / name, name)[0])
        for etype in TYPES:
            want = {fold(n): n for n in expected.get(etype) or []}
            got = {fold(n): n for n in article.entities.get(etype, ())}
            counts[etype]["tp"] += len(want.keys() & got.keys())
            counts[etype]["fp"] += len(got.keys() - want.keys())
            counts[etype]["fn"] += len(want.keys() - got.keys())
            errors["fp"] += [(name, etype, got[k]) for k in sorted(got.keys() - want.keys())]
            errors["fn"] += [(name, etype, want[k]) for k in sorted(want.keys() - got.keys())]
    scores = {}
    for etype, c in counts.items():
        scores[etype] = {**c, "precision": c["tp"] / max(1, c["tp"] + c["fp"]), "recall": c["tp"] / max(1, c["tp"] + c["fn"])}
    return scores, errors
