"""Web pages saved as one file, "Webpage, Single File" (.mhtml, .mht): a MIME message whose first HTML part
is the page, read as a saved .html page is, the address it was saved from its URL when it names none."""

from __future__ import annotations

import email
import email.policy
from email.message import Message

from ....errors import ReadError
from ...article import Article
from ...headers import FieldMap
from ...normalize import BinaryContent, decode


def _page(message: Message) -> Message | None:
    return next((part for part in message.walk() if part.get_content_type() == "text/html"), None)


def page_html(content: str, rel: str) -> tuple[str, str]:
    """The HTML of the saved page and the address it was saved from ('' if the file does not say)."""
    from . import declared_charset

    # the file's bytes again: a part sent as 8bit or binary holds its page's own encoding
    message = email.message_from_bytes(content.encode("utf-8", "surrogateescape"), policy=email.policy.compat32)
    page = _page(message) if message.is_multipart() or message.get_content_type() == "text/html" else None
    if page is None:
        raise ReadError(rel, "no web page (text/html part) in this MHTML file")
    data = page.get_payload(decode=True)
    if not isinstance(data, bytes) or not data.strip():
        raise ReadError(rel, "the web page in this MHTML file is empty")
    charset = page.get_content_charset() or declared_charset(data)
    try:
        html = decode(data, charset)
    except BinaryContent as e:
        raise ReadError(rel, f"the web page in this MHTML file: {e}") from None
    url = str(page.get("Content-Location") or message.get("Snapshot-Content-Location") or "").strip()
    return html, url if url.startswith(("http://", "https://")) else ""


def read_mhtml(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    from . import read_html

    html, url = page_html(content, rel)
    return read_html(html, rel, fieldmap, filename, saved_from=url)
