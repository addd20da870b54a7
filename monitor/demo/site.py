"""The local replay of the four outlets: one real HTTP server per outlet on 127.0.0.1, each on its own port
(so per-host politeness treats them as different hosts), served from a background thread.

    with DemoSite() as site:
        settings = settings_from_dict({"outlets": site.outlets, ...})
        ...crawl...
        site.advance()          # a new article, a stealth edit
        ...crawl again, then look at site.requests...
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from monitor.demo.outlet import STATES, DemoOutlet, Resource

OUTLETS = ("rt", "nyt", "moa", "checkpointasia")


class Request(NamedTuple):
    outlet: str
    method: str
    path: str
    """Without the query string."""
    status: int


class RequestLog:
    """What the outlets were asked, in order; appended from the servers' threads, read from the tests'."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Request] = []

    def add(self, request: Request) -> None:
        with self._lock:
            self._items.append(request)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __iter__(self) -> Iterator[Request]:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler that hangs up mid-answer (a size cap, an interrupted run) is normal, not a fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class DemoSite:
    """The four outlets, started together; `state` is "first" until `advance()` moves them to "later"."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.requests = RequestLog()
        self._outlets = [DemoOutlet(name) for name in OUTLETS]
        self._state = STATES[0]
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    @property
    def state(self) -> str:
        return self._state

    def advance(self) -> None:
        """The outlets move on: a new article with updated figures, a stealth edit of a published one."""
        self._state = STATES[-1]

    def start(self) -> DemoSite:
        if self._servers:
            return self
        for outlet in self._outlets:
            server = _Server((self.host, 0), _Handler)
            server.site, server.outlet = self, outlet  # type: ignore[attr-defined]
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},  # stop() waits for one poll: keep it short
                name=f"demo-{outlet.name}",
                daemon=True,
            )
            thread.start()
            self._servers[outlet.name] = server
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def base_url(self, outlet: str) -> str:
        """`http://127.0.0.1:<port>` of a started outlet."""
        if outlet not in self._servers:
            raise RuntimeError("the demo site is not running: call start() first (or use it with `with`)")
        return f"http://{self.host}:{self._servers[outlet].server_address[1]}"

    @property
    def outlets(self) -> list[dict[str, Any]]:
        """The outlets' settings, ready for a config: their feeds point at the local ports, their selectors
        are the defaults the shipped config uses for the real sites."""
        return [
            {**outlet.settings, "feeds": [self.base_url(outlet.name) + outlet.feed_path]}
            for outlet in self._outlets
        ]

    def feed_paths(self) -> set[str]:
        return {outlet.feed_path for outlet in self._outlets}

    def disallowed_paths(self) -> set[str]:
        """Paths that feeds link to but robots.txt forbids."""
        return {path for outlet in self._outlets for path in outlet.disallowed_paths}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real sites
    server_version = "nginx"
    sys_version = ""
    timeout = 10  # an idle keep-alive connection does not hold a thread for ever

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        site: DemoSite = self.server.site  # type: ignore[attr-defined]
        outlet: DemoOutlet = self.server.outlet  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        resource = outlet.resource(path, site.state, site.base_url(outlet.name))
        if resource is None:
            resource = Resource(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            self._send(404, resource, send_body)
        elif _not_modified(self.headers, resource):
            self._send(304, resource, send_body=False)
        else:
            self._send(200, resource, send_body)

    def _send(self, status: int, resource: Resource, send_body: bool) -> None:
        self.send_response(status)
        if resource.etag:
            self.send_header("ETag", resource.etag)
        if resource.last_modified:
            self.send_header("Last-Modified", format_datetime(resource.last_modified, usegmt=True))
        if status != 304:
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
        self.send_header("Cache-Control", "max-age=60")
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        site: DemoSite = self.server.site  # type: ignore[attr-defined]
        outlet: DemoOutlet = self.server.outlet  # type: ignore[attr-defined]
        site.requests.add(Request(outlet.name, self.command, urlsplit(self.path).path, int(code)))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is the record."""


def _not_modified(headers: Any, resource: Resource) -> bool:
    """RFC 9110 13.1: If-None-Match wins over If-Modified-Since; ETags compare weakly for GET."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        if resource.etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or resource.etag.removeprefix("W/") in tags
    since = headers.get("If-Modified-Since")
    if since is None or resource.last_modified is None:
        return False
    try:
        return resource.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
