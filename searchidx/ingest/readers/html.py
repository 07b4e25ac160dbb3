"""HTML pages as saved from news sites: metadata from og:/article: meta and JSON-LD, main text without chrome."""

from __future__ import annotations

import json
import re

from ... import dates
from ...errors import ReadError
from ..article import Article
from ..headers import FieldMap
from ..normalize import clean_line, clean_text

_NOISE = ["script", "style", "noscript", "nav", "aside", "footer", "header", "form", "iframe", "svg", "button",
          "template", "figure", "menu"]
_NOISE_CLASS = re.compile(r"\b(nav|menu|footer|sidebar|related|most-?read|popular|share|social|comment|newsletter|"
                          r"promo|advert|ad-|cookie|subscribe|breadcrumb|byline|dateline)\b", re.I)
_BLOCKS = ["p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td"]
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-)")
_TITLE_SPLIT = re.compile(r"\s+[|\u2013\u2014»·:-]\s+")


def _meta(soup) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = tag.get("content")
        if key and value and key not in found:
            found[key] = value.strip()
    return found


def _json_ld(soup) -> dict:
    """The first JSON-LD object whose @type is a kind of article."""
    for script in soup.find_all("script", type=lambda t: t and "ld+json" in t.lower()):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            if "@graph" in item and isinstance(item["@graph"], list):
                stack.extend(item["@graph"])
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") or k in ("ReportageNewsArticle", "BlogPosting")
                   for k in kinds):
                return item
    return {}


def _name(value) -> str:
    if isinstance(value, dict):
        return clean_line(value.get("name", ""))
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value)))
    return clean_line(str(value)) if value else ""


def _strip_site(title: str, site: str) -> tuple[str, str]:
    """'Headline | Example News' -> ('Headline', 'Example News')."""
    parts = _TITLE_SPLIT.split(title)
    if len(parts) > 1:
        last = parts[-1].strip()
        if (site and last.lower() == site.lower()) or len(last) < len(" ".join(parts[:-1])) and len(last) <= 40:
            return " - ".join(p.strip() for p in parts[:-1]), last
    return title, ""


def _pick_date(meta: dict, ld: dict, soup, url: str):
    # Publication date only: never modified/updated times, nor dates inside asides, comments or "most read".
    candidates = [
        meta.get("article:published_time"), ld.get("datePublished"), meta.get("og:published_time"),
        meta.get("datepublished"), meta.get("pubdate"), meta.get("publishdate"), meta.get("date"),
        meta.get("dc.date"), meta.get("dc.date.issued"), meta.get("dcterms.created"), meta.get("sailthru.date"),
        meta.get("parsely-pub-date"), ld.get("dateCreated"),
    ]
    main = soup.find("article") or soup.find("main") or soup.body
    if main is not None:
        for t in main.find_all("time"):
            if t.find_parent(["aside", "footer", "nav"]) is None and not t.find_parent(class_=_NOISE_CLASS):
                candidates.append(t.get("datetime") or t.get_text(" ", strip=True))
                break
    m = _URL_DATE.search(url or "")
    if m:
        candidates.append("-".join(m.groups()))
    for value in candidates:
        if not value:
            continue
        try:
            return dates.parse_date(str(value))
        except dates.DateParseError:
            continue
    return None


def read_html(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    from bs4 import BeautifulSoup  # imported here: searching never needs it, and it is slow to import

    soup = BeautifulSoup(content, "html.parser")
    if soup.find() is None:
        raise ReadError(rel, "no HTML elements found")
    meta, ld = _meta(soup), _json_ld(soup)
    site = clean_line(meta.get("og:site_name") or _name(ld.get("publisher")) or meta.get("application-name") or "")
    page_title = clean_line(soup.title.get_text()) if soup.title else ""
    title = clean_line(meta.get("og:title") or ld.get("headline") or "")
    if not title:
        h1 = soup.find("h1")
        title = clean_line(h1.get_text(" ")) if h1 else ""
    stripped, suffix = _strip_site(title or page_title, site)
    title = stripped
    site = site or suffix
    main_entity = ld.get("mainEntityOfPage")
    main_entity_url = main_entity.get("@id", "") if isinstance(main_entity, dict) else main_entity or ""
    canonical = soup.find("link", rel="canonical")
    url = clean_line(meta.get("og:url") or ld.get("url") or str(main_entity_url)
                     or (canonical.get("href", "") if canonical is not None else ""))
    author = _name(ld.get("author")) or clean_line(meta.get("author") or meta.get("article:author") or "")
    point = _pick_date(meta, ld, soup, url)
    if point is None:
        point = dates.from_filename(filename)
    keywords = meta.get("keywords") or meta.get("news_keywords") or ""

    for tag in soup.find_all(_NOISE):
        tag.decompose()
    for tag in soup.find_all(class_=_NOISE_CLASS):
        if tag.name not in ("html", "body", "article", "main"):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    blocks: list[str] = []
    for el in root.find_all(_BLOCKS):
        if el.find_parent(_BLOCKS):  # a <p> inside <li> or <blockquote>: the parent already holds it
            continue
        txt = clean_line(el.get_text(" "))
        if txt and txt != title:
            blocks.append(txt)
    if not blocks:
        blocks = [clean_text(root.get_text("\n"))]
    text = clean_text("\n\n".join(blocks))
    if not title:
        title = clean_line(text.split("\n", 1)[0])[:150]
    if not text and not title:
        raise ReadError(rel, "no article text found in HTML")
    extra = {"keywords": keywords} if keywords else {}
    section = meta.get("article:section")
    if section:
        extra["section"] = section
    return [Article(
        id=rel, path=rel, title=title, text=text,
        date=point.value if point else None, date_precision=point.precision if point else None,
        source=site, author=author, url=url, meta=extra,
    )]
