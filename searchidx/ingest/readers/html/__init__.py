"""HTML pages as saved from the web: the article's own text, its metadata, and what kind of page it is.

The main text comes from trafilatura (precision-first, comments off), chosen by measurement on hand-marked
pages (`bin/html_eval.py`); metadata, the publication date and the page kind are read here from the same
lxml tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ....errors import ReadError
from ... import normalize
from ...article import Article
from ...headers import FieldMap
from .kind import ARTICLE, LISTING, LIVEBLOG, is_listing, live_posts
from .meta import read_meta
from .published import publication_date
from .text import main_text, page_language, page_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# <meta charset="windows-1257">, <meta http-equiv="Content-Type" content="text/html; charset=koi8-r">, or an
# XHTML page's <?xml ... encoding="..."?>; browsers look in the first 1,024 bytes, saved pages may have more first
_DECLARED = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)|<\?xml\b[^>]*?encoding\s*=\s*[\"']"
                       rb"([A-Za-z0-9_.:-]+)", re.IGNORECASE)


# The "mark of the Web" Chrome and Edge write atop a page they save ("Webpage, Complete"):
# <!-- saved from url=(0048)https://news.example.com/2022/09/20/wall -->, the length then the address
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s<>\"']+?)\s*-->", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The character encoding a page declares in its first 4,096 bytes, if any."""
    m = _DECLARED.search(data, 0, 4096)
    return (m.group(1) or m.group(2)).decode("ascii") if m else None


def _tree(content: str, rel: str) -> HtmlElement:
    from trafilatura import load_html  # slow to import; searching never needs it

    tree = load_html(content)
    if tree is None or next(tree.iter(), None) is None:
        raise ReadError(rel, "no HTML elements found")
    return tree


def read_html(content: str, rel: str, fieldmap: FieldMap, filename: str, saved_from: str = "") -> list[Article]:
    """One Article for the page (a live blog's posts stay in order in its text); ``saved_from``: the address
    the page was saved from, its URL when its markup names none (an MHTML file's; a saved page's own mark
    of the Web says it otherwise)."""
    from ....dates import from_filename

    tree = _tree(content, rel)
    meta = read_meta(tree)
    if not meta.url:  # the address the page was saved from: an MHTML file's, or the mark a browser leaves
        found = _SAVED_FROM.search(content, 0, 4096)
        meta.url = saved_from or (found.group(1) if found else "")
    posts = live_posts(tree, meta)
    if posts:
        kind = LIVEBLOG
        text = normalize.clean_text("\n\n".join(f"{p.time}\n{p.text}" if p.time else p.text for p in posts))
    else:
        text = main_text(tree, meta.url)
        kind = LISTING if is_listing(tree, meta, text, meta.url) else ARTICLE
        if kind == LISTING or not text:
            text = page_text(tree)  # a listing's teasers are what it has to say
    # a listing shows other stories' dates: only its own markup or URL may date it
    point = publication_date(tree, meta, meta.url, search=kind != LISTING) or from_filename(filename)
    first, _, rest = text.partition("\n\n")
    if meta.title and first.casefold() == meta.title.casefold():
        text = rest  # the headline is the title, not the first paragraph
    title = meta.title or normalize.clean_line(text.split("\n", 1)[0])[:150]
    if not text and not title:
        raise ReadError(rel, "no article text found in HTML")
    extra: dict = {}
    for key, value in (("section", meta.section), ("keywords", meta.keywords), ("description", meta.description)):
        if value:
            extra[key] = value
    return [Article(
        id=rel, path=rel, title=title, text=text,
        date=point.value if point else None, date_precision=point.precision if point else None,
        source=meta.site, author=", ".join(meta.authors), url=meta.url,
        lang=page_language(meta.lang, text), kind=kind, meta=extra,
    )]


__all__ = ["read_html", "read_mhtml", "declared_charset", "ARTICLE", "LISTING", "LIVEBLOG"]


from .mhtml import read_mhtml  # noqa: E402  (it reads the page with read_html)
