"""Enrichment: turn a read Article into an indexable one (canonical entities from headers and text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError, SearchidxError

if TYPE_CHECKING:  # searching imports .aliases, and with it this package: keep that import light
    from ..ingest.article import Article
    from .aliases import Registry
    from .entities import Extractor

_HEADER_TYPES = (("people", "person"), ("places", "place"), ("orgs", "org"))
EXTRACTORS = ("rules", "registry", "spacy")


def make_extractor(name: str, registry: Registry, model: str | None = None) -> Extractor:
    """The extractor chosen in settings (``entities: {extractor: rules|registry|spacy, model: NAME}``)."""
    if name == "rules":
        from .rules import RuleExtractor
        return RuleExtractor(registry)
    if name == "registry":
        from .entities import GazetteerExtractor
        return GazetteerExtractor(registry)
    if name == "spacy":
        from .spacy_ner import SpacyExtractor
        return SpacyExtractor(registry, model or "en_core_web_sm")
    raise ConfigError(f"entities.extractor must be one of {', '.join(EXTRACTORS)}, not {name!r}")


class Enricher:
    """Runs the enrichment steps in order: header entities through the registry, then extraction."""

    def __init__(self, registry: Registry, extractor: Extractor | None = None, extract: bool = True,
                 stories: bool = True):
        from .entities import GazetteerExtractor

        self.registry = registry
        self.extractor = extractor or GazetteerExtractor(registry)
        self.extract = extract
        self.stories = stories

    @staticmethod
    def _name_tags_in_full(people: list[str], found: list[tuple[str, str, str]], seen: set[tuple[str, str]],
                           rules: dict[str, str]) -> None:
        """A header tag that is a surname (Reuters' "aqazadeh") is the person the text names in full
        ("Gholamreza Aqazadeh"): one person, not two facet values."""
        from .aliases import fold

        full_names = {name.rsplit(None, 1)[-1]: name for etype, name, _ in found if etype == "person" and " " in name}
        for i, tag in enumerate(people):
            full = full_names.get(tag) if " " not in tag else None
            if full is not None and ("person", fold(full)) not in seen:
                people[i] = full
                seen.discard(("person", fold(tag)))
                seen.add(("person", fold(full)))
                rules[f"person:{full}"] = rules.pop(f"person:{tag}") + "; named in full in the text"

    def __call__(self, article: Article) -> Article:
        from .aliases import fold

        entities: dict[str, list[str]] = {"person": [], "place": [], "org": []}
        rules: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()  # names that fold alike are one entity: the first spelling stays

        def add(etype: str, name: str, rule: str) -> None:
            if name and (key := (etype, fold(name))) not in seen:
                seen.add(key)
                entities[etype].append(name)
                rules[f"{etype}:{name}"] = rule

        for attr, etype in _HEADER_TYPES:
            for value in getattr(article, attr):
                add(etype, self.registry.canonical(value, etype), f"header tag {value!r}")
        notes: list[str] = []
        if self.extract:
            from .furniture import story_text

            text = story_text(article.text)
            try:
                if hasattr(self.extractor, "extract_with_rules"):
                    found = [(f.type, f.name, f.rule) for f in self.extractor.extract_with_rules(article.title, text)]
                else:
                    found = [(t, n, "extractor") for t, names in self.extractor.extract(article.title, text).items()
                             for n in names]
            except SearchidxError:  # the settings' fault (a model not installed): it ends the run
                raise
            except Exception as e:  # an extractor's bug costs this article's names, not the article (nor its file)
                found = []
                label = f"record {article.record}: " if article.record is not None else ""
                notes.append(f"{label}names not extracted ({type(e).__name__} in the extractor: {e}); the article "
                             "is indexed with its header's names only")
            if any(" " not in tag for tag in entities["person"]):
                self._name_tags_in_full(entities["person"], found, seen, rules)
            for etype, name, rule in found:
                add(etype, name, rule)
        sig = None
        if self.stories:
            from .stories import signature
            sig = signature(article.text or article.title)
        if notes:
            article = article.with_changes(meta={**article.meta,
                                                 "_read_notes": [*article.meta.get("_read_notes", ()), *notes]})
        return article.with_changes(entities={k: tuple(v) for k, v in entities.items()}, entity_rules=rules,
                                    signature=sig)
