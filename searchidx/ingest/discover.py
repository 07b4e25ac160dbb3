"""Walking the paths a user gives to the candidate article files. No parsing here."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat as stat_module
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..index.store import STAMP_FILE
from ..surrogates import printable
from .readers import format_suffix

DEFAULT_IGNORE = ("*README*", "LICENSE*", "COPYING*", "NOTICE*", ".*", "*~", "*.tmp")
IGNORE_FILE = ".searchidxignore"


_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def on_disk(key: str) -> str:
    """The path a file key (``printable``) names on disk: its ``\\xNN`` back to the bytes they stand for,
    unless a file is named with the key's own text."""
    if "\\x" not in key or os.path.lexists(key):
        return key
    return os.fsdecode(_ESCAPED_BYTE.sub(lambda m: bytes([int(m[1], 16)]), key.encode("utf-8")))


@dataclass(frozen=True)
class Candidate:
    """A file to read: its absolute path, its path relative to the corpus root (its default id), what
    ``stat`` said of it while walking, and whether its name is a symbolic link."""

    path: Path
    rel: str
    root: Path
    stat: os.stat_result
    link: bool = False

    @property
    def key(self) -> str:
        """The file's key in the index (its absolute path, printable)."""
        return printable(str(self.path))


def _regex(patterns: list[str]):
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match if patterns else None


@lru_cache(maxsize=256)
def _ignore_rules(patterns: tuple[str, ...]):
    """A directory's ignore patterns as compiled regexes (fnmatch per pattern per name is slow), as in
    .gitignore: ``name`` matches files and folders by name, ``name/`` folders only, and a pattern with a
    ``/`` inside matches the path from the corpus root (``_patterns_for`` anchors it there)."""
    names = [p for p in patterns if "/" not in p]
    folders = [p.rstrip("/") for p in patterns if p.endswith("/") and "/" not in p.rstrip("/")]
    paths = [p for p in patterns if "/" in p.rstrip("/")]
    return (_regex(names), _regex(folders), _regex([p.rstrip("/") for p in paths]),
            _regex([p.rstrip("/") for p in paths if not p.endswith("/")]))


def _ignored(name: str, rel: str, is_folder: bool, patterns: tuple[str, ...]) -> bool:
    by_name, folder_names, all_paths, file_paths = _ignore_rules(patterns)
    if by_name is not None and by_name(name) is not None:
        return True
    if is_folder:
        return (folder_names is not None and folder_names(name) is not None) or (
            all_paths is not None and all_paths(rel) is not None)
    return file_paths is not None and file_paths(rel) is not None


def _patterns_for(directory: Path, inherited: tuple[str, ...], prefix: str = "") -> tuple[str, ...]:
    """The patterns in force in ``directory`` (``prefix``: its path from the corpus root, ending in /)."""
    try:  # a folder that cannot be entered has no readable ignore file; the walk reports the folder
        lines = (directory / IGNORE_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return inherited
    found = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    # a path pattern is written from the ignore file's own folder: anchor it at the corpus root
    return inherited + tuple(prefix + p.lstrip("/") if "/" in p.rstrip("/") else p for p in found)


def _regular(full: str, shown: str, errors: list[tuple[str, str]], unreached: list[str]) -> os.stat_result | None:
    """The file's stat if it is a regular file (through symlinks); else the reason goes to ``errors``, and
    a file that is there but cannot be reached (``stat`` refused) to ``unreached``, as a printable path.

    A FIFO would block the reader forever, and /dev/zero never ends: only regular files are read.
    """
    try:
        st = os.stat(full)
    except FileNotFoundError:
        errors.append((shown, "broken symbolic link" if os.path.islink(full) else "vanished while listing"))
        return None
    except OSError as e:
        # (a folder that can be listed but not entered, `chmod -R 644`: its files were taken for deleted)
        errors.append((shown, e.strerror or str(e)))
        unreached.append(printable(full))
        return None
    if not stat_module.S_ISREG(st.st_mode):
        errors.append((shown, "not a regular file"))
        return None
    return st


def _is_index(folder: str, entries: list[os.DirEntry]) -> bool:
    """Whether a folder is a searchidx index (its stamp file names its format)."""
    if not any(e.name == STAMP_FILE for e in entries):
        return False
    try:
        with open(os.path.join(folder, STAMP_FILE), encoding="utf-8") as f:
            stamp = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and "format" in stamp


def nothing_found(paths: Sequence[str | Path]) -> str:
    """What to say when the walk of ``paths`` met no article file: where it looked, and for what."""
    from .readers import READERS

    return (f"nothing indexed: no article files under {', '.join(map(str, paths))} (searchidx reads "
            f"{' '.join(READERS)}, also as .gz; hidden files and ignored names such as README* are skipped)")


def walk_order(rel: str) -> tuple:
    """Sort key of a path (relative to its root, or a file key) in the order ``discover`` yields it (a
    folder's files, then its subfolders, each by name). A run reads its files in the walk order of
    their keys, which keeps the first of two claims on one id (``ingest/claims.py``)."""
    parts = rel.split("/")
    return tuple((0 if i == len(parts) - 1 else 1, part) for i, part in enumerate(parts))


def discover(paths: Sequence[str | Path], ignore: Sequence[str] = DEFAULT_IGNORE,
             errors: list[tuple[str, str]] | None = None, unlisted: list[str] | None = None) -> Iterator[Candidate]:
    """Yield supported regular files under ``paths`` in a stable order (a folder's files, then its
    subfolders, by name).

    Hidden and ignored names (``ignore`` plus ``.searchidxignore`` files) are skipped. A link to a folder
    is followed once (``corpus/2019 -> /mnt/disk2/2019``: its files were skipped without a word), its files
    yielded as links (``link``: a link to a file the walk meets itself is that file once more), unless its
    target is under a path given or under, or holding, a folder given or followed already, so a loop of
    links cannot recurse; the walk keeps its own stack, so depth is no limit. Problems go to ``errors`` as
    ``(path, reason)`` and the walk carries on; the folders that exist but could not be listed also go to
    ``unlisted`` (as printable absolute paths), so that the files indexed from them are not taken for
    deleted; so do symbolic links whose target cannot be reached (on a disk not mounted?) and files
    listed whose ``stat`` is refused.
    """
    errors = errors if errors is not None else []
    unlisted = unlisted if unlisted is not None else []
    given_folders = [os.path.realpath(Path(p).expanduser()) for p in paths if Path(p).expanduser().is_dir()]
    followed: list[str] = []  # the real paths of the linked folders followed
    for given in paths:
        root = Path(given).expanduser()
        if not os.path.lexists(root):
            errors.append((str(given), "no such file or directory"))
            continue
        root = root.resolve()
        if not root.is_dir():
            if not format_suffix(root):
                errors.append((str(given), f"unsupported file type {''.join(root.suffixes) or '(none)'}"))
            elif (st := _regular(str(root), printable(str(given)), errors, unlisted)) is not None:
                yield Candidate(root, printable(root.name), root.parent, st)
            continue
        stack = [(str(root), _patterns_for(root, tuple(ignore)), "", False)]
        while stack:
            here, patterns, prefix, linked = stack.pop()
            try:
                with os.scandir(here) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as e:
                errors.append((printable(prefix.rstrip("/") or here),
                               f"cannot list this folder ({e.strerror or e}); its files are left as they were"))
                unlisted.append(printable(here))
                continue
            if _is_index(here, entries):  # `searchidx index . --index idx`: its files are no articles
                if not prefix:
                    errors.append((str(given), "is a searchidx index, not a folder of articles"))
                continue
            folders = []
            pages = {e.name.rsplit(".", 1)[0] for e in entries if e.name.lower().endswith((".html", ".htm"))}
            for entry in entries:
                name = entry.name
                if name.endswith("_files") and name[:-6] in pages:
                    # A page saved "complete" by a browser keeps its images, scripts and frames in X_files beside
                    # X.html: its frames (saved_resource.html: ads, share buttons) were indexed as articles
                    continue
                try:
                    is_folder = entry.is_dir(follow_symlinks=False)
                    link_to_folder = not is_folder and entry.is_symlink() and entry.is_dir()
                except OSError:
                    is_folder = link_to_folder = False
                if _ignored(name, prefix + name, is_folder or link_to_folder, patterns):
                    continue
                if is_folder:
                    folders.append((entry.path, linked))
                    continue
                if link_to_folder:
                    if _follow(entry.path, given_folders, followed):
                        folders.append((entry.path, True))
                    continue
                if not format_suffix(name):
                    if entry.is_symlink() and not os.path.exists(entry.path):
                        # a link to a folder on a disk not mounted? What its files gave stays until it is back
                        errors.append((printable(prefix + name), "a symbolic link whose target cannot be reached; "
                                       "what it gave is kept"))
                        unlisted.append(printable(entry.path))
                    continue
                shown = printable(prefix + name)
                st = _regular(entry.path, shown, errors, unlisted)
                if st is not None:
                    yield Candidate(Path(entry.path), shown, root, st, linked or entry.is_symlink())
                elif entry.is_symlink():  # its target on a disk not mounted? What it gave stays until it is back
                    unlisted.append(printable(entry.path))
            for folder, through_link in reversed(folders):
                inside = prefix + os.path.basename(folder) + "/"
                stack.append((folder, _patterns_for(Path(folder), patterns, inside), inside, through_link))


def _follow(link: str, given_folders: list[str], followed: list[str]) -> bool:
    """Whether to walk the folder a link leads to (noted in ``followed`` if so): not when it is under a folder
    given (walked anyway), nor under or holding one given or followed already (a loop of links, a folder twice)."""
    real = os.path.realpath(link)

    def under(path: str, folder: str) -> bool:
        return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)

    if any(under(real, f) or under(f, real) for f in followed) or any(under(real, g) or under(g, real)
                                                                       for g in given_folders):
        return False
    followed.append(real)
    return True
