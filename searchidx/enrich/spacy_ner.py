"""Optional extractor backed by a spaCy model the user has installed (never downloaded here)."""

from __future__ import annotations

from ..errors import ConfigError
from .aliases import Registry

_LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org", "NORP": None}


NO_SPACY = ("entities.extractor is 'spacy' but spaCy is not installed: pip install spacy, then install a model "
            "package such as en_core_web_sm")


def _no_model(model: str) -> str:
    return (f"spaCy model {model!r} is not installed: install its package (e.g. pip install {model}) or set "
            f"entities.model to one you have")


def check_installed(model: str) -> None:
    """ConfigError before an index run writes anything when spaCy or the model's package is missing (a
    model given as a folder is checked when it is loaded). Cheap: nothing is imported."""
    import importlib.util
    import os

    if importlib.util.find_spec("spacy") is None:
        raise ConfigError(NO_SPACY)
    if not os.path.exists(model) and "/" not in model and importlib.util.find_spec(model) is None:
        raise ConfigError(_no_model(model))


class SpacyExtractor:
    """Named entities from a spaCy pipeline, mapped to person/place/org and canonicalised by the registry."""

    def __init__(self, registry: Registry, model: str):
        try:
            import spacy
        except ImportError:
            raise ConfigError(NO_SPACY) from None
        try:
            self.nlp = spacy.load(model, disable=["lemmatizer", "textcat"])
        except OSError:
            raise ConfigError(_no_model(model)) from None
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
