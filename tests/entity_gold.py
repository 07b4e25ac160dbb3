"""Scoring the extractor against the hand-annotated gold set (shared by the test and bin/entity_eval.py)."""

from pathlib import Path

import yaml

from searchidx.config import DEFAULT_ENTITIES
from searchidx.enrich import Enricher, make_extractor
from searchidx.enrich.aliases import fold as _fold
from searchidx.enrich.aliases import load_registry
from searchidx.ingest.readers import read

GOLD_DIR = Path(__file__).parent / "fixtures" / "entities"
TYPES = ("person", "place", "org")


def fold(name: str) -> str:
    """Case, punctuation and a leading 'the' do not count: 'The Verge' == 'Verge', 'the Kremlin' == 'Kremlin'."""
    return _fold(name[4:] if name.lower().startswith("the ") else name)


REUTERS_GOLD = GOLD_DIR / "reuters_gold.yaml"
REUTERS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev" / "reuters"


def _gold_entities(items, registry=None, etype: str = "") -> list[tuple[str, set[str]]]:
    """(canonical, folded forms) per gold entity; items are names or {name: [aliases]}. With a registry,
    each form's registry name counts too: the guidelines name an entity the registry has by its name
    there ("Reagan" alone in an article is the registry's "Ronald Reagan")."""
    out = []
    for item in items or []:
        name, aliases = next(iter(item.items())) if isinstance(item, dict) else (item, [])
        forms = [name, *(aliases or [])]
        folded = {fold(f) for f in forms}
        if registry is not None:
            folded |= {fold(registry.canonical(f, etype)) for f in forms}
        out.append((name, folded))
    return out


def evaluate(extractor_name: str = "rules", gold_file: Path | None = None, articles: Path | None = None,
             strip_tags: bool = False):
    """Per-type precision and recall against a gold file. An extracted name is right when it is the
    gold entity's name or one of the aliases the article uses for it; each gold entity counts once.
    ``strip_tags``: the article's own entity header tags are dropped first (Reuters' hand tags)."""
    gold_file = gold_file or GOLD_DIR / "gold.yaml"
    articles = articles or GOLD_DIR / "articles"
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    registry = load_registry([DEFAULT_ENTITIES])
    enrich = Enricher(registry, make_extractor(extractor_name, registry))
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    errors = {"fp": [], "fn": []}
    for name, expected in gold.items():
        article = read(articles / name, name)[0]
        if strip_tags:
            article = article.with_changes(people=(), places=(), orgs=())
        article = enrich(article)
        for etype in TYPES:
            want = _gold_entities(expected.get(etype), registry, etype)
            got = list(dict.fromkeys(article.entities.get(etype, ())))
            matched: set[int] = set()
            for found in got:
                hit = next((i for i, (_, forms) in enumerate(want) if i not in matched and fold(found) in forms), None)
                if hit is None:
                    counts[etype]["fp"] += 1
                    errors["fp"].append((name, etype, found))
                else:
                    matched.add(hit)
                    counts[etype]["tp"] += 1
            for i, (canonical, _) in enumerate(want):
                if i not in matched:
                    counts[etype]["fn"] += 1
                    errors["fn"].append((name, etype, canonical))
    scores = {}
    for etype, c in counts.items():
        scores[etype] = {**c, "precision": c["tp"] / max(1, c["tp"] + c["fp"]),
                         "recall": c["tp"] / max(1, c["tp"] + c["fn"])}
    return scores, errors
