"""Creating and opening the index directory: version stamp, existence checks, lock errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh import index as windex

from ..errors import IndexNotFound, IndexVersionError
from .schema import build_schema

FORMAT_VERSION = 3
STAMP_FILE = "searchidx.json"
INDEX_NAME = "articles"


def _stamp_path(directory: Path) -> Path:
    return directory / STAMP_FILE


def exists(directory: str | Path) -> bool:
    d = Path(directory)
    return d.is_dir() and windex.exists_in(str(d), indexname=INDEX_NAME)


def _check_version(directory: Path) -> None:
    try:
        info = json.loads(_stamp_path(directory).read_text(encoding="utf-8"))
        version = info.get("format")
    except (OSError, ValueError):
        version = None
    if version != FORMAT_VERSION:
        raise IndexVersionError(
            f"{directory}: index format {version or 'unknown'} is not the format this searchidx reads "
            f"({FORMAT_VERSION}); rebuild it with: searchidx index PATH --rebuild --index {directory}"
        )


def create(directory: str | Path):
    """Create an empty index (replacing any index already there) and stamp its format version."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(d), build_schema(), indexname=INDEX_NAME)
    tmp = _stamp_path(d).with_suffix(".tmp")
    tmp.write_text(json.dumps({"format": FORMAT_VERSION}), encoding="utf-8")
    os.replace(tmp, _stamp_path(d))
    return ix


def open_existing(directory: str | Path):
    """Open an index for reading; IndexNotFound or IndexVersionError if it cannot be used."""
    d = Path(directory)
    if not exists(d):
        raise IndexNotFound(f"no index at {d}: create one with: searchidx index PATH --index {d}")
    _check_version(d)
    try:
        return windex.open_dir(str(d), indexname=INDEX_NAME)
    except (windex.IndexError, ValueError, EOFError, OSError) as e:
        raise IndexVersionError(f"{d}: the index cannot be opened ({e}); rebuild it with --rebuild") from None


def open_or_create(directory: str | Path, rebuild: bool = False):
    if rebuild or not exists(directory):
        return create(directory)
    return open_existing(directory)


def size_on_disk(directory: str | Path) -> int:
    return sum(p.stat().st_size for p in Path(directory).glob("*") if p.is_file())
