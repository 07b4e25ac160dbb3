"""Creating, opening and rebuilding the index folder: its format stamp, durable commits, the state file.

The write lock is in ``lock.py``; telling a damaged index, and the checksums a commit records, in ``damage.py``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from ..errors import IndexNotFound, IndexProblem, IndexVersionError
from .damage import record_checksums
from .schema import build_schema

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.index import FileIndex

# 21: letters fold by index/folding.py, no longer by Whoosh's accent_map ("Straße" is "strasse", no longer
# "strase"; "æ" "ae", "œ" "oe", "ά" "α", "ё" "е"), accents written as combining marks part of their word, as
# are Indic vowel signs ("हिन्दी" one word, no longer three), Arabic vowel marks and Hebrew points dropped;
# 20: "use", "used", "using" ... stemmed to "use", no longer to "us" (U.S.);
# 19: letters joined by '&' one word (AT&T, M&A; the exact-word hashes change with them);
# 18: story bands derived from the signature column, no longer terms; the file stamp and the date no terms
# either (a date_parts term for the day instead);
# 17: date_parts marks articles dated only to a year or month, "may" and "will" no stop words; 16: initials
# ("U.S.") one word, "us" no stop word (the exact-word hashes change with them); 15: body positions,
# exact-word hashes in a column; 14: language and kind; 13: exact copies
FORMAT_VERSION = 21
STAMP_FILE = "searchidx.json"
INDEX_NAME = "articles"


def _stamp_path(directory: Path) -> Path:
    return directory / STAMP_FILE


def _stamp(directory: Path) -> dict:
    try:
        info = json.loads(_stamp_path(directory).read_text(encoding="utf-8"))
        return info if isinstance(info, dict) else {}
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EPERM):  # not an unknown format to rebuild: a file this user may not read
            raise IndexProblem(f"{_stamp_path(directory)}: cannot read the index's stamp ({e.strerror or e}); "
                               "ask for read access to the index folder's files") from None
        return {}
    except ValueError:
        return {}


def _write_stamp(directory: Path, info: dict) -> None:
    """Replace the stamp in one atomic rename: it names the index searches open, so switching it is
    how a rebuild takes over."""
    tmp = _stamp_path(directory).with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(info))
        f.flush()
        os.fsync(f.fileno())
    _rename_durably(tmp, _stamp_path(directory))


def _rename_durably(tmp: Path, path: Path) -> None:
    """Rename a file already flushed to the disk into place, and flush the folder: the rename itself
    is on the disk only then (as a commit's table of contents is, in _DurableStorage)."""
    os.replace(tmp, path)
    _fsync(str(path.parent), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


# What the index remembers between runs beside its articles (ingest/state.py), one file per index name:
# a rebuild starts its own, and the old one goes with the old index's files. Not "<name>_...": Whoosh
# deletes such files at a commit as segments no longer used.
STATE_SUFFIX = ".state.json"


def read_state(ix: FileIndex) -> dict:
    try:
        data = json.loads((Path(ix.storage.folder) / f"{ix.indexname}{STATE_SUFFIX}").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {"dirty": True}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {"dirty": True}


def write_state(ix: FileIndex, data: dict) -> None:
    """Replace the state in one atomic rename, on the disk before the commit that relies on it."""
    path = Path(ix.storage.folder) / f"{ix.indexname}{STATE_SUFFIX}"
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, sort_keys=True))
        f.flush()
        os.fsync(f.fileno())
    _rename_durably(tmp, path)


def current_name(directory: str | Path) -> str:
    """The Whoosh index name the folder's searches use (a rebuild writes under a new one)."""
    return _stamp(Path(directory)).get("name") or INDEX_NAME


def exists(directory: str | Path) -> bool:
    """Whether the folder holds an index: a table of contents under the current name. Listed, not
    opened: a commit in another process may delete the file between a listing and an open."""
    d = Path(directory)
    if not d.is_dir():
        return False
    toc = re.compile(rf"_{re.escape(current_name(d))}_\d+\.toc")
    return any(toc.fullmatch(name) for name in os.listdir(d))


OPEN_RETRIES = 10  # as Whoosh's own reader does when a commit replaces the files it was opening


def _open(storage: FileStorage, name: str) -> FileIndex:
    """Open a Whoosh index, trying again when the table of contents it found was just replaced."""
    for _ in range(OPEN_RETRIES - 1):
        try:
            return storage.open_index(name)
        except FileNotFoundError:
            time.sleep(0.05)
    return storage.open_index(name)  # the last try: its error is the caller's


def _check_version(directory: Path) -> None:
    version = _stamp(directory).get("format")
    if version != FORMAT_VERSION:
        raise IndexVersionError(
            f"{directory}: index format {version or 'unknown'} is not the format this searchidx reads "
            f"({FORMAT_VERSION}); rebuild it with: searchidx index PATH --rebuild --index {directory}"
        )


def _storage(directory: Path) -> _DurableStorage:
    """Segment files are read on demand, never memory-mapped.

    Whoosh copies a mapped segment file whole into memory when it opens it, so opening a searcher on
    a 100k-article index read 1.3 GB and took 0.41 s (0.012 s and 30 MB unmapped). Reads on demand
    cost queries 10-40% at 100k; opening is what a command-line search pays every time, and the
    memory would grow with the corpus.
    """
    return _DurableStorage(str(directory), supports_mmap=False)


def _fsync(path: str, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


WHOLE_COLUMN_BYTES = 1 << 20  # a column file up to this size is read into memory whole


class _DurableStorage(FileStorage):
    """Whoosh's file storage, with a commit that survives a power cut, that lists only index files.

    Whoosh deletes at each commit every file it lists whose name looks like a segment's no longer
    used (any ``articles_x.y``): a file of the user's in the folder must not be listed.

    Whoosh commits by renaming a new table of contents (TOC) into place. Before that rename, every
    segment file and the new TOC are flushed to the disk, and the folder after it: without this, a
    power cut right after a commit could leave a TOC naming segments that never reached the disk.
    """

    def list(self) -> list[str]:
        return [name for name in super().list() if index_file(name)]

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        # A segment being written keeps each column in a file of its own until the segment is assembled,
        # and its commit reads every posting's field length from those files: a seek and a read each on
        # an unmapped file (70 an article on wire stories). A small one is read whole instead.
        if name.endswith(".col") and not kwargs:
            path = self._fpath(name)
            if os.path.getsize(path) <= WHOLE_COLUMN_BYTES:
                with open(path, "rb") as f:
                    return BufferFile(f.read(), name=name)
        return super().open_file(name, **kwargs)

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if newname.endswith(".toc"):
            for name in self.list():
                if name.endswith(".seg") or name == oldname:
                    try:
                        _fsync(self._fpath(name))
                    except FileNotFoundError:
                        pass  # a segment a merge deleted meanwhile
            record_checksums(Path(self.folder))
        super().rename_file(oldname, newname, safe=safe)
        if newname.endswith(".toc"):
            _fsync(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def create(directory: str | Path) -> FileIndex:
    """Create an empty index in a folder that has none, and stamp its format version."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    ix = _storage(d).create_index(build_schema(), indexname=INDEX_NAME)
    _write_stamp(d, {"format": FORMAT_VERSION, "name": INDEX_NAME})
    return ix


def open_existing(directory: str | Path) -> FileIndex:
    """Open an index; IndexNotFound or IndexVersionError if it cannot be used."""
    d = Path(directory)
    if not exists(d):
        raise IndexNotFound(f"no index at {d}: create one with: searchidx index PATH --index {d}")
    _check_version(d)
    try:
        return _open(_storage(d), current_name(d))
    except OSError as e:
        if e.errno in _NOT_THE_INDEX:  # the machine's limits or rights, not the index's bytes
            raise IndexProblem(f"{d}: the index cannot be opened: {e.strerror or e}") from None
        raise IndexVersionError(f"{d}: the index cannot be opened ({e}); rebuild it with --rebuild") from None
    except (windex.IndexError, ValueError, EOFError) as e:
        raise IndexVersionError(f"{d}: the index cannot be opened ({e}); rebuild it with --rebuild") from None


# Errors opening a file that say nothing about what the file holds: no rebuild would help.
_NOT_THE_INDEX = frozenset({errno.EMFILE, errno.ENFILE, errno.EACCES, errno.EPERM, errno.ENOMEM})


def open_or_create(directory: str | Path) -> FileIndex:
    return open_existing(directory) if exists(directory) else create(directory)


# --- rebuilding beside the index in use ---------------------------------------------------------------
# A rebuild writes a second index in the same folder under a new name, while searches go on reading
# the current one. Only when it is whole does the stamp switch to it (one atomic rename); then the
# old one's files are deleted. Killed or out of disk before that, the folder still holds the old index,
# searchable as it was, and the next --rebuild carries on with what the interrupted one wrote.

def begin_rebuild(directory: str | Path) -> FileIndex:
    """The index a rebuild writes into: the one an interrupted rebuild left, or a new, empty one."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    info = _stamp(d)
    storage = _storage(d)
    pending = info.get("rebuilding")
    if pending and info.get("rebuilding_format") == FORMAT_VERSION and windex.exists_in(str(d), indexname=pending):
        try:
            return storage.open_index(pending)
        except (windex.IndexError, ValueError, EOFError, OSError):
            pass  # a damaged partial rebuild is started again
    generation = int(info.get("generation", 0)) + 1
    name = f"{INDEX_NAME}{generation}"
    _remove_index_files(d, name)
    ix = storage.create_index(build_schema(), indexname=name)
    current = info.get("name") or INDEX_NAME if exists(d) else None
    _write_stamp(d, {**info, "rebuilding": name, "rebuilding_format": FORMAT_VERSION, "generation": generation,
                     **({"format": FORMAT_VERSION, "name": name} if current is None else {})})
    return ix


def finish_rebuild(directory: str | Path, ix: FileIndex) -> None:
    """Make the rebuilt index the one searches open, then delete every other index's files."""
    d = Path(directory)
    info = _stamp(d)
    _write_stamp(d, {"format": FORMAT_VERSION, "name": ix.indexname, "generation": info.get("generation", 0)})
    _remove_index_files(d, keep=ix.indexname)


# The files of an index named NAME (articles, articles3 ...), and only those: a folder may hold files of
# the user's own, which must never be taken for index files (`searchidx index . --index .` in a folder
# holding articles.jsonl deleted it, as Whoosh's own clean-up deletes any "articles_x.y" it lists):
# _NAME_12.toc (and its temporary _NAME_12.toc.1701234567.89), NAME_<16-character segment id>.<ext>,
# NAME_WRITELOCK, NAME.state.json (and .tmp).
_INDEX_NAME_PATTERN = rf"{INDEX_NAME}[0-9]*"
_INDEX_FILE = re.compile(rf"^(?:_(?P<toc>{_INDEX_NAME_PATTERN})_[0-9]+\.toc(?P<temp>\.[0-9.]+)?"
                         rf"|(?P<seg>{_INDEX_NAME_PATTERN})_(?P<segid>[0-9a-z]{{16}})\.[A-Za-z0-9_.]+"
                         rf"|(?P<lock>{_INDEX_NAME_PATTERN})_WRITELOCK"
                         rf"|(?P<state>{_INDEX_NAME_PATTERN}){re.escape(STATE_SUFFIX)}(?:\.tmp)?)$")


def index_file(name: str) -> re.Match[str] | None:
    """The match of a file name of an index's own (see _INDEX_FILE; ``index_of`` gives the index's name)."""
    return _INDEX_FILE.match(name)


def index_of(match: re.Match[str]) -> str:
    """The name of the index an ``index_file`` match belongs to."""
    return match["toc"] or match["seg"] or match["lock"] or match["state"]


def _remove_index_files(directory: Path, only: str | None = None, keep: str | None = None) -> None:
    """Delete the files of the index named ``only``, or of every index but ``keep``."""
    for path in directory.iterdir():
        m = index_file(path.name)
        if not m or not path.is_file():
            continue
        name = index_of(m)
        if (only is not None and name == only) or (keep is not None and name != keep):
            try:
                path.unlink()
            except OSError:
                pass  # left for the next rebuild to remove


def remove_index(directory: str | Path) -> None:
    """Delete every index in ``directory`` with its stamp and state; files of any other name stay."""
    d = Path(directory)
    _remove_index_files(d, keep="")
    try:
        _stamp_path(d).unlink()
    except OSError:
        pass


def segments_of(ix: FileIndex) -> list[Segment]:
    """The segments of ``ix`` its latest table of contents names (Whoosh's public ``TOC``)."""
    return windex.TOC.read(ix.storage, ix.indexname).segments


def segment_file(ix: FileIndex, segment: Segment) -> str:
    """The name of the file a segment of ``ix`` is written in (the name ``checksums.json`` records)."""
    return f"{ix.indexname}_{segment.segid}.seg"


def remove_orphans(directory: str | Path, indexname: str) -> int:
    """Delete the files an interrupted commit of ``indexname`` left (segments its table of contents does
    not name, temporary tables); return the bytes freed. A full disk must not stay full of them."""
    d = Path(directory)
    try:
        live = {segment.segid for segment in segments_of(_storage(d).open_index(indexname))}
    except (windex.IndexError, ValueError, EOFError, OSError):
        return 0
    freed = 0
    for path in d.iterdir():
        m = index_file(path.name)
        if not m or index_of(m) != indexname:
            continue
        orphan_segment = m["seg"] and m["segid"] not in live
        temp_toc = m["toc"] and m["temp"]
        if (orphan_segment or temp_toc) and path.is_file():
            try:
                size = path.stat().st_size
                path.unlink()
                freed += size
            except OSError:
                pass
    return freed


def size_on_disk(directory: str | Path) -> int:
    return sum(p.stat().st_size for p in Path(directory).glob("*") if p.is_file())
