"""Telling a damaged index: what reading a damaged file raises, the error naming the file at fault, and
the checksums a commit records so that a changed segment file is found."""

from __future__ import annotations

import json
import os
import pickle
import struct
import zlib
from pathlib import Path

from whoosh.filedb.filetables import FileFormatError

from ..errors import IndexDamaged, IndexProblem


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

# What Whoosh raises on damaged bytes that other causes raise too: damage only where a file then fails its
# checks. (MemoryError: flipped bytes in a pickled postings block can read as a length of gigabytes;
# OverflowError: as a pickle frame longer than any ("FRAME length exceeds system's maximum").)
SUSPECT: tuple[type[BaseException], ...] = (ValueError, KeyError, IndexError, TypeError, AttributeError,
                                            AssertionError, OSError, MemoryError, OverflowError)


def damaged(directory: str | Path, error: BaseException, culprit: str | None = None) -> IndexDamaged:
    """The error for an index that failed to read, naming the damaged file when one can be found."""
    d = Path(directory)
    culprit = culprit or find_damaged_file(d)
    where = f" in {culprit}" if culprit else ""
    kind = "struct.error" if isinstance(error, struct.error) else type(error).__name__
    return _damaged(d, where, f"{kind}: {str(error)[:120]}")


def changed_since_written(directory: str | Path, name: str) -> IndexDamaged:
    """The error for an index whose segment file ``name`` changed since its commit recorded it."""
    return _damaged(Path(directory), f" in {name}", "changed since it was written: its checksum differs")


def _damaged(d: Path, where: str, why: str) -> IndexDamaged:
    return IndexDamaged(f"{d}: the index is damaged{where} ({why}); rebuild it with: searchidx index PATH "
                        f"--rebuild --index {d}")


def find_damaged_file(directory: Path) -> str | None:
    """The first index file that does not read back: the TOC, or a segment (its recorded checksum, its
    first and last stored articles, the start of each field's terms). Slow on a large index; run only
    after a failure."""
    from whoosh.reading import SegmentReader

    # (store imports this module: a commit records checksums)
    from .store import current_name, open_existing, segment_file, segments_of

    try:
        ix = open_existing(directory)
        segments = segments_of(ix)
    except (IndexProblem, OSError, ValueError) + DAMAGE:
        return f"the table of contents (_{current_name(directory)}_*.toc)"
    sums = recorded_checksums(directory)
    for segment in segments:
        name = segment_file(ix, segment)
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
        except DAMAGE + SUSPECT:
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
    """Size, CRC-32 and modification time of each segment file, taken as a commit makes it part of the index,
    so that a file changed since is told (flipped bytes read back without any error): by ``changed_segment``
    as an index is opened, and by ``searchidx check``. Only new segment files are read, while they are still
    in the page cache; a segment never changes."""
    known = recorded_checksums(directory)
    current = {}
    for path in directory.glob("*.seg"):
        entry = known.get(path.name)
        try:
            if not entry:
                stat = path.stat()
                entry = {"size": stat.st_size, "crc32": _crc(path), "mtime_ns": stat.st_mtime_ns}
            current[path.name] = entry
        except OSError:
            continue
    if current != known:
        tmp = directory / f"{CHECKSUM_FILE}.tmp"
        tmp.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
        os.replace(tmp, directory / CHECKSUM_FILE)


def changed_segment(directory: Path, names: list[str]) -> str | None:
    """The first segment file of ``names`` changed since its commit recorded it: another size, or another
    modification time and another CRC-32; None if none. A stat a file: its bytes are read only when its time
    moved (written over, or copied without its times: ``cp -r``, not ``cp -a``). Flipped bytes in a column
    read back without any error, and facet counts and sorts would be made of them."""
    sums = recorded_checksums(directory)
    for name in names:
        recorded = sums.get(name)
        if not recorded or "mtime_ns" not in recorded:  # recorded before times were (it is read whole by check)
            continue
        path = directory / name
        try:
            stat = path.stat()
            if stat.st_size != recorded["size"] or (
                    stat.st_mtime_ns != recorded["mtime_ns"] and _crc(path) != recorded["crc32"]):
                return name
        except OSError:  # a segment that cannot be reached is said by the reading that needs it
            continue
    return None
