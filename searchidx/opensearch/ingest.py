"""Bringing a cluster index in line with its corpus: the same plan, readers, enrichment and story
grouping as the local index (``ingest/pipeline.py``, ``enrich/story_groups.py``), written with
opensearch-py's bulk helper.

The incremental state is the documents themselves: each carries its file key and the file's stamp
(size and mtime when read), and one composite aggregation lists file -> (stamp, articles). A changed
file's articles are written first (same ids overwrite), then the articles of its older stamp are
deleted; a run stopped between the two leaves the file with two stamps, which the next run reads as
changed. So a stop (Ctrl-C, a lost connection) never loses an article nor leaves a stale one behind
for good.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..enrich.story_groups import Copy, Grouper
from ..errors import ClusterError
from ..index import schema as S
from ..ingest.article import Article
from ..ingest.batches import batch_for, text_chars
from ..ingest.claims import DuplicateIds, Holder
from ..ingest.pipeline import begin, read_files
from ..ingest.state import Claims, IndexState, after_refresh, read_settings
from ..search.results import RefreshReport, UpdateReport
from .client import MAX_BACKOFF_S, RETRY_STATUS, Cluster, opensearchpy_module
from .documents import article_from_source, article_source, doc_id, parse_date, signature_of

MAX_BULK_BYTES = 10 * 1024 * 1024  # a bulk request is cut at this size whatever its article count
CANDIDATES = 20  # indexed articles verified per new article, those sharing the most bands first
FILES_PAGE = 1_000  # file/stamp pairs per composite-aggregation page
MSEARCH_QUERIES = 250  # story-candidate searches per _msearch request
IDS_PAGE = 5_000  # article ids looked up per search (hits: at most index.max_result_window, 10,000)
DELETE_FILES = 500  # files whose old versions one delete-by-query removes (bool clauses: at most 1,024)


STATE_META = "searchidx_state"  # the key of the index's state (ingest/state.py) in the mapping's _meta


def _meta(cluster: Cluster) -> dict[str, Any]:
    mapping = cluster.call("mapping", cluster.client.indices.get_mapping, index=cluster.index)
    for index_mapping in mapping.values():  # one: the index asked for
        return dict(index_mapping.get("mappings", {}).get("_meta", {}))
    return {}


def read_state(cluster: Cluster) -> IndexState:
    """The state kept in the cluster index's mapping (``_meta``), beside the template version."""
    return IndexState.from_dict(_meta(cluster).get(STATE_META))


def write_state(cluster: Cluster, state: IndexState) -> None:
    """Store the state: the whole ``_meta`` is sent, as a mapping update replaces it."""
    meta = {**_meta(cluster), STATE_META: state.to_dict()}
    cluster.call("saving the index state", cluster.client.indices.put_mapping, index=cluster.index,
                 body={"_meta": meta})


def _store_state(cluster: Cluster, claims: Claims, state: IndexState | None) -> None:
    if claims.to_store(state) is not None:
        assert state is not None
        write_state(cluster, state)


def indexed_files(cluster: Cluster) -> dict[str, tuple[str, int]]:
    """file key -> (stamp, articles held); a file holding articles of two stamps gets stamp ''."""
    out: dict[str, tuple[str, int]] = {}
    after = None
    while True:
        composite: dict[str, Any] = {"size": FILES_PAGE, "sources": [{"file": {"terms": {"field": S.FILE}}},
                                                                      {"stamp": {"terms": {"field": S.STAMP}}}]}
        if after is not None:
            composite["after"] = after
        body = {"size": 0, "aggs": {"files": {"composite": composite}}}
        agg = cluster.call("listing files", cluster.client.search, index=cluster.index, body=body)["aggregations"]
        for bucket in agg["files"]["buckets"]:
            key, stamp = bucket["key"]["file"], bucket["key"]["stamp"]
            if key in out:
                out[key] = ("", out[key][1] + bucket["doc_count"])
            else:
                out[key] = (stamp, bucket["doc_count"])
        after = agg["files"].get("after_key")
        if not agg["files"]["buckets"] or after is None:
            return out


class ClusterGrouper(Grouper):
    """Story grouping against the cluster: the candidates of a batch of articles come in one
    multi-search (one query per article, scored by the number of bands it shares)."""

    def __init__(self, cluster: Cluster, settings: Settings, replacing: dict[str, str | None] | None = None):
        super().__init__(settings, replacing)
        self.cluster = cluster
        self.found: dict[str, list[Copy]] = {}

    def prefetch(self, articles: Sequence[Article]) -> None:
        from ..enrich.stories import bands

        with_signature = [a for a in articles if a.signature is not None]
        if not with_signature:
            return
        lines: list[dict[str, Any]] = []
        for a in with_signature:
            assert a.signature is not None
            should = [{"constant_score": {"filter": {"term": {S.BANDS: band}}}} for band in bands(a.signature)]
            lines += [{"index": self.cluster.index},
                      {"query": {"bool": {"should": should, "minimum_should_match": 1}}, "size": CANDIDATES,
                       "sort": [{"_score": {"order": "desc"}}, {S.ID_FIELD: {"order": "asc"}}],
                       "_source": [S.ID_FIELD, S.FILE, S.STAMP, S.STORY, S.SIGNATURE, S.DATE]}]
        answers: list[dict[str, Any]] = []
        for start in range(0, len(lines), 2 * MSEARCH_QUERIES):
            answers += self.cluster.call("story candidates", self.cluster.client.msearch,
                                         body=lines[start:start + 2 * MSEARCH_QUERIES])["responses"]
        for a, answer in zip(with_signature, answers):
            if "error" in answer:
                raise ClusterError(f"story candidates: {answer['error']}")
            self.found[a.id] = [Copy(id=s[S.ID_FIELD], file=s.get(S.FILE, ""), stamp=s.get(S.STAMP, ""),
                                     story=s.get(S.STORY, ""), signature=signature_of(s),
                                     date=parse_date(s.get(S.DATE)))
                                for s in (h["_source"] for h in answer["hits"]["hits"])]

    def indexed(self, article: Article) -> Iterable[Copy]:
        return self.found.pop(article.id, ())


class BulkWriter:
    """Index actions sent with opensearch-py's ``streaming_bulk``: requests of ``bulk_docs`` articles
    (cut at 10 MB), items refused with 429 sent again with backoff by the helper; a whole request
    refused with 429 or a 5xx, or a dropped connection, sent again here (only the items not yet
    acknowledged) with the same backoff. Items that still fail are reported against their file."""

    def __init__(self, cluster: Cluster, settings: Settings):
        self.cluster = cluster
        self.settings = settings
        self.actions: list[dict[str, Any]] = []
        self.origin: dict[str, str] = {}  # document _id -> the file path shown in the failure report
        self.files: dict[str, str] = {}  # document _id -> its file's key
        self.refused: set[str] = set()  # the keys of the files an article of which the last flush did not write
        self.story_updates: set[str] = set()  # the document _ids of the story-id updates buffered
        self.oversized: list[tuple[str, str]] = []  # (document _id, reason) of articles too large to send
        self.requests = 0

    def add(self, source: dict[str, Any], rel: str) -> None:
        _id = doc_id(source[S.ID_FIELD])
        self.origin[_id] = rel
        self.files[_id] = source[S.FILE]
        size = len(json.dumps(source, ensure_ascii=False).encode("utf-8"))
        if size > MAX_BULK_BYTES:  # sent, it would be a request of its own over the limit: refused (413) whole
            self.oversized.append((_id, f"not indexed (its document is {size / 2**20:.1f} MB, more than the "
                                        f"{MAX_BULK_BYTES / 2**20:g} MB a bulk request carries)"))
            return
        self.actions.append({"_index": self.cluster.index, "_id": _id, "_source": source})

    def set_story(self, article_id: str, story: str) -> None:
        """A partial update: only the article's story id changes."""
        _id = doc_id(article_id)
        self.actions.append({"_op_type": "update", "_index": self.cluster.index, "_id": _id,
                             "doc": {S.STORY: story}})
        self.origin[_id] = f"article {article_id}"
        self.story_updates.add(_id)

    def flush(self) -> list[tuple[str, str]]:
        """Send what is buffered; (path, reason) for each article the cluster did not take."""
        helpers = opensearchpy_module().helpers
        osp_errors = opensearchpy_module().exceptions
        pending = {a["_id"]: a for a in self.actions}
        failed = [(self.origin[_id], why) for _id, why in self.oversized]
        self.refused = {self.files[_id] for _id, _ in self.oversized}
        self.oversized = []
        attempt = 0
        while pending:
            try:
                for ok, item in helpers.streaming_bulk(
                        self.cluster.client, list(pending.values()), chunk_size=self.settings.opensearch_bulk_docs,
                        max_chunk_bytes=MAX_BULK_BYTES, max_retries=self.settings.opensearch_retries,
                        initial_backoff=self.cluster.backoff, max_backoff=MAX_BACKOFF_S, raise_on_error=False,
                        raise_on_exception=True):
                    (_op, info), = item.items()
                    action = pending.pop(info.get("_id"), None)
                    if not ok and action is not None:
                        error = info.get("error") or {}
                        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}" if isinstance(error, dict) \
                            else str(error)
                        refusal = f"({info.get('status')} {reason})"
                        failed.append((self.origin.get(info["_id"], info["_id"]),
                                       f"story id not updated {refusal}; the next run groups its story again"
                                       if info["_id"] in self.story_updates else f"not indexed {refusal}"))
                        if info["_id"] in self.files:
                            self.refused.add(self.files[info["_id"]])
            except (osp_errors.ConnectionError, osp_errors.TransportError) as e:
                status = getattr(e, "status_code", None)
                if isinstance(e, osp_errors.TransportError) and not isinstance(e, osp_errors.ConnectionError) and \
                        status not in RETRY_STATUS:
                    raise ClusterError(f"bulk: the cluster at {self.cluster.url} answered {status} ({e})") from None
                if attempt >= self.settings.opensearch_retries:
                    raise ClusterError(f"bulk: the cluster at {self.cluster.url} failed {attempt + 1} times "
                                       f"({status or e}); run the same command again later: what was written stays, "
                                       "the rest is read again") from None
                self.cluster.wait_to_retry(attempt)
                attempt += 1
        self.actions = []
        self.origin = {}
        self.files = {}
        self.story_updates = set()
        return failed


def _delete_old_versions(cluster: Cluster, files: dict[str, str | None]) -> None:
    """Delete the articles of each file whose stamp is not its new one (None: the file is gone), DELETE_FILES
    files a request: a bool query of more clauses than indices.query.bool.max_clause_count (1,024 by default)
    is refused, and a run whose folder of 2,000 files was moved or deleted stopped there."""
    keys = list(files)
    for start in range(0, len(keys), DELETE_FILES):
        _delete_some(cluster, {key: files[key] for key in keys[start:start + DELETE_FILES]})


def _delete_some(cluster: Cluster, files: dict[str, str | None]) -> None:
    if not files:
        return
    gone = [key for key, stamp in files.items() if stamp is None]
    should: list[dict[str, Any]] = [{"terms": {S.FILE: gone}}] if gone else []
    for key, stamp in files.items():
        if stamp is not None:
            should.append({"bool": {"filter": [{"term": {S.FILE: key}}], "must_not": [{"term": {S.STAMP: stamp}}]}})
    body = {"query": {"bool": {"should": should, "minimum_should_match": 1}}}
    # A delete-by-query answers 200 even when it deleted only part of what matched: a failed shard or bulk
    # item (its ``failures``), a document changed while it ran (``version_conflicts``, skipped under
    # conflicts=proceed). What it left would stay searchable beside the new version, and be counted as
    # removed: it is asked again, as a refused request is, and a run it still fails stops there (the files
    # keep two stamps, or stay gone, so the next run deletes their old versions).
    attempt = 0
    while True:
        answer = cluster.call("delete old versions", cluster.client.delete_by_query, index=cluster.index,
                              body=body, params={"conflicts": "proceed", "refresh": "true"})
        failures = answer.get("failures") or []
        conflicts = int(answer.get("version_conflicts") or 0)
        if not failures and not conflicts and not answer.get("timed_out"):
            return
        if attempt >= cluster.settings.opensearch_retries:
            break
        cluster.wait_to_retry(attempt)
        attempt += 1
    first = failures[0] if failures and isinstance(failures[0], dict) else {}
    cause: dict[str, Any] = first["cause"] if isinstance(first.get("cause"), dict) else {}
    why = (f"{cause.get('type', 'error')}: {cause.get('reason', '')}" if failures else
           f"{conflicts} changed while it ran" if conflicts else "timed out")
    raise ClusterError(f"delete old versions: the cluster at {cluster.url} deleted {answer.get('deleted', 0)} of "
                       f"{answer.get('total', '?')} older articles and left the rest ({why}) {attempt + 1} times; run "
                       "the same command again later: what was written stays, and the next run deletes them")


def _indexed(cluster: Cluster, ids: list[str]) -> dict[str, Holder]:
    """The indexed articles holding some of ``ids``: id -> their holder (the old copies of the file read
    again included, counted as updated). Asked IDS_PAGE ids at a time: a cluster answers at most 10,000
    hits a search (index.max_result_window), and refused the whole run's request for a JSON Lines file of
    more records, read again or new beside indexed files."""
    found: dict[str, Holder] = {}
    for start in range(0, len(ids), IDS_PAGE):
        page = ids[start:start + IDS_PAGE]
        body = {"query": {"bool": {"filter": [{"terms": {S.ID_FIELD: page}}]}},
                "size": len(page), "_source": [S.ID_FIELD, S.FILE, S.STAMP, S.PATH, S.STORY, S.HASH]}
        hits = cluster.call("duplicate ids", cluster.client.search, index=cluster.index, body=body)["hits"]["hits"]
        found.update({s[S.ID_FIELD]: Holder(s.get(S.FILE) or "", s.get(S.STAMP), s.get(S.PATH), s.get(S.STORY),
                                             s.get(S.HASH))
                      for s in (h["_source"] for h in hits)})
    return found


def update_cluster(cluster: Cluster, paths: Sequence[str | Path], settings: Settings, jobs: int = 1,
                   progress: Callable[[int, int], None] | None = None, allow_empty: bool = False) -> UpdateReport:
    """Add new files' articles, write changed files' again, delete those of files gone."""
    started = time.perf_counter()
    report = UpdateReport()
    known_files = indexed_files(cluster)
    run = begin(paths, settings, known_files, read_state(cluster), allow_empty)
    todo, claims = run.plan, run.claims
    report.unchanged, report.failed, report.notes = todo.unchanged, list(todo.failed), run.notes
    report.held_back = list(todo.held_back)
    report.files_found = todo.found
    left_to_group = set(claims.stored.regroup) if settings.stories else set()
    if not todo.todo and not todo.gone:
        regrouped = True
        if left_to_group:  # finish the grouping a stopped run left
            report.regrouped, regrouped = _regroup(cluster, BulkWriter(cluster, settings), left_to_group, settings,
                                                   report)
        _final_state(cluster, claims, run.read_settings, regrouped)
        report.seconds = time.perf_counter() - started
        return report
    # Stories this update joins or takes members from, grouped again at the end as a clean build
    # would group them (index/regroup.py's rule); a first build reads everything in walk order already.
    touched: set[str] | None = None
    if settings.stories and known_files:
        from .regroup import stories_of_files

        touched = stories_of_files(cluster, todo.replacing) | left_to_group  # and those a stopped run left
    claims.touched = touched
    for key in todo.gone:
        report.removed += known_files[key][1] if key in known_files else 0  # (a file that gave no article)
        claims.gone(key)
    _store_state(cluster, claims, claims.pending())
    _delete_old_versions(cluster, dict.fromkeys(todo.gone))
    writer = BulkWriter(cluster, settings)
    grouper = ClusterGrouper(cluster, settings, todo.replacing) if settings.stories else None
    ids = DuplicateIds(claims, todo.replacing, known_files, report)
    written: dict[str, str | None] = {}  # files of this batch: their old versions go once it is written
    waiting: list[tuple[str, str, str, list[Article]]] = []  # files read, grouped together (one _msearch)
    batch = batch_for(settings)
    total = len(todo.todo)
    for done, (key, rel, stamp, articles, error) in enumerate(read_files(todo.todo, settings, jobs), 1):
        report.files_read += 1
        if error is not None:
            report.failed.append((rel, error))
        if articles is None:
            claims.unreadable(key)
        if articles is not None:  # a file read as holding none still replaces what it held
            # an article kept overwrites the indexed one of its id (the same document id): nothing to delete
            indexed = _indexed(cluster, [a.id for a in articles]) if known_files else {}
            # counted by id; of the file's old articles only their number is known here
            kept, _ = ids.kept(key, rel, articles, indexed.get, known_files[key][1] if key in known_files else None)
            if not kept:
                claims.nothing_indexed(key, stamp)
            if key in known_files:
                written[key] = stamp if kept else None  # every record now skipped: what it held goes
            if kept:
                waiting.append((key, rel, stamp, kept))
                batch.add(len(kept), text_chars(kept))
        if progress:
            progress(done, total)
        if sum(len(w[3]) for w in waiting) >= settings.opensearch_bulk_docs or batch.full:
            _group_and_add(waiting, grouper, writer, touched)
        if batch.full:
            _commit(cluster, writer, written, report, claims)
            batch.committed()
            # what this batch wrote is searchable now: the next finds its copies in the index
            grouper = ClusterGrouper(cluster, settings, todo.replacing) if settings.stories else None
    _group_and_add(waiting, grouper, writer, touched)
    _commit(cluster, writer, written, report, claims)
    regrouped = True
    if touched:
        _store_state(cluster, claims, claims.pending())  # the stories joined since the last commit
        report.regrouped, regrouped = _regroup(cluster, writer, touched, settings, report)
    _final_state(cluster, claims, run.read_settings, regrouped)
    report.seconds = time.perf_counter() - started
    return report


def _regroup(cluster: Cluster, writer: BulkWriter, touched: set[str], settings: Settings,
             report: UpdateReport) -> tuple[int, bool]:
    """Give the articles of ``touched`` stories the story ids a clean build would (index/regroup.py's rule):
    how many changed, and whether the cluster took every change (if not, the stories stay to regroup)."""
    from .regroup import new_story_ids

    changes = new_story_ids(cluster, touched, settings)
    for article_id, story in changes.items():
        writer.set_story(article_id, story)
    failed = len(report.failed)
    _commit(cluster, writer, {}, report)
    refused = len(report.failed) - failed
    return len(changes) - refused, not refused


def _final_state(cluster: Cluster, claims: Claims, settings: dict[str, str], regrouped: bool) -> None:
    """The state at the run's end; stories whose new ids the cluster refused are grouped again by the next run."""
    state = claims.final(settings, True)
    if not regrouped:
        state.regroup = claims.final(settings, False).regroup
    _store_state(cluster, claims, state)


def _group_and_add(waiting: list[tuple[str, str, str, list[Article]]], grouper: ClusterGrouper | None,
                   writer: BulkWriter, touched: set[str] | None) -> None:
    """Give the waiting files' articles their story ids (their indexed candidates fetched in one
    multi-search: the index does not change before the next commit) and queue them for writing."""
    if grouper is not None:
        grouper.prefetch([a for _, _, _, kept in waiting for a in kept])
    for key, rel, stamp, kept in waiting:
        for a in kept:
            meta = {k: v for k, v in a.meta.items() if not k.startswith("_")}
            story = grouper.assign(a, exclude_file=key) if grouper is not None else None
            if touched is not None and story is not None:
                touched.add(story)
            writer.add(article_source(a.with_changes(meta=meta), key, stamp, a.content_hash, story), rel)
    if touched is not None and grouper is not None:
        touched |= grouper.related
        grouper.related.clear()
    waiting.clear()


def _commit(cluster: Cluster, writer: BulkWriter, written: dict[str, str | None], report: UpdateReport,
            claims: Claims | None = None) -> None:
    """Write what the batch holds, then delete the older versions of its files. Until this returns, the
    state stored names the batch's files (``claims.sending``) as ones the index may not hold whole; a
    file an article of which the cluster refused stays so (read again by the next run) and keeps its
    older version, which a new one of each of its articles would have replaced."""
    if claims is not None:
        claims.sending = set(writer.files.values()) | set(written)
        _store_state(cluster, claims, claims.pending())
    report.failed += writer.flush()
    if claims is not None:
        claims.refused |= writer.refused
    _delete_old_versions(cluster, {key: stamp for key, stamp in written.items() if key not in writer.refused})
    written.clear()
    cluster.call("refresh", cluster.client.indices.refresh, index=cluster.index)
    report.commits += 1
    if claims is not None:
        claims.sending = set()


def stored_articles(cluster: Cluster) -> Iterator[dict[str, Any]]:
    """Every document's ``_source`` (without its band terms), in id order, page by page."""
    after = None
    while True:
        body: dict[str, Any] = {"query": {"match_all": {}}, "size": 1000, "sort": [{S.ID_FIELD: {"order": "asc"}}],
                                "_source": {"excludes": [S.BANDS]}}
        if after is not None:
            body["search_after"] = after
        hits = cluster.call("reading articles", cluster.client.search, index=cluster.index, body=body)["hits"]["hits"]
        for h in hits:
            yield h["_source"]
        if len(hits) < 1000:
            return
        after = hits[-1]["sort"]


def _refreshed(writer: BulkWriter) -> None:
    failed = writer.flush()
    if failed:
        path, why = failed[0]
        raise ClusterError(f"{path}: {why} ({len(failed)} articles not rewritten; run the same command again)")


def refresh_cluster_entities(cluster: Cluster, settings: Settings,
                             progress: Callable[[int, int], None] | None = None) -> RefreshReport:
    """Re-apply the registry and extractor to every stored article; rewrite those whose entities change."""
    from ..ingest.pipeline import make_enricher

    started = time.perf_counter()
    enrich = make_enricher(settings)
    report = RefreshReport()
    writer = BulkWriter(cluster, settings)
    total = int(cluster.call("count", cluster.client.count, index=cluster.index)["count"])
    for source in stored_articles(cluster):
        report.checked += 1
        article = enrich(article_from_source(source))
        fresh = article_source(article, source[S.FILE], source[S.STAMP], source.get(S.HASH, ""), source.get(S.STORY))
        if any(fresh.get(t, []) != source.get(t, []) for t in S.ENTITY_FIELDS) or \
                fresh.get(S.ENTITY_RULES) != source.get(S.ENTITY_RULES):
            report.changed += 1
            writer.add(fresh, source.get(S.PATH, ""))
        if len(writer.actions) >= settings.opensearch_bulk_docs:
            _refreshed(writer)
        if progress:
            progress(report.checked, total)
    _refreshed(writer)
    cluster.call("refresh", cluster.client.indices.refresh, index=cluster.index)
    state = read_state(cluster)
    if state.read_settings is not None:  # today's entity settings are those of every article now
        state.read_settings = after_refresh(state.read_settings, read_settings(settings))
        write_state(cluster, state)
    report.seconds = time.perf_counter() - started
    return report
