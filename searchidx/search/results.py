"""Plain result dataclasses: what every caller (CLI, saved queries, scripts) gets back. No Whoosh."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field


def wants_text(columns: Sequence[str] | None) -> bool:
    """Whether chosen output columns need each hit's whole text (searches then ask for it)."""
    return columns is not None and "text" in columns


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


def _marked(text: str, spans: list[tuple[int, int]], before: str, after: str) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], before, text[start:end], after]
        last = end
    return "".join(out) + text[last:]


@dataclass(frozen=True)
class Hit:
    """One matching article. ``date`` is ISO text cut to its precision (``2022-09-20``, ``1987``...)."""

    id: str
    score: float | None  # None when sorted by date: no relevance was computed
    title: str
    date: str | None
    source: str
    path: str
    snippet: str
    entities: dict[str, list[str]]
    author: str = ""
    url: str = ""
    why: dict[str, str] | None = None  # with --explain: "person:Vladimir Putin" -> the alias or rule that found it
    story: dict | None = None  # with collapse: {id, copies, sources, first_seen}
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of matched words in snippet
    record: int | None = None  # the article's line or item number inside a multi-article file (JSONL, CSV)
    text: str | None = None  # the whole text, when asked for (with_text=True, a "text" column)
    # [start, end) of matched words in the title: a hit found by its title alone still shows what matched
    title_highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def locator(self) -> str:
        """Where the article is: its path, with ``#N`` for one record of a multi-article file."""
        return f"{self.path}#{self.record}" if self.record is not None else self.path

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each matched word between ``before`` and ``after``."""
        return _marked(self.snippet, self.highlights, before, after)

    def marked_title(self, before: str = "**", after: str = "**") -> str:
        """The title with each matched word between ``before`` and ``after``."""
        return _marked(self.title, self.title_highlights, before, after)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["highlights"] = [list(span) for span in self.highlights]
        d["title_highlights"] = [list(span) for span in self.title_highlights]
        for key in ("why", "story", "record", "text"):
            if d[key] is None:
                d.pop(key)
        return d


@dataclass(frozen=True)
class ArticleRecord:
    """A stored article, as ``searchidx show`` prints it: the hit keys plus ``text`` and ``meta``."""

    id: str
    title: str
    date: str | None
    source: str
    path: str
    entities: dict[str, list[str]]
    author: str
    url: str
    text: str
    meta: dict
    date_precision: str | None = None
    lang: str = ""
    kind: str = "article"
    record: int | None = None  # the article's line or item number inside a multi-article file (JSONL, CSV)

    @property
    def locator(self) -> str:
        """Where the article is: its path, with ``#N`` for one record of a multi-article file (as a hit's)."""
        return f"{self.path}#{self.record}" if self.record is not None else self.path

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Results:
    """A page of hits, with the total over all matches, facet counts over all matches, and a suggestion."""

    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    suggestion: str | None = None
    explain: str | None = None
    counted: str = "articles"  # what total and facet counts count: articles or stories
    warnings: list[str] = field(default_factory=list)  # filter values that matched nothing, with suggestions
    # Stories counted but articles listed (count="stories" without collapsing): the articles the pages hold.
    articles: int | None = None
    # Articles counted but stories listed (collapse="story" with count="articles"): the stories the pages hold.
    stories: int | None = None
    # similar's: the article the hits are like (total counts every one sharing a key word or name with it)
    like: str | None = None

    @property
    def pages(self) -> int:
        listed = next((n for n in (self.articles, self.stories) if n is not None), self.total)
        return 0 if not self.limit else -(-listed // self.limit)

    def to_dict(self) -> dict:
        out = {
            "query": self.query, "total": self.total, "page": self.page, "limit": self.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [{"value": f.value, "count": f.count} for f in counts]
                       for name, counts in self.facets.items()},
            "suggestion": self.suggestion,
        }
        if self.explain is not None:
            out["explain"] = self.explain
        if self.counted != "articles":
            out["counted"] = self.counted
        if self.articles is not None:
            out["articles"] = self.articles
        if self.stories is not None:
            out["stories"] = self.stories
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if self.like is not None:
            out["like"] = self.like
        return out


@dataclass
class Stats:
    """Index overview for ``searchidx stats``."""

    articles: int
    files: int
    undated: int
    earliest: str | None
    latest: str | None
    sources: int
    size_bytes: int
    segments: int
    top: dict[str, list[FacetCount]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["top"] = {k: [{"value": f.value, "count": f.count} for f in v] for k, v in self.top.items()}
        return out


@dataclass
class StoryCopy:
    """One copy of a story, and how it differs from the earliest copy."""

    id: str
    date: str | None
    source: str
    title: str
    path: str
    similarity: float | None = None  # estimated share of shared 3-word shingles with the earliest copy
    title_changed: bool = False
    added: list[str] = field(default_factory=list)  # paragraphs this copy has and the earliest has not
    removed: list[str] = field(default_factory=list)  # paragraphs of the earliest copy this one lacks
    record: int | None = None  # its line or item number inside a multi-article file (JSONL, CSV), as a Hit's

    @property
    def locator(self) -> str:
        """Where the copy is: its path, with ``#N`` for one record of a multi-article file."""
        return f"{self.path}#{self.record}" if self.record is not None else self.path


@dataclass
class Story:
    """A group of near-duplicate articles: wire copies, updated versions, republications."""

    id: str
    first_seen: str | None
    sources: list[str]
    copies: list[StoryCopy]

    def to_dict(self) -> dict:
        d = asdict(self)
        for copy in d["copies"]:  # "record" only where there is one, as in a hit's JSON
            if copy["record"] is None:
                copy.pop("record")
        return d


@dataclass
class Timeline:
    """Counts of matching articles (or stories) per period; every period of the span is present."""

    by: str
    counted: str
    periods: list[str]
    series: dict[str, list[int]]  # "all", or one series per split value
    undated: int = 0
    split: str | None = None
    warnings: list[str] = field(default_factory=list)  # filter values that matched nothing
    coarse: int = 0  # matches dated only to a year (or month) in periods finer than theirs: not counted
    total: int = 0  # the articles (or stories) the rows count, each once: a story in two periods is one

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class UpdateReport:
    """What an index run did, counted in articles; ``failed`` lists ``(path, reason)``."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (path, warning): read and indexed, but not wholly as written (a metadata key given twice: the first kept)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files_read: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stop_signal: int = 0  # the signal that interrupted the run (SIGINT: Ctrl-C, SIGTERM, SIGHUP), 0 if none
    commits: int = 0
    notes: list[str] = field(default_factory=list)
    regrouped: int = 0  # articles whose story id an update set again, as a clean build would
    files_found: int = 0  # article files the run met under its paths (read, or unchanged since the last run)
    no_index_left: bool = False  # a first run interrupted before it committed an article removed what it began
    # folders given that hold no article file now (an unmounted disk?): their indexed articles were kept
    held_back: list[str] = field(default_factory=list)
    skipped: int = 0  # records read and skipped for an id another record keeps (listed in ``failed``)

    @property
    def nothing_read(self) -> bool:
        """Whether every file the run met failed: some failed, and not one article was indexed, updated or
        kept unchanged, nor a record read whose id the index holds already (a file of records indexed from
        another folder was read). (An interrupted run is not done yet.)"""
        return bool(self.failed) and not (self.added or self.updated or self.unchanged or self.skipped
                                          or self.interrupted)

    @property
    def nothing_found(self) -> bool:
        """Whether the run met no article file at all (an empty folder, or files of other types) and had
        none to remove either: nothing to do, and most likely the wrong path."""
        return not (self.files_found or self.removed or self.failed or self.interrupted)

    def summary(self) -> str:
        line = (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {len(self.failed)} failed")
        if self.warnings:
            line += f", {len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}"
        return line + (" (interrupted: run again to finish)" if self.interrupted else "")

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "removed": self.removed, "unchanged": self.unchanged,
                "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "warnings": [{"path": p, "warning": w} for p, w in self.warnings], "files_read": self.files_read,
                "seconds": round(self.seconds, 3), "interrupted": self.interrupted}


@dataclass
class RefreshReport:
    """What ``index --refresh-entities`` did: articles checked, and those whose entities changed."""

    checked: int = 0
    changed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        from ..output.text import counted  # (output imports this module)

        return f"{counted(self.checked, 'articles')} checked, {self.changed} with changed entities"

    def to_dict(self) -> dict:
        return {"checked": self.checked, "changed": self.changed, "seconds": round(self.seconds, 3)}


@dataclass
class ExportReport:
    """What ``searchidx export`` wrote: how many articles, into which files."""

    format: str
    folder: str
    articles: int = 0
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        from ..output.text import counted  # (output imports this module)

        return f"{counted(self.articles, 'articles')} written to {self.folder} ({', '.join(self.files)})"

    def to_dict(self) -> dict:
        return asdict(self)
