"""Creating and opening the index directory: version stamp, existence checks, lock errors."""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import struct
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import FileFormatError

from ..errors import IndexDamaged, IndexLockedError, IndexNotFound, IndexProblem, IndexVersionError
from .schema import build_schema

if TYPE_CHECKING:
    from whoosh.index import FileIndex

# 18: story bands derived from the signature column, no longer terms; the file stamp and the date no terms
# either (a date_parts term for the day instead);
# 17: date_parts marks articles dated only to a year or month, "may" and "will" no stop words; 16: initials
# ("U.S.") one word, "us" no stop word (the exact-word hashes change with them); 15: body positions,
# exact-word hashes in a column; 14: language and kind; 13: exact copies
FORMAT_VERSION = 18
STAMP_FILE = "searchidx.json"
INDEX_NAME = "articles"


def _stamp_path(directory: Path) -> Path:
    return directory / STAMP_FILE


def _stamp(directory: Path) -> dict:
    try:
        info = json.loads(_stamp_path(directory).read_text(encoding="utf-8"))
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
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


class _DurableStorage(FileStorage):
    """Whoosh's file storage, with a commit that survives a power cut.

    Whoosh commits by renaming a new table of contents (TOC) into place. Before that rename, every
    segment file and the new TOC are flushed to the disk, and the folder after it: without this, a
    power cut right after a commit could leave a TOC naming segments that never reached the disk.
    """

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


# _articles_12.toc, articles3_ab12.seg, ..._WRITELOCK, articles3.state.json
_INDEX_FILE = re.compile(r"^_?([A-Za-z][A-Za-z0-9]*)[_.]")


def _remove_index_files(directory: Path, only: str | None = None, keep: str | None = None) -> None:
    """Delete the files of the index named ``only``, or of every index but ``keep``."""
    for path in directory.iterdir():
        m = _INDEX_FILE.match(path.name)
        if not m or not path.is_file() or not m.group(1).startswith(INDEX_NAME):
            continue
        if (only is not None and m.group(1) == only) or (keep is not None and m.group(1) != keep):
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


def _whoosh_corruption() -> tuple[type[BaseException], ...]:
    """Whoosh builds that check postings blocks raise their own error on a damaged one (the whoosh3
    distribution's ``reading.CorruptIndexError``); Whoosh 2.7 has none, so it is looked up, not imported."""
    from whoosh import reading

    found = getattr(reading, "CorruptIndexError", None)
    return (found,) if isinstance(found, type) and issubclass(found, BaseException) else ()


# What reading a truncated, emptied, overwritten or deleted index file raises inside Whoosh
# (FileFormatError: a table whose header bytes were overwritten).
DAMAGE: tuple[type[BaseException], ...] = (EOFError, struct.error, zlib.error, UnicodeDecodeError,
                                           pickle.UnpicklingError, FileNotFoundError,
                                           FileFormatError) + _whoosh_corruption()


def damaged(directory: str | Path, error: BaseException, culprit: str | None = None) -> IndexDamaged:
    """The error for an index that failed to read, naming the damaged file when one can be found."""
    d = Path(directory)
    culprit = culprit or find_damaged_file(d)
    where = f" in {culprit}" if culprit else ""
    kind = "struct.error" if isinstance(error, struct.error) else type(error).__name__
    return IndexDamaged(f"{d}: the index is damaged{where} ({kind}: {str(error)[:120]}); "
                        f"rebuild it with: searchidx index PATH --rebuild --index {d}")


def find_damaged_file(directory: Path) -> str | None:
    """The first index file that does not read back: the TOC, or a segment (its recorded checksum, its
    first and last stored articles, the start of each field's terms). Slow on a large index; run only
    after a failure."""
    from whoosh.reading import SegmentReader

    try:
        ix = open_existing(directory)
        segments = ix._segments()
    except (IndexProblem, OSError, ValueError) + DAMAGE:
        return f"the table of contents (_{current_name(directory)}_*.toc)"
    sums = recorded_checksums(directory)
    for segment in segments:
        name = f"{ix.indexname}_{segment.segid}.seg"
        recorded = sums.get(name)
        try:
            if recorded and ((directory / name).stat().st_size != recorded["size"]
                             or _crc(directory / name) != recorded["crc32"]):
                return name
            reader = SegmentReader(ix.storage, ix.schema, segment)
            try:
                for docnum in {0, max(0, segment.doc_count_all() - 1)}:
                    reader.stored_fields(docnum)
                for fieldname in reader.indexed_field_names():
                    next(iter(reader.lexicon(fieldname)), None)
            finally:
                reader.close()
        except DAMAGE + (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            return name
    return None


CHECKSUM_FILE = "checksums.json"


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def recorded_checksums(directory: Path) -> dict[str, dict]:
    try:
        data = json.loads((directory / CHECKSUM_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def record_checksums(directory: Path) -> None:
    """Size and CRC-32 of each segment file, taken as a commit makes it part of the index, so that
    ``searchidx check`` can tell a file changed since (flipped bytes read back without any error).
    Only new segment files are read, while they are still in the page cache; a segment never changes."""
    known = recorded_checksums(directory)
    current = {}
    for path in directory.glob("*.seg"):
        entry = known.get(path.name)
        try:
            current[path.name] = entry if entry else {"size": path.stat().st_size, "crc32": _crc(path)}
        except OSError:
            continue
    if current != known:
        tmp = directory / f"{CHECKSUM_FILE}.tmp"
        tmp.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
        os.replace(tmp, directory / CHECKSUM_FILE)


def remove_orphans(directory: str | Path, indexname: str) -> int:
    """Delete the files an interrupted commit of ``indexname`` left (segments its table of contents does
    not name, temporary tables); return the bytes freed. A full disk must not stay full of them."""
    d = Path(directory)
    try:
        live = {segment.segid for segment in _storage(d).open_index(indexname)._segments()}
    except (windex.IndexError, ValueError, EOFError, OSError):
        return 0
    freed = 0
    for path in d.iterdir():
        name = path.name
        orphan_segment = name.startswith(f"{indexname}_") and not name.endswith("_WRITELOCK") and \
            name[len(indexname) + 1:].split(".")[0] not in live
        temp_toc = name.startswith(f"_{indexname}_") and not name.endswith(".toc")
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


LOCK_FILE = "searchidx.lock"
ORPHAN_GRACE = 30.0  # seconds to let writer processes of a killed searchidx exit


class WriteLock:
    """One writer per index, with the holder's pid in the lock file so others can name it.

    The lock is an OS file lock (released by the kernel when the holder dies, even by kill -9), so a
    lock can never stay stale; a lock file left by a dead process is noticed and reported. ``wait``
    seconds are spent polling for a busy lock before giving up with IndexLockedError.
    """

    def __init__(self, directory: str | Path, wait: float = 0.0):
        self.directory = Path(directory)
        self.wait = wait
        self.notes: list[str] = []
        self._fd: int | None = None

    def _holder(self) -> dict:
        try:
            return json.loads((self.directory / LOCK_FILE).read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def __enter__(self) -> WriteLock:
        import fcntl
        import socket
        import time

        path = self.directory / LOCK_FILE
        deadline = time.monotonic() + max(0.0, self.wait)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:  # another owner's folder, a read-only mount, a full disk
            raise IndexProblem(f"{self.directory}: cannot write here ({e.strerror or e}): searching an index "
                               "that is there works, indexing needs a folder you can write to") from None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                holder = self._holder()
                if holder.get("pid") and holder.get("host") == socket.gethostname() and not _alive(holder["pid"]) \
                        and time.monotonic() < deadline + ORPHAN_GRACE:
                    # The holder died (kill -9) but the writer processes it forked still hold the lock
                    # for a moment, until they notice; wait for them rather than refuse.
                    time.sleep(0.2)
                    continue
                if time.monotonic() >= deadline:
                    os.close(fd)
                    holder = self._holder()
                    who = (f"process {holder.get('pid', '?')} on {holder.get('host', '?')} "
                           f"since {holder.get('started', '?')}")
                    busy = f"{self.directory}: another searchidx is indexing into it ({who}); wait for it to finish"
                    raise IndexLockedError(f"{busy}, or give wait= seconds to wait for it",
                                           cli=f"{busy}, or pass --wait SECONDS") from None
                time.sleep(0.2)
        previous = self._holder()
        if previous.get("pid") and previous.get("host") == socket.gethostname() and not _alive(previous["pid"]):
            self.notes.append(f"cleared a stale lock left by process {previous['pid']} "
                              f"(started {previous.get('started')}), which stopped without finishing; "
                              f"this run completes its work")
        try:  # who holds the lock, for others' messages; the lock itself is the flock above
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                     "started": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode())
            os.fsync(fd)
        except OSError:
            pass  # a full disk: the run goes on and says so when it needs the space
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # an empty lock file means "cleanly released"
            os.close(self._fd)  # closing releases the lock
            self._fd = None


def remove_lock_file(directory: str | Path, folder: bool = False) -> None:
    """Delete the lock file of a folder that holds no index (another run may have made one since), and
    with ``folder`` the folder too when nothing else is in it."""
    d = Path(directory)
    if exists(d):
        return
    try:
        (d / LOCK_FILE).unlink()
        if folder:
            d.rmdir()
    except OSError:
        pass  # a file of someone else's in the folder: it stays, as the folder does


def _alive(pid: int) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, OverflowError):
        return True
    return True
