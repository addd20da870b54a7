"""The fetcher: one shared httpx client behind robots.txt, per-host politeness, retries, the address
guard and the body cap. Every failure comes out as a FetchError with a message for the user."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType

import httpx

from monitor.config import NetworkSettings
from monitor.fetch.body import ACCEPT_ENCODING, BodyTooLarge, UnreadableBody, read_capped
from monitor.fetch.errors import FetchError
from monitor.fetch.failures import Failure, certificate_error, connection_detail, status_text, timeout_detail
from monitor.fetch.guard import BlockedAddress, blocked_reason, no_reason
from monitor.fetch.politeness import Politeness
from monitor.fetch.result import FetchResult, FetchStats
from monitor.fetch.retry import backoff_delay, is_transient, retry_after_seconds
from monitor.fetch.robots import RobotsRules, parse_rules, rules_after_failure
from monitor.fetch.transport import AiohttpTransport

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class _Answer:
    """What one request produced: a page (or 304), or a redirect to follow."""

    status: int
    headers: httpx.Headers
    body: bytes = b""
    location: str | None = None


class Fetcher:
    """Polite, bounded HTTP GETs. Use as `async with Fetcher(settings) as fetcher:`; one instance holds
    one connection pool, one robots.txt cache and one politeness gate per host."""

    def __init__(self, settings: NetworkSettings) -> None:
        self.settings = settings
        self.stats = FetchStats()
        self._politeness = Politeness(settings.per_host_concurrency, settings.per_host_delay)
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        settings = self.settings
        self._client = httpx.AsyncClient(
            transport=_transport(settings),
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout, pool=None),
            follow_redirects=False,  # each hop is checked against robots.txt and the address guard
            trust_env=False,  # a proxy from the environment would connect on our behalf, past the guard
        )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET `url`, conditionally when `etag` or `last_modified` (from the previous answer) is given.
        Raises FetchError for every failure."""
        started = time.monotonic()
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            final, answer, attempts = await self._follow(
                _http_url(url), headers, retries=self.settings.retries, obey_robots=True
            )
        except Failure as failure:
            raise FetchError(url, failure.kind, str(failure), failure.status) from None
        return FetchResult(
            url=str(final),
            status=answer.status,
            not_modified=answer.status == 304,
            body=answer.body,
            content_type=answer.headers.get("content-type", ""),
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
            elapsed=time.monotonic() - started,
            attempts=attempts,
        )

    async def _follow(
        self, url: httpx.URL, headers: dict[str, str], *, retries: int, obey_robots: bool
    ) -> tuple[httpx.URL, _Answer, int]:
        """Request `url` and follow its redirects: (final URL, final answer, requests made)."""
        chain = [url]
        attempts = 0
        while True:
            if obey_robots:
                await self._obey_robots(url)
            answer, made = await self._with_retries(url, headers, retries)
            attempts += made
            if answer.location is None:
                return url, answer, attempts
            url = _redirect_target(url, answer.location)
            if url in chain:
                raise Failure("redirects", "redirect loop: " + " -> ".join(str(u) for u in [*chain, url]))
            chain.append(url)
            if len(chain) - 1 > self.settings.max_redirects:
                limit = self.settings.max_redirects
                raise Failure("redirects", f"more than {limit} redirects (the last to {url})")

    async def _with_retries(
        self, url: httpx.URL, headers: dict[str, str], retries: int
    ) -> tuple[_Answer, int]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._request(url, headers), attempt
            except Failure as failure:
                if not failure.retryable:
                    raise
                if attempt > retries:
                    if attempt > 1:
                        failure.message += f" after {attempt} attempts"
                    raise
                wait = failure.retry_after
                if wait is None:
                    wait = backoff_delay(attempt, self.settings.backoff, self.settings.max_retry_after)
                elif wait > self.settings.max_retry_after:
                    raise Failure(
                        failure.kind,
                        f"{failure}; the server asks to retry after {wait:,.0f} s,"
                        f" longer than the {self.settings.max_retry_after:,.0f} s we wait",
                        failure.status,
                    ) from None
            self.stats.retries += 1
            await asyncio.sleep(wait)

    async def _request(self, url: httpx.URL, headers: dict[str, str]) -> _Answer:
        """One request, inside the host's politeness gate and under the total deadline."""
        assert self._client is not None, "use the Fetcher as `async with Fetcher(settings) as fetcher`"
        host = _host_key(url)
        async with self._politeness.gate(host).slot():
            self.stats.requests[host] += 1
            total = self.settings.total_timeout
            try:
                # httpx's timeouts bound each read; a server trickling a byte at a time passes every one
                # of them, so the whole attempt also has a deadline.
                async with asyncio.timeout(total), self._client.stream("GET", url, headers=headers) as answer:
                    return await self._answer(answer)
            except TimeoutError:
                detail = f"no complete answer within {total:g} s"
                raise Failure("timeout", "timed out", retryable=True, detail=detail) from None
            except httpx.TimeoutException as exc:
                detail = timeout_detail(exc, self.settings)
                raise Failure("timeout", "timed out", retryable=True, detail=detail) from None
            except BlockedAddress as exc:
                raise Failure("blocked-address", str(exc)) from None
            except httpx.InvalidURL as exc:
                raise Failure("invalid-url", f"invalid URL {url}: {exc}") from None
            except (httpx.HTTPError, OSError) as exc:
                rejected = certificate_error(exc)
                if rejected:  # asking again will not make the certificate valid
                    raise Failure("connection", "TLS certificate rejected", detail=rejected) from None
                detail = connection_detail(exc)
                raise Failure("connection", "connection failed", retryable=True, detail=detail) from None
            except BodyTooLarge as exc:
                raise Failure("too-large", str(exc)) from None
            except UnreadableBody as exc:
                raise Failure("http", str(exc)) from None

    async def _answer(self, response: httpx.Response) -> _Answer:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise Failure("http", f"HTTP {status} redirect without a Location header", status)
            return _Answer(status, response.headers, location=location)
        if status == 304:
            return _Answer(status, response.headers)
        if status >= 300:
            retry_after = retry_after_seconds(response.headers.get("retry-after"))
            raise Failure(
                "http", status_text(status), status, retryable=is_transient(status), retry_after=retry_after
            )
        return _Answer(status, response.headers, await read_capped(response, self.settings.max_body_bytes))

    async def _obey_robots(self, url: httpx.URL) -> None:
        rules = await self._robots_rules(url)
        if not rules.allows(str(url), self.settings.user_agent):
            raise Failure("robots", f"robots.txt disallows {url} for our user agent")

    async def _robots_rules(self, url: httpx.URL) -> RobotsRules:
        """The host's rules, fetched once (per lifetime of the rules) however many requests wait for them."""
        host = _host_key(url)
        async with self._robots_locks[host]:
            rules = self._robots.get(host)
            if rules is None or not rules.fresh:
                rules = await self._fetch_robots(url.copy_with(raw_path=b"/robots.txt", fragment=None))
                self._robots[host] = rules
                # A Crawl-delay is honoured up to the longest wait we accept from any server: a site
                # asking for hours between requests would otherwise stall the whole pass.
                crawl_delay = rules.crawl_delay(self.settings.user_agent) or 0.0
                self._politeness.slow_down(host, min(crawl_delay, self.settings.max_retry_after))
            return rules

    async def _fetch_robots(self, url: httpx.URL) -> RobotsRules:
        try:
            _, answer, _ = await self._follow(url, {}, retries=0, obey_robots=False)
        except Failure as failure:
            if failure.kind == "blocked-address":
                raise  # the host itself is refused; the page would be too
            return rules_after_failure(failure.status)
        return parse_rules(answer.body.decode("utf-8", errors="replace"))  # RFC 9309: robots.txt is UTF-8


def _transport(settings: NetworkSettings) -> AiohttpTransport:
    reason = no_reason if settings.allow_private_addresses else blocked_reason
    return AiohttpTransport(reason, max_connections=256, ssl_context=httpx.create_ssl_context())


def _http_url(url: str) -> httpx.URL:
    try:
        parsed = _parsed(url)
    except ValueError as exc:
        raise FetchError(str(url), "invalid-url", f"invalid URL {url!r}: {exc}") from None
    if parsed is None:
        raise FetchError(str(url), "invalid-url", f"not an http(s) URL: {url!r}")
    return parsed


def _redirect_target(current: httpx.URL, location: str) -> httpx.URL:
    try:
        target = _parsed(location, base=current)
    except ValueError as exc:
        raise Failure("redirects", f"redirect to an invalid URL {location!r}: {exc}") from None
    if target is None:
        raise Failure("redirects", f"redirect to a non-http(s) URL {location!r}")
    return target


def _parsed(url: str, base: httpx.URL | None = None) -> httpx.URL | None:
    """`url` (resolved against `base`) without its fragment; None when it is not http(s) with a host.
    Raises ValueError for a malformed URL (IDNA errors are raised lazily, on reading the host)."""
    try:
        parsed = base.join(url) if base else httpx.URL(url)
        if parsed.fragment:  # copy_with parses the whole URL again (httpx's parser is pure Python)
            parsed = parsed.copy_with(fragment=None)
        usable = parsed.scheme in ("http", "https") and bool(parsed.host) and (parsed.port or 0) < 65536
    except (httpx.InvalidURL, TypeError) as exc:
        raise ValueError(str(exc)) from None
    return parsed if usable else None


def _host_key(url: httpx.URL) -> str:
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.scheme}://{url.host}:{port}"
