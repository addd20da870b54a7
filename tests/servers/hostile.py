"""A real HTTP server on 127.0.0.1 that misbehaves on request, for the fetcher's tests.

Raw asyncio streams rather than http.server, because the faults live below HTTP: a reset connection, a
server that never answers, one that trickles a byte at a time, a body longer than it should be.

    async with HostileServer() as site:  # HostileServer(tls=context) for https
        await fetcher.get(site.url("/flaky/a?fail=1&retry_after=1"))
        site.paths()  # every request seen, in order, robots.txt included

Routes (the first path segment picks the behaviour; the rest names the case, so each test's counters
start at zero):
    /robots.txt                 the `robots` given (text, or a status code)
    /page/..., /private/...     a small UTF-8 page (the default robots.txt disallows /private/)
    /slow/...?s=0.3             a page after a pause (overlapping requests show in `seen`)
    /flaky/...?fail=N&status=503&retry_after=S|date:S
                                N failures (with Retry-After in seconds or as an HTTP-date) then a page
    /status/CODE?retry_after=S  always CODE
    /reset/...?fail=N           N connections reset (every one without `fail`), then a page
    /hang                       reads the request, never answers
    /garbage                    answers what is not HTTP, then closes
    /short                      announces a longer body than it sends, then closes
    /trickle                    headers, then one byte every 50 ms, forever
    /redirect?to=PATH           302 to PATH;  /loop/a <-> /loop/b;  /chain/N -> /chain/N-1 ... /chain/0
    /big/N, /unannounced/N      N bytes with a Content-Length, or without one (`sent` counts what went)
    /bomb                       a small gzip body that inflates to BOMB_BYTES
    /compressed/CODING          COMPRESSED_PAGE in gzip, deflate (zlib-wrapped), raw-deflate or br (bogus)
    /text/NAME                  a page from TEXTS: (Content-Type, bytes) in a chosen encoding
    /conditional                ETag and Last-Modified; 304 when the request carries either of them
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import struct
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from urllib.parse import parse_qs, urlsplit

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /private/\n"
BOMB_BYTES = 100_000_000
COMPRESSED_PAGE = (
    "<html><body>" + "<p>Compressed paragraph, repeated.</p>" * 200 + "</body></html>"
).encode()
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Mar 2026 10:00:00 GMT"

FRENCH = "L’été à Montréal — « un café coûte 5 € », dit-elle. Déjà vu, naïf, cœur, façade, Noël."
TEXTS: dict[str, tuple[str, bytes]] = {
    "cp1252-header": ("text/html; charset=windows-1252", f"<p>{FRENCH}</p>".encode("cp1252")),
    "latin1-header": ("text/html; charset=ISO-8859-1", f"<p>{FRENCH}</p>".encode("cp1252")),
    "latin1-meta": (
        "text/html",
        f'<html><head><meta charset="iso-8859-1"><title>x</title></head><p>{FRENCH}</p>'.encode("cp1252"),
    ),
    "cp1252-http-equiv": (
        "text/html",
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            f"</head><p>{FRENCH}</p>"
        ).encode("cp1252"),
    ),
    "latin1-xml": (
        "application/rss+xml",
        f'<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>{FRENCH}</title></rss>'.encode("cp1252"),
    ),
    "bom-beats-header": ("text/html; charset=iso-8859-1", b"\xef\xbb\xbf" + f"<p>{FRENCH}</p>".encode()),
    "utf8-undeclared": ("text/html", f"<p>{FRENCH}</p>".encode()),
    "cp1252-undeclared": (
        "text/html",
        (
            "<html><body><p>"
            + " ".join([FRENCH, "Les élèves ont préféré étudier à la bibliothèque après le déjeuner."] * 4)
            + "</p></body></html>"
        ).encode("cp1252"),
    ),
}


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    """Path and query."""
    headers: dict[str, str]
    """Lower-cased names."""
    started: float
    """time.monotonic() when the request had arrived."""
    finished: float | None = None
    """time.monotonic() when the answer had been written (None when it never was)."""


@cache
def gzip_bomb() -> bytes:
    return gzip.compress(bytes(BOMB_BYTES), compresslevel=9)


class HostileServer:
    def __init__(self, robots: str | int = DEFAULT_ROBOTS, tls: ssl.SSLContext | None = None) -> None:
        self.robots = robots
        self.tls = tls
        self.seen: list[Seen] = []
        self.sent: Counter[str] = Counter()
        """Body bytes written per path (for bodies sent in chunks)."""
        self._counts: Counter[str] = Counter()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        self.port = 0

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def paths(self) -> list[str]:
        return [seen.path for seen in self.seen]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            target = request_line.split(" ")[1]
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in header_lines if line)
            }
            seen = Seen(target, headers, time.monotonic())
            self.seen.append(seen)
            await self._route(seen, writer)
            seen.finished = time.monotonic()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client went away: that is what several tests want
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _route(self, seen: Seen, writer: asyncio.StreamWriter) -> None:
        parts = urlsplit(seen.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        first, _, rest = parts.path.lstrip("/").partition("/")
        self._counts[seen.path] += 1
        count = self._counts[seen.path]
        handlers: dict[str, Callable[[], Awaitable[None]]] = {
            "robots.txt": lambda: self._robots(writer),
            "page": lambda: page(writer, parts.path),
            "private": lambda: page(writer, parts.path),
            "slow": lambda: self._slow(writer, parts.path, float(query.get("s", 0.3))),
            "flaky": lambda: self._flaky(writer, parts.path, query, count),
            "status": lambda: respond(writer, int(rest), _retry_after(query.get("retry_after")), b"no"),
            "reset": lambda: self._reset(writer, parts.path, int(query.get("fail", 1_000_000)), count),
            "hang": lambda: asyncio.Event().wait(),
            "garbage": lambda: _send(writer, b"SSH-2.0-OpenSSH_9.6\r\n"),
            "short": lambda: _send(writer, b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<p>cut"),
            "trickle": lambda: _trickle(writer),
            "redirect": lambda: redirect(writer, query["to"]),
            "loop": lambda: redirect(writer, "/loop/b" if rest == "a" else "/loop/a"),
            "chain": lambda: redirect(writer, f"/chain/{int(rest) - 1}") if int(rest) else page(writer, "/"),
            "big": lambda: respond(writer, 200, {"Content-Type": "text/html"}, b"x" * int(rest)),
            "unannounced": lambda: self._unannounced(writer, seen.path, int(rest)),
            "bomb": lambda: respond(
                writer, 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip_bomb()
            ),
            "compressed": lambda: _compressed(writer, rest),
            "text": lambda: respond(writer, 200, {"Content-Type": TEXTS[rest][0]}, TEXTS[rest][1]),
            "conditional": lambda: _conditional(writer, seen.headers),
        }
        await handlers.get(first, lambda: respond(writer, 404, {}, b"not found"))()

    async def _robots(self, writer: asyncio.StreamWriter) -> None:
        if isinstance(self.robots, int):
            await respond(writer, self.robots, {}, b"robots unavailable")
        else:
            await respond(writer, 200, {"Content-Type": "text/plain"}, self.robots.encode())

    async def _slow(self, writer: asyncio.StreamWriter, path: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await page(writer, path)

    async def _flaky(
        self, writer: asyncio.StreamWriter, path: str, query: dict[str, str], count: int
    ) -> None:
        if count <= int(query.get("fail", 1)):
            headers = _retry_after(query.get("retry_after"))
            await respond(writer, int(query.get("status", 503)), headers, b"busy")
        else:
            await page(writer, path)

    async def _reset(self, writer: asyncio.StreamWriter, path: str, failures: int, count: int) -> None:
        if count > failures:
            await page(writer, path)
            return
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
        writer.transport.abort()

    async def _unannounced(self, writer: asyncio.StreamWriter, path: str, length: int) -> None:
        """A body delimited by closing the connection, sent in 64 KB chunks."""
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        chunk = b"y" * 65536
        while self.sent[path] < length:
            piece = chunk[: length - self.sent[path]]
            writer.write(piece)
            await writer.drain()
            self.sent[path] += len(piece)


async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


async def respond(writer: asyncio.StreamWriter, status: int, headers: dict[str, str], body: bytes) -> None:
    lines = [f"HTTP/1.1 {status} Whatever", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


async def page(writer: asyncio.StreamWriter, path: str) -> None:
    body = f"<html><head><title>{path}</title></head><body><p>Page {path}</p></body></html>".encode()
    await respond(writer, 200, {"Content-Type": "text/html; charset=utf-8"}, body)


async def redirect(writer: asyncio.StreamWriter, location: str) -> None:
    await respond(writer, 302, {"Location": location}, b"")


def _retry_after(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    if value.startswith("date:"):
        return {"Retry-After": formatdate(time.time() + float(value[5:]), usegmt=True)}
    return {"Retry-After": value}


async def _trickle(writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
    while True:
        writer.write(b".")
        await writer.drain()
        await asyncio.sleep(0.05)


async def _compressed(writer: asyncio.StreamWriter, coding: str) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    bodies = {
        "gzip": ("gzip", gzip.compress(COMPRESSED_PAGE)),
        "deflate": ("deflate", zlib.compress(COMPRESSED_PAGE)),
        "raw-deflate": ("deflate", raw.compress(COMPRESSED_PAGE) + raw.flush()),
        "br": ("br", b"\x0b\x02\x80not really brotli"),
    }
    encoding, body = bodies[coding]
    await respond(
        writer, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}, body
    )


async def _conditional(writer: asyncio.StreamWriter, headers: dict[str, str]) -> None:
    if headers.get("if-none-match") == ETAG or headers.get("if-modified-since") == LAST_MODIFIED:
        await respond(writer, 304, {"ETag": ETAG}, b"")
    else:
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED, "Content-Type": "text/html"}
        await respond(writer, 200, validators, b"<p>version one</p>")
