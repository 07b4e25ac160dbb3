"""The Starlette application: routes, security headers, errors as JSON or as a page."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from ..errors import SearchidxError
from . import analysis, endpoints, pages
from .params import MAX_URL_QUERY_CHARS
from .site import IndexPool, SavedFile, message_of, render, status_of, templates

# Scripts and styles only from this server (the page has no inline script or style), no plugins, no
# framing; images from here or data: URLs. An article's markup is escaped anyway: this is the second lock.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cross-origin-resource-policy", b"same-origin")]


class Guard:
    """Adds the security headers to every response; refuses over-long addresses before any work."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_URL_QUERY_CHARS:
            message = (f"the address is too long ({len(scope['query_string'])} characters of parameters; at most "
                       f"{MAX_URL_QUERY_CHARS}): shorten the query")
            response = _error_response(scope["path"], 414, message)
            await response(scope, receive, self._with_headers(send))
            return
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)
        return wrapped


def _wants_json(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _error_response(path: str, status: int, message: str) -> Response:
    if _wants_json(path):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    html = render(templates(), "error.html", status=status, message=message, state=None, nav="")
    return HTMLResponse(html, status_code=status)


async def _library_error(request: Request, exc: Exception) -> Response:
    return _error_response(request.url.path, status_of(exc), message_of(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: f"nothing at {request.url.path}", 405: "this server only reads: use GET"}.get(
        exc.status_code, str(exc.detail))
    response = _error_response(request.url.path, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _closing(pool: IndexPool):  # noqa: ANN202  (a lifespan factory)
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()
    return lifespan


def create_app(settings: Settings, queries: str | Path | None = None, workers: int = 4,
               host: str = "127.0.0.1") -> Starlette:
    """The application over the index in ``settings.index`` (opened now: a missing index fails here)."""
    from . import LOOPBACK

    pool = IndexPool(settings, workers)
    saved = SavedFile(queries)
    routes = [
        Route("/", pages.search_page), Route("/article/{article_id:path}", pages.article_page),
        Route("/timeline", pages.timeline_page), Route("/entities", pages.entities_page),
        Route("/trending", analysis.trending_page), Route("/network", analysis.network_page),
        Route("/saved", pages.saved_list_page), Route("/saved/{name}", pages.saved_run_page),
        Route("/api", endpoints.index), Route("/api/search", endpoints.search),
        Route("/api/article/{article_id:path}", endpoints.article), Route("/api/facets", endpoints.facets),
        Route("/api/entities", endpoints.entities), Route("/api/timeline", endpoints.timeline),
        Route("/api/trending", endpoints.trending), Route("/api/network", endpoints.network),
        Route("/api/similar/{article_id:path}", endpoints.similar),
        Route("/api/story/{article_id:path}", endpoints.story), Route("/api/stats", endpoints.stats),
        Route("/api/saved", endpoints.saved_list), Route("/api/saved/{name}", endpoints.saved_run),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]
    # On loopback, only requests addressed to loopback names: a web page elsewhere cannot reach the
    # archive through the browser by pointing a name of its own at 127.0.0.1 (DNS rebinding).
    allowed = [*LOOPBACK, "[::1]"] if host in LOOPBACK else ["*"]
    app = Starlette(routes=routes, middleware=[Middleware(Guard), Middleware(TrustedHostMiddleware,
                                                                              allowed_hosts=allowed)],
                    exception_handlers={SearchidxError: _library_error, HTTPException: _http_error},
                    lifespan=_closing(pool))
    app.state.pool = pool
    app.state.saved = saved
    app.state.settings = settings
    app.state.templates = templates()
    return app

