"""A text file replaced whole or not at all: results, run files and the --diff state are written to a
temporary file beside the target and renamed over it, so a full disk, a refused folder or Ctrl-C never
leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def make_folder(folder: str | Path) -> None:
    """``folder`` and its parents made (being there is fine). A file where a folder should be is a
    NotADirectoryError naming it: mkdir's own "File exists" (``--out /dev/full``) or "Not a directory" hid
    which file is in the way."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in (Path(folder), *Path(folder).parents) if p.exists() and not p.is_dir()),
                        Path(folder))
        raise NotADirectoryError(errno.ENOTDIR, f"{blocking} is not a folder", str(blocking)) from None


@contextlib.contextmanager
def written_whole(path: str | Path) -> Iterator[IO[str]]:
    """A text file to write ``path`` through (its folders made); it replaces ``path`` once the block ends.
    On any exception the temporary file is removed and the exception goes on (OSError for the caller to
    name the file in its own error)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        make_folder(target.parent)
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
