"""A real HTTP receiver on 127.0.0.1 for webhook deliveries, checking the HMAC signature when given a secret.

    with WebhookReceiver(secret="k") as hook:
        ... POST to hook.url ...
        request = hook.wait_for(1)[0]; request.json(); request.signed

A request whose signature does not verify is answered 401 and recorded with `signed=False`. `fail_next`
makes the next requests fail with a chosen status, to exercise retries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    signed: bool | None
    """True when the signature verified, False when it did not, None when the receiver has no secret."""

    def json(self) -> Any:
        return json.loads(self.body)


def expected_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookReceiver:
    def __init__(self, *, secret: str | None = None, status: int = 200) -> None:
        self.secret = secret
        self.status = status
        self._failures: list[int] = []
        self._holds = 0
        self._release = threading.Event()
        self._requests: list[Request] = []
        self._arrived = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/hook"

    @property
    def port(self) -> int:
        return self._server.server_port

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def fail_next(self, times: int = 1, status: int = 500) -> None:
        with self._arrived:
            self._failures.extend([status] * times)

    def hold_next(self, times: int = 1) -> None:
        """Keep the next requests waiting for an answer until the receiver closes: a delivery in flight."""
        with self._arrived:
            self._holds += times

    @property
    def requests(self) -> list[Request]:
        with self._arrived:
            return list(self._requests)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Request]:
        """The requests once at least `count` have arrived; AssertionError if they do not in time."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self._requests)} in {timeout} s")
            return list(self._requests)

    def _answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        signed = None
        if self.secret is not None:
            given = headers.get("x-monitor-signature", "")
            signed = hmac.compare_digest(given, expected_signature(self.secret, body))
        with self._arrived:
            self._requests.append(Request(method, path, headers, body, signed))
            self._arrived.notify_all()
            if signed is False:
                return 401
            hold, self._holds = self._holds > 0, max(self._holds - 1, 0)
            status = self._failures.pop(0) if self._failures else self.status
        if hold:
            self._release.wait()
        return status

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status = receiver._answer("POST", self.path, headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output to what the test prints

        return Handler
