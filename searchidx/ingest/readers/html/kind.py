"""What kind of page this is: one article, a listing of other pages' teasers, or a live blog of posts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ...article import ARTICLE, KINDS, LISTING, LIVEBLOG  # noqa: F401  (one source for the names)
from ...normalize import clean_line, clean_text
from .meta import PageMeta

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_LISTING_TYPES = {"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"}
_LISTING_PATH = re.compile(r"/(tag|tags|topic|topics|category|categories|section|search|author|archive|page)(/|$)",
                           re.I)
_POST_CLASS = re.compile(r"live|(^|[\s_-])(post|update|entry)([\s_-]|$)", re.I)
_MIN_POSTS = 3
_MIN_TEASERS = 8


@dataclass(frozen=True)
class Post:
    """One timestamped post of a live blog, in page order."""

    time: str
    text: str


def _words(text: str) -> int:
    return len(text.split())


def _ld_posts(meta: PageMeta) -> list[Post]:
    updates = meta.ld.get("liveBlogUpdate") or []
    posts = []
    for item in updates if isinstance(updates, list) else [updates]:
        if not isinstance(item, dict):
            continue
        head = clean_line(str(item.get("headline") or ""))
        body = clean_text(str(item.get("articleBody") or ""))
        text = "\n\n".join(x for x in (head, body) if x and x != body[:len(head)] or x == body)
        if text:
            posts.append(Post(clean_line(str(item.get("datePublished") or "")), text))
    return posts


def _markup_posts(tree: HtmlElement) -> list[Post]:
    """Sibling elements that each carry a <time> and some text: the posts of a live blog."""
    best: list = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str):
            continue
        children = [c for c in parent
                    if isinstance(c.tag, str) and _POST_CLASS.search(f"{c.get('class', '')} {c.get('id', '')}")
                    and next(c.iter("time"), None) is not None]
        if len(children) > len(best):
            best = children
    posts = []
    for el in best:
        time_el = next(el.iter("time"))
        stamp = clean_line(time_el.get("datetime") or " ".join(time_el.itertext()))
        parts = [clean_line(" ".join(block.itertext())) for block in el.iter("h2", "h3", "h4", "p", "li", "blockquote")]
        text = "\n\n".join(p for p in parts if p) or clean_text(" ".join(el.itertext()))
        if text:
            posts.append(Post(stamp, text))
    return posts if len(posts) >= _MIN_POSTS else []


def _in_time_order(posts: list[Post]) -> list[Post]:
    """Oldest first when every post is dated (pages show the newest on top), else page order; times are
    shown as 'YYYY-MM-DD HH:MM' UTC."""
    from .... import dates

    stamped = []
    for post in posts:
        try:
            stamped.append((dates.parse_date(post.time, relative=False).value, post))
        except dates.DateParseError:
            return posts
    stamped.sort(key=lambda pair: pair[0])
    return [Post(moment.strftime("%Y-%m-%d %H:%M UTC"), post.text) for moment, post in stamped]


def live_posts(tree: HtmlElement, meta: PageMeta) -> list[Post]:
    """A live blog's posts, oldest first, or [] when the page is not one."""
    if "LiveBlogPosting" in meta.ld_types:
        return _in_time_order(_ld_posts(meta) or _markup_posts(tree))
    if meta.ld:
        return []  # the page says it is one article
    return _in_time_order(_markup_posts(tree))


def _teasers(tree: HtmlElement, page_url: str) -> tuple[int, int]:
    """Links that read like headlines (four words or more) to other pages, and the words in them."""
    own = urlsplit(page_url).path.rstrip("/") if page_url else None
    count = words = 0
    for a in tree.iter("a"):
        text = clean_line(" ".join(a.itertext()))
        n = _words(text)
        href = a.get("href") or ""
        if n >= 4 and href and not href.startswith(("#", "javascript:", "mailto:")) \
                and (own is None or urlsplit(href).path.rstrip("/") != own):
            count += 1
            words += n
    return count, words


def is_listing(tree: HtmlElement, meta: PageMeta, main_text: str, url: str) -> bool:
    """A section front, tag, author or search page: many headline links, little story of its own."""
    if meta.ld and meta.og_type != "website":
        return False  # the page declares an article
    teasers, teaser_words = _teasers(tree, url)
    if meta.ld_types & _LISTING_TYPES and teasers >= _MIN_TEASERS:
        return True
    if meta.og_type == "article" or teasers < _MIN_TEASERS:
        return False
    story_words = _words(main_text)
    path_says = bool(_LISTING_PATH.search(urlsplit(url).path)) if url else False
    # headline links outweigh the page's own story (a blog post with a sidebar of links does not)
    return teaser_words > story_words or (path_says and teaser_words * 2 > story_words)
