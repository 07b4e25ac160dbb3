"""Optional extractor backed by a spaCy model the user has installed (never downloaded here)."""

from __future__ import annotations

from ..errors import ConfigError
from .aliases import Registry

_LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org", "NORP": None}


class SpacyExtractor:
    """Named entities from a spaCy pipeline, mapped to person/place/org and canonicalised by the registry."""

    def __init__(self, registry: Registry, model: str):
        try:
            import spacy
        except ImportError:
            raise ConfigError("entities.extractor is 'spacy' but spaCy is not installed: "
                              "pip install spacy, then install a model package such as en_core_web_sm") from None
        try:
            self.nlp = spacy.load(model, disable=["lemmatizer", "textcat"])
        except OSError:
            raise ConfigError(f"spaCy model {model!r} is not installed: install its package "
                              f"(e.g. pip install {model}) or set entities.model to one you have") from None
        self.registry = registry

    def extract(self, title: str, text: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"person": [], "place": [], "org": []}
        for ent in self.nlp(f"{title}\n\n{text}" if title else text).ents:
            etype = _LABELS.get(ent.label_)
            if etype is None:
                continue
            name = self.registry.canonical(ent.text.strip().removesuffix("'s").removesuffix("\u2019s"), etype)
            if name and name not in out[etype]:
                out[etype].append(name)
        return out
