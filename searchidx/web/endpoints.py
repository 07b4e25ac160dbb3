"""The JSON API: one endpoint per library call, each body what the CLI prints with ``--format json``.

Parameters are the Query's keys (``q``, ``person``, ``since``, ``sort``, ``page``, ``limit``,
``facets``...); errors are ``{"error": message, "status": code}`` with the CLI's message.
"""

from __future__ import annotations

import io
import json

from starlette.requests import Request
from starlette.responses import Response

from .. import output
from ..search.query import FACET_NAMES
from .params import (
    ParamError,
    build_query,
    flag,
    last,
    only,
    pairs_of,
    rank_of,
    saved_params,
    split_of,
    types_of,
    whole_number,
)


def _result(value: object) -> Response:
    """A library result as the CLI writes it with ``--format json`` (the one dispatch, ``output.render``)."""
    buf = io.StringIO()
    output.render(value, "json", buf)
    return Response(buf.getvalue(), media_type="application/json")


def _data(value: object, status: int = 200) -> Response:
    """Plain data as JSON (what no CLI command prints: the API's own listings, an article with its mentions)."""
    return Response(json.dumps(value, ensure_ascii=False, indent=2) + "\n", status_code=status,
                    media_type="application/json")


def _params(request: Request) -> list[tuple[str, str]]:
    return pairs_of(request.query_params.multi_items())


def _limit(request: Request) -> int:
    """search.limit, as the CLI and the library take it: 0 gives counts and facets, no hits."""
    return request.app.state.settings.limit


def index(request: Request) -> Response:
    """What the API offers (the reference is docs/web.md)."""
    return _data({"endpoints": ["/api/search", "/api/article/ID", "/api/facets", "/api/entities", "/api/timeline",
                                "/api/trending", "/api/network", "/api/similar/ID", "/api/story/ID", "/api/stats",
                                "/api/saved", "/api/saved/NAME"],
                  "parameters": "the keys of a Query: q, person, place, org, source, lang, kind, since, until, "
                                "sort, limit, page, facets, facet_limit, literal, collapse, count, match, feedback; "
                                "lists repeat (person=A&person=B)"})


def search(request: Request) -> Response:
    query, _ = build_query(_params(request), _limit(request))
    with request.app.state.pool.borrow() as idx:
        return _result(idx.search(query))


def article(request: Request) -> Response:
    """The article as ``searchidx show --format json``, plus ``mentions``: where its names are written."""
    article_id = request.path_params["article_id"]
    only(_params(request), ())
    with request.app.state.pool.borrow() as idx:
        record = idx.get(article_id)
        mentions = idx.mentions(record)
    return _data({**record.to_dict(), "mentions": [m.to_dict() for m in mentions]})


def facets(request: Request) -> Response:
    """Facet counts over the matches (``facets`` names them, default all; ``facet_limit`` per facet)."""
    query, _ = build_query(_params(request), 0)
    with request.app.state.pool.borrow() as idx:
        results = idx.search(query.replace(facets=query.facets or FACET_NAMES, limit=0))
    return _result(results.facets)


def entities(request: Request) -> Response:
    """People, places and organisations over the matches: ``type`` (repeatable), ``top`` (default 20);
    ``rank=association`` ranks them against the whole index (``min_count``, default 3), as ``--rank association``."""
    query, extra = build_query(_params(request), 0, allowed_extra=("type", "top", "rank", "min_count"))
    types = types_of(extra)
    top = whole_number(last(extra, "top", "20"), "top", 1, 100_000)
    min_count = whole_number(last(extra, "min_count", "3"), "min_count", 1, 1_000_000_000)
    with request.app.state.pool.borrow() as idx:
        if rank_of(extra) == "association":
            return _result(idx.associations(query, types=types, top=top, min_count=min_count))
        results = idx.search(query.replace(facets=types, facet_limit=top, limit=0))
    return _result(results.facets)


def trending(request: Request) -> Response:
    """Names whose share of the matches rose most in ``since``..``until`` against ``baseline`` (``A..B``; default
    as long, just before): ``type``, ``top`` (default 20), ``min_count`` (default 3), as ``searchidx trending``."""
    query, extra = build_query(_params(request), 0, allowed_extra=("type", "top", "min_count", "baseline"))
    top = whole_number(last(extra, "top", "20"), "top", 1, 100_000)
    min_count = whole_number(last(extra, "min_count", "3"), "min_count", 1, 1_000_000_000)
    with request.app.state.pool.borrow() as idx:
        return _result(idx.trending(query, baseline=last(extra, "baseline", "") or None, types=types_of(extra),
                                    top=top, min_count=min_count))


def network(request: Request) -> Response:
    """The names of the matches and the articles they share (networkx's node-link form, as ``searchidx network
    --format json``): ``type``, ``top`` (default 50), ``min_articles`` (default 2)."""
    query, extra = build_query(_params(request), 0, allowed_extra=("type", "top", "min_articles"))
    top = whole_number(last(extra, "top", "50"), "top", 1, 100_000)
    min_articles = whole_number(last(extra, "min_articles", "2"), "min_articles", 1, 1_000_000_000)
    with request.app.state.pool.borrow() as idx:
        return _result(idx.network(query, types=types_of(extra), top=top, min_articles=min_articles))


def timeline(request: Request) -> Response:
    """Matches per period: ``by`` (day, week, month, year), ``split`` (person, place, org, source), ``top``."""
    query, extra = build_query(_params(request), 0, allowed_extra=("by", "split", "top"))
    split, top = split_of(extra), whole_number(last(extra, "top", "5"), "top", 1, 1000)
    with request.app.state.pool.borrow() as idx:
        return _result(idx.timeline(query, by=last(extra, "by", "month"), split=split, top=top))


def similar(request: Request) -> Response:
    """Articles most like one: ``limit`` (default 10), ``include_copies``, and any filter (``q`` too: only the
    articles its words match are ranked)."""
    params = _params(request)
    query, extra = build_query(params, 10, allowed_extra=("include_copies",))
    copies = flag("include_copies", last(extra, "include_copies", "false"))
    options = {k: v for k, v in query.to_dict().items() if k != "limit"}
    with request.app.state.pool.borrow() as idx:
        return _result(idx.similar(request.path_params["article_id"], limit=query.limit, include_copies=copies,
                                 **options))


def story(request: Request) -> Response:
    only(_params(request), ())
    with request.app.state.pool.borrow() as idx:
        return _result(idx.story(request.path_params["article_id"]))


def stats(request: Request) -> Response:
    """Counts, date span, size, and the ``top`` (default 5) values of each facet, as ``searchidx stats --top``."""
    top = whole_number(last(only(_params(request), ("top",)), "top", "5"), "top", 1, 100_000)
    with request.app.state.pool.borrow() as idx:
        return _result(idx.stats(top=top))


def saved_list(request: Request) -> Response:
    """The saved queries of ``--queries FILE``: name, description, the keys as written, and the file's params."""
    qf = request.app.state.saved.get()
    if qf is None:
        return _missing_saved()
    return _data({"file": qf.path, "params": qf.params,
                  "queries": [{"name": q.name, "description": q.description,
                               "query": {k: v for k, v in q.values.items() if k not in ("name", "description")}}
                              for q in qf.queries]})


def saved_run(request: Request) -> Response:
    """Run one saved query: params as ``set=NAME=VALUE`` (or ``p.NAME=VALUE``), ``diff=true`` for what is new
    since its last recorded run (``searchidx run --diff`` records; the server only reads)."""
    qf = request.app.state.saved.get()
    if qf is None:
        return _missing_saved()
    name = request.path_params["name"]
    if name not in qf.names():
        return _data({"error": f"no saved query named {name!r} in {qf.path} (queries: {', '.join(qf.names())})",
                      "status": 404}, 404)
    params = _params(request)
    unknown = [k for k, _ in params if k not in ("set", "diff") and not k.startswith("p.")]
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r} (known: set=NAME=VALUE, p.NAME, diff)")
    diff = any([flag("diff", v) for k, v in params if k == "diff"])  # (each checked: diff=maybe is an error)
    with request.app.state.pool.borrow() as idx:
        run = idx.run(qf, saved_params(params), names=[name], diff=diff, record=False)[name]
    return _data(run.to_dict())


def _missing_saved() -> Response:
    return _data({"error": "no saved queries: start the server with searchidx serve --queries FILE", "status": 404},
                 404)
