"""``searchidx serve``: the search pages and a JSON API over the library (``searchidx.api.Index``).

Starlette (routing, static files) on uvicorn, pages from Jinja2 templates. The layer holds no search
logic: every page and endpoint turns its URL into a ``Query`` (``params.py``), makes the same library
call a CLI command makes, and shows the plain result dataclasses (HTML) or their ``to_dict`` (JSON).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import SearchidxError

WEB_EXTRA = "searchidx serve needs the web extra: pip install 'searchidx[web]' (Starlette, uvicorn, Jinja2)"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def require_web() -> None:
    """SearchidxError with the install command when the web libraries are missing."""
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise SearchidxError(f"{WEB_EXTRA}; missing: {e.name}") from None


def _check_free(host: str, port: int) -> None:
    """One clear line when the address cannot be listened on (uvicorn would log it and exit 1)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise SearchidxError(f"--host {host!r}: not an address of this computer ({e.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as e:
            raise SearchidxError(f"cannot listen on {host}:{port}: {e.strerror or e} (is another server using "
                                 "it? choose another with --port)") from None


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8008, queries: str | Path | None = None,
          workers: int = 4, announce: bool = True) -> None:
    """Open the index read-only and answer HTTP on ``host``:``port`` until interrupted."""
    require_web()
    import uvicorn

    from .app import create_app

    _check_free(host, port)
    app = create_app(settings, queries=queries, workers=workers, host=host)
    if announce:
        shown = f"[{host}]" if ":" in host else host
        print(f"searchidx serve: http://{shown}:{port}/  (index {settings.index}"
              + (f", saved queries {queries}" if queries else "") + "; Ctrl-C stops)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                h11_max_incomplete_event_size=16 * 1024)


__all__ = ["serve", "require_web", "WEB_EXTRA"]
