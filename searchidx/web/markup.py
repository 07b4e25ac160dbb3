"""Article text and snippets as HTML: every character of the article escaped, only our own marks are markup.

Snippets come from the library as plain text plus highlight offsets (``Hit.highlights``); article
text as plain text plus the offsets of recognised names (``Index.mentions``). Nothing the article
contains is ever passed through as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..search.mentions import Mention
from ..search.results import Hit


def snippet(hit: Hit) -> Markup:
    """The hit's snippet with each matched word in ``<mark>``."""
    return _marks(hit.snippet, hit.highlights)


def title(hit: Hit) -> Markup:
    """The hit's title (its id when it has none) with each matched word in ``<mark>``."""
    return _marks(hit.title, hit.title_highlights) if hit.title else escape(hit.id)


def _marks(text: str, spans: Sequence[tuple[int, int]]) -> Markup:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def paragraphs(text: str, mentions: Sequence[Mention], href: Callable[[Mention], str]) -> list[Markup]:
    """The text as paragraphs (split at blank lines), each recognised name a link (``href(mention)``)."""
    out: list[Markup] = []
    pos = 0
    marks = list(mentions)
    k = 0
    for block in text.split("\n\n"):
        start, end = pos, pos + len(block)
        pos = end + 2
        pieces: list[Markup | str] = []
        at = start
        while k < len(marks) and marks[k].start < end:
            m = marks[k]
            k += 1
            if m.start < at or m.end > end:
                continue  # across a paragraph break: left unmarked
            pieces += [escape(text[at:m.start]),
                       Markup('<a class="entity {}" href="{}" title="{}: {}">{}</a>').format(
                           m.type, href(m), m.type, m.name, text[m.start:m.end])]
            at = m.end
        pieces.append(escape(text[at:end]))
        html = Markup("").join(pieces).strip()
        if html:
            out.append(html)
    return out


def safe_url(url: str) -> str | None:
    """The URL if it is a web address (http or https), else None: a ``javascript:`` URL is shown as text only."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
