"""The in-memory buffer the middleware appends to, and the flusher that empties it.

The request path only appends a tuple. A daemon thread per process wakes every few seconds
(or as soon as a batch is full) and hands the buffer to `services.pageviews_flush`, which
aggregates it into daily roll-ups; the raw events never outlive that flush. Under Django's
test environment no thread is started: tests flush explicitly, inside their own transaction.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import NamedTuple

from django.core import mail
from django.db import close_old_connections, connections

from shopkeep.conf import conf

logger = logging.getLogger(__name__)


class PageView(NamedTuple):
    """One page view, kept in memory until the next flush (seconds)."""

    timestamp: float
    path: str
    query: str
    referrer: str
    host: str
    ip: str
    user_agent: str
    private: bool  # Sec-GPC / DNT: counted, nothing else


class ConversionEvent(NamedTuple):
    timestamp: float
    kind: str


class Recorder:
    """A per-process buffer of page views and conversions, with a background flusher."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.pid = os.getpid()
        self.events: list[PageView | ConversionEvent] = []
        self.dropped = 0
        self.pending = None  # aggregated counts a failed flush will retry
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def append(self, event: PageView | ConversionEvent) -> None:
        """Add an event; wake the flusher when a batch is full. Never touches the database."""
        if self.pid != os.getpid():
            self._reset()  # a forked worker starts empty; the parent flushes its own events
        events = self.events
        if len(events) >= conf.analytics_buffer_limit:
            self.dropped += 1
            return
        events.append(event)
        if self._thread is None:
            self._start_flusher()
        elif len(events) >= conf.analytics_flush_batch:
            self._wake.set()

    def drain(self) -> list[PageView | ConversionEvent]:
        """Take every buffered event out of the buffer."""
        with self._lock:
            events, self.events = self.events, []
        return events

    def _start_flusher(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            if conf.analytics_flush_interval <= 0 or hasattr(mail, "outbox"):
                self._thread = False  # manual flushing (tests, or switched off)
                return
            self._thread = threading.Thread(target=self._run, name="analytics-flush", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(conf.analytics_flush_interval)
            self._wake.clear()
            self.flush_safely()

    def flush_safely(self) -> None:
        """Flush, logging (not raising) a failure; the next flush retries the aggregated counts."""
        from shopkeep.analytics.services import pageviews_flush

        close_old_connections()
        try:
            pageviews_flush(recorder=self)
        except Exception:
            logger.exception("Statistics flush failed; the counts are kept for the next flush.")
        finally:
            connections.close_all()


recorder = Recorder()
