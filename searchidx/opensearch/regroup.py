"""Stories an update touched, grouped again in the cluster as a clean build would group them (the
rule of ``index/regroup.py``): the members of each touched story in walk order, each matched only
against the articles before it (its own file's earlier records too); those whose story id changes get it
with a partial update."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from ..config import Settings
from ..index import schema as S
from ..ingest.discover import walk_order
from .client import Cluster
from .documents import parse_date, signature_of

PAGE = 1_000
CANDIDATES = 50  # band neighbours read per member; the earlier ones are kept from them
FIELDS = [S.ID_FIELD, S.FILE, S.PATH, S.RECORD, S.STORY, S.SIGNATURE, S.DATE]


def _matching(cluster: Cluster, query: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ``_source`` (FIELDS only) of every document matching ``query``, page by page."""
    after = None
    while True:
        body: dict[str, Any] = {"query": query, "size": PAGE, "sort": [{S.ID_FIELD: {"order": "asc"}}],
                                "_source": FIELDS}
        if after is not None:
            body["search_after"] = after
        hits = cluster.call("regrouping", cluster.client.search, index=cluster.index, body=body)["hits"]["hits"]
        for h in hits:
            yield h["_source"]
        if len(hits) < PAGE:
            return
        after = hits[-1]["sort"]


def stories_of_files(cluster: Cluster, files: Iterable[str]) -> set[str]:
    """The stories of the indexed articles of ``files``."""
    keys = sorted(files)
    found: set[str] = set()
    for start in range(0, len(keys), PAGE):
        query = {"bool": {"filter": [{"terms": {S.FILE: keys[start:start + PAGE]}}]}}
        found.update(s.get(S.STORY) or s[S.ID_FIELD] for s in _matching(cluster, query))
    return found


def _order(source: dict[str, Any]) -> tuple:
    # the walk order of the full path, as a run reads its files whatever roots it is given
    return walk_order(source.get(S.FILE) or ""), source.get(S.RECORD) or 0


def new_story_ids(cluster: Cluster, touched: set[str], settings: Settings) -> dict[str, str]:
    """article id -> the story id a clean build would give it, for members of ``touched`` whose id changes."""
    from ..enrich.stories import bands, similarity

    members: list[dict[str, Any]] = []
    stories = sorted(touched)
    for start in range(0, len(stories), PAGE):
        members += _matching(cluster, {"bool": {"filter": [{"terms": {S.STORY: stories[start:start + PAGE]}}]}})
    members.sort(key=_order)
    window = timedelta(days=settings.story_window_days)
    regrouped: dict[str, str] = {}
    for member in members:
        label = member[S.ID_FIELD]
        signature = signature_of(member)
        if signature:
            should = [{"constant_score": {"filter": {"term": {S.BANDS: band}}}} for band in bands(signature)]
            body = {"query": {"bool": {"should": should, "minimum_should_match": 1}}, "size": CANDIDATES,
                    "sort": [{"_score": {"order": "desc"}}, {S.ID_FIELD: {"order": "asc"}}], "_source": FIELDS}
            hits = cluster.call("regrouping", cluster.client.search, index=cluster.index, body=body)["hits"]["hits"]
            mine, when = _order(member), parse_date(member.get(S.DATE))
            best = None
            for other in (h["_source"] for h in hits):
                other_signature = signature_of(other)
                if other[S.ID_FIELD] == member[S.ID_FIELD] or not other_signature or not _order(other) < mine:
                    continue
                sim = similarity(signature, other_signature)
                theirs = parse_date(other.get(S.DATE))
                close = when is None or theirs is None or abs(when - theirs) <= window
                if sim >= settings.story_threshold and close and (best is None or sim > best[0]):
                    best = (sim, regrouped.get(other[S.ID_FIELD], other.get(S.STORY) or other[S.ID_FIELD]))
            if best is not None:
                label = best[1]
        regrouped[member[S.ID_FIELD]] = label
    return {m[S.ID_FIELD]: regrouped[m[S.ID_FIELD]] for m in members
            if regrouped[m[S.ID_FIELD]] != (m.get(S.STORY) or m[S.ID_FIELD])}
