"""The fetcher against a real misbehaving server on 127.0.0.1: what comes back, what the server saw, and
the message a user reads when a fetch fails."""

from __future__ import annotations

import asyncio
import tracemalloc
from itertools import pairwise

import httpx
import pytest

from monitor.config import NetworkSettings
from monitor.fetch import Fetcher, FetchError, FetchResult
from monitor.fetch.guard import IPAddress
from monitor.fetch.transport import AiohttpTransport
from tests.servers.hostile import (
    COMPRESSED_PAGE,
    ETAG,
    FRENCH,
    LAST_MODIFIED,
    TEXTS,
    HostileServer,
    Seen,
    gzip_bomb,
)
from tests.servers.smtp import free_port, self_signed_certificate

CAP = 1_000_000


def network(**overrides: object) -> NetworkSettings:
    """Small timeouts and backoff so that every fault costs a fraction of a second."""
    defaults = {
        "allow_private_addresses": True,
        "per_host_delay": 0.0,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 3.0,
        "retries": 2,
        "backoff": 0.01,
        "max_retry_after": 5.0,
        "max_body_bytes": CAP,
    }
    return NetworkSettings(**{**defaults, **overrides})


@pytest.fixture
async def site():
    async with HostileServer() as server:
        yield server


async def fetch(url: str, **overrides: object) -> FetchResult:
    async with Fetcher(network(**overrides)) as fetcher:
        return await fetcher.get(url)


async def failure(url: str, **overrides: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetch(url, **overrides)
    return caught.value


def pages(site: HostileServer) -> list[Seen]:
    return [seen for seen in site.seen if seen.path != "/robots.txt"]


def gaps(seen: list[Seen]) -> list[float]:
    """Seconds between consecutive request starts."""
    times = sorted(s.started for s in seen)
    return [later - earlier for earlier, later in pairwise(times)]


def most_in_flight(seen: list[Seen]) -> int:
    events = sorted([(s.started, 1) for s in seen] + [(s.finished or float("inf"), -1) for s in seen])
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return peak


async def test_a_page_is_fetched_after_robots_txt_with_our_user_agent(site):
    result = await fetch(site.url("/page/a"), user_agent="desk-monitor/2.0")

    assert result.status == 200 and not result.not_modified and result.attempts == 1
    assert result.url == site.url("/page/a")
    assert "Page /page/a" in result.text and result.encoding == "utf-8"
    assert result.content_type.startswith("text/html")
    assert site.paths() == ["/robots.txt", "/page/a"]
    assert {seen.headers["user-agent"] for seen in site.seen} == {"desk-monitor/2.0"}


# Retries


async def test_503_then_200_waits_the_retry_after_seconds(site):
    result = await fetch(site.url("/flaky/s?fail=1&retry_after=1"), backoff=0.0)

    assert result.status == 200 and result.attempts == 2
    first, second = pages(site)
    assert second.started - first.started >= 0.9


async def test_503_then_200_waits_until_the_retry_after_date(site):
    result = await fetch(site.url("/flaky/d?fail=1&retry_after=date:2"), backoff=0.0)

    assert result.status == 200 and result.attempts == 2
    first, second = pages(site)
    assert second.started - first.started >= 0.5  # HTTP-dates have whole seconds: at least 1 s remains


async def test_a_retry_after_beyond_the_cap_gives_up_at_once_and_says_why(site):
    error = await failure(site.url("/flaky/l?fail=1&retry_after=3600"), max_retry_after=5.0)

    assert error.kind == "http" and error.status == 503
    assert "retry after 3,600 s" in str(error) and "5 s" in str(error)
    assert len(pages(site)) == 1


async def test_429_is_retried_then_reported_with_the_count(site):
    error = await failure(site.url("/status/429"), retries=2)

    assert (error.kind, error.status) == ("http", 429)
    assert str(error) == "HTTP 429 Too Many Requests after 3 attempts"
    assert error.url == site.url("/status/429")
    assert len(pages(site)) == 3


async def test_404_is_not_retried(site):
    error = await failure(site.url("/status/404"), retries=3)

    assert (error.kind, error.status, str(error)) == ("http", 404, "HTTP 404 Not Found")
    assert len(pages(site)) == 1


async def test_a_reset_connection_is_retried(site):
    result = await fetch(site.url("/reset/once?fail=1"))

    assert result.status == 200 and result.attempts == 2


async def test_connections_reset_every_time_fail_with_a_plain_message(site):
    error = await failure(site.url("/reset/always"), retries=1)

    assert error.kind == "connection"
    assert str(error).startswith("connection failed after 2 attempts (")
    assert len(pages(site)) == 2


@pytest.mark.parametrize(
    ("path", "detail"),
    [("/garbage", "the server sent invalid HTTP: bad status line)"), ("/short", "the body was cut off: ")],
)
async def test_a_server_breaking_http_is_a_connection_failure(site, path, detail):
    error = await failure(site.url(path), retries=1)

    assert error.kind == "connection"
    assert str(error).startswith("connection failed after 2 attempts (")
    assert detail in str(error) and "\n" not in str(error)


async def test_a_closed_port_is_a_connection_failure():
    error = await failure(f"http://127.0.0.1:{free_port()}/page", retries=0)

    assert error.kind == "connection" and error.status is None


# Timeouts


async def test_a_hung_host_costs_its_timeout_while_another_host_proceeds(site):
    async with HostileServer() as other, Fetcher(network(read_timeout=1.5, retries=0)) as fetcher:
        hung = asyncio.create_task(fetcher.get(site.url("/hang")))
        result = await fetcher.get(other.url("/page/b"))
        assert result.status == 200 and not hung.done()

        with pytest.raises(FetchError) as caught:
            await hung
    assert caught.value.kind == "timeout" and str(caught.value) == "timed out (no data for 1.5 s)"


async def test_a_trickling_server_is_cut_off_at_the_total_deadline(site):
    error = await failure(site.url("/trickle"), read_timeout=1.0, total_timeout=0.5, retries=0)

    assert error.kind == "timeout"
    assert str(error) == "timed out (no complete answer within 0.5 s)"


async def test_an_untrusted_certificate_is_refused_without_retrying(tmp_path):
    async with HostileServer(tls=self_signed_certificate(tmp_path).server_context()) as site:
        error = await failure(site.url("/page/a"), retries=3)

    assert error.kind == "connection"
    assert str(error).startswith("TLS certificate rejected (") and "attempts" not in str(error)
    assert site.seen == []


# Redirects


async def test_redirects_are_followed_to_the_final_url(site):
    result = await fetch(site.url("/chain/3"), max_redirects=3)

    assert result.url == site.url("/chain/0") and result.attempts == 4
    assert pages(site)[-1].path == "/chain/0"


async def test_too_many_redirects(site):
    error = await failure(site.url("/chain/5"), max_redirects=3)

    assert error.kind == "redirects"
    assert str(error) == f"more than 3 redirects (the last to {site.url('/chain/1')})"
    assert "/chain/1" not in site.paths()


async def test_a_redirect_loop_is_detected(site):
    error = await failure(site.url("/loop/a"))

    assert error.kind == "redirects"
    assert (
        str(error)
        == f"redirect loop: {site.url('/loop/a')} -> {site.url('/loop/b')} -> {site.url('/loop/a')}"
    )
    assert [s.path for s in pages(site)] == ["/loop/a", "/loop/b"]


async def test_each_redirect_hop_is_checked_against_robots_txt(site):
    error = await failure(site.url("/redirect?to=/private/x"))

    assert error.kind == "robots" and "/private/x" in str(error)
    assert "/private/x" not in site.paths()


async def test_a_redirect_to_another_scheme_is_refused(site):
    error = await failure(site.url("/redirect?to=file:///etc/passwd"))

    assert error.kind == "redirects" and "file:///etc/passwd" in str(error)


# robots.txt


async def test_a_disallowed_url_is_never_requested(site):
    async with Fetcher(network()) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.get(site.url("/private/secret"))
        await fetcher.get(site.url("/page/a"))
        await fetcher.get(site.url("/page/b"))

    assert caught.value.kind == "robots"
    assert str(caught.value) == f"robots.txt disallows {site.url('/private/secret')} for our user agent"
    assert site.paths() == ["/robots.txt", "/page/a", "/page/b"]  # robots.txt fetched once
    assert fetcher.stats.requests[site.origin] == 3


async def test_rules_for_our_user_agent_apply_to_us():
    robots = "User-agent: claim-monitor\nDisallow: /page/\n\nUser-agent: *\nDisallow:\n"
    async with HostileServer(robots=robots) as site:
        error = await failure(site.url("/page/a"), user_agent="claim-monitor/0.1 (+https://example.org)")
        assert error.kind == "robots"
        assert (await fetch(site.url("/page/a"), user_agent="other-bot/1.0")).status == 200


@pytest.mark.parametrize("status", [500, 503])
async def test_a_failing_robots_txt_allows_fetching(status):
    async with HostileServer(robots=status) as site, Fetcher(network()) as fetcher:
        await fetcher.get(site.url("/page/a"))
        await fetcher.get(site.url("/page/b"))
    assert site.paths() == ["/robots.txt", "/page/a", "/page/b"]


async def test_a_missing_robots_txt_allows_everything():
    async with HostileServer(robots=404) as site:
        assert (await fetch(site.url("/private/x"))).status == 200


@pytest.mark.parametrize("status", [401, 403])
async def test_a_forbidden_robots_txt_forbids_everything(status):
    async with HostileServer(robots=status) as site:
        error = await failure(site.url("/page/a"))
    assert error.kind == "robots"
    assert site.paths() == ["/robots.txt"]


async def test_crawl_delay_spaces_requests_beyond_the_configured_delay():
    async with HostileServer(robots="User-agent: *\nCrawl-delay: 0.3\n") as site:
        async with Fetcher(network(per_host_delay=0.0, per_host_concurrency=4)) as fetcher:
            await asyncio.gather(*(fetcher.get(site.url(f"/page/{n}")) for n in range(3)))
        spacing = gaps(site.seen)
    assert len(spacing) == 3 and min(spacing) >= 0.2  # seen by the server: some slack for its clock


# Address guard


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_a_loopback_address_is_refused_unless_allowed(site, host):
    error = await failure(f"http://{host}:{site.port}/page/a", allow_private_addresses=False)

    assert error.kind == "blocked-address"
    assert str(error).startswith(f"refused: {host} resolves to loopback address ")  # 127.0.0.1 or ::1
    assert site.seen == []  # not even robots.txt was asked for


async def test_the_guard_connects_to_the_very_address_it_checked(site):
    # The Fetcher's guard refuses all of loopback; the same transport, told to admit 127.0.0.1 only, shows
    # that a host name is resolved, checked and connected to through it (the path every public site takes).
    checked = []

    def reason(address: IPAddress) -> str | None:
        checked.append(str(address))
        return None if address.is_loopback else "not the test server"

    transport = AiohttpTransport(reason, max_connections=4, ssl_context=httpx.create_ssl_context())
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get(site.url("/page/a").replace("127.0.0.1", "localhost"))
    assert response.status_code == 200 and site.paths() == ["/page/a"]
    assert "127.0.0.1" in checked


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "not a url",
        "http://",
        "",
        "http://xn--/",
        "http://e.org:99999/",
    ],
)
async def test_only_http_urls_are_fetched(url):
    error = await failure(url)

    assert error.kind == "invalid-url" and error.url == url


# Conditional GET


async def test_conditional_get_answers_not_modified(site):
    async with Fetcher(network()) as fetcher:
        first = await fetcher.get(site.url("/conditional"))
        by_etag = await fetcher.get(site.url("/conditional"), etag=first.etag)
        by_date = await fetcher.get(site.url("/conditional"), last_modified=first.last_modified)

    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED) and first.text == "<p>version one</p>"
    for answer in (by_etag, by_date):
        assert answer.not_modified and answer.status == 304
        assert (answer.body, answer.text, answer.encoding) == (b"", "", None)
    sent = pages(site)
    assert sent[1].headers["if-none-match"] == ETAG
    assert sent[2].headers["if-modified-since"] == LAST_MODIFIED


# Politeness


async def test_per_host_concurrency_is_never_exceeded(site):
    async with Fetcher(network(per_host_concurrency=2)) as fetcher:
        await asyncio.gather(*(fetcher.get(site.url(f"/slow/{n}?s=0.2")) for n in range(6)))

    assert most_in_flight(pages(site)) == 2
    assert site.paths().count("/robots.txt") == 1  # asked once, although six requests wanted it at once


async def test_per_host_delay_spaces_request_starts(site):
    async with Fetcher(network(per_host_concurrency=4, per_host_delay=0.2)) as fetcher:
        await asyncio.gather(*(fetcher.get(site.url(f"/page/{n}")) for n in range(4)))

    spacing = gaps(site.seen)  # robots.txt counts as a request to the host
    assert len(spacing) == 4 and min(spacing) >= 0.1  # 0.2 s apart, seen by the server with some slack


async def test_two_hosts_are_fetched_in_parallel(site):
    async with HostileServer() as other, Fetcher(network(per_host_concurrency=1)) as fetcher:
        await asyncio.gather(
            *(fetcher.get(host.url(f"/slow/{n}?s=0.3")) for n in range(2) for host in (site, other))
        )
        assert most_in_flight(pages(site)) == most_in_flight(pages(other)) == 1
        assert most_in_flight(pages(site) + pages(other)) == 2


# Body size


async def test_an_announced_oversized_body_is_refused(site):
    error = await failure(site.url(f"/big/{2 * CAP}"))

    assert error.kind == "too-large"
    assert str(error) == "body larger than 1,000,000 bytes (Content-Length: 2,000,000)"


async def test_an_unannounced_oversized_body_is_cut_off_while_streaming(site):
    length = 50_000_000
    error = await failure(site.url(f"/unannounced/{length}"))

    assert error.kind == "too-large" and str(error) == "body larger than 1,000,000 bytes"
    assert site.sent[f"/unannounced/{length}"] < length  # we stopped reading; the server could not finish


async def test_a_gzip_bomb_is_stopped_at_the_cap_without_filling_memory(site):
    gzip_bomb()  # built before measuring: the server lives in this process
    tracemalloc.start()
    try:
        error = await failure(site.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert error.kind == "too-large" and str(error) == "body larger than 1,000,000 bytes"
    assert peak < 10 * CAP


async def test_a_body_under_the_cap_is_whole(site):
    result = await fetch(site.url(f"/big/{CAP}"))

    assert result.body == b"x" * CAP


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate"])
async def test_compressed_bodies_arrive_decompressed(site, coding):
    result = await fetch(site.url(f"/compressed/{coding}"))

    assert result.body == COMPRESSED_PAGE
    assert pages(site)[0].headers["accept-encoding"] == "gzip, deflate"


async def test_an_encoding_we_did_not_ask_for_is_reported(site):
    error = await failure(site.url("/compressed/br"))

    assert error.kind == "http" and str(error) == "unsupported Content-Encoding: br"


# Decoding


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("cp1252-header", "cp1252"),
        ("latin1-header", "cp1252"),  # browsers read iso-8859-1 as windows-1252
        ("latin1-meta", "cp1252"),
        ("cp1252-http-equiv", "cp1252"),
        ("latin1-xml", "cp1252"),
        ("bom-beats-header", "utf-8"),
        ("utf8-undeclared", "utf-8"),
        ("cp1252-undeclared", None),
    ],
)
async def test_pages_decode_with_their_charset(site, name, codec):
    result = await fetch(site.url(f"/text/{name}"))

    assert FRENCH in result.text
    assert codec is None or result.encoding == codec
    assert result.body == TEXTS[name][1]
    # the body goes to the HTML parser as it is only when it is the text in UTF-8, byte for byte
    assert result.utf8 == (result.body if name == "utf8-undeclared" else None)


def test_a_utf8_body_with_undecodable_bytes_is_not_handed_on_as_utf8():
    body = "<p>café</p>".encode() + b"\xff"
    result = FetchResult("https://x.test/", 200, False, body, "text/html; charset=utf-8", None, None, 0.0, 1)
    assert result.encoding == "utf-8" and "café" in result.text
    assert result.utf8 is None
