"""``searchidx check``: read the whole index back and compare it with what was recorded and with the files."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest.discover import on_disk
from ..ingest.state import file_stamp, same_file
from . import damage, store
from . import schema as S

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.index import FileIndex


@dataclass
class CheckReport:
    """What ``check`` found: problems (each one line, naming the file) and what was read."""

    index: str
    problems: list[str] = field(default_factory=list)
    segments: int = 0
    articles: int = 0
    files: int = 0
    damaged: int = 0  # segments missing, changed or unreadable: only rebuilding the index mends them

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"index": self.index, "ok": self.ok, "problems": self.problems, "segments": self.segments,
                "articles": self.articles, "files": self.files, "damaged": self.damaged}


def check(directory: str | Path, files: bool = True) -> CheckReport:
    """Verify every segment (checksum, stored fields, columns), that ids are unique, and, with ``files``,
    that every indexed file is on disk as it was when read."""
    d = Path(directory)
    report = CheckReport(str(d))
    try:
        ix = store.open_existing(d)
        segments = store.segments_of(ix)
    except Exception as e:  # noqa: BLE001 - whatever stops the index opening is the finding
        report.problems.append(f"{d}: the index does not open: {e}")
        return report
    sums = damage.recorded_checksums(d)
    ids: Counter = Counter()
    stamps: dict[str, str] = {}
    for segment in segments:
        name = store.segment_file(ix, segment)
        report.segments += 1
        found = len(report.problems)
        denied = _check_segment(ix, segment, d / name, sums.get(name), report, ids, stamps)
        report.damaged += len(report.problems) > found and not denied
    report.problems += [f"id {i!r} is held by {n} articles" for i, n in sorted(ids.items()) if n > 1]
    report.files = len(stamps)
    if files:
        report.problems += file_problems(stamps)
    return report


def _check_segment(ix: FileIndex, segment: Segment, path: Path, recorded: dict | None, report: CheckReport,
                   ids: Counter, stamps: dict[str, str]) -> bool:
    """One segment against its checksum, its columns' sizes and its stored articles; its ids and files counted.
    True when this user may not read it: a problem to name, but no damage (a rebuild would not mend it)."""
    from whoosh.reading import SegmentReader

    name = path.name
    if not path.exists():
        report.problems.append(f"{name}: missing")
        return False
    try:
        if recorded and (path.stat().st_size != recorded["size"] or damage._crc(path) != recorded["crc32"]):
            report.problems.append(f"{name}: changed since it was written (checksum differs)")
        reader = SegmentReader(ix.storage, ix.schema, segment)
    except PermissionError as e:
        report.problems.append(f"{name}: cannot be read ({e.strerror}): not damage; ask for read access to it")
        return True
    except Exception as e:  # noqa: BLE001
        report.problems.append(f"{name}: does not open: {type(e).__name__}: {e}")
        return False
    try:
        count = segment.doc_count_all()
        for fieldname in (S.ID_FIELD, S.FILE, S.STAMP, S.DATE, S.SIGNATURE, *S.ENTITY_FIELDS):
            if reader.has_column(fieldname) and len(reader.column_reader(fieldname)) != count:
                report.problems.append(f"{name}: column {fieldname!r} holds {len(reader.column_reader(fieldname))} "
                                       f"values for {count} articles")
        id_column, file_column = reader.column_reader(S.ID_FIELD), reader.column_reader(S.FILE)
        stamp_column = reader.column_reader(S.STAMP)
        for docnum in range(count):
            if reader.is_deleted(docnum):
                continue
            stored = reader.stored_fields(docnum)  # decompresses: damage shows here
            if stored.get(S.ID_FIELD) != id_column[docnum]:
                report.problems.append(f"{name}: article {docnum}: stored id {stored.get(S.ID_FIELD)!r} "
                                       f"differs from the id column {id_column[docnum]!r}")
            ids[id_column[docnum]] += 1
            stamps[file_column[docnum]] = stamp_column[docnum]
            report.articles += 1
    except Exception as e:  # noqa: BLE001
        report.problems.append(f"{name}: cannot be read: {type(e).__name__}: {str(e)[:120]}")
    finally:
        reader.close()
    return False


def file_problems(stamps: dict[str, str]) -> list[str]:
    """Indexed files (file key -> stamp when read) that are gone from disk or changed since."""
    problems = []
    for key, stamp in sorted(stamps.items()):
        try:
            st = os.stat(on_disk(key))  # a name that is not UTF-8 is kept printable
        except (FileNotFoundError, NotADirectoryError):
            problems.append(f"{key}: indexed, but no longer there (run searchidx index to drop it)")
            continue
        except OSError as e:  # a folder of mode 000, a network mount's hiccup: index keeps its articles
            problems.append(f"{key}: cannot be reached ({e.strerror or e}): searchidx index keeps its articles "
                            "until it can read it")
            continue
        if not same_file(stamp, file_stamp(st)):
            problems.append(f"{key}: changed since it was indexed (run searchidx index to read it again)")
    return problems
