"""Enrichment: turn a read Article into an indexable one (canonical entities from headers and text)."""

from __future__ import annotations

from ..ingest.article import Article
from .aliases import Registry
from .entities import Extractor, GazetteerExtractor

_HEADER_TYPES = (("people", "person"), ("places", "place"), ("orgs", "org"))


class Enricher:
    """Runs the enrichment steps in order: header entities through the registry, then extraction."""

    def __init__(self, registry: Registry, extractor: Extractor | None = None, extract: bool = True):
        self.registry = registry
        self.extractor = extractor or GazetteerExtractor(registry)
        self.extract = extract

    def __call__(self, article: Article) -> Article:
        entities: dict[str, list[str]] = {"person": [], "place": [], "org": []}
        for attr, etype in _HEADER_TYPES:
            for value in getattr(article, attr):
                name = self.registry.canonical(value, etype)
                if name and name not in entities[etype]:
                    entities[etype].append(name)
        if self.extract:
            found = self.extractor.extract(article.title, article.text)
            for etype, names in found.items():
                for name in names:
                    if name not in entities[etype]:
                        entities[etype].append(name)
        return article.with_changes(entities={k: tuple(v) for k, v in entities.items()})
