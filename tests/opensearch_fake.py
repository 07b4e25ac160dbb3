"""A small OpenSearch stand-in for the contract tests: an HTTP server on loopback that checks each
request against the documented REST shapes and answers as the documentation shows a cluster does.

What it checks (from the OpenSearch REST reference): ``_bulk`` bodies are NDJSON ending in a newline,
action lines of one known action whose metadata keys are documented, each followed by a JSON object
source; ``_msearch`` bodies are header/body pairs; ``_search`` bodies use only documented top-level
keys, and every query, aggregation, sort and highlight inside uses documented names and parameters.
Anything else is recorded in ``problems`` (a test asserts there are none) and answered with 400.

It answers from what it was sent: documents written by ``_bulk`` are kept, and the composite, count,
delete-by-query and term-filter searches the ingest sends are evaluated over them (with terms,
filter, missing and date_histogram aggregations; a keyword's ``.folded`` values through
``aliases.fold``, as the template's normalizer folds them); other searches are answered with a
recorded response (``search_response``, or a function of the body) and counts of scored words with
``word_count``; ``script`` makes a request kind fail with given statuses first, so the client's
retries run for real. Requests are bounded by the tests.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from searchidx.enrich.aliases import fold

SEARCH_KEYS = {"query", "aggs", "aggregations", "size", "from", "sort", "search_after", "track_total_hits", "_source",
               "highlight", "collapse", "explain", "min_score", "post_filter", "stored_fields", "docvalue_fields",
               "fields", "timeout", "terminate_after", "version", "seq_no_primary_term", "pit", "track_scores"}
QUERY_PARAMS = {
    "bool": {"must", "should", "filter", "must_not", "minimum_should_match", "boost"},
    "match_all": {"boost"},
    "multi_match": {"query", "fields", "type", "operator", "slop", "boost", "minimum_should_match", "analyzer",
                    "tie_breaker", "zero_terms_query", "lenient"},
    "constant_score": {"filter", "boost"},
    "more_like_this": {"fields", "like", "unlike", "min_term_freq", "max_query_terms", "min_doc_freq",
                       "minimum_should_match", "boost"},
    "exists": {"field", "boost"},
    "span_near": {"clauses", "slop", "in_order", "boost"},
}
FIELD_QUERY_PARAMS = {  # queries written {type: {field: params}}
    "match": {"query", "operator", "boost", "analyzer", "minimum_should_match", "zero_terms_query"},
    "match_phrase": {"query", "slop", "boost", "analyzer", "zero_terms_query"},
    "term": {"value", "boost", "case_insensitive"},
    "range": {"gte", "gt", "lte", "lt", "format", "time_zone", "boost", "relation"},
    "prefix": {"value", "boost", "case_insensitive", "rewrite"},
    "wildcard": {"value", "boost", "case_insensitive", "rewrite"},
    "span_term": {"value", "boost"},
}
AGG_PARAMS = {
    "terms": {"field", "size", "order", "shard_size", "min_doc_count", "include", "exclude", "missing"},
    "cardinality": {"field", "precision_threshold", "missing"},
    "date_histogram": {"field", "calendar_interval", "fixed_interval", "format", "min_doc_count", "extended_bounds",
                       "hard_bounds", "time_zone", "offset", "order", "missing"},
    "missing": {"field"},
    "min": {"field", "format", "missing"},
    "max": {"field", "format", "missing"},
    "top_hits": {"size", "sort", "_source", "from"},
    "composite": {"size", "sources", "after"},
}
HIGHLIGHT_KEYS = {"pre_tags", "post_tags", "fields", "fragment_size", "number_of_fragments", "no_match_size",
                  "type", "encoder", "require_field_match", "order"}
HIGHLIGHT_FIELD_KEYS = {"fragment_size", "number_of_fragments", "no_match_size", "type", "matched_fields",
                        "pre_tags", "post_tags", "highlight_query"}
BULK_ACTIONS = {"index", "create", "update", "delete"}
BULK_META = {"_index", "_id", "routing", "pipeline", "require_alias", "if_seq_no", "if_primary_term", "version",
             "version_type"}
INDEX_BODY_KEYS = {"settings", "mappings", "aliases"}
MAX_CLAUSES = 1024  # indices.query.bool.max_clause_count's default


class Contract:
    """Collects what does not follow the documented shapes."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, why: str) -> None:
        self.problems.append(f"{where}: {why}")

    def query(self, q: Any, where: str) -> None:
        if not isinstance(q, dict) or len(q) != 1:
            return self.fail(where, f"a query is an object with one key, got {q!r:.80}")
        (kind, body), = q.items()
        if kind in QUERY_PARAMS:
            if not isinstance(body, dict):
                return self.fail(where, f"{kind} takes an object")
            for key in set(body) - QUERY_PARAMS[kind]:
                self.fail(where, f"{kind} has no parameter {key!r}")
            if kind == "bool":
                for clause in ("must", "should", "filter", "must_not"):
                    for i, sub in enumerate(body.get(clause, [])):
                        self.query(sub, f"{where}.bool.{clause}[{i}]")
            if kind == "constant_score":
                self.query(body.get("filter"), f"{where}.constant_score.filter")
            if kind == "span_near":  # its clauses are span queries on one field
                clauses = body.get("clauses") or []
                if not clauses or not all(isinstance(c, dict) and list(c)[:1] in (["span_term"], ["span_near"])
                                          for c in clauses):
                    self.fail(where, "span_near clauses are span queries")
                for i, sub in enumerate(clauses):
                    self.query(sub, f"{where}.span_near.clauses[{i}]")
        elif kind in FIELD_QUERY_PARAMS:
            if not isinstance(body, dict) or len(body) != 1:
                return self.fail(where, f"{kind} names one field")
            (_, params), = body.items()
            if isinstance(params, dict):
                for key in set(params) - FIELD_QUERY_PARAMS[kind]:
                    self.fail(where, f"{kind} has no parameter {key!r}")
        elif kind == "terms":
            if not isinstance(body, dict) or not all(isinstance(v, list) for k, v in body.items() if k != "boost"):
                self.fail(where, "terms takes {field: [values]}")
        else:
            self.fail(where, f"unknown query type {kind!r}")

    def aggs(self, aggs: Any, where: str) -> None:
        for name, agg in aggs.items():
            kinds = [k for k in agg if k not in ("aggs", "aggregations")]
            if kinds == ["filter"]:  # a filter aggregation: {"filter": <query>, "aggs": {...}}, its body a query
                self.query(agg["filter"], f"{where}.{name}.filter")
            elif len(kinds) != 1 or kinds[0] not in AGG_PARAMS:
                self.fail(f"{where}.{name}", f"unknown aggregation {kinds}")
                continue
            else:
                for key in set(agg[kinds[0]]) - AGG_PARAMS[kinds[0]]:
                    self.fail(f"{where}.{name}", f"{kinds[0]} has no parameter {key!r}")
            if "aggs" in agg:
                self.aggs(agg["aggs"], f"{where}.{name}")

    def search(self, body: Any, where: str = "_search") -> None:
        if not isinstance(body, dict):
            return self.fail(where, "the body is a JSON object")
        for key in set(body) - SEARCH_KEYS:
            self.fail(where, f"no request body key {key!r}")
        if "query" in body:
            self.query(body["query"], f"{where}.query")
        if "aggs" in body:
            self.aggs(body["aggs"], f"{where}.aggs")
        for s in body.get("sort", []):
            if isinstance(s, dict):
                for params in s.values():
                    for key in set(params) - {"order", "missing", "mode", "unmapped_type", "format"}:
                        self.fail(where, f"sort has no parameter {key!r}")
        if "highlight" in body:
            for key in set(body["highlight"]) - HIGHLIGHT_KEYS:
                self.fail(where, f"highlight has no parameter {key!r}")
            for f, params in body["highlight"].get("fields", {}).items():
                for key in set(params) - HIGHLIGHT_FIELD_KEYS:
                    self.fail(where, f"highlight field {f} has no parameter {key!r}")
        if "search_after" in body and "from" in body and body["from"]:
            self.fail(where, "search_after is used with from 0 (or none)")
        if "collapse" in body and set(body["collapse"]) - {"field", "inner_hits", "max_concurrent_group_searches"}:
            self.fail(where, "collapse takes field, inner_hits, max_concurrent_group_searches")

    def ndjson(self, raw: bytes, where: str) -> list[Any]:
        text = raw.decode("utf-8")
        if not text.endswith("\n"):
            self.fail(where, "an NDJSON body ends with a newline")
        lines = []
        for n, line in enumerate(text.split("\n")[:-1], 1):
            try:
                lines.append(json.loads(line))
            except ValueError:
                self.fail(where, f"line {n} is not JSON")
        return lines

    def bulk(self, raw: bytes) -> list[tuple[str, dict, dict | None]]:
        """(action, metadata, source) per operation."""
        lines = self.ndjson(raw, "_bulk")
        ops = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if not isinstance(line, dict) or len(line) != 1 or next(iter(line)) not in BULK_ACTIONS:
                self.fail("_bulk", f"line {i + 1}: an action line is one of {sorted(BULK_ACTIONS)}")
                return ops
            (action, meta), = line.items()
            for key in set(meta) - BULK_META:
                self.fail("_bulk", f"line {i + 1}: no action metadata key {key!r}")
            source = None
            if action != "delete":
                i += 1
                source = lines[i] if i < len(lines) else None
                if not isinstance(source, dict):
                    self.fail("_bulk", f"line {i + 1}: a {action} action is followed by its document")
            ops.append((action, meta, source))
            i += 1
        return ops


def _values(value: Any) -> list:
    return [] if value is None or value == "" else list(value) if isinstance(value, list) else [value]


def field_values(doc: dict, field: str) -> list:
    """A field's values as a keyword field indexes them: ``<name>.folded`` through the template's ``fold``
    normalizer (which folds as ``enrich.aliases.fold`` does), others as written."""
    base, _, sub = field.partition(".")
    values = _values(doc.get(base))
    return [fold(str(v)) for v in values] if sub == "folded" else values


def _wanted(field: str, values: list) -> list:
    """Term values as a keyword field's normalizer reads them (a term query is normalized too)."""
    return [fold(str(v)) for v in values] if field.endswith(".folded") else values


def matches(doc: dict, q: dict) -> bool:
    """The few query shapes the ingest evaluates over documents (term, terms, bool, match_all)."""
    (kind, body), = q.items()
    if kind == "match_all":
        return True
    if kind in ("term", "terms"):
        (field, value), = ((k, v) for k, v in body.items() if k != "boost")
        value = value.get("value") if isinstance(value, dict) else value
        wanted = _wanted(field, value if kind == "terms" else [value])
        have = field_values(doc, field) if field.endswith(".folded") else doc.get(field.split(".")[0])
        have = have if isinstance(have, list) else [have]
        return any(h in wanted for h in have)
    if kind == "bool":
        if not all(matches(doc, s) for s in body.get("filter", []) + body.get("must", [])):
            return False
        if any(matches(doc, s) for s in body.get("must_not", [])):
            return False
        should = body.get("should", [])
        need = body.get("minimum_should_match", 0 if body.get("filter") or body.get("must") else 1)
        return sum(matches(doc, s) for s in should) >= need if should else True
    if kind == "constant_score":
        return matches(doc, body["filter"])
    if kind == "exists":
        return bool(_values(doc.get(body["field"])))
    raise AssertionError(f"the fake does not evaluate {kind}")


def _countable(aggs: dict) -> bool:
    """Whether ``_aggregated`` counts these: terms ordered by count, and filter aggregations, nested."""
    for agg in aggs.values():
        kinds = set(agg) - {"aggs"}
        if kinds == {"terms"} and "order" not in agg["terms"] or kinds == {"filter"} and evaluable(agg["filter"]) \
                or kinds == {"missing"} or kinds == {"date_histogram"}:
            if _countable(agg.get("aggs", {})):
                continue
        return False
    return True


def _aggregated(docs: list[dict], aggs: dict) -> dict:
    out: dict = {}
    for name, agg in aggs.items():
        sub = agg.get("aggs", {})
        if "filter" in agg or "missing" in agg:
            kept = [d for d in docs if matches(d, agg["filter"])] if "filter" in agg else \
                [d for d in docs if not _values(d.get(agg["missing"]["field"]))]
            out[name] = {"doc_count": len(kept), **_aggregated(kept, sub)}
            continue
        if "date_histogram" in agg:  # calendar periods in UTC, weeks from Monday, keys as yyyy-MM-dd
            interval = agg["date_histogram"]["calendar_interval"]
            periods: dict[str, list[dict]] = {}
            for d in docs:
                if d.get("date"):
                    day = datetime.fromisoformat(d["date"].replace("Z", "+00:00")).date()
                    start = {"day": day, "week": day - timedelta(days=day.weekday()), "month": day.replace(day=1),
                             "year": day.replace(month=1, day=1)}[interval]
                    periods.setdefault(start.isoformat(), []).append(d)
            out[name] = {"buckets": [{"key_as_string": k, "doc_count": len(ds), **_aggregated(ds, sub)}
                                     for k, ds in sorted(periods.items())]}
            continue
        terms = agg["terms"]
        counts = Counter(v for d in docs for v in dict.fromkeys(field_values(d, terms["field"])))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:terms.get("size", 10)]
        out[name] = {"buckets": [{"key": k, "doc_count": n, **_aggregated(
            [d for d in docs if k in field_values(d, terms["field"])], sub)} for k, n in ranked]}
    return out


def _most_clauses(q: Any) -> int:
    """The most clauses one bool query of ``q`` holds (a cluster refuses more than MAX_CLAUSES)."""
    if not isinstance(q, dict) or len(q) != 1:
        return 0
    (kind, body), = q.items()
    if kind != "bool" or not isinstance(body, dict):
        return 0
    subs = [s for key in ("must", "should", "filter", "must_not") for s in body.get(key, [])]
    return max([len(subs), *(_most_clauses(s) for s in subs)])


def evaluable(q: dict) -> bool:
    """Whether ``matches`` evaluates ``q`` (no words to analyse and score)."""
    (kind, body), = q.items()
    if kind == "bool":
        return all(evaluable(s) for key in ("must", "should", "filter", "must_not") for s in body.get(key, []))
    if kind == "constant_score":
        return evaluable(body["filter"])
    return kind in ("match_all", "term", "terms", "exists")


class FakeCluster:
    """The server's state and answers; ``url`` once started."""

    def __init__(self, index: str = "searchidx"):
        self.index = index
        self.contract = Contract()
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.bodies: list[tuple[str, Any]] = []  # (path, parsed body) of searches
        self.kinds: Counter = Counter()
        self.docs: dict[str, dict] = {}
        self.exists = False
        self.mapping: dict = {}
        self.script: dict[str, list[int]] = {}  # request kind -> statuses to answer first, in order
        self.item_script: list[int] = []  # statuses for the next bulk items, in order
        self.refused_ids: set[str] = set()  # bulk items refused with 429 every time
        # what the next delete-by-query requests do instead of deleting, in order: "failure" (a bulk failure
        # in its failures list) or "conflict" (every match changed while it ran: version_conflicts)
        self.delete_script: list[str] = []
        self.search_response: dict | Callable[[dict], dict] | None = None
        # how the next searches, counts and multi-searches answer with only part of the index, in order:
        # "shard" (200, one of two shards failed: its hits missing) or "timeout" (200, timed_out: true), as a
        # cluster does by default (allow_partial_search_results)
        self.partial_script: list[str] = []
        # statuses for the next searches inside multi-searches, in order: each refused alone, with its own error
        # and status in the 200 answer's responses, as a cluster refuses one when its search queue is full
        self.msearch_item_script: list[int] = []
        self.health = "green"  # what GET _cluster/health answers
        self.create_race = False  # the next PUT index finds it made by another client the moment before
        self.max_body_bytes = 100 * 2**20  # a larger request body is refused with 413, as http.max_content_length
        self.delay_script: list[float] = []  # seconds to wait before the next answers, in order
        self.max_window = 10_000  # index.max_result_window: a search asking for more hits is refused (400)
        self.word_count = 0  # the answer to a _count of a query the fake cannot evaluate (words to score)
        self.server: ThreadingHTTPServer | None = None
        self.lock = threading.Lock()

    @property
    def problems(self) -> list[str]:
        return self.contract.problems

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeCluster:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                if fake.delay_script:  # answer late (the client's read timeout runs out first)
                    time.sleep(fake.delay_script.pop(0))
                with fake.lock:
                    status, answer = fake.answer(self.command, self.path, raw)
                data = json.dumps(answer).encode() if answer is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- answers ---------------------------------------------------------------------------------
    @staticmethod
    def error(status: int, kind: str, reason: str) -> tuple[int, dict]:
        return status, {"error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
                        "status": status}

    def answer(self, method: str, url: str, raw: bytes) -> tuple[int, Any]:
        status, out = self._answer(method, url, raw)
        kind = self.requests[-1][1].rsplit("/", 1)[-1]
        if status == 200 and kind in ("_search", "_count", "_msearch") and self.partial_script:
            how = self.partial_script.pop(0)
            for response in out["responses"] if kind == "_msearch" else [out]:
                if how == "timeout":
                    response["timed_out"] = True
                else:
                    response["_shards"] = {"total": 2, "successful": 1, "skipped": 0, "failed": 1, "failures": [
                        {"shard": 1, "index": self.index, "node": "n2", "reason": {
                            "type": "node_not_connected_exception",
                            "reason": "[n2][10.0.0.2:9300] Node not connected"}}]}
        return status, out

    def _answer(self, method: str, url: str, raw: bytes) -> tuple[int, Any]:
        parsed = urlparse(url)
        path = parsed.path
        params = parse_qs(parsed.query)
        self.requests.append((method, path))
        parts = [p for p in path.split("/") if p]
        kind = parts[-1] if parts and parts[-1].startswith("_") else ("index" if parts else "root")
        if kind == "_doc":
            kind = "doc"
        self.kinds[kind] += 1
        scripted = self.script.get(kind)
        if scripted:
            status = scripted.pop(0)
            reasons = {429: "es_rejected_execution_exception", 401: "security_exception", 400: "parsing_exception"}
            return self.error(status, reasons.get(status, "unavailable"), f"scripted {status} for {kind}")
        if parts[:2] == ["_cluster", "health"]:  # GET _cluster/health/<index>: the documented fields the engine reads
            if len(parts) > 2 and (parts[2] != self.index or not self.exists):
                return self.error(404, "index_not_found_exception", f"no such index [{parts[2]}]")
            return 200, {"cluster_name": "fake", "status": self.health, "timed_out": False, "number_of_nodes": 1,
                         "number_of_data_nodes": 1, "active_primary_shards": 1, "active_shards": 1,
                         "relocating_shards": 0, "initializing_shards": 0,
                         "unassigned_shards": 0 if self.health != "red" else 1}
        if "_stats" in parts:  # index stats (GET /INDEX/_stats/METRICS): sizes the fake does not keep
            return 200, {"_all": {"total": {"store": {"size_in_bytes": 0}, "segments": {"count": 1}}}}
        if kind == "index":
            if parts[0] != self.index:
                return self.error(404, "index_not_found_exception", f"no such index [{parts[0]}]")
            if method == "HEAD":
                return (200 if self.exists else 404), None
            if method == "PUT" and self.create_race:  # another client created it between our HEAD and PUT
                self.create_race = False
                self.exists, self.mapping = True, json.loads(raw).get("mappings", {})
                return self.error(400, "resource_already_exists_exception",
                                  f"index [{self.index}/abc123] already exists")
            if method == "PUT":
                body = json.loads(raw)
                for key in set(body) - INDEX_BODY_KEYS:
                    self.contract.fail("PUT index", f"no create-index body key {key!r}")
                self.exists, self.mapping = True, body.get("mappings", {})
                return 200, {"acknowledged": True, "shards_acknowledged": True, "index": self.index}
            if method == "DELETE":
                self.exists, self.docs = False, {}
                return 200, {"acknowledged": True}
        if parts and parts[0] == self.index and not self.exists and kind != "_bulk":
            return self.error(404, "index_not_found_exception", f"no such index [{self.index}]")
        if kind == "_bulk":
            if len(raw) > self.max_body_bytes:  # http.max_content_length (10 MiB on some managed clusters)
                return 413, None
            return self._bulk(raw)
        if kind == "_msearch":
            lines = self.contract.ndjson(raw, "_msearch")
            if len(lines) % 2:
                self.contract.fail("_msearch", "header and body lines come in pairs")
            responses = []
            for header, body in zip(lines[::2], lines[1::2]):
                if set(header) - {"index", "preference", "routing", "search_type"}:
                    self.contract.fail("_msearch", f"header keys {sorted(header)}")
                self.contract.search(body, "_msearch body")
                if self.msearch_item_script:
                    status = self.msearch_item_script.pop(0)
                    kind_ = "es_rejected_execution_exception" if status == 429 else "query_shard_exception"
                    responses.append({**self.error(status, kind_, f"scripted {status} for one search")[1]})
                    continue
                responses.append(self._evaluated(body))
            return 200, {"took": 1, "responses": responses}
        if kind in ("_search", "_count", "_delete_by_query"):
            body = json.loads(raw) if raw else {}
            self.bodies.append((kind, body))
            if kind == "_search":
                self.contract.search(body)
                window = body.get("from", 0) + body.get("size", 10)
                if window > self.max_window:
                    return self.error(400, "illegal_argument_exception", "Result window is too large, from + size "
                                      f"must be less than or equal to: [{self.max_window}] but was [{window}]")
            elif set(body) - {"query"}:
                self.contract.fail(kind, f"body keys {sorted(body)}")
            if body.get("query"):
                self.contract.query(body["query"], f"{kind}.query")
                if _most_clauses(body["query"]) > MAX_CLAUSES:
                    return self.error(400, "too_many_clauses",
                                      f"too_many_clauses: maxClauseCount is set to {MAX_CLAUSES}")
            if kind == "_count":
                try:
                    n = sum(matches(d, body.get("query", {"match_all": {}})) for d in self.docs.values())
                except AssertionError:
                    n = self.word_count  # words only a real cluster analyses: the count the test sets
                return 200, {"count": n, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}
            if kind == "_delete_by_query":
                if params.get("conflicts") != ["proceed"]:
                    self.contract.fail(kind, "conflicts=proceed expected")
                gone = [i for i, d in self.docs.items() if matches(d, body["query"])]
                left = self.delete_script.pop(0) if self.delete_script else None
                if left == "failure":
                    return 200, {"took": 1, "timed_out": False, "total": len(gone), "deleted": 0, "batches": 1,
                                 "version_conflicts": 0, "noops": 0, "failures": [
                                     {"index": self.index, "id": gone[0] if gone else "", "status": 429,
                                      "cause": {"type": "es_rejected_execution_exception",
                                                "reason": "rejected execution (scripted)"}}]}
                if left == "conflict":
                    return 200, {"took": 1, "timed_out": False, "total": len(gone), "deleted": 0, "batches": 1,
                                 "version_conflicts": len(gone), "noops": 0, "failures": []}
                for i in gone:
                    del self.docs[i]
                return 200, {"took": 1, "deleted": len(gone), "total": len(gone), "failures": []}
            if "composite" in json.dumps(body.get("aggs", {})):
                return 200, self._composite(body)
            if self.search_response is not None and not self._is_ingest_lookup(body):
                return 200, self.search_response(body) if callable(self.search_response) else self.search_response
            return 200, self._evaluated(body)
        if kind == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if kind == "_mapping" and method == "PUT":  # a mapping update: _meta is replaced whole, as a cluster does
            body = json.loads(raw)
            if set(body) - {"_meta", "properties", "dynamic", "dynamic_templates"}:
                self.contract.fail("PUT _mapping", f"body keys {sorted(body)}")
            if "_meta" in body:
                self.mapping = {**self.mapping, "_meta": body["_meta"]}
            return 200, {"acknowledged": True}
        if kind == "_mapping":
            return 200, {self.index: {"mappings": self.mapping}}
        return self.error(400, "illegal_argument_exception", f"the fake does not serve {method} {path}")

    @staticmethod
    def _is_ingest_lookup(body: dict) -> bool:
        """A request the engine makes for its own bookkeeping (ids, files, copies, the values a field holds),
        not a user's search."""
        aggs = body.get("aggs")
        values_only = "query" not in body and bool(aggs) and all(set(a) == {"terms"} for a in aggs.values())
        if not evaluable(body.get("query", {"match_all": {}})):  # words to score (listed, re-ranked): a user's
            return False
        return "highlight" not in body and (aggs is None or values_only)

    def _evaluated(self, body: dict) -> dict:
        """Hits over the kept documents, for the term filters the ingest sends (no scores)."""
        query = body.get("query", {"match_all": {}})
        try:
            found = [(i, d) for i, d in sorted(self.docs.items()) if matches(d, query)]
        except AssertionError:
            found = []  # shapes only a real cluster scores (more_like_this, story bands...): no hits
        size = body.get("size", 10)
        hits = [{"_index": self.index, "_id": i, "_score": 1.0, "_source": d, "sort": [d["id"]]}
                for i, d in found[:size]]
        out = {"took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
               "hits": {"total": {"value": len(found), "relation": "eq"}, "max_score": 1.0 if hits else None,
                        "hits": hits}}
        aggs = body.get("aggs", {})
        if aggs and _countable(aggs):  # terms (ordered by count) and filter aggregations, over the matches
            out["aggregations"] = _aggregated([d for _, d in found], aggs)
        return out

    def _composite(self, body: dict) -> dict:
        """A composite aggregation of terms sources (the ingest's file/stamp pairs, the stories an exclusion
        leaves out) over the kept documents the query matches."""
        (name, agg), = body["aggs"].items()
        sources = [(key, spec["terms"]["field"]) for source in agg["composite"]["sources"]
                   for key, spec in source.items()]
        query = body.get("query", {"match_all": {}})
        pairs = Counter(tuple(d.get(field) for _, field in sources) for d in self.docs.values() if matches(d, query))
        keys = sorted(pairs)
        after = agg["composite"].get("after")
        if after:
            keys = [k for k in keys if k > tuple(after[key] for key, _ in sources)]
        page = keys[:agg["composite"]["size"]]
        buckets = [{"key": {key: v for (key, _), v in zip(sources, k)}, "doc_count": pairs[k]} for k in page]
        out: dict = {"buckets": buckets}
        if page:
            out["after_key"] = {key: v for (key, _), v in zip(sources, page[-1])}
        return {"took": 1, "timed_out": False, "hits": {"total": {"value": len(self.docs), "relation": "eq"},
                                                        "hits": []}, "aggregations": {name: out}}

    def _bulk(self, raw: bytes) -> tuple[int, dict]:
        items = []
        errors = False
        for action, meta, source in self.contract.bulk(raw):
            status = self.item_script.pop(0) if self.item_script else 201
            status = 429 if meta.get("_id") in self.refused_ids else status
            if status >= 300:
                errors = True
                items.append({action: {"_index": meta.get("_index"), "_id": meta.get("_id"), "status": status,
                                       "error": {"type": "es_rejected_execution_exception",
                                                 "reason": "rejected execution (scripted)"}}})
                continue
            if meta.get("_index") != self.index:
                self.contract.fail("_bulk", f"action for index {meta.get('_index')!r}")
            if action == "delete":
                self.docs.pop(meta["_id"], None)
            elif action == "update" and source is not None:
                if set(source) - {"doc", "doc_as_upsert", "upsert", "script", "detect_noop"}:
                    self.contract.fail("_bulk", f"update body keys {sorted(source)}")
                self.docs[meta["_id"]].update(source.get("doc", {}))
            elif source is not None:
                self.exists = True
                self.docs[meta["_id"]] = source
            items.append({action: {"_index": self.index, "_id": meta.get("_id"), "_version": 1, "result": "created",
                                   "_shards": {"total": 2, "successful": 1, "failed": 0}, "status": status}})
        return 200, {"took": 3, "errors": errors, "items": items}
