"""The cluster engine: the ``engine.Engine`` promises kept with an OpenSearch or Elasticsearch index.

Queries are compiled by ``dsl.py``, articles written by ``ingest.py``; the responses become the same
result dataclasses the Whoosh engine returns, through the same helpers (facet lists, story diffs,
timeline spans, stored-field records).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import dates
from ..config import Settings
from ..enrich.aliases import Registry, fold
from ..errors import QuerySyntaxError, SearchidxError, add_note
from ..index import schema as S
from ..search.facets import facet_list
from ..search.query import Query
from ..search.recency import decayed
from ..search.results import ArticleRecord, Hit, RefreshReport, Results, Stats, Story, Timeline, UpdateReport
from ..search.semantics import HALF_LIFE_DAYS, RELAX_BELOW, RESCORE_WINDOW, unknown_value, widened
from ..search.snippets import clipped, split_marks
from ..search.stored import date_text, record_from_stored, span_date, why_matched
from ..search.stories import earliest_first, story_from_copies
from ..search.timeline import span
from .client import Cluster
from .documents import as_stored, parse_date, signature_of
from .dsl import (
    MAX_FACET_VALUES,
    MAX_WINDOW,
    SPELLINGS,
    CompiledDsl,
    compile_dsl,
    timeline_body,
    timeline_periods,
)
from .template import EXACT, FOLDED, TEMPLATE_VERSION, index_body

if TYPE_CHECKING:
    from ..analytics.results import EntityCounts
    from ..index.check import CheckReport
    from ..index.documents import Indexed

WALK_CHUNK = 5_000  # hits per request when every match is listed (match_ids, deep pages)
MAX_STORY_COPIES = 1_000  # copies read to show one story
MAX_SPELLINGS = 100  # values read beside a name whose spellings were each too rare to be among a facet's
STORIES_PAGE = 10_000  # stories per composite-aggregation page when an exclusion leaves stories out whole
MAX_TERMS = 65_536  # a terms query's values at most (the cluster's index.max_terms_count default)
SPELLINGS_ASKED = 100  # such names a request (at most 100 x 101 buckets, under search.max_buckets)


def _without_stories(compiled: CompiledDsl, stories: list[str]) -> CompiledDsl:
    """``compiled`` leaving out every copy of ``stories``."""
    def leave_out(q: dict[str, Any]) -> dict[str, Any]:
        return {"bool": {"must": [q], "must_not": [{"terms": {S.STORY: stories}}]}}

    return replace(compiled, query=leave_out(compiled.query),
                   relaxed=leave_out(compiled.relaxed) if compiled.relaxed is not None else None)


def _narrowed(compiled: CompiledDsl, extra: dict[str, Any]) -> CompiledDsl:
    def narrow(q: dict[str, Any]) -> dict[str, Any]:
        return {"bool": {"must": [q], "filter": [extra]}}

    return replace(compiled, query=narrow(compiled.query),
                   relaxed=narrow(compiled.relaxed) if compiled.relaxed is not None else None)


class OpenSearchEngine:
    """An index in a cluster (see ``engine.Engine`` for what each method promises)."""

    def __init__(self, settings: Settings, registry: Callable[[], Registry], cluster: Cluster | None = None):
        self.settings = settings
        self._registry = registry
        self._cluster = cluster  # connected on first use: building an Index must not touch the network
        self.index = settings.opensearch_index
        self._meta_fields: frozenset[str] | None = None

    @property
    def cluster(self) -> Cluster:
        if self._cluster is None:
            self._cluster = Cluster(self.settings)
        return self._cluster

    def _search(self, body: dict[str, Any], what: str = "search") -> dict[str, Any]:
        return self.cluster.call(what, self.cluster.client.search, index=self.index, body=body)

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.client.close()
            self._cluster = None

    def require(self) -> Cluster:
        """The cluster, once it has answered that the index exists; IndexNotFound otherwise."""
        cluster = self.cluster
        if not cluster.call("index check", cluster.client.indices.exists, index=self.index):
            from ..errors import IndexNotFound

            raise IndexNotFound(f"no index {self.index!r} at {cluster.url}: run 'searchidx index --backend "
                                "opensearch CORPUS' to create it")
        return cluster

    def create(self, rebuild: bool = False) -> None:
        """Create the index from the template (after deleting it, with ``rebuild``)."""
        cluster = self.cluster
        indices = cluster.client.indices
        if rebuild and cluster.call("index check", indices.exists, index=self.index):
            cluster.call("delete index", indices.delete, index=self.index)
        created = False
        if not cluster.call("index check", indices.exists, index=self.index):
            body = index_body(self.settings.opensearch_shards, self.settings.opensearch_replicas)
            try:
                cluster.call("create index", indices.create, index=self.index, body=body)
                created = True
            except SearchidxError:  # another run, started beside this one, created it first: write into it
                if not cluster.call("index check", indices.exists, index=self.index):
                    raise
        if not created:  # written into only if its template is this one
            self._meta_fields = None
            self.meta_fields()

    # --- writing ---------------------------------------------------------------------------------------
    def update(self, paths: Sequence[str | Path], rebuild: bool = False, jobs: int = 1,
               progress: Callable[[int, int], None] | None = None, wait: float = 0.0,
               allow_empty: bool = False) -> UpdateReport:
        from ..ingest.signals import terminate_as_interrupt
        from .ingest import update_cluster

        self.create(rebuild)
        self._meta_fields = None
        try:
            with terminate_as_interrupt():  # SIGTERM stops as Ctrl-C does, with this line, not on the spot
                return update_cluster(self.cluster, paths, self.settings, jobs, progress, allow_empty)
        except KeyboardInterrupt as e:  # Ctrl-C or SIGTERM: the index command prints this line
            add_note(e, f"searchidx: indexing stopped; what was written to the index {self.index!r} at "
                        f"{self.cluster.url} stays searchable, and the next run reads the rest; run the same "
                        "command again to finish")
            raise

    def refresh_entities(self, progress: Callable[[int, int], None] | None = None,
                         wait: float = 0.0) -> RefreshReport:
        from .ingest import refresh_cluster_entities

        return refresh_cluster_entities(self.require(), self.settings, progress)

    # --- reading ---------------------------------------------------------------------------------------
    def meta_fields(self) -> frozenset[str]:
        """The ``meta_*`` fields the index holds (from its mapping, read once, its template version checked)."""
        if self._meta_fields is None:
            mapping = self.cluster.call("mapping", self.cluster.client.indices.get_mapping, index=self.index)
            props: dict[str, Any] = {}
            for index_mapping in mapping.values():
                self._check_template(index_mapping.get("mappings", {}).get("_meta", {}))
                props.update(index_mapping.get("mappings", {}).get("properties", {}))
            self._meta_fields = frozenset(f for f in props if f.startswith(S.META_PREFIX))
        return self._meta_fields

    def _check_template(self, meta: dict[str, Any]) -> None:
        """An index made from another version of the template analyses words otherwise than the queries
        compiled for this one (their span and wildcard terms, the folded names): refused, as the local
        engine refuses an index of another format, with the command that rebuilds it."""
        version = meta.get("searchidx_template")
        if version != TEMPLATE_VERSION:
            from ..errors import IndexVersionError

            raise IndexVersionError(
                f"index {self.index!r} at {self.cluster.url}: template version {version or 'unknown'} is not the "
                f"one this searchidx writes and reads ({TEMPLATE_VERSION}); rebuild it with: searchidx index "
                "--backend opensearch --rebuild CORPUS")

    def compile(self, query: Query, now: datetime | None = None, widen: bool = True) -> CompiledDsl:
        """The query as DSL; two plain words are counted first (``_count``) and searched as either word
        when fewer than RELAX_BELOW articles hold both, as the local engine does (``widen=False``: not yet)."""
        if query.feedback:
            raise SearchidxError("feedback is not available with backend opensearch yet; search a local index of "
                                 "the corpus for it")
        cached = self._meta_fields is not None
        try:
            compiled = compile_dsl(query, self._registry(), now, self.meta_fields())
        except QuerySyntaxError as e:
            # a field the mapping read earlier did not hold: another run may have added it since (a header key
            # its files have, mapped as meta_<key> on arrival); read the mapping again before saying so
            if not cached or "unknown field" not in str(e):
                raise
            self._meta_fields = None
            compiled = compile_dsl(query, self._registry(), now, self.meta_fields())
        if compiled.checked:
            compiled = replace(compiled, warnings=(*compiled.warnings, *self._unknown_values(compiled.checked)))
        if compiled.story_masks:
            stories = self._stories_of(compiled.story_masks)
            if stories:
                compiled = _without_stories(compiled, stories)
        return self._widened(compiled) if widen else compiled

    def _stories_of(self, masks: tuple[dict[str, Any], ...]) -> list[str]:
        """The stories with a copy that any of ``masks`` matches, paged through a composite aggregation."""
        stories: list[str] = []
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": STORIES_PAGE, "sources": [{"story": {"terms": {"field": S.STORY}}}]}
            if after is not None:
                composite["after"] = after
            body = {"size": 0, "query": {"bool": {"should": list(masks), "minimum_should_match": 1}},
                    "aggs": {"stories": {"composite": composite}}}
            found = self._search(body, "excluded stories")["aggregations"]["stories"]
            stories.extend(str(b["key"]["story"]) for b in found["buckets"])
            if len(stories) > MAX_TERMS:
                raise SearchidxError(f"the exclusions leave out over {MAX_TERMS:,} stories, more than the cluster "
                                     "can leave out in one search; list articles (without --collapse story and "
                                     "--count stories), or narrow what is excluded")
            after = found.get("after_key")
            if not found["buckets"] or after is None:
                return stories

    def _unknown_values(self, checked: tuple[tuple[str, str, str], ...]) -> list[str]:
        """Warnings for the sources and languages filtered on that no article has, worded as locally (the
        nearest spellings, else the values there are): one request for the values the index holds."""
        fields = sorted({fieldname for fieldname, _, _ in checked})
        body = {"size": 0, "aggs": {f: {"terms": {"field": f, "size": MAX_FACET_VALUES}} for f in fields}}
        aggs = self._search(body, "values").get("aggregations", {})
        lexicons: dict[str, dict[str, list[str]]] = {f: {} for f in fields}
        for f in fields:
            for bucket in aggs.get(f, {}).get("buckets", []):
                lexicons[f].setdefault(fold(str(bucket["key"])), []).append(str(bucket["key"]))
        return [unknown_value(f, typed, meant, lexicons[f]) for f, typed, meant in checked
                if fold(meant) not in lexicons[f]]

    def _widened(self, compiled: CompiledDsl) -> CompiledDsl:
        if compiled.relaxed is None:
            return compiled
        both = self.cluster.call("count", self.cluster.client.count, index=self.index, body={"query": compiled.both})
        note = widened(int(both["count"]))
        if note is None:
            return replace(compiled, relaxed=None)
        return replace(compiled, query=compiled.relaxed, relaxed=None, warnings=(*compiled.warnings, note),
                       unfiltered=compiled.unfiltered_relaxed, unfiltered_relaxed=None)

    def search(self, query: Query, now: datetime | None = None, explain: bool = False,
               restrict_ids: set[str] | None = None, with_text: bool = False, like: str | None = None,
               include_copies: bool = False) -> Results:
        compiled = self.compile(query, now, widen=False)
        if like is not None:  # the query's words narrow as searched: widened first if few hold both
            compiled = self._like(self._widened(compiled), query, like, include_copies)
        if restrict_ids is not None:
            compiled = _narrowed(compiled, {"terms": {S.ID_FIELD: sorted(restrict_ids)}})
        compiled = self._widened(compiled)
        limit, chars = query.limit, self.settings.snippet_chars
        start = (query.page - 1) * limit
        # the best RESCORE_WINDOW hits are re-ranked by age, as locally: a page among them reads them all
        recency = compiled.recency and like is None and start < RESCORE_WINDOW
        if recency:
            body = compiled.body(max(start + limit, RESCORE_WINDOW), 1, chars, with_text=with_text)
        elif start + limit <= MAX_WINDOW:
            body = compiled.body(limit, query.page, chars, with_text=with_text)
        else:
            if compiled.collapse:
                raise SearchidxError(f"pages past the first {MAX_WINDOW:,} hits cannot be collapsed into stories; "
                                     "narrow the search (a filter, a date range)")
            after = self._sort_values_before(compiled, start)
            # no match that far: the request still counts the matches and their facets
            body = (compiled.body(limit, snippet_chars=chars, search_after=after, with_text=with_text)
                    if after is not None else compiled.body(0))
        response = self._search(body)
        per_story = query.per_story
        aggs = response.get("aggregations", {})
        raw_hits = response["hits"]["hits"]
        if recency:
            raw_hits = _window_first(raw_hits, self._reranked_window(compiled, raw_hits))[start:start + limit]
        summaries = self._story_summaries([h["_source"].get(S.STORY) or h["_source"][S.ID_FIELD] for h in raw_hits]) \
            if query.collapse else {}
        hits = [self._hit(h, compiled, explain, with_text, summaries) for h in raw_hits]
        total = aggs["stories"]["value"] if per_story else response["hits"]["total"]["value"]
        return Results(query=query.q, total=int(total), page=query.page, limit=limit, hits=hits,
                       facets=self._facets(compiled.query, aggs, query.facets, query.facet_limit, per_story),
                       explain=_explained(compiled, body) if explain else None,
                       counted="stories" if per_story else "articles", warnings=list(compiled.warnings),
                       articles=int(response["hits"]["total"]["value"]) if per_story and not query.collapse else None,
                       stories=int(aggs["stories"]["value"]) if query.collapse and not per_story else None)

    def _hit(self, h: dict[str, Any], compiled: CompiledDsl, explain: bool, with_text: bool,
             summaries: dict[str, dict]) -> Hit:
        stored = as_stored(h["_source"])
        marks = h.get("highlight", {})
        pieces = marks.get(f"{S.BODY}.{EXACT}") or marks.get(S.BODY) or []
        snippet, highlights = clipped(*split_marks(" … ".join(pieces)), self.settings.snippet_chars)
        title = stored.get(S.TITLE, "")
        in_title = marks.get(f"{S.TITLE}.{EXACT}") or marks.get(S.TITLE) or []
        marked_title, title_highlights = split_marks(in_title[0]) if in_title else (title, [])
        if marked_title != title:  # offsets into another text than the title shown would mark the wrong words
            title_highlights = []
        story = stored.get(S.STORY) or stored[S.ID_FIELD]
        return Hit(id=stored[S.ID_FIELD], score=None if compiled.by_date else round(float(h.get("_score") or 0.0), 4),
                   title=title, date=date_text(stored), source=stored.get(S.SOURCE, ""),
                   path=stored.get(S.PATH, ""), snippet=snippet, highlights=highlights, record=stored.get(S.RECORD),
                   title_highlights=title_highlights,
                   text=stored.get(S.BODY, "") if with_text else None, entities=S.stored_entities(stored),
                   author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""),
                   why=why_matched(stored, compiled.entity_values) if explain else None,
                   story=summaries.get(story) if compiled.collapse else None)

    def _story_summaries(self, stories: list[str]) -> dict[str, dict]:
        """Each story's copies (all of them, matching or not), sources and first date: one request."""
        if not stories:
            return {}
        body = {"size": 0, "query": {"terms": {S.STORY: sorted(set(stories))}},
                "aggs": {"stories": {"terms": {"field": S.STORY, "size": len(set(stories))}, "aggs": {
                    "sources": {"terms": {"field": S.SOURCE, "size": 100}},
                    "first": {"top_hits": {"size": 1, "sort": [{S.DATE: {"order": "asc", "missing": "_last"}}],
                                           "_source": [S.DATE, S.PRECISION]}}}}}}
        out = {}
        for bucket in self._search(body, "story summaries")["aggregations"]["stories"]["buckets"]:
            first = bucket["first"]["hits"]["hits"]
            out[bucket["key"]] = {"id": bucket["key"], "copies": bucket["doc_count"],
                                  "sources": sorted(b["key"] for b in bucket["sources"]["buckets"]),
                                  "first_seen": date_text(as_stored(first[0]["_source"])) if first else None}
        return out

    def _walk(self, compiled: CompiledDsl, stop_after: int | None = None) -> Iterator[dict[str, Any]]:
        """Every match in result order (ids and sort values only), ``WALK_CHUNK`` per request."""
        after = None
        seen = 0
        while stop_after is None or seen < stop_after:
            size = WALK_CHUNK if stop_after is None else min(WALK_CHUNK, stop_after - seen)
            body: dict[str, Any] = {"query": compiled.query, "sort": compiled.sort, "size": size,
                                    "_source": [S.ID_FIELD], "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self._search(body, "listing matches")["hits"]["hits"]
            yield from hits
            seen += len(hits)
            if len(hits) < size:
                return
            after = hits[-1]["sort"]

    def _sort_values_before(self, compiled: CompiledDsl, start: int) -> list[Any] | None:
        """The sort values of the ``start``-th match: where a deep page's ``search_after`` starts."""
        last = None
        for hit in self._walk(compiled, start):
            last = hit
        return last["sort"] if last is not None else None

    def match_ids(self, query: Query, now: datetime | None = None) -> list[str]:
        compiled = self.compile(query, now)
        hits = list(self._walk(compiled))
        if compiled.recency and hits:  # in the order the search shows them
            hits = _window_first(hits, self._reranked_window(compiled, collapse=False))
        return [h["_source"][S.ID_FIELD] for h in hits]

    def _reranked_window(self, compiled: CompiledDsl, hits: list[dict[str, Any]] | None = None,
                         collapse: bool = True) -> list[tuple[float, str]]:
        """(score, id) of the RESCORE_WINDOW best hits of the search without its filters and exclusions (one
        per story if it collapses, and ``collapse``), re-ranked by age, best first, as the local engine ranks
        them (search/rerank.py): a filter only removes hits. ``hits``: the search's own best hits by score,
        enough when it has no filter."""
        if hits is None or compiled.unfiltered != compiled.query:
            body: dict[str, Any] = {"query": compiled.unfiltered, "sort": compiled.sort, "size": RESCORE_WINDOW,
                                    "_source": [S.ID_FIELD, S.DATE], "track_total_hits": False}
            if compiled.collapse and collapse:
                body["collapse"] = {"field": S.STORY}
            hits = self._search(body, "re-ranked window")["hits"]["hits"]
        window = [(float(h.get("_score") or 0.0), i) for i, h in enumerate(hits[:RESCORE_WINDOW])]
        order = decayed(window, {i: parse_date(hits[i]["_source"].get(S.DATE)) for _, i in window})
        return [(score, hits[i]["_source"][S.ID_FIELD]) for score, i in order]

    def explain(self, query: Query, now: datetime | None = None) -> str:
        compiled = self.compile(query, now, widen=False)
        return _explained(compiled, compiled.body(query.limit, query.page, self.settings.snippet_chars))

    def _like(self, compiled: CompiledDsl, query: Query, article_id: str, include_copies: bool) -> CompiledDsl:
        """Ranked by likeness to one article (its key terms), itself and, unless asked, its story left out;
        only the articles the query matches (its words, filters and exclusions) are ranked."""
        found = self._by_id(article_id)
        if found is None:
            from ..errors import ArticleNotFound

            raise ArticleNotFound(f"no article with id {article_id!r} in {self.index} (ids are shown by search)")
        doc_id, source = found
        like = {"more_like_this": {"fields": [S.TITLE, S.BODY], "like": [{"_index": self.index, "_id": doc_id}],
                                   "min_term_freq": 1, "max_query_terms": 25}}
        excluded: list[dict[str, Any]] = [{"term": {S.ID_FIELD: article_id}}]
        if not include_copies:
            excluded.append({"term": {S.STORY: source.get(S.STORY) or article_id}})
        inner = compiled.query.get("bool", {})
        narrowing = [compiled.query] if set(inner) - {"filter"} else inner.get("filter", [])
        q = {"bool": {"must": [like], "filter": narrowing, "must_not": excluded}}
        return replace(compiled, query=q, sort=[{"_score": {"order": "desc"}}, {S.ID_FIELD: {"order": "asc"}}],
                       by_date=False, relaxed=None, recency=False)

    def _by_id(self, article_id: str, excludes: tuple[str, ...] = ()) -> tuple[str, dict[str, Any]] | None:
        body = {"query": {"term": {S.ID_FIELD: article_id}}, "size": 1, "_source": {"excludes": list(excludes)}}
        hits = self._search(body, "get")["hits"]["hits"]
        return (hits[0]["_id"], hits[0]["_source"]) if hits else None

    def get(self, article_id: str) -> ArticleRecord | None:
        found = self._by_id(article_id, (S.SIGNATURE, S.BANDS))
        return record_from_stored(as_stored(found[1])) if found else None

    def timeline(self, query: Query, by: str = "month", split: str | None = None, top: int = 5,
                 now: datetime | None = None) -> Timeline:
        if by not in dates.PERIODS:
            raise SearchidxError(f"by must be one of {', '.join(dates.PERIODS)}, not {by!r}")
        compiled = self.compile(query.replace(facets=()), now)
        stories = query.per_story
        aggs = self._search(timeline_body(compiled, by, split, top, stories), "timeline")["aggregations"]

        def counts(histogram: dict[str, Any]) -> dict[datetime, int]:
            return {dates.period_start(datetime.fromisoformat(b["key_as_string"]), by):
                    int(b["stories"]["value"] if stories else b["doc_count"]) for b in histogram["buckets"]}

        def total(agg: dict[str, Any] | None) -> int:
            return 0 if agg is None else int(agg["stories"]["value"] if stories else agg["doc_count"])

        series_counts = {"all": counts(timeline_periods(aggs, by))}
        if split:  # spellings that fold alike are one series (one bucket), shown as the most used, as locally
            split_aggs = aggs["split"]
            names = self._shown_names(compiled.query, split, split_aggs["values"]["buckets"],
                                      split_aggs.get(f"values{SPELLINGS}"), stories)
            buckets = {names[b["key"]]: b for b in split_aggs["values"]["buckets"]}
            ranked = {name: total(b) for name, b in buckets.items()}  # by what the series count
            series_counts = {name: counts(timeline_periods(buckets[name], by))
                             for name in sorted(ranked, key=lambda v: (-ranked[v], v))[:top]}
        periods = span(dates.filter_range(query.since, query.until, now), list(counts(timeline_periods(aggs, by))),
                       by)
        if stories:  # a story is left out only when no row counts it (as the local engine counts)
            counted, dated = total(aggs["shown_stories"]), total(aggs["dated_stories"])
            undated, coarse = int(aggs["stories"]["value"]) - dated, dated - counted
        else:
            inside = set(periods)
            counted = sum(n for moment, n in counts(timeline_periods(aggs, by)).items() if moment in inside)
            undated, coarse = total(aggs["undated"]), total(aggs.get("coarse"))
        return Timeline(by=by, counted="stories" if stories else "articles",
                        periods=[dates.period_label(p, by) for p in periods],
                        series={name: [c.get(p, 0) for p in periods] for name, c in series_counts.items()},
                        undated=undated, split=split, warnings=list(compiled.warnings), coarse=coarse, total=counted)

    def _facets(self, query: dict[str, Any], aggs: dict[str, Any], names: tuple[str, ...], limit: int,
                per_story: bool) -> dict:
        facets = {}
        for name in names:
            buckets = aggs.get(name, {}).get("buckets", [])
            shown = self._shown_names(query, name, buckets, aggs.get(name + SPELLINGS), per_story)
            counts = {shown[b["key"]]: (b["stories"]["value"] if per_story else b["doc_count"]) for b in buckets}
            facets[name] = facet_list(name, counts, limit)
        return facets

    def _shown_names(self, query: dict[str, Any], field: str, buckets: list[dict[str, Any]],
                     spellings: dict[str, Any] | None, per_story: bool) -> dict[str, str]:
        """The name each bucket of ``values_aggs`` shows: the value itself, or for a folded name its most used
        spelling among the matches (``spellings``: the most frequent spellings, as the local facets choose
        them). A name none of whose spellings is among those (each rare, together frequent) has them read in
        one more request."""
        if spellings is None:
            return {b["key"]: str(b["key"]) for b in buckets}
        best: dict[str, tuple[int, str]] = {}

        def offer(key: str, count: int) -> None:
            folded = fold(key)
            if folded not in best or (-count, key) < (-best[folded][0], best[folded][1]):
                best[folded] = (count, key)

        for b in spellings.get("buckets", []):
            offer(str(b["key"]), int(b["stories"]["value"] if per_story else b["doc_count"]))
        missing = [b["key"] for b in buckets if fold(str(b["key"])) not in best]
        target = f"{field}.{FOLDED}"
        for start in range(0, len(missing), SPELLINGS_ASKED):  # (each name's buckets count: a few a request)
            some = missing[start:start + SPELLINGS_ASKED]
            aggs = {f"n{i}": {"filter": {"term": {target: key}}, "aggs": {"spellings": {"terms": {
                "field": field, "size": MAX_SPELLINGS}}}} for i, key in enumerate(some)}
            body = {"size": 0, "query": {"bool": {"must": [query], "filter": [{"terms": {target: some}}]}},
                    "aggs": aggs}
            found = self._search(body, "spellings").get("aggregations", {})
            for i, key in enumerate(some):
                for b in found.get(f"n{i}", {}).get("spellings", {}).get("buckets", []):
                    if fold(str(b["key"])) == fold(str(key)):
                        offer(str(b["key"]), int(b["doc_count"]))
        return {b["key"]: best.get(fold(str(b["key"])), (0, str(b["key"])))[1] for b in buckets}

    def story(self, article_id: str) -> Story | None:
        found = self._by_id(article_id, (S.BANDS,))
        if found is None:
            return None
        story_id = found[1].get(S.STORY) or article_id
        body = {"query": {"term": {S.STORY: story_id}}, "size": MAX_STORY_COPIES, "_source": {"excludes": [S.BANDS]}}
        copies = [{**as_stored(h["_source"]), S.SIGNATURE: signature_of(h["_source"])}
                  for h in self._search(body, "story")["hits"]["hits"]]
        return story_from_copies(story_id, earliest_first(copies))

    def _no_analytics(self) -> SearchidxError:
        later = "available with backend opensearch yet; run them on a local index of the corpus"
        return SearchidxError(f"entity analytics (associations, trending, network) are not {later}",
                              cli=f"entity analytics (entities --rank association, trending, network) are not {later}")

    def entity_counts(self, query: Query, types: Sequence[str], now: datetime | None = None,
                      background: bool = False, within: dates.DateRange | None = None) -> EntityCounts:
        """Not implemented for a cluster yet (terms aggregations would give the counts): says so."""
        raise self._no_analytics()

    def entity_rows(self, query: Query, types: Sequence[str],
                    now: datetime | None = None) -> tuple[list[tuple[tuple[str, str], ...]], list[str]]:
        """Not implemented for a cluster yet: says so."""
        raise self._no_analytics()

    def articles_with_both(self, field: str, a: str, b: str) -> int:
        body = {"query": {"bool": {"filter": [{"term": {field: a}}, {"term": {field: b}}]}}}
        return int(self.cluster.call("count", self.cluster.client.count, index=self.index, body=body)["count"])

    def stats(self) -> Stats:
        body = {"size": 0, "track_total_hits": True, "aggs": {
            "files": {"cardinality": {"field": S.FILE, "precision_threshold": 40_000}},
            "undated": {"missing": {"field": S.DATE}},
            # the first and last article, for their dates at their precision ("2019", as locally)
            **{end: {"top_hits": {"size": 1, "_source": [S.DATE, S.PRECISION],
                                  "sort": [{S.DATE: {"order": order, "missing": "_last"}},
                                           {S.PRECISION: {"order": "asc"}}]}}
               for end, order in (("earliest", "asc"), ("latest", "desc"))},
            # spellings that fold alike are one source, as facets and --source count them ("Wire", "WIRE")
            "sources": {"cardinality": {"field": f"{S.SOURCE}.{FOLDED}"}}}}
        self.require()
        response = self._search(body, "stats")
        aggs = response["aggregations"]
        sizes = self.cluster.call("index stats", self.cluster.client.indices.stats, index=self.index,
                                  metric="store,segments")
        total = sizes.get("_all", {}).get("total", {})

        def day(agg: dict[str, Any]) -> str | None:
            hits = agg["hits"]["hits"]
            return span_date(as_stored(hits[0]["_source"])) if hits else None

        return Stats(articles=int(response["hits"]["total"]["value"]), files=int(aggs["files"]["value"]),
                     undated=int(aggs["undated"]["doc_count"]), earliest=day(aggs["earliest"]),
                     latest=day(aggs["latest"]), sources=int(aggs["sources"]["value"]),
                     size_bytes=int(total.get("store", {}).get("size_in_bytes", 0)),
                     segments=int(total.get("segments", {}).get("count", 0)))

    def check(self, files: bool = True) -> CheckReport:
        from ..index.check import CheckReport, file_problems
        from .ingest import indexed_files

        report = CheckReport(f"{self.cluster.url}/{self.index}")
        try:
            self.require()
            self._meta_fields = None
            self.meta_fields()  # an index of another template version: searches refuse it
            health = self.cluster.call("health", self.cluster.client.cluster.health, index=self.index)
        except SearchidxError as e:
            report.problems.append(str(e))
            return report
        if health.get("status") == "red":
            report.problems.append(f"{self.index}: cluster health is red (a primary shard is unassigned)")
        known = indexed_files(self.cluster)
        report.files = len(known)
        report.articles = sum(n for _, n in known.values())
        report.segments = int(health.get("active_primary_shards", 0))
        mixed = sorted(key for key, (stamp, _) in known.items() if not stamp)
        report.problems += [f"{key}: holds articles of two readings (run searchidx index to finish)" for key in mixed]
        if files:
            report.problems += file_problems({k: s for k, (s, _) in known.items() if s})
        return report


    def export(self) -> Iterator[Indexed]:
        from ..index.documents import Indexed
        from .documents import article_from_source
        from .ingest import stored_articles

        for source in stored_articles(self.require()):
            article = article_from_source(source)
            yield Indexed(article, source[S.FILE], source[S.STAMP], source.get(S.HASH, ""),
                          source.get(S.STORY) or article.id)


def _window_first(hits: list[dict[str, Any]], window: list[tuple[float, str]]) -> list[dict[str, Any]]:
    """``hits`` (score order) with those in the re-ranked ``window`` first, in its order and with its scores,
    then the rest by their own scores."""
    by_id = {h["_source"][S.ID_FIELD]: h for h in hits}
    head = [{**by_id[i], "_score": score} for score, i in window if i in by_id]
    placed = {i for _, i in window}
    return head + [h for h in hits if h["_source"][S.ID_FIELD] not in placed]


def _explained(compiled: CompiledDsl, body: dict[str, Any]) -> str:
    shown = {k: body[k] for k in ("query", "sort", "collapse", "aggs") if k in body}
    lines = ["dsl: " + json.dumps(shown, indent=2, ensure_ascii=False)]
    if compiled.relaxed is not None:
        lines.append(f"relaxed: {json.dumps(compiled.relaxed, ensure_ascii=False)} (if fewer than {RELAX_BELOW} "
                     "articles match, counted first)")
    if compiled.by_date:
        lines.append("sort: by date, undated last")
    if compiled.recency:
        lines.append(f"sort: relevance x recency (the score halves every {HALF_LIFE_DAYS} days of age; re-ranks the "
                     f"top {RESCORE_WINDOW})")
    return "\n".join(lines + [f"entity: {n}" for n in compiled.notes])
