"""searchidx: index a folder of news articles and search it with entity, source and date filters.

    import searchidx
    with searchidx.open_index(".searchidx") as idx:
        idx.update(["corpus/"])
        res = idx.search("referendum", place=["Ukraine"], since="2022-09", facets=["person"])
"""

from . import config, errors
from .api import Index, open_index
from .search.query import Query
from .search.results import ArticleRecord, FacetCount, Hit, RefreshReport, Results, Stats, UpdateReport


def __getattr__(name: str):
    # Loaded on first use: a command-line search needs neither, and start-up time is its latency.
    if name == "load_queries":
        from .saved import load_queries
        return load_queries
    if name == "Article":
        from .ingest.article import Article
        return Article
    raise AttributeError(f"module 'searchidx' has no attribute {name!r}")

__version__ = "0.1.0"
__all__ = ["open_index", "load_queries", "Index", "Query", "Results", "Hit", "FacetCount", "ArticleRecord", "Stats",
           "Article", "UpdateReport", "RefreshReport", "config", "errors", "__version__"]
