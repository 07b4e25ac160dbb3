"""Plain result dataclasses of the entity analytics (no engine objects), each with ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class EntityCounts:
    """What an engine counts for the analytics: the articles a query matches and, per entity type, how
    many of them name each name (spellings that fold alike merged, under the most frequent one).

    With ``background``: the articles in the index and each of those names' articles in the whole index,
    read from the index's postings. ``filtered`` holds the (type, name) pairs the query filters on.
    """

    matched: int
    counts: dict[str, dict[str, int]]
    articles: int = 0
    totals: dict[str, dict[str, int]] = field(default_factory=dict)
    filtered: tuple[tuple[str, str], ...] = ()
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Association:
    """A name in the matched articles: ``count`` of them name it, ``total`` articles of the index do;
    ``expected`` is the count its share of the index predicts, ``ratio`` = count / expected."""

    type: str
    name: str
    count: int
    total: int
    expected: float
    ratio: float
    score: float  # signed G²: how surprising the count is; above 10.83, p < 0.001


@dataclass
class Associations:
    """Names ranked by how much more often they are in a search's matches than in the whole index."""

    query: str
    matched: int  # articles the search matches
    articles: int  # articles in the index
    min_count: int
    names: list[Association] = field(default_factory=list)
    measure: str = "log-likelihood G2"
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.names)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Trend:
    """A name's articles in the period and in the baseline, as counts and shares of the matches."""

    type: str
    name: str
    count: int
    baseline_count: int
    share: float
    baseline_share: float
    ratio: float | None  # share / baseline share; None when the baseline has none
    score: float  # signed G² of period against baseline


@dataclass
class Trending:
    """Names whose share of coverage rose most in ``period`` against ``baseline`` (ISO [start, end) pairs)."""

    query: str
    period: tuple[str, str]
    baseline: tuple[str, str]
    matched: int  # matching articles in the period
    baseline_matched: int
    min_count: int
    names: list[Trend] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.names)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["period"], d["baseline"] = list(self.period), list(self.baseline)
        return d


@dataclass(frozen=True)
class NetworkNode:
    id: str  # "type:name", unique even when a place and a person share a name
    label: str
    type: str
    articles: int


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    articles: int  # articles naming both
    score: float  # signed G² of the pair over the matched articles


@dataclass
class Network:
    """Entities of a search's matches (nodes) and the articles they share (edges)."""

    query: str
    matched: int
    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.nodes)

    def to_dict(self) -> dict:
        """networkx's node-link form (read back with ``networkx.node_link_graph(d, edges="links")``)."""
        return {
            "directed": False, "multigraph": False,
            "graph": {"query": self.query, "matched": self.matched},
            "nodes": [asdict(n) for n in self.nodes],
            "links": [{**asdict(e), "weight": e.articles} for e in self.edges],
            **({"warnings": list(self.warnings)} if self.warnings else {}),
        }

    def to_networkx(self) -> Any:
        """A ``networkx.Graph``: node attributes label, type, articles; edge attributes weight (articles in
        common), articles and score."""
        import networkx as nx

        g = nx.Graph(query=self.query, matched=self.matched)
        for n in self.nodes:
            g.add_node(n.id, label=n.label, type=n.type, articles=n.articles)
        for e in self.edges:
            g.add_edge(e.source, e.target, weight=e.articles, articles=e.articles, score=e.score)
        return g
