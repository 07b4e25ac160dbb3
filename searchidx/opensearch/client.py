"""The connection to the cluster: opensearch-py's client, retries with backoff, one-line errors.

Credentials come only from the environment (``SEARCHIDX_OPENSEARCH_USER`` and ``..._PASSWORD``, or
``SEARCHIDX_OPENSEARCH_API_KEY``), never from a settings file; TLS certificates are checked unless
the settings turn that off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Settings
from ..errors import ClusterError, ConfigError, IndexNotFound, SearchidxError

if TYPE_CHECKING:
    from opensearchpy import OpenSearch

T = TypeVar("T")
RETRY_STATUS = (429, 500, 502, 503, 504)  # busy or failing for a moment: worth asking again
BACKOFF_S = 1.0  # the first wait; doubled after each refusal
MAX_BACKOFF_S = 60.0
REQUEST_TIMEOUT_S = 60  # how long a request may take to answer
INSTALL_HINT = "pip install 'searchidx[opensearch]'"


def opensearchpy_module() -> Any:
    """The opensearchpy package, or a one-line ConfigError saying how to install it."""
    try:
        import opensearchpy
    except ImportError:
        raise ConfigError(f"backend opensearch needs the opensearch-py package: {INSTALL_HINT}") from None
    return opensearchpy


def make_client(settings: Settings) -> OpenSearch:
    """An opensearch-py client for ``settings.opensearch_url``; its own retries are off (``Cluster``
    retries with backoff, which the client's transport does not wait between)."""
    osp = opensearchpy_module()
    if not settings.opensearch_url:
        raise ConfigError("backend opensearch needs the cluster's address: --url URL, SEARCHIDX_OPENSEARCH_URL "
                          "or opensearch.url in the settings file")
    options: dict[str, Any] = {"hosts": [settings.opensearch_url], "verify_certs": settings.opensearch_verify_certs,
                               "max_retries": 0, "retry_on_status": (), "timeout": REQUEST_TIMEOUT_S,
                               "http_compress": True}
    if not settings.opensearch_verify_certs:
        options["ssl_show_warn"] = False
    if settings.opensearch_ca_certs:
        options["ca_certs"] = settings.opensearch_ca_certs
    user, password = os.environ.get("SEARCHIDX_OPENSEARCH_USER"), os.environ.get("SEARCHIDX_OPENSEARCH_PASSWORD")
    api_key = os.environ.get("SEARCHIDX_OPENSEARCH_API_KEY")
    if user and password:
        options["http_auth"] = (user, password)
    elif user or password:
        raise ConfigError("set both SEARCHIDX_OPENSEARCH_USER and SEARCHIDX_OPENSEARCH_PASSWORD, or neither")
    elif api_key:
        options["headers"] = {"Authorization": f"ApiKey {api_key}"}
    return osp.OpenSearch(**options)


def _reason(error: Any) -> str:
    """The cluster's own one-line reason for a refused request."""
    return _reason_in(getattr(error, "info", None)) or str(getattr(error, "error", "") or error)


def _reason_in(info: Any) -> str | None:
    """The one-line reason in an error answer's body (``{"error": {"root_cause": [...]}}``), if any."""
    if isinstance(info, dict):
        err = info.get("error")
        if isinstance(err, dict):
            causes = err.get("root_cause") or [err]
            first = causes[0] if isinstance(causes[0], dict) else err
            return f"{first.get('type', 'error')}: {first.get('reason', '')}".strip()
        if err:
            return str(err)
    return None


class Cluster:
    """Requests to one cluster index: each tried again on 429, 5xx or a dropped connection, waiting
    BACKOFF_S, then twice as long each time (at most ``retries`` times); failures as one-line errors."""

    def __init__(self, settings: Settings, client: OpenSearch | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.url = settings.opensearch_url or "(no url)"
        self.index = settings.opensearch_index
        self.client = client if client is not None else make_client(settings)
        self.sleep = sleep
        self.backoff = BACKOFF_S
        self.retried = 0  # requests asked again (the contract test reads it)

    def call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)``, retried with backoff; ``what`` names the request in errors."""
        osp = opensearchpy_module()
        attempt = 0
        while True:
            partial, late = None, False
            try:
                answer = fn(*args, **kwargs)
                status, why = _item_refusal(answer)
                if status is not None:  # one search of a multi-search refused (the request itself answered 200)
                    if status not in RETRY_STATUS:
                        raise self._refused(what, status, why)
                else:
                    partial = _partial(answer)
                    if partial is None:
                        return answer
                    why = partial
            except osp.exceptions.SSLError as e:
                raise ClusterError(f"the TLS certificate of {self.url} could not be verified ({_short(e)}); "
                                   "set opensearch.ca_certs to its CA file (or verify_certs: false for a test "
                                   "cluster)") from None
            except osp.exceptions.ConnectionTimeout:  # reached, but no answer in time: not a wrong address
                status, why = None, f"{what}: the cluster at {self.url} did not answer within {self._timeout()}"
                late = True
            except osp.exceptions.ConnectionError as e:
                status, why = None, f"cannot reach the cluster at {self.url} ({_short(e)})"
            except osp.exceptions.TransportError as e:
                status = e.status_code if isinstance(e.status_code, int) else None
                why = _reason(e)
                if status not in RETRY_STATUS:
                    raise self._refused(what, status, why) from None
            if attempt >= self.settings.opensearch_retries:
                if partial is not None:
                    raise ClusterError(f"{what}: the cluster at {self.url} answered from part of the index only "
                                       f"({partial}) {attempt + 1} times; an incomplete answer is not used; try "
                                       "again later ('searchidx check --backend opensearch' shows the cluster's "
                                       "health)") from None
                if late:
                    raise ClusterError(f"{why}, {attempt + 1} times; try again later, or narrow the search (a filter, "
                                       "a date range)") from None
                if status is None:
                    raise ClusterError(f"{why}; check --url / opensearch.url and that the cluster is up") from None
                raise ClusterError(f"{what}: the cluster at {self.url} answered {status} ({why}) "
                                   f"{attempt + 1} times; try again later") from None
            self.wait_to_retry(attempt)
            attempt += 1

    def _timeout(self) -> str:
        """The client's read timeout, as text ("60 s")."""
        try:
            seconds = float(self.client.transport.connection_pool.connections[0].timeout)
        except (AttributeError, IndexError, TypeError, ValueError):
            seconds = REQUEST_TIMEOUT_S
        return f"{seconds:g} s"

    def wait_to_retry(self, attempt: int) -> None:
        """Wait before asking again after ``attempt`` + 1 failed tries: BACKOFF_S, then twice as long each time."""
        self.sleep(min(self.backoff * 2 ** attempt, MAX_BACKOFF_S))
        self.retried += 1

    def _refused(self, what: str, status: int | None, why: str) -> SearchidxError:
        if status == 401:
            return ClusterError(f"the cluster at {self.url} refused the credentials (401): set "
                                "SEARCHIDX_OPENSEARCH_USER and SEARCHIDX_OPENSEARCH_PASSWORD "
                                "(or SEARCHIDX_OPENSEARCH_API_KEY)")
        if status == 403:
            return ClusterError(f"{what}: not allowed on index {self.index!r} at {self.url} (403: {why})")
        if status == 404 and "index_not_found" in why:
            return IndexNotFound(f"no index {self.index!r} at {self.url}: run 'searchidx index --backend "
                                 "opensearch CORPUS' to create it")
        if status == 400:
            return SearchidxError(f"{what}: the cluster refused the request (400 {why})")
        return ClusterError(f"{what}: the cluster at {self.url} answered {status} ({why})")


def _item_refusal(answer: Any) -> tuple[int | None, str]:
    """The status and reason of the first search a multi-search answer refused (each of its searches
    answers apart, with an ``error`` and a ``status`` of its own: a busy node's 429), else (None, '')."""
    if not isinstance(answer, dict):
        return None, ""
    for response in answer.get("responses") or []:
        if isinstance(response, dict) and response.get("error"):
            status = response.get("status")
            why = _reason_in({"error": response["error"]}) or "refused"
            return (status if isinstance(status, int) else 500), why
    return None, ""


def _partial(answer: Any) -> str | None:
    """Why a search, count or multi-search answer covers only part of the index (a shard failed or the search
    timed out: the cluster answers 200 with what it has, by default), else None."""
    if not isinstance(answer, dict):
        return None
    for response in answer.get("responses") or [answer]:
        if not isinstance(response, dict) or ("hits" not in response and "count" not in response):
            continue
        shards = response.get("_shards") or {}
        if shards.get("failed"):
            failures = shards.get("failures") or [{}]
            reason = failures[0].get("reason") if isinstance(failures[0], dict) else None
            cause = f": {reason.get('type', 'error')}: {reason.get('reason', '')}" if isinstance(reason, dict) else ""
            return f"{shards['failed']} of {shards.get('total', '?')} shards failed{cause}"
        if response.get("timed_out"):
            return "the search timed out on some shards"
    return None


def _short(error: Exception) -> str:
    text = str(getattr(error, "error", "") or error)
    return text if len(text) <= 160 else text[:157] + "..."
