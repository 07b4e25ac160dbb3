"""The write lock: one writer per index, the holder's pid in the lock file so that others can name it."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..errors import IndexLockedError, IndexProblem

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
        self.remove = False  # set by a run that leaves no index: the lock file goes with it

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
        fd = self._open(path)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if _still_at(fd, path):
                    break
                # The run this one waited for left nothing, its lock file either (__exit__): a lock on that
                # file is no lock, since the next run opens a new one; take that one.
                os.close(fd)
                fd = self._open(path)
                continue
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

    def _open(self, path: Path) -> int:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:  # another owner's folder, a read-only mount, a full disk
            raise IndexProblem(f"{self.directory}: cannot write here ({e.strerror or e}): searching an index "
                               "that is there works, indexing needs a folder you can write to") from None

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            if self.remove:  # while still held: a run waiting on this file then sees it gone (__enter__)
                with contextlib.suppress(OSError):
                    os.unlink(self.directory / LOCK_FILE)
            else:
                os.ftruncate(self._fd, 0)  # an empty lock file means "cleanly released"
            os.close(self._fd)  # closing releases the lock
            self._fd = None


def _still_at(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the one at ``path`` (not removed or replaced since)."""
    try:
        here, held = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


def remove_folder_if_empty(directory: str | Path) -> None:
    """Delete a folder a run made and left nothing in (a file of someone else's there: it stays)."""
    with contextlib.suppress(OSError):
        Path(directory).rmdir()


def _alive(pid: int) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, OverflowError):
        return True
    return True
