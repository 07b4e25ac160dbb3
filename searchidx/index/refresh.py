"""``searchidx refresh``: the registry and extractor re-applied to stored articles, no file read again."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..config import Settings
from ..ingest.pipeline import make_enricher
from ..ingest.state import IndexState, after_refresh, read_settings
from ..search.results import RefreshReport
from . import schema as S
from . import store
from .documents import article_document, article_from_stored
from .writer import cancel, open_writer

if TYPE_CHECKING:
    from whoosh.index import FileIndex


def refresh_entities(ix: FileIndex, settings: Settings,
                     progress: Callable[[int, int], None] | None = None) -> RefreshReport:
    """Re-apply the entity registry and extractor to stored articles without reading any file again.

    Only articles whose entities change are rewritten, in one commit.
    """
    started = time.perf_counter()
    enrich = make_enricher(settings)
    report = RefreshReport()
    writer = open_writer(ix, compress=settings.compress_postings)
    try:
        with ix.searcher() as searcher:
            total = searcher.doc_count()
            reader = searcher.reader()
            for docnum in reader.all_doc_ids():
                stored = reader.stored_fields(docnum)
                report.checked += 1
                article = enrich(article_from_stored(stored))
                old = S.stored_entities(stored)
                new = {t: S.entity_names(article.entities.get(t, ())) for t in S.ENTITY_FIELDS}
                if old != new or stored.get(S.ENTITY_RULES) != article.entity_rules:
                    report.changed += 1
                    writer.update_document(**article_document(article, stored[S.FILE], stored[S.STAMP], stored[S.HASH],
                                                              stored.get(S.STORY)))
                if progress:
                    progress(report.checked, total)
        writer.commit()
    except BaseException:
        cancel(writer)  # (a writer whose commit failed is closed already: cancelling it again would hide why)
        raise
    state = IndexState.from_dict(store.read_state(ix))
    if state.read_settings is not None:  # today's entity settings are those of every article now
        state.read_settings = after_refresh(state.read_settings, read_settings(settings))
        store.write_state(ix, state.to_dict())
    report.seconds = time.perf_counter() - started
    return report
