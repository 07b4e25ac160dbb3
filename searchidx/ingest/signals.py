"""How a signal ends an ingest run, for either engine: as Ctrl-C does, with an exception where no stop
flag is up, so that what the run began is cleaned up and the user told what stays."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from ..errors import Terminated

# The signals that stop a run as Ctrl-C does: Ctrl-C; kill, timeout, docker stop, systemd; a terminal
# closed or an ssh session dropped (SIGHUP's default ended the process on the spot, saying nothing)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def raise_interrupt(signum: int, frame: FrameType | None) -> None:
    """End the run at once: Ctrl-C raises KeyboardInterrupt, SIGTERM and SIGHUP its subclass Terminated
    (exit 128 + the signal's number)."""
    raise KeyboardInterrupt if signum == signal.SIGINT else Terminated(signum)


def catch(signals: tuple[int, ...], handler: Any) -> dict[int, Any]:
    """Set ``handler`` for ``signals``; the handlers they had, to give back with ``restore``. A signal
    ignored when the run began stays ignored: ``nohup searchidx index ...`` must outlive its terminal."""
    old = {}
    for signum in signals:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            old[signum] = signal.signal(signum, handler)
    return old


def restore(old: dict[int, Any]) -> None:
    """Give the signals of ``old`` back the handlers ``catch`` took from them."""
    for signum, handler in old.items():
        if handler is not None:  # (None: a handler not set from Python, which cannot be set back)
            signal.signal(signum, handler)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run as Ctrl-C does where no stop flag is up (the walk of the corpus):
    with a KeyboardInterrupt (Terminated), so that what the run began is cleaned up, instead of the
    process dying on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = catch((signal.SIGTERM, signal.SIGHUP), raise_interrupt)
    try:
        yield
    finally:
        restore(old)
