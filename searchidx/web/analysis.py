"""The entity-analytics pages: names rising in a period (``searchidx trending``) and the co-occurrence network
of a search's matches (``searchidx network``). The association ranking is a rank of the entities page.

Both keep the search page's state (query, filters, dates) in their address, take the command's options as form
fields, and link every name to the search for it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..analytics.render import span
from ..output.text import counted
from . import charts
from .pages import _query_page
from .params import VIEW_OPTIONS, PageState, build_query, last, types_of, whole_number

MAX_DRAWN_NODES = 200  # the page's graph: more names are unreadable (the JSON API takes the library's limit)


def _name_link(state: PageState):  # noqa: ANN202  (a template helper)
    """The search for this page's matches naming one more name (``type``, ``name``)."""
    return lambda etype, name: state.narrowed(etype, name, "/", drop=VIEW_OPTIONS)


def trending_page(request: Request) -> HTMLResponse:
    """Names whose share of the matches rose most from a baseline to the period ``since``..``until``."""
    return _query_page(request, "trending.html", "trending", _fill_trending, trend=None)


def _fill_trending(site: Any, params: list[tuple[str, str]], state: PageState, context: dict) -> None:
    query, extra = build_query(params, 0, allowed_extra=("type", "top", "min_count", "baseline"))
    types = types_of(extra)
    top = whole_number(last(extra, "top", "20"), "top", 1, 500)
    min_count = whole_number(last(extra, "min_count", "3"), "min_count", 1, 1_000_000_000)
    context.update(link=_name_link(state), span=span)
    if query.since:  # without a period the page is the form, with what to fill in
        with site.pool.borrow() as idx:
            context["trend"] = idx.trending(query, baseline=last(extra, "baseline", "") or None, types=types,
                                            top=top, min_count=min_count)


def network_page(request: Request) -> HTMLResponse:
    """The ``top`` names of the matches and the articles each pair shares: a drawn graph and its tables."""
    return _query_page(request, "network.html", "network", _fill_network, net=None, max_nodes=MAX_DRAWN_NODES)


def _fill_network(site: Any, params: list[tuple[str, str]], state: PageState, context: dict) -> None:
    query, extra = build_query(params, 0, allowed_extra=("type", "top", "min_articles"))
    types = types_of(extra)
    top = whole_number(last(extra, "top", "50"), "top", 1, MAX_DRAWN_NODES)
    min_articles = whole_number(last(extra, "min_articles", "2"), "min_articles", 1, 1_000_000_000)
    with site.pool.borrow() as idx:
        net = idx.network(query, types=types, top=top, min_articles=min_articles)
    link = _name_link(state)
    label = {n.id: n for n in net.nodes}
    title = (f"Names of {counted(net.matched, 'matching articles')}" + (f" for “{query.q}”" if query.q else "")
             + f": {counted(len(net.nodes), 'names')}, {counted(len(net.edges), 'links')}")
    context.update(net=net, title=title, link=link, node=label,
                   graph=charts.network(net, lambda n: link(n.type, n.label), title) if net.nodes else None)
