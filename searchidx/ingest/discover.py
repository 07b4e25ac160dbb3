"""Walking the paths a user gives to the candidate article files. No parsing here."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

from .readers import format_suffix

DEFAULT_IGNORE = ("README*", "LICENSE*", "COPYING*", "NOTICE*", ".*", "*~", "*.tmp")
IGNORE_FILE = ".searchidxignore"


@dataclass(frozen=True)
class Candidate:
    """A file to read: its absolute path, and its path relative to the corpus root (its default id)."""

    path: Path
    rel: str
    root: Path


@lru_cache(maxsize=256)
def _ignore_rule(patterns: tuple[str, ...]):
    """One compiled regex for a directory's ignore patterns (fnmatch per pattern per name is slow)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match if patterns else None


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    rule = _ignore_rule(patterns)
    return rule is not None and rule(name) is not None


def _patterns_for(directory: Path, inherited: tuple[str, ...]) -> tuple[str, ...]:
    ignore_file = directory / IGNORE_FILE
    if not ignore_file.is_file():
        return inherited
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return inherited
    return inherited + tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def discover(paths: Sequence[str | Path], ignore: Sequence[str] = DEFAULT_IGNORE,
             errors: list[tuple[str, str]] | None = None) -> Iterator[Candidate]:
    """Yield supported files under ``paths`` in a stable order.

    Hidden and ignored names (``ignore`` plus ``.searchidxignore`` files) are skipped; symlinked
    directories are not followed, so link loops cannot recurse. Problems go to ``errors`` as
    ``(path, reason)`` and the walk carries on.
    """
    errors = errors if errors is not None else []
    for given in paths:
        root = Path(given).expanduser()
        if not root.exists():
            errors.append((str(given), "no such file or directory"))
            continue
        root = root.resolve()
        if root.is_file():
            if format_suffix(root):
                yield Candidate(root, root.name, root.parent)
            else:
                errors.append((str(given), f"unsupported file type {''.join(root.suffixes) or '(none)'}"))
            continue
        base_patterns = _patterns_for(root, tuple(ignore))

        def on_error(err: OSError, _errors=errors):
            _errors.append((str(err.filename), err.strerror or str(err)))

        patterns_by_dir = {root: base_patterns}
        for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
            here = Path(dirpath)
            patterns = patterns_by_dir.pop(here, base_patterns)
            dirnames[:] = sorted(d for d in dirnames if not _ignored(d, patterns))
            for d in dirnames:
                patterns_by_dir[here / d] = _patterns_for(here / d, patterns)
            rel_dir = os.path.relpath(dirpath, root)
            prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                if _ignored(name, patterns) or not format_suffix(name):
                    continue
                full = os.path.join(dirpath, name)
                if os.path.islink(full) and not os.path.exists(full):
                    errors.append((prefix + name, "broken symbolic link"))
                    continue
                yield Candidate(Path(full), prefix + name, root)
