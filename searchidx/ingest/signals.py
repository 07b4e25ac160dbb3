"""How a signal ends an ingest run where no stop flag is up, for either engine: as Ctrl-C does, with an
exception, so that what the run began is cleaned up and the user told what stays."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..errors import Terminated


def raise_interrupt(signum: int, frame: FrameType | None) -> None:
    """End the run at once: Ctrl-C raises KeyboardInterrupt, SIGTERM its subclass Terminated (exit 143)."""
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does where no stop flag is up (the walk of the corpus): with a
    KeyboardInterrupt (Terminated), so that what the run began is cleaned up, instead of the process
    dying on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        yield
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)
