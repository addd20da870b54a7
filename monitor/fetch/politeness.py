"""Per-host politeness: a bounded number of requests in flight and a minimum gap between request starts.

A host is scheme+host+port, so that other hosts (and other ports of one machine) proceed in parallel.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """Admits requests to one host: at most `concurrency` at once, starts at least `delay` seconds apart.
    `delay` may grow later (a robots.txt Crawl-delay)."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.delay = delay
        self._slots = asyncio.Semaphore(concurrency)
        self._starting = asyncio.Lock()
        self._last_start = float("-inf")

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the duration of a request (sending it and reading its body)."""
        async with self._slots:
            # Waiting under the lock queues the starts one behind the other, each `delay` after the last.
            async with self._starting:
                wait = self._last_start + self.delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._last_start = time.monotonic()
            yield


class Politeness:
    """One gate per host, created on first use."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._concurrency = concurrency
        self._delay = delay
        self._gates: dict[str, HostGate] = {}

    def gate(self, host: str) -> HostGate:
        if host not in self._gates:
            self._gates[host] = HostGate(self._concurrency, self._delay)
        return self._gates[host]

    def slow_down(self, host: str, delay: float) -> None:
        """Space this host's requests at least `delay` apart, or the configured delay if that is longer."""
        self.gate(host).delay = max(self._delay, delay)
