"""Fetching pages politely and safely: robots.txt, per-host limits, conditional GET, retries, timeouts,
a body cap, bounded redirects, an address guard and browser-grade decoding. Knows nothing of feeds,
extraction or the store."""

from monitor.fetch.client import Fetcher
from monitor.fetch.errors import FetchError
from monitor.fetch.result import FetchResult, FetchStats

__all__ = ["FetchError", "FetchResult", "FetchStats", "Fetcher"]
