"""A text file replaced whole or not at all: results, run files and the --diff state are written to a
temporary file beside the target and renamed over it, so a full disk, a refused folder or Ctrl-C never
leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def written_whole(path: str | Path) -> Iterator[IO[str]]:
    """A text file to write ``path`` through (its folders made); it replaces ``path`` once the block ends.
    On any exception the temporary file is removed and the exception goes on (OSError for the caller to
    name the file in its own error)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
