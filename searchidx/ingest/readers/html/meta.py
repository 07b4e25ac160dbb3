"""A page's metadata from its markup: title, site, authors, canonical URL, language, section, keywords."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ....surrogates import may_hold_surrogates, without_surrogates
from ...article import LANG_CODE
from ...headers import TITLE_SPLIT, byline_name, without_own_source
from ...normalize import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "LiveBlogPosting",
                  "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
                  "TechArticle", "ScholarlyArticle", "Report", "SocialMediaPosting")
_LANG = LANG_CODE


@dataclass
class PageMeta:
    """What the page's markup says about itself. ``ld`` is its JSON-LD article object, ``ld_types`` every
    @type its JSON-LD declares (a live blog or a collection page says so there)."""

    title: str = ""
    site: str = ""
    authors: list[str] = field(default_factory=list)
    url: str = ""
    lang: str = ""
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    description: str = ""
    og_type: str = ""
    tags: dict[str, list[str]] = field(default_factory=dict)  # meta name/property -> contents, in page order
    ld: dict = field(default_factory=dict)
    ld_published: str | None = None  # the first datePublished of any JSON-LD object (a WebPage may carry it)
    ld_types: set[str] = field(default_factory=set)


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv") or "")
        value = tag.get("content")
        if key.strip() and value and value.strip():
            found.setdefault(key.strip().lower(), []).append(value.strip())
    return found


def _json_ld(tree: HtmlElement) -> tuple[dict, set[str], str | None]:
    """The first JSON-LD object whose @type is a kind of article, all @types the page declares, and the
    first datePublished of any object."""
    article: dict = {}
    types: set[str] = set()
    published = None
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError, RecursionError):  # broken or absurdly nested: the page is read without it
            continue
        if may_hold_surrogates(script.text or ""):  # half an emoji escaped: U+FFFD, which the index can hold
            data = without_surrogates(data)
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            kind = item.get("@type")
            kinds = {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
            types |= kinds
            if published is None and isinstance(item.get("datePublished"), str):
                published = item["datePublished"]
            if not article and kinds & set(_ARTICLE_TYPES):
                article = item
    return article, types, published


def names(value: Any) -> list[str]:
    """Person or organisation names from a JSON-LD value: a string, an object with a name, or a list."""
    if isinstance(value, dict):
        value = value.get("name", "")
    if isinstance(value, list):
        return [n for v in value for n in names(v)]
    name = clean_line(str(value)) if value else ""
    return [name] if name and not name.startswith(("http://", "https://")) else []


def strip_site(title: str, site: str) -> tuple[str, str]:
    """'Headline | Example News' -> ('Headline', 'Example News'): the site's name is not the title."""
    parts = TITLE_SPLIT.split(title)
    if len(parts) > 1:
        first, last = parts[0].strip(), parts[-1].strip()
        if site and last.lower() == site.lower():
            return " - ".join(p.strip() for p in parts[:-1]), last
        if site and first.lower() == site.lower():
            return " - ".join(p.strip() for p in parts[1:]), first
        if not site and len(last) <= 40 and len(last) < len(" ".join(parts[:-1])):
            return " - ".join(p.strip() for p in parts[:-1]), last
    return title, ""


def _text(el: HtmlElement | None) -> str:
    return clean_line(" ".join(el.itertext())) if el is not None else ""


def _lang(*values: str) -> str:
    for value in values:
        m = _LANG.match((value or "").strip())
        if m:
            return m.group(1).lower()
    return ""


def _keywords(tags: dict[str, list[str]], ld: dict) -> list[str]:
    found: list[str] = []
    for key in ("news_keywords", "keywords"):
        for value in tags.get(key, []):
            found.extend(value.split(","))
    found.extend(tags.get("article:tag", []))
    ld_keywords = ld.get("keywords")
    if isinstance(ld_keywords, str):
        found.extend(ld_keywords.split(","))
    elif isinstance(ld_keywords, list):
        found.extend(str(k) for k in ld_keywords)
    seen: dict[str, str] = {}
    for word in found:
        word = clean_line(word)
        if word and word.lower() not in seen:
            seen[word.lower()] = word
    return list(seen.values())


def read_meta(tree: HtmlElement) -> PageMeta:
    """Metadata the page declares, each field from the most trusted place that has it."""
    tags = _meta_tags(tree)
    first = {key: values[0] for key, values in tags.items()}
    ld, ld_types, ld_published = _json_ld(tree)
    site = clean_line(first.get("og:site_name") or next(iter(names(ld.get("publisher"))), "")
                      or first.get("application-name") or "")
    # og:title is what the publisher chose to show, then the JSON-LD headline, then the first <h1>
    title = clean_line(first.get("og:title") or first.get("twitter:title") or _headline(ld))
    if not title:
        h1 = next(tree.iter("h1"), None)
        title = _text(h1)
    if not title:
        head_title = next(tree.iter("title"), None)
        title = _text(head_title)
    title, suffix = strip_site(title, site)
    canonical = next((link.get("href") for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), "")
    main_entity = ld.get("mainEntityOfPage")
    main_url = main_entity.get("@id", "") if isinstance(main_entity, dict) else main_entity
    url = clean_line(canonical or first.get("og:url") or str(ld.get("url") or "") or str(main_url or ""))
    # a byline's "By " and role are no part of a name, in JSON-LD ("By ROBERT BURNS, AP National Security
    # Writer") or a tag
    authors = [byline_name(a) for a in names(ld.get("author"))]
    if not authors:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
            authors = [a for value in tags.get(key, []) for a in names(byline_name(value))]
            if authors:
                break
    html = tree.getroottree().getroot()
    in_language = ld.get("inLanguage")
    lang = _lang(html.get("lang") or html.get("xml:lang") or "", str(in_language or ""),
                 first.get("og:locale", ""), first.get("content-language", ""), first.get("language", ""))
    ld_section = ld.get("articleSection")
    section = clean_line(first.get("article:section") or
                         (ld_section[0] if isinstance(ld_section, list) and ld_section else str(ld_section or "")))
    if site or suffix:  # "Jill Disis, CNN Business" of CNN's page: the agency after a name is the page's own
        authors = [without_own_source(a, site or suffix) for a in authors]
    return PageMeta(
        title=title, site=site or suffix, authors=list(dict.fromkeys(authors)), url=url, lang=lang,
        section=section, keywords=_keywords(tags, ld),
        description=clean_line(first.get("og:description") or first.get("description") or ""),
        og_type=(first.get("og:type") or "").lower(), tags=tags, ld=ld, ld_types=ld_types, ld_published=ld_published,
    )


def _headline(ld: dict) -> str:
    """The JSON-LD headline if it is text (a list: its first text), not the repr of an object given there."""
    value = ld.get("headline")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""
