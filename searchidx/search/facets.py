"""Facet counts as users read them: one entry per folded name, counted by article or by story."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..dates import facet_label
from ..enrich.aliases import fold
from ..index import schema as S
from .results import FacetCount

if TYPE_CHECKING:
    from whoosh.columns import ColumnReader
    from whoosh.searching import Results as WhooshResults


def one_per_folded_name(groups: dict, key: Callable[[str], str] = fold) -> dict:
    """Facet groups whose names fold to the same form ("Erdoğan", "Erdogan", "ERDOGAN") as one entity,
    shown under its most frequent spelling; counts are added, document lists joined. (``key``: ``fold``,
    or a cached one.)"""
    by_key: dict[str, list] = {}
    for value, group in groups.items():
        name = value.decode("utf-8") if isinstance(value, bytes) else value
        if name in (None, ""):
            continue
        by_key.setdefault(key(name), []).append((name, group))
    merged = {}
    for variants in by_key.values():
        if len(variants) == 1:
            merged[variants[0][0]] = variants[0][1]
            continue
        size = (lambda g: g) if isinstance(variants[0][1], int) else len
        best = min(variants, key=lambda ng: (-size(ng[1]), ng[0]))[0]
        if isinstance(variants[0][1], int):
            merged[best] = sum(g for _, g in variants)
        else:
            merged[best] = [d for _, g in variants for d in g]
    return merged


def facet_counts(results: WhooshResults, names: Sequence[str], limit: int,
                 story_of: ColumnReader | None = None) -> dict[str, list[FacetCount]]:
    """The top ``limit`` values of each facet in ``names`` over every match of Whoosh ``results``
    (grouped when searched), most frequent first (periods in time order); with ``story_of`` (a docnum
    -> story id column) each value counts stories, not articles."""
    facets: dict[str, list[FacetCount]] = {}
    for name in names:
        groups = results.groups(name)
        if name in S.FOLDED_FACETS:  # (a source too: --source wire finds "Wire", "WIRE" and "wire")
            groups = one_per_folded_name(groups)
        if story_of is not None:
            counts = {v: len({story_of[d] for d in docs}) for v, docs in groups.items()}
        else:
            counts = groups
        facets[name] = facet_list(name, {(v.decode("utf-8") if isinstance(v, bytes) else v): c
                                         for v, c in counts.items()}, limit)
    return facets


def facet_list(name: str, counts: dict, limit: int) -> list[FacetCount]:
    """The ``limit`` most frequent values of a facet (value -> count), periods then put in time order."""
    ordered = sorted(((v, c) for v, c in counts.items() if v not in (None, "")), key=lambda vc: (-vc[1], str(vc[0])))
    ordered = ordered[:limit]
    if name in (S.YEAR, S.MONTH):  # four-digit years, as timelines and year: take them (the index holds "998")
        ordered = sorted((facet_label(str(v)), c) for v, c in ordered)  # periods read best in time order
    return [FacetCount(str(v), int(c)) for v, c in ordered]
