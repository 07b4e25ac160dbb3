"""Values worth keeping between runs, in the user's cache folder ($XDG_CACHE_HOME or ~/.cache/searchidx/).

Each is stored with the key it was made for (versions, checksums of its inputs) and made again when
the key differs. A cache that cannot be read or written only costs the time of making the value.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def folder() -> Path | None:
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searchidx"
    except RuntimeError:  # no home folder: nothing is kept
        return None


def kept(name: str, key: str, make: Callable[[], T]) -> T:
    """The value kept under ``name`` if it was made for ``key``; else ``make()``, kept for next time.
    Values must survive JSON (lists, dicts, strings, numbers); a kept value is typed as ``make()``'s, so a
    caller that may meet an older shape under the same key checks it."""
    where = folder()
    path = where / f"{name}-{zlib.crc32(key.encode()):08x}.json" if where else None
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return data["value"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass
    value = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return value
