"""The cluster index's settings and mappings, derived from the local analysis and schema.

The analyzers follow ``index/analysis.py`` step for step: words as ``TOKEN_PATTERN`` finds them,
lowercased and folded by the local table (``index/folding.py``, as a mapping char filter), the dots of
initials dropped ("U.S." is "us"), a possessive dropped, UK spellings mapped to their US twins (the
same table), the same stop words, then Porter stemming
(Lucene's ``porter_stem`` is the same algorithm as Whoosh's) but for the same few overrides
(``STEM_OVERRIDES``). ``news_exact`` stops before stemming, as the local exact words do, and quoted
phrases match there. Entity, source, language and kind values are
keywords; ``<field>.folded`` holds them through a normalizer that folds as ``enrich.aliases.fold`` does,
so filters match any case or accent while facets show the names as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..index import schema as S
from ..index.analysis import SPELLING_VARIANTS, STEM_OVERRIDES, STOP_WORDS_NEWS, TOKEN_PATTERN, fold_letters
from ..index.folding import fold_mappings

FOLDED = "folded"  # the sub-field of a keyword that filters match against
EXACT = "exact"  # the sub-field of title and body that quoted phrases match against
KEYWORD_FIELDS = (S.PERSON, S.PLACE, S.ORG, S.SOURCE)  # keyword + folded sub-field
FOLDED_FIELDS = (S.LANG, S.KIND)  # short codes: folded in place
# bump when the mappings change: an index of another version is rebuilt. 4: letters joined by "&" one
# word (AT&T), "&" in a name folds as "and"; 3: "may" and "will" kept; 2: initials one word, "us" kept;
# 5: "use", "used", "using" ... stemmed to "use", not "us" (STEM_OVERRIDES); 6: letters fold by the local
# table (news_fold: "ß" is "ss", "æ" "ae", "ά" "α", "ё" "е", "й" kept; Arabic vowel marks and Hebrew points
# dropped), no longer by asciifolding
TEMPLATE_VERSION = 6


@lru_cache(maxsize=1)
def _fold_rules() -> tuple[str, ...]:
    """The mapping char filter's rules: every character the local fold changes (index/folding.py)."""
    return tuple(f"{source} => {target}" for source, target in fold_mappings(fold_letters))


def analysis() -> dict[str, Any]:
    """The ``analysis`` settings: tokenizer, filters, the three analyzers and the folding normalizer."""
    char_filters = ["news_fold"]
    word_filters = ["lowercase", "news_initials", "news_possessive", "news_spelling"]
    return {
        "char_filter": {
            # folds before the words are found, as the local analyzer folds each word it finds: the same
            # words, since a letter folds to letters, a mark of an accent to nothing ("’" to "'", as before)
            "news_fold": {"type": "mapping", "mappings": list(_fold_rules())},
        },
        "tokenizer": {
            # group 0: each match is a token; Java's \w is ASCII-only unless told otherwise
            "news_words": {"type": "pattern", "pattern": TOKEN_PATTERN, "group": 0,
                           "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "filter": {
            # the tokenizer keeps a dot only inside initials
            "news_initials": {"type": "pattern_replace", "pattern": "\\.", "replacement": ""},
            "news_possessive": {"type": "pattern_replace", "pattern": "(?:'s|(?<=s)')$", "replacement": ""},
            "news_spelling": {"type": "synonym",
                              "synonyms": [f"{uk} => {us}" for uk, us in sorted(SPELLING_VARIANTS.items())]},
            "news_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS_NEWS)},
            # (marks its words as keywords, which porter_stem then leaves as they are)
            "news_stem_overrides": {"type": "stemmer_override",
                                    "rules": [f"{word} => {stem}" for word, stem in sorted(STEM_OVERRIDES.items())]},
            "fold_possessive": {"type": "pattern_replace", "pattern": "'s$", "replacement": ""},
            "fold_ampersand": {"type": "pattern_replace", "pattern": "&", "replacement": "and"},
            "fold_joiners": {"type": "pattern_replace", "pattern": "[.\\-_,\\s]+", "replacement": ""},
        },
        "analyzer": {
            "news": {"type": "custom", "char_filter": char_filters, "tokenizer": "news_words",
                     "filter": [*word_filters, "news_stop", "news_stem_overrides", "porter_stem"]},
            "news_exact": {"type": "custom", "char_filter": char_filters, "tokenizer": "news_words",
                           "filter": [*word_filters, "news_stop"]},
            "news_plain": {"type": "custom", "char_filter": char_filters, "tokenizer": "news_words",
                           "filter": word_filters},
        },
        "normalizer": {
            "fold": {"type": "custom", "char_filter": char_filters,
                     "filter": ["lowercase", "fold_possessive", "fold_ampersand", "fold_joiners"]},
        },
    }


def _keyword(**extra: Any) -> dict[str, Any]:
    return {"type": "keyword", **extra}


def mappings() -> dict[str, Any]:
    """Field mappings: one entry per schema field an article document carries."""
    text = {"type": "text", "analyzer": "news", "fields": {EXACT: {"type": "text", "analyzer": "news_exact"}}}
    props: dict[str, Any] = {
        S.ID_FIELD: _keyword(),
        S.FILE: _keyword(),
        S.STAMP: _keyword(),
        S.HASH: _keyword(index=False, doc_values=False),
        S.PATH: _keyword(index=False),
        S.RECORD: {"type": "integer", "index": False},
        S.TITLE: text,
        S.BODY: text,
        S.AUTHOR: {"type": "text", "analyzer": "news_plain"},
        S.URL: _keyword(),
        # the moment, to the millisecond; date_precision says how much of it the article gave
        S.DATE: {"type": "date", "format": "strict_date_optional_time||epoch_millis"},
        S.PRECISION: _keyword(),
        S.YEAR: _keyword(),
        S.MONTH: _keyword(),
        S.STORY: _keyword(),
        S.BANDS: _keyword(),
        S.SIGNATURE: {"type": "binary"},
        S.META: {"type": "object", "enabled": False},
        S.ENTITY_RULES: {"type": "object", "enabled": False},
        S.TAGS: {"type": "object", "enabled": False},
    }
    for name in KEYWORD_FIELDS:
        props[name] = _keyword(fields={FOLDED: _keyword(normalizer="fold")})
    for name in FOLDED_FIELDS:
        props[name] = _keyword(normalizer="fold")
    return {
        "dynamic": True,
        "_meta": {"searchidx_template": TEMPLATE_VERSION, "title_boost": S.TITLE_BOOST},
        # unknown header keys become searchable as meta_<key>, as in the local index
        "dynamic_templates": [{"meta_fields": {"match": S.META_PREFIX + "*", "match_mapping_type": "string",
                                               "mapping": {"type": "text", "analyzer": "news_plain"}}}],
        "properties": props,
    }


def index_body(shards: int = 1, replicas: int = 1) -> dict[str, Any]:
    """The body of ``PUT /<index>``: settings (shards, replicas, analysis) and mappings."""
    return {"settings": {"index": {"number_of_shards": shards, "number_of_replicas": replicas},
                         "analysis": analysis()},
            "mappings": mappings()}


def index_template(pattern: str, shards: int = 1, replicas: int = 1) -> dict[str, Any]:
    """The body of ``PUT _index_template/<name>``: the same settings and mappings for every index
    matching ``pattern`` (an export's users create their index through it)."""
    return {"index_patterns": [pattern], "template": index_body(shards, replicas),
            "_meta": {"description": "searchidx articles", "searchidx_template": TEMPLATE_VERSION}}
