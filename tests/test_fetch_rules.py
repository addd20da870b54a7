"""The fetcher's decisions that need no network: which addresses are refused, how long a Retry-After
asks us to wait, and which codec a charset label means."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime

import pytest

from monitor.fetch.decoding import browser_codec, decode
from monitor.fetch.guard import blocked_reason
from monitor.fetch.retry import backoff_delay, retry_after_seconds
from monitor.fetch.robots import parse_rules, rules_after_failure


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.20", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6 reaches the IPv4 address
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("8.8.8.8", None),
        ("151.101.1.164", None),
        ("2a04:4e42::644", None),
    ],
)
def test_non_public_addresses_are_refused(address, reason):
    assert blocked_reason(ipaddress.ip_address(address)) == reason


NOW = datetime(2026, 3, 3, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Tue, 03 Mar 2026 10:00:30 GMT", 30.0),
        ("Tue, 03 Mar 2026 09:00:00 GMT", 0.0),  # already past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_backoff_grows_but_never_past_the_cap():
    waits = [backoff_delay(attempt, 1.0, 5.0) for attempt in (1, 8) for _ in range(200)]
    assert all(0 <= wait <= 1.0 for wait in waits[:200])
    assert all(0 <= wait <= 5.0 for wait in waits[200:]) and max(waits[200:]) > 1.0


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("windows-1252", "cp1252"),
        ("utf8", "utf-8"),
        ("koi8-r", "koi8-r"),
        ("gb2312", "gb18030"),
        ("x-no-such-charset", None),
    ],
)
def test_charset_labels_mean_what_browsers_take_them_to_mean(label, codec):
    assert browser_codec(label) == codec


def test_an_unknown_label_falls_through_to_the_document():
    text, codec = decode('<meta charset="utf-8"><p>café</p>'.encode(), "text/html; charset=x-bogus")
    assert (text, codec) == ('<meta charset="utf-8"><p>café</p>', "utf-8")


def test_a_utf16_meta_label_in_an_ascii_readable_page_is_read_as_utf8():
    assert decode('<meta charset="utf-16"><p>naïve</p>'.encode())[0].endswith("<p>naïve</p>")


def test_russian_in_windows_1251_without_a_label_is_detected():
    text = "Министерство обороны сообщило о новых поставках, сказал представитель ведомства в понедельник."
    assert decode(text.encode("cp1251"))[0] == text


AGENT = "claim-monitor/0.1"


def test_robots_txt_outcomes():
    served = parse_rules("User-agent: *\nDisallow: /private/\nAllow: /private/ok$\n")
    assert not served.allows("https://e.org/private/x", AGENT)
    assert served.allows("https://e.org/private/ok", AGENT)  # the longest matching rule wins
    assert rules_after_failure(404).allows("https://e.org/private/x", AGENT)
    assert not rules_after_failure(403).allows("https://e.org/", AGENT)
    assert rules_after_failure(503).allows("https://e.org/private/x", AGENT)
    assert rules_after_failure(None).allows("https://e.org/private/x", AGENT)


def test_an_unreadable_robots_txt_is_asked_for_again_long_before_a_served_one():
    served = parse_rules("User-agent: *\nDisallow:\n")
    for outage in (rules_after_failure(503), rules_after_failure(None), rules_after_failure(429)):
        assert outage.fresh and outage.expires < served.expires - 3600
    assert rules_after_failure(404).expires >= served.expires - 1
