"""Articles -> index: incremental, batched, each batch one atomic commit.

A file's articles are deleted and re-added together in one batch, so a crash or Ctrl-C leaves
every file either in its old or its new state, never half of each. The next run picks up where
an interrupted one stopped, because stamps are only written with the documents they describe.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sys
import threading
import time
from datetime import timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from whoosh.index import LockError
from whoosh.writing import IndexWriter

from ..config import Settings
from ..errors import IndexLockedError, ReadError
from ..ingest.article import ARTICLE, Article
from ..ingest.discover import discover, printable, walk_order
from ..ingest.headers import FieldMap
from ..ingest.readers import COSTLY_FORMATS, format_suffix, read
from ..search.results import RefreshReport, UpdateReport
from . import schema as S
from .regroup import most_shared, new_story_ids, shared_bands, signature_of
from .lookup import KnownTerms, worth_loading


_META_KEY = re.compile(r"[^a-z0-9_]")


def _naive_utc(dt):
    return dt.replace(tzinfo=None) if dt.tzinfo else dt


def article_document(article: Article, file_key: str, stamp: str, file_hash: str, story_id: str | None = None) -> dict:
    """The Whoosh document for one enriched article."""
    doc = {
        S.STORY: story_id or article.id,
        S.ID_FIELD: article.id, S.FILE: file_key, S.STAMP: stamp, S.HASH: file_hash, S.PATH: article.path,
        S.RECORD: article.record, S.TITLE: article.title, S.BODY: article.text, S.META: article.meta,
        S.TITLE_EXACT: article.title, S.BODY_EXACT: article.text,
        S.PRECISION: article.date_precision, S.UNDATED: "0" if article.date is not None else "1",
        S.ENTITY_RULES: article.entity_rules,
        S.TAGS: {"people": list(article.people), "places": list(article.places), "orgs": list(article.orgs)},
    }
    for name, value in ((S.AUTHOR, article.author), (S.SOURCE, article.source), (S.URL, article.url),
                        (S.LANG, article.lang), (S.KIND, article.kind)):
        if value:
            doc[name] = value
    if article.date is not None:
        doc[S.DATE] = _naive_utc(article.date)
        if article.date_precision in ("month", "day", "time"):
            doc[S.MONTH] = article.date.strftime("%Y-%m")
        doc[S.YEAR] = article.date.strftime("%Y")
        doc[S.DATE_PARTS] = article.date.strftime("y%Y m%Y-%m")
    # Every article writes a signature, empty when it has none: Whoosh's byte column with offsets on
    # disk misreads a segment whose last articles have no value (their neighbour's signature came
    # back 488 bytes long, or 1, and story grouping compared garbage).
    doc[S.SIGNATURE] = article.signature or b""
    if article.signature is not None:
        from ..enrich.stories import bands
        doc[S.BANDS] = " ".join(bands(article.signature))
    for etype in S.ENTITY_FIELDS:
        names = [n.replace(",", " ").strip() for n in article.entities.get(etype, ())]
        if names:
            doc[etype] = ",".join(names)
    for key, value in article.meta.items():
        if isinstance(value, (str, int, float)) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            text = " ".join(value) if isinstance(value, list) else str(value)
            safe = _META_KEY.sub("_", key.lower())
            if safe and text:
                doc[S.META_PREFIX + safe] = text
    return doc


# --- reading --------------------------------------------------------------------------------------

def _enricher(settings: Settings):
    from ..enrich import Enricher, make_extractor
    from ..enrich.aliases import load_registry

    registry = load_registry(settings.entity_files)
    extractor = make_extractor(settings.extractor, registry, settings.extractor_model) if settings.extract_entities else None
    return Enricher(registry, extractor, extract=settings.extract_entities, stories=settings.stories)


class _FileReader:
    """Reads and enriches one file at a time; the enricher is loaded on the first readable file (a run
    that only retries broken files needs none)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.fieldmap = FieldMap(settings.fields)
        self.max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self.enrich = None

    def __call__(self, item):
        key, rel, stamp, path = item
        try:
            articles = read(Path(path), rel, self.fieldmap, self.max_bytes)
            if self.enrich is None:
                self.enrich = _enricher(self.settings)
            return key, rel, stamp, [self.enrich(a) for a in articles], None
        except ReadError as e:
            return key, rel, stamp, None, e.reason
        except Exception as e:  # a reader bug must cost one file, not the run
            return key, rel, stamp, None, f"unexpected {type(e).__name__}: {e}"


_pool_reader: _FileReader | None = None


def _pool_start(settings: Settings) -> None:
    global _pool_reader
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the indexing process's to handle
    _pool_reader = _FileReader(settings)


def _pool_read(item):
    return _pool_reader(item)


# Reading some formats costs more than indexing what they hold (an HTML page: ~40 ms of extraction
# against ~5 ms of indexing); with --jobs 2 or more, a run with this many such files reads them in a
# pool of reader processes as well (455 saved pages, --jobs 2: 17.1 -> 31.1 pages/s).
POOL_MIN_COSTLY_FILES = 20


def _results(todo, settings: Settings, jobs: int = 1):
    """(path, rel, stamp, enriched articles or None, failure reason or None) for each file to (re)read,
    in the order of ``todo``."""
    costly = sum(1 for _, _, _, path in todo if format_suffix(str(path)) in COSTLY_FORMATS)
    if jobs < 2 or costly < POOL_MIN_COSTLY_FILES:
        yield from map(_FileReader(settings), todo)
        return
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_pool_start, initargs=(settings,))
    try:
        yield from pool.imap(_pool_read, todo, chunksize=4)
    finally:
        pool.terminate()
        pool.join()


def _file_hash(articles: Sequence[Article]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for a in articles:
        h.update(a.content_hash.encode())
    return h.hexdigest()


def existing_files(ix) -> dict[str, tuple[str, int]]:
    """file -> (stamp, number of live documents), read from columns (no stored-field loading)."""
    out: dict[str, list] = {}
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return {}
        files = reader.column_reader(S.FILE)
        stamps = reader.column_reader(S.STAMP)
        for docnum in reader.all_doc_ids():
            key = files[docnum]
            if key in out:
                out[key][1] += 1
            else:
                out[key] = [stamps[docnum], 1]
    return {k: (v[0], v[1]) for k, v in out.items()}


class StoryGrouper:
    """Assigns each new article to the story of its closest earlier copy, or starts a new story.

    Candidates come from the index (articles sharing an LSH band term) and from this run's articles
    not yet committed; each is verified by estimated Jaccard similarity and the date window.
    """

    def __init__(self, searcher, settings: Settings, known_bands: KnownTerms | None = None,
                 replacing: dict[str, str | None] | None = None):
        from datetime import timedelta

        self.searcher = searcher
        # file key -> the stamp it is re-read with this run (None: deleted). The indexed articles of
        # other stamps are old versions, gone at the next commit: a clean build never meets them.
        self.replacing = replacing or {}
        self.known_bands = known_bands
        self.threshold = settings.story_threshold
        self.window = timedelta(days=settings.story_window_days)
        self.pending: dict[str, list[tuple[str, bytes, object, str]]] = {}
        reader = searcher.reader() if searcher is not None else None
        if reader is not None and reader.doc_count_all():
            # Columns, not stored fields: verifying a candidate must not load its text.
            self.ids = reader.column_reader(S.ID_FIELD)
            self.files = reader.column_reader(S.FILE)
            self.file_stamps = reader.column_reader(S.STAMP)
            self.stories = reader.column_reader(S.STORY)
            self.signatures = reader.column_reader(S.SIGNATURE)
            self.dates = reader.column_reader(S.DATE, translate=False)
            self.no_date = reader.schema[S.DATE].column_type.default_value()
        else:
            self.searcher = None

    def _close_in_time(self, a, b) -> bool:
        return a is None or b is None or abs(a - b) <= self.window

    def _indexed_candidates(self, terms: tuple[str, ...]) -> list[int]:
        """The live indexed documents sharing the most band terms with the article."""
        reader = self.searcher.reader()
        if self.known_bands is not None:
            to_bytes = reader.schema[S.BANDS].to_bytes
            terms = tuple(t for t, maybe in zip(terms, self.known_bands.might_contain(to_bytes(t) for t in terms))
                          if maybe)
        shared = shared_bands(reader, terms)
        return most_shared(shared, shared)

    def assign(self, article: Article, exclude_file: str | None = None) -> str:
        from whoosh.util.times import long_to_datetime

        from ..enrich.stories import bands, similarity
        if article.signature is None:
            return article.id
        date = article.date.replace(tzinfo=None) if article.date else None
        terms = bands(article.signature)
        best: tuple[float, str] | None = None
        if self.searcher is not None:
            for docnum in self._indexed_candidates(terms):
                if self.ids[docnum] == article.id or self.files[docnum] == exclude_file:
                    continue
                file = self.files[docnum]
                if file in self.replacing and self.file_stamps[docnum] != self.replacing[file]:
                    continue
                sig = self.signatures[docnum]
                if not sig:
                    continue
                sim = similarity(article.signature, sig)
                raw = self.dates[docnum]
                other_date = None if raw == self.no_date else long_to_datetime(raw)
                if sim >= self.threshold and self._close_in_time(date, other_date) and (best is None or sim > best[0]):
                    best = (sim, self.stories[docnum] or self.ids[docnum])
        seen = set()
        for t in terms:
            for other_id, sig, other_date, story in self.pending.get(t, ()):
                if other_id in seen or other_id == article.id:
                    continue
                seen.add(other_id)
                sim = similarity(article.signature, sig)
                if sim >= self.threshold and self._close_in_time(date, other_date) and (best is None or sim > best[0]):
                    best = (sim, story)
        story = best[1] if best else article.id
        for t in terms:
            self.pending.setdefault(t, []).append((article.id, article.signature, date, story))
        return story


class _KnownIdsAndBands:
    """The index's ids and story bands in memory, while enough articles remain to read to repay loading them."""

    def __init__(self, stories: bool):
        self._ids = KnownTerms(S.ID_FIELD)
        self._bands = KnownTerms(S.BANDS) if stories else None
        self.ids: KnownTerms | None = None
        self.bands: KnownTerms | None = None

    def refresh(self, searcher, files_left: int) -> None:
        reader = searcher.reader()
        if worth_loading(files_left, reader):
            self._ids.refresh(reader)
            if self._bands is not None:
                self._bands.refresh(reader)
            self.ids, self.bands = self._ids, self._bands
        else:
            self.ids = self.bands = None


def _in_scope(file_key: str, roots: Sequence[Path]) -> bool:
    return any(file_key == str(r) or file_key.startswith(str(r) + os.sep) for r in roots)


class _StopFlag:
    """SIGINT sets the flag instead of raising, so the current file finishes and the batch commits."""

    def __init__(self):
        self.set = False
        self._old = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame):
        if self.set:  # a second Ctrl-C means "now"
            raise KeyboardInterrupt
        self.set = True

    def __exit__(self, *exc):
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
        return False


WRITER_GRACE = 30.0
PARALLEL_MIN_FILES = 2000  # fewer files than this (and than a commit batch) are written by one process
# Posting pools spill to disk past these sizes (Whoosh's estimate, close to the real memory): a
# 3,000-article batch fits without spilling, which is slow (10k --jobs 1: 44 s without a spill,
# 59 s when 10,000-article batches spilled past 160 MB; since the exact copy of the text, 5,000
# generated articles took 64 s in 5,000-article batches, 46 s in 3,000); a merge of small segments may spill.
SINGLE_WRITER_MB = 300
PARALLEL_WRITER_MB = 256  # each writer process also holds the pages it shares with the main process

# Merge policy. Large segments are never rewritten: a Whoosh merge re-adds every posting in one
# process (folding the twenty 5,000-article segments of a 100k build took over 5 minutes and 1.2 GB),
# and Whoosh's default policy folds twenty-odd segments into one as an index grows (a 40,000-article
# merge inside a 100k --jobs 1 build, at 790 MB). Commits are large instead: each writer process
# writes ingest.batch_size articles (3,000) into one segment per commit. The small segments that
# frequent small runs leave are merged by size tier, ten of the same order of magnitude into one,
# so a merge never rewrites more than MERGE_BELOW x TIER_WIDTH articles.
MERGE_BELOW = 1000
TIER_WIDTH = 10


def _segments_to_merge(segments) -> list:
    """The small segments due for a merge: every tier (1-9, 10-99, 100-999 articles) holding TIER_WIDTH."""
    tiers: dict[int, list] = {}
    for seg in segments:
        count = seg.doc_count_all()
        if count < MERGE_BELOW:
            tiers.setdefault(len(str(count)), []).append(seg)
    return [seg for tier in tiers.values() if len(tier) >= TIER_WIDTH for seg in tier]


def _merge_tiers(writer, segments):
    """Whoosh merge policy (``commit(mergetype=...)``): merge the segments _segments_to_merge names."""
    from whoosh.reading import SegmentReader

    merging = _segments_to_merge(segments)
    for seg in merging:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, seg))
    return [seg for seg in segments if seg not in merging]


_forking_writers = False  # set only while an update runs parallel writers: other forks are left alone


def _die_with_parent() -> None:
    """In a forked writer process: exit when the indexing process dies (even by kill -9).

    Otherwise an orphaned writer would wait forever on its queue and keep the index locked.
    """
    if not _forking_writers or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the line above: nobody will collect our work
        os._exit(1)


_fork_hook_registered = False


def _register_fork_hook() -> None:
    """Once per process, and only when writer processes are about to start: importing searchidx must
    not change what every later fork in the user's program does."""
    global _fork_hook_registered
    if not _fork_hook_registered:
        os.register_at_fork(after_in_child=_die_with_parent)
        _fork_hook_registered = True


def _writer(ix, procs: int = 1, grace: float | None = None) -> IndexWriter:
    """A Whoosh writer. The caller holds searchidx's own lock, so a busy Whoosh lock can only belong to
    writer processes left by a killed run, which exit within moments: wait for them up to ``grace`` s."""
    deadline = time.monotonic() + (WRITER_GRACE if grace is None else grace)
    while True:
        try:
            if procs > 1:
                return ix.writer(procs=procs, multisegment=True, limitmb=PARALLEL_WRITER_MB)
            return ix.writer(limitmb=SINGLE_WRITER_MB)
        except LockError:
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            break
    raise IndexLockedError(
        f"{ix.storage.folder}: another searchidx process is writing to this index; wait for it to finish"
    )


def _commit(writer, procs: int) -> None:
    if procs > 1:
        writer.commit()  # parallel writers leave their segments as they are; see the end of update_index
    else:
        writer.commit(mergetype=_merge_tiers)


def update_index(ix, paths: Sequence[str | Path], settings: Settings, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None) -> UpdateReport:
    """Bring the index in line with the files under ``paths``: add new, re-read changed, drop deleted."""
    started = time.perf_counter()
    report = UpdateReport()
    discover_errors: list[tuple[str, str]] = []
    roots = [Path(printable(str(Path(p).expanduser().resolve()))) for p in paths if os.path.lexists(Path(p).expanduser())]
    known_files = existing_files(ix)

    todo: list[tuple[str, str, str, str]] = []  # (key, rel, stamp, path to open)
    seen: set[str] = set()
    unlisted: list[str] = []
    # streamed, not listed: memory per file is a key and a stamp
    for c in discover(paths, settings.ignore, discover_errors, unlisted):
        key = c.key
        seen.add(key)
        st = c.stat
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
        old = known_files.get(key)
        if old and old[0] == stamp:
            report.unchanged += old[1]
        else:
            todo.append((key, c.rel, stamp, str(c.path)))
    report.failed.extend(discover_errors)
    # A folder that could not be listed (permissions, a network mount's hiccup) says nothing about its
    # files: those indexed before are kept as they are, not taken for deleted.
    kept = [f for f in known_files if f not in seen and _in_scope(f, [Path(u) for u in unlisted])]
    report.unchanged += sum(known_files[f][1] for f in kept)
    gone = [f for f in known_files if f not in seen and _in_scope(f, roots) and f not in set(kept)]
    total = len(todo)
    replacing: dict[str, str | None] = {key: stamp for key, _, stamp, _ in todo if key in known_files}
    replacing.update((key, None) for key in gone)

    if not todo and not gone:  # nothing to write: leave the index (and its generation) untouched
        report.seconds = time.perf_counter() - started
        return report
    # With two or more jobs, Whoosh's own writer processes analyse and write segments in parallel
    # while this process reads, extracts and groups: measured faster than a pool of readers
    # feeding one writer, because analysis and posting writing are the larger cost.
    # A small run is not worth writer processes: each leaves its own segment, which costs every search
    # (and once cost a merge: 100 changed files on a 30k index took 101 s in parallel).
    procs = jobs if jobs > 1 and len(todo) >= min(settings.batch_size, PARALLEL_MIN_FILES) else 1
    batch_size = settings.batch_size * procs  # articles per commit: a batch for each writer process
    pending = 0
    ids_this_run: dict[str, str] = {}
    # Stories this update joined or took members from, grouped again at the end as a clean build
    # would group them (an update reads new files after copies indexed long ago). A first build reads
    # everything in walk order already.
    touched: set[str] | None = set() if settings.stories and known_files else None
    # The stop flag is set before any writer process starts, so they inherit it and Ctrl-C
    # never kills one halfway through a segment.
    global _forking_writers
    if procs > 1 or jobs > 1:
        _register_fork_hook()
    _forking_writers = procs > 1
    with _StopFlag() as stop:
        writer = _writer(ix, procs)
        try:
            for key in gone:
                writer.delete_by_term(S.FILE, key)
                report.removed += known_files[key][1]
                pending += 1
            searcher = ix.searcher()
            known = _KnownIdsAndBands(settings.stories)
            try:
                known.refresh(searcher, total)
                if touched is not None:
                    touched.update(_stories_of_files(searcher, replacing))
                grouper = StoryGrouper(searcher, settings, known.bands, replacing) if settings.stories else None
                for done, (key, rel, stamp, articles, error) in enumerate(_results(todo, settings, jobs), 1):
                    report.files_read += 1
                    if error is not None:
                        report.failed.append((rel, error))
                    else:
                        pending += _write_file(writer, searcher, key, rel, stamp, articles, known_files,
                                               ids_this_run, report, grouper, known.ids, replacing, touched)
                    if progress:
                        progress(done, total)
                    if stop.set:
                        report.interrupted = True
                        break
                    if pending >= batch_size:
                        _commit(writer, procs)
                        report.commits += 1
                        writer = _writer(ix, procs)
                        pending = 0
                        # What this run committed is in the index now: a fresh searcher finds it there,
                        # so the in-memory lists restart instead of growing with the run.
                        searcher.close()
                        searcher = ix.searcher()
                        known.refresh(searcher, total - done)
                        grouper = StoryGrouper(searcher, settings, known.bands, replacing) if settings.stories else None
                        ids_this_run.clear()
            finally:
                searcher.close()
            _commit(writer, procs)
            report.commits += 1
        except BaseException:
            try:
                writer.cancel()
            except Exception:  # a writer that failed while committing is closed already
                pass
            raise
        finally:
            _forking_writers = False
        if procs > 1 and _segments_to_merge(ix._segments()):
            _writer(ix).commit(mergetype=_merge_tiers)
        if touched and not report.interrupted:
            report.regrouped = _regroup(ix, touched, settings)
    report.seconds = time.perf_counter() - started
    return report


def _stories_of_files(searcher, replacing: dict[str, str | None]) -> set[str]:
    """The stories of the indexed articles of files this run replaces or deletes."""
    reader = searcher.reader()
    if not reader.doc_count_all():
        return set()
    stories = reader.column_reader(S.STORY)
    found = set()
    for key in replacing:
        if (S.FILE, key) in reader:
            found.update(stories[d] for d in reader.postings(S.FILE, key).all_ids() if not reader.is_deleted(d))
    return found


def _regroup(ix, touched: set[str], settings: Settings) -> int:
    """Rewrite the articles of ``touched`` stories whose story id a clean build would set otherwise."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        changes = new_story_ids(reader, touched, settings)
        if not changes:
            return 0
        signatures = reader.column_reader(S.SIGNATURE)
        documents = []
        for docnum, story in changes.items():
            stored = reader.stored_fields(docnum)
            article = _article_from_stored(stored).with_changes(signature=signature_of(signatures, docnum))
            documents.append(article_document(article, stored[S.FILE], stored[S.STAMP], stored[S.HASH], story))
    writer = _writer(ix)
    try:
        for doc in documents:
            writer.update_document(**doc)
        writer.commit(mergetype=_merge_tiers)
    except BaseException:
        writer.cancel()
        raise
    return len(documents)


def _write_file(writer, searcher, key: str, rel: str, stamp: str, articles: list[Article], known_files: dict,
                ids_this_run: dict[str, str], report: UpdateReport, grouper: StoryGrouper | None = None,
                known_ids: KnownTerms | None = None, replacing: dict[str, str | None] | None = None,
                touched: set[str] | None = None) -> int:
    replacing = replacing or {}
    kept = []
    replaced_by_id = []  # this file's own articles, found by id: replaced even if the file key no longer finds them
    to_bytes = searcher.schema[S.ID_FIELD].to_bytes
    maybe_indexed = known_ids.might_contain(to_bytes(a.id) for a in articles) if known_ids else [True] * len(articles)
    for a, maybe in zip(articles, maybe_indexed):
        other = ids_this_run.get(a.id)
        if other is None and maybe and searcher.doc_frequency(S.ID_FIELD, a.id):
            stored = searcher.document(**{S.ID_FIELD: a.id})
            old_version = stored is not None and stored.get(S.FILE) in replacing and \
                stored.get(S.STAMP) != replacing[stored.get(S.FILE)]
            if stored and stored.get(S.FILE) != key and not old_version:  # (an old version's claim lapses)
                other = stored.get(S.PATH)
                if other is not None and walk_order(rel) < walk_order(other):
                    # A clean build reads this file first and keeps its record: so does an update.
                    writer.delete_by_term(S.ID_FIELD, a.id)
                    report.failed.append((other, f"duplicate id {a.id!r} (already used by {rel}); record skipped"))
                    other = None
            elif stored:
                replaced_by_id.append(a.id)
        if other is not None and other != rel:
            report.failed.append((rel, f"duplicate id {a.id!r} (already used by {other}); record skipped"))
            continue
        ids_this_run[a.id] = rel
        kept.append(a)
    for a in articles:
        for warning in a.meta.get("_read_warnings", ()):
            report.failed.append((rel, warning))
    if not kept:
        if key in known_files:  # every record now skipped: what the file held before must go too
            writer.delete_by_term(S.FILE, key)
            report.removed += known_files[key][1]
            return 1
        return 0
    file_hash = _file_hash(kept)
    if key in known_files:
        writer.delete_by_term(S.FILE, key)
        report.updated += len(kept)
    else:
        report.added += len(kept)
    # A damaged file column hides the old copies from the file key; their ids still find them.
    for article_id in replaced_by_id if key not in known_files else ():
        writer.delete_by_term(S.ID_FIELD, article_id)
    for a in kept:
        meta = {k: v for k, v in a.meta.items() if not k.startswith("_")}
        story = grouper.assign(a, exclude_file=key) if grouper else None
        if touched is not None and story is not None:
            touched.add(story)
        writer.add_document(**article_document(a.with_changes(meta=meta), key, stamp, file_hash, story))
    return len(kept)


def _article_from_stored(stored: dict) -> Article:
    tags = stored.get(S.TAGS) or {}
    date = stored.get(S.DATE)
    return Article(
        id=stored[S.ID_FIELD], path=stored.get(S.PATH, ""), title=stored.get(S.TITLE, ""), text=stored.get(S.BODY, ""),
        date=date.replace(tzinfo=timezone.utc) if date is not None else None, date_precision=stored.get(S.PRECISION),
        source=stored.get(S.SOURCE, ""), author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""),
        lang=stored.get(S.LANG, ""), kind=stored.get(S.KIND, ARTICLE), people=tuple(tags.get("people", ())),
        places=tuple(tags.get("places", ())), orgs=tuple(tags.get("orgs", ())),
        meta=stored.get(S.META) or {}, record=stored.get(S.RECORD),
        entities={t: tuple(v for v in (stored.get(t) or "").split(",") if v) for t in S.ENTITY_FIELDS},
        entity_rules=stored.get(S.ENTITY_RULES) or {},
    )


def refresh_entities(ix, settings: Settings, progress: Callable[[int, int], None] | None = None) -> RefreshReport:
    """Re-apply the entity registry and extractor to stored articles without reading any file again.

    Only articles whose entities change are rewritten, in one commit.
    """
    started = time.perf_counter()
    enrich = _enricher(settings)
    report = RefreshReport()
    writer = _writer(ix)
    try:
        with ix.searcher() as searcher:
            total = searcher.doc_count()
            reader = searcher.reader()
            for docnum in reader.all_doc_ids():
                stored = reader.stored_fields(docnum)
                report.checked += 1
                article = enrich(_article_from_stored(stored))
                old = {t: [v for v in (stored.get(t) or "").split(",") if v] for t in S.ENTITY_FIELDS}
                new = {t: [n.replace(",", " ").strip() for n in article.entities.get(t, ())] for t in S.ENTITY_FIELDS}
                if old != new or stored.get(S.ENTITY_RULES) != article.entity_rules:
                    report.changed += 1
                    writer.update_document(**article_document(article, stored[S.FILE], stored[S.STAMP], stored[S.HASH],
                                                              stored.get(S.STORY)))
                if progress:
                    progress(report.checked, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.seconds = time.perf_counter() - started
    return report
