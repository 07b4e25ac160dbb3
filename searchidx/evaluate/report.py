"""What an evaluation returns: plain dataclasses with to_dict(), the shape of ``--format json``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class QueryScores:
    """One query's measures, with how many relevant articles there are and how many were ranked."""

    query: str
    relevant: int  # articles judged relevant (grade 1 or more)
    found: int  # of those, how many the ranking holds (to its depth)
    retrieved: int  # articles ranked
    scores: dict[str, float]  # measure name (P@10, nDCG@10, AP, RR, ...) -> value
    missed: list[str] = field(default_factory=list)  # relevant ids the ranking does not hold

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Evaluation:
    """Measures per query and their means over the queries (mean AP is MAP, mean RR is MRR)."""

    measures: list[str]
    queries: list[QueryScores]
    means: dict[str, float]
    evaluated: str  # what was ranked: the query file or run file
    qrels: str  # where the judgements came from
    depth: int | None = None  # how many hits of each query were ranked (None: as the run file has them)
    warnings: list[str] = field(default_factory=list)
    # query id -> (article id, score) best first: what was judged, for a TREC run file (not in to_dict)
    rankings: dict[str, list[tuple[str, float | None]]] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict:
        return {"evaluated": self.evaluated, "qrels": self.qrels, "depth": self.depth, "measures": list(self.measures),
                "queries": [q.to_dict() for q in self.queries], "means": dict(self.means),
                "relevant": sum(q.relevant for q in self.queries), "found": sum(q.found for q in self.queries),
                "warnings": list(self.warnings)}


@dataclass
class MeasureDiff:
    """One measure compared between two runs over the same queries: means, difference and its p-value."""

    measure: str
    a: float
    b: float
    p_value: float  # paired randomisation test, two-sided: how often a random swap differs this much
    better: int  # queries where B scores higher than A
    worse: int
    ties: int

    @property
    def diff(self) -> float:
        return self.b - self.a

    def to_dict(self) -> dict:
        return {**asdict(self), "diff": self.diff}


@dataclass
class Comparison:
    """Run B against run A on the same judged queries, measure by measure."""

    a: Evaluation
    b: Evaluation
    measures: list[MeasureDiff]
    test: str  # how the p-values were computed
    warnings: list[str] = field(default_factory=list)

    def measure(self, name: str) -> MeasureDiff:
        return next(m for m in self.measures if m.measure == name)

    def to_dict(self) -> dict:
        return {"a": self.a.evaluated, "b": self.b.evaluated, "qrels": self.a.qrels, "queries": len(self.a.queries),
                "test": self.test, "measures": [m.to_dict() for m in self.measures],
                "per_query": {"a": [q.to_dict() for q in self.a.queries], "b": [q.to_dict() for q in self.b.queries]},
                "warnings": list(self.warnings)}
