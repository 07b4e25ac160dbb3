"""searchidx: index a folder of news articles and search it with entity, source and date filters.

    import searchidx
    with searchidx.open_index(".searchidx") as idx:
        idx.update(["corpus/"])
        res = idx.search("referendum", place=["Ukraine"], since="2022-09", facets=["person"])
"""

from . import config, errors
from .api import Index, open_index
from .saved import load_queries
from .ingest.article import Article
from .search.query import Query
from .search.results import ArticleRecord, FacetCount, Hit, Results, Stats

__version__ = "0.1.0"
__all__ = ["open_index", "load_queries", "Index", "Query", "Results", "Hit", "FacetCount", "ArticleRecord", "Stats", "Article",
           "errors", "__version__"]
