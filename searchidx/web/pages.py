"""The HTML pages: each turns its address into a Query, makes the library calls a CLI command makes, renders.

Every page works without JavaScript: filters, paging and the date chart are links, the forms submit
with GET (so each state has an address to share).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from .. import dates, output
from ..api import Index
from ..errors import SearchidxError, TimelineTooLong
from ..search.query import ENTITY_TYPES, Query
from ..search.results import Results, Timeline
from . import charts, markup
from .params import (
    EXCLUDABLE,
    EXCLUDE_PREFIX,
    FILTER_FIELDS,
    PERIOD_FIELDS,
    SPLITS,
    VIEW_OPTIONS,
    PageState,
    ParamError,
    build_query,
    flag,
    last,
    pairs_of,
    rank_of,
    saved_params,
    split_of,
    types_of,
    url_of_query,
    url_of_report,
    whole_number,
)
from .site import message_of, render, status_of

FACETS_SHOWN = EXCLUDABLE
LABELS = {"person": "People", "place": "Places", "org": "Organisations", "source": "Sources", "year": "Years",
          "month": "Months"}
SINGULAR = {"person": "person", "place": "place", "org": "organisation", "source": "source", "year": "year",
            "month": "month", "day": "day"}
PRECISION = {"year": "year only", "month": "month only", "day": "day", "time": "date and time"}
FACET_LIMIT = 10
MAX_PAGE_LIMIT = 100  # hits on one page: a bigger page is cut to this (the JSON API takes up to the library's limit)
HISTOGRAM_MAX_MONTHS = 60  # more months than this: the chart counts years
MAX_CHART_PERIODS = 1500


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def filter_url(field: str, value: str) -> str:
    """A search for the articles naming ``value`` as a ``field`` (a name linked on a page)."""
    return "/?" + urlencode({field: value})


def _page(request: Request, template: str, http_status: int = 200, /, **context: object) -> HTMLResponse:
    env = request.app.state.templates
    html = render(env, template, article_url=article_url, filter_url=filter_url, labels=LABELS,
                  singular=SINGULAR, counted=output.counted, total_words=output.total_words,
                  saved_enabled=request.app.state.saved.path is not None, view_options=VIEW_OPTIONS,
                  entity_types=ENTITY_TYPES, **context)
    return HTMLResponse(html, status_code=http_status)


def _params(request: Request) -> list[tuple[str, str]]:
    return pairs_of(request.query_params.multi_items())


# What a page over the form's query adds to its context: (site, params, state, context) -> None.
Fill = Callable[[Any, list[tuple[str, str]], PageState, dict], None]


def _query_page(request: Request, template: str, nav: str, fill: Fill, /, **empty: object) -> HTMLResponse:
    """A page over the form's query (the search page's state: words, filters, dates), its chips and
    ``empty`` values until ``fill`` gives what it shows; an error ``fill`` raises is shown on the page,
    with its status."""
    params = _params(request)
    state = PageState(params)
    context: dict = {"state": state, "nav": nav, "chips": chips(state, request.url.path), "error": None, **empty}
    status = 200
    try:
        fill(request.app.state, params, state, context)
    except SearchidxError as e:
        context["error"], status = message_of(e), status_of(e)
    return _page(request, template, status, **context)


@dataclass
class Chip:
    label: str
    remove: str
    kind: str  # include, exclude, date


def chips(state: PageState, path: str = "/") -> list[Chip]:
    """The active filters, each with the address that removes it and stays on the page at ``path`` (the
    timeline keeps its periods, the network its top)."""
    out = [Chip(f"{SINGULAR[f]}: {v}", state.url(path, remove=(f, v)), "include")
           for f in (*FILTER_FIELDS, *PERIOD_FIELDS) for v in state.all(f)]
    out += [Chip(f"not {SINGULAR[f]}: {v}", state.url(path, remove=(EXCLUDE_PREFIX + f, v)), "exclude")
            for f in EXCLUDABLE for v in state.all(EXCLUDE_PREFIX + f)]
    since, until = state.get("since"), state.get("until")
    if since and since == until:
        out.append(Chip(f"date: {since}", state.url(path, drop=("page", "since", "until")), "date"))
    else:
        out += [Chip(f"{word} {v}", state.url(path, drop=("page", key)), "date")
                for key, word, v in (("since", "from", since), ("until", "until", until)) if v]
    return out


@dataclass
class FacetRow:
    value: str
    count: int
    include: str
    exclude: str
    active: bool


def facet_rows(results: Results, state: PageState) -> dict[str, list[FacetRow]]:
    """Each facet's values with the addresses that add the value as a filter (or take it away, when it is
    one), or exclude it."""
    out: dict[str, list[FacetRow]] = {}
    for name in FACETS_SHOWN:
        rows = []
        for fc in results.facets.get(name, []):
            active = state.has(name, fc.value)
            if active:  # chosen already: the link takes the filter away again (it led back to the same page)
                include = state.url(remove=(name, fc.value))
            elif name in FILTER_FIELDS:
                include = state.narrowed(name, fc.value)
            else:  # a year or month: the articles it counted (not since/until, which keep coarser dates too)
                include = period_url(state, name, fc.value)
            rows.append(FacetRow(fc.value, fc.count, include, state.url(add=[(EXCLUDE_PREFIX + name, fc.value)]),
                                 active))
        if rows:
            out[name] = rows
    return out


def period_url(state: PageState, by: str, period: str) -> str:
    """The address narrowing to one facet value or chart bar (or a range of bars, ``2019-06..2019-09``): the
    articles it counted (``day:2019-12-31`` leaves out those dated only to 2019-12, which no day bar counts).
    It replaces the one given before (two months are no article's)."""
    if by in PERIOD_FIELDS:
        return state.url(set_={by: period})
    return state.url(set_={"since": period, "until": period})  # (a week: the chart never counts by week)


def histogram_timeline(idx: Index, query: Query) -> Timeline | None:
    """The matches per month (per year over more than five years, per day within one month)."""
    q = query.replace(page=1, facets=())  # one hit a story: the bars count stories (Index.timeline)
    try:
        tl = idx.timeline(q, by="month")
    except TimelineTooLong:  # matches dated from the year 1 to now (a "no date" stand-in): by year, then
        return idx.timeline(q, by="year")
    # over five years, or matches dated only to a year (which no month counts: the chart was left out)
    if len(tl.periods) > HISTOGRAM_MAX_MONTHS or (not tl.periods and tl.coarse):
        tl = idx.timeline(q, by="year")
    elif len(tl.periods) == 1:  # (by month still when its matches are dated only to that month: no day counts them)
        days = idx.timeline(q, by="day")
        tl = days if days.periods else tl
    return tl if tl.periods else None


def pages_around(page: int, pages: int, width: int = 3) -> list[int]:
    return list(range(max(1, page - width), min(pages, page + width) + 1))


def search_page(request: Request) -> HTMLResponse:
    """The search page: box, chips, facets, date chart, hits, paging."""
    return _query_page(request, "search.html", "search", _fill_search, results=None)


def _fill_search(site: Any, params: list[tuple[str, str]], state: PageState, context: dict) -> None:
    query, _ = build_query(params, site.settings.limit, facets=FACETS_SHOWN, facet_limit=FACET_LIMIT)
    if query.limit > MAX_PAGE_LIMIT:  # (0, given or set, is honoured as the CLI does: counts and facets only)
        query = query.replace(limit=MAX_PAGE_LIMIT)
    with site.pool.borrow() as idx:
        results = idx.search(query)
        tl = histogram_timeline(idx, query)
    context.update(results=results, query=query, facets=facet_rows(results, state),
                   hits=[(hit, markup.title(hit), markup.snippet(hit)) for hit in results.hits],
                   pages=pages_around(results.page, results.pages),
                   page_url=lambda n: state.url(drop=(), set_={"page": str(n)}))
    if tl is not None:
        context["histogram"] = charts.histogram(
            tl.periods, tl.series.get("all", []), lambda p: period_url(state, tl.by, p),
            f"Matching {tl.counted} per {tl.by}", tl.counted, by=tl.by)
        context["histogram_by"] = tl.by
        context["histogram_not_counted"] = output.not_counted(tl)


def article_page(request: Request) -> HTMLResponse:
    """One article: metadata, text with names linked, its story's copies and similar articles."""
    site = request.app.state
    article_id = request.path_params["article_id"]
    with site.pool.borrow() as idx:
        record = idx.get(article_id)  # ArticleNotFound: a 404 page
        mentions = idx.mentions(record)
        story = idx.story(article_id)
        similar = idx.similar(article_id, limit=5)
    text = markup.paragraphs(record.text, mentions, lambda m: filter_url(m.type, m.name))
    return _page(request, "article.html", nav="", article=record, paragraphs=text, story=story, similar=similar,
                 url=markup.safe_url(record.url), precision=PRECISION.get(record.date_precision or "", ""),
                 state=PageState([]))


def timeline_page(request: Request) -> HTMLResponse:
    """Coverage over time: the matches per period, split by a facet's top values if asked."""
    return _query_page(request, "timeline.html", "timeline", _fill_timeline, timeline=None, periods=dates.PERIODS,
                       splits=SPLITS)


def _fill_timeline(site: Any, params: list[tuple[str, str]], state: PageState, context: dict) -> None:
    query, extra = build_query(params, 0, allowed_extra=("by", "split", "top"))
    by, split = last(extra, "by", "month"), split_of(extra)
    top = whole_number(last(extra, "top", "5"), "top", 1, 20)
    with site.pool.borrow() as idx:
        tl = idx.timeline(query, by=by, split=split, top=top)
    title = output.chart_title(query, tl, top)
    if len(tl.periods) > MAX_CHART_PERIODS:  # 30 years by day: a page of megabytes nobody can read
        raise ParamError(f"{len(tl.periods):,} {by}s are too many to draw (at most {MAX_CHART_PERIODS:,}): "
                         "choose a longer period, or narrow the dates (the JSON API gives them all)")
    context.update(timeline=tl, chart=charts.lines(tl.periods, tl.series, title) if tl.periods else None,
                   title=title, rows=list(zip(tl.periods, *tl.series.values())), not_counted=output.not_counted(tl),
                   empty=output.empty_note(tl))


def entities_page(request: Request) -> HTMLResponse:
    """People, places and organisations over the matches, with counts (the `entities` command)."""
    return _query_page(request, "entities.html", "entities", _fill_entities, facets=None, assoc=None)


def _fill_entities(site: Any, params: list[tuple[str, str]], state: PageState, context: dict) -> None:
    query, extra = build_query(params, 0, allowed_extra=("type", "top", "rank", "min_count"))
    types, rank = types_of(extra), rank_of(extra)
    top = whole_number(last(extra, "top", "20"), "top", 1, 500)
    context.update(top=top, types=types, rank=rank, bar=charts.bar,
                   include=lambda f, v: state.narrowed(f, v, path="/", drop=VIEW_OPTIONS))
    with site.pool.borrow() as idx:
        if rank == "association":  # who is unusually often in these matches (entities --rank association)
            min_count = whole_number(last(extra, "min_count", "3"), "min_count", 1, 1_000_000_000)
            context["assoc"] = idx.associations(query, types=types, top=top, min_count=min_count)
        else:
            results = idx.search(query.replace(facets=types, facet_limit=top, limit=0))
            context.update(facets=results.facets, total=results.total, unit=results.counted)


def saved_list_page(request: Request) -> HTMLResponse:
    qf = request.app.state.saved.get()
    if qf is None:
        return _page(request, "error.html", 404, status=404, nav="saved", state=None,
                     message="no saved queries: start the server with searchidx serve --queries FILE")
    queries = [(sq, [(p, qf.params[p]) for p in qf.params if f"{{{p}}}" in str(sq.values)]) for sq in qf.queries]
    return _page(request, "saved.html", nav="saved", file=qf, queries=queries, state=None)


def saved_run_page(request: Request) -> Response:
    """Run one saved query with the params given; with ``diff``, only what is new since its last recorded run."""
    site = request.app.state
    qf = site.saved.get()
    name = request.path_params["name"]
    if qf is None:
        return _page(request, "error.html", 404, status=404, nav="saved", state=None,
                     message="no saved queries: start the server with searchidx serve --queries FILE")
    if name not in qf.names():
        return _page(request, "error.html", 404, status=404, nav="saved", state=None,
                     message=f"no saved query named {name!r} in {qf.path} (queries: {', '.join(qf.names())})")
    params = _params(request)
    state = PageState(params)
    values = {**qf.params, **saved_params(params)}
    context: dict = {"nav": "saved", "name": name, "state": None, "error": None, "run": None, "diff": False,
                     "params": [(p, values[p]) for p in qf.params], "file": qf}
    status = 200
    try:
        context["diff"] = diff = flag("diff", state.get("diff"))
        resolved = qf.resolve(saved_params(params), names=[name])[0]
        if resolved.report is not None:  # a report has no hits: its own page shows it, from the same address
            return RedirectResponse(url_of_report(resolved.query, resolved.report, resolved.report_options), 303)
        with site.pool.borrow() as idx:
            runs = idx.run(qf, saved_params(params), names=[name], diff=diff, record=False)
        run = runs[name]
        context.update(run=run, hits=[(hit, markup.title(hit), markup.snippet(hit)) for hit in run.results.hits],
                       search_url=url_of_query(run.resolved.query.replace(page=1)))
    except SearchidxError as e:
        context["error"], status = message_of(e), status_of(e)
    return _page(request, "saved_run.html", status, **context)
