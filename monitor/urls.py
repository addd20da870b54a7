"""Canonical URLs: one article is one URL, whatever link (feed, tweet, newsletter) led to it. Pure.

Feeds and share buttons decorate links with tracking parameters; hosts come in any case; some links carry
fragments or default ports. `canonical_url` strips all of that so the store keys an article once.
Trailing slashes are kept as they are: `/news/1-x/` and `/news/1-x` are different resources on some sites.
"""

from __future__ import annotations

import re
import string
from functools import cache
from urllib.parse import urljoin, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {
        # Google Analytics campaign tags (utm_*) are matched by prefix below; these are the others.
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "dclid",
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "igshid",  # Instagram
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_hsenc",  # HubSpot
        "_hsmi",
        # The New York Times: share links (?smid=tw-nytimes&smtyp=cur), on-site clicks
        # (?action=click&module=Top%20Stories&pgtype=Homepage&region=...&contentCollection=...),
        # RSS links (?partner=rss&emc=rss).
        "smid",
        "smtyp",
        "action",
        "module",
        "pgtype",
        "region",
        "contentcollection",
        "contentplacement",
        "partner",
        "emc",
        # RT, WordPress and feed plugins: ?ref=rss, ?rss=1, ?from=rss.
        "ref",
        "ref_src",
        "rss",
        "ocid",
        "cmpid",
        "at_medium",  # AT Internet
        "at_campaign",
    }
)
"""Query parameters that say how a reader arrived, not which article they read (compared lower-case)."""

TRACKING_PREFIXES = ("utm_", "rss_")
"""Families of tracking parameters: utm_source/utm_medium/... and the rss_* tags of feed plugins."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# Characters left as they are in a path or a query; anything else (spaces, non-ASCII) is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` when relative).

    Raises ValueError with a plain message when `url` cannot be read as a URL (for example a broken IPv6
    host or a port that is not a number).
    """
    url = url.strip()
    if base:
        url = urljoin(base.strip(), url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    netloc = _host(parts.hostname)
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = _without_dot_segments(_escapes(parts.path or "/", _PATH_SAFE))
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on one site: the same host (ignoring a leading `www.`) and the same port."""
    try:
        first, second = urlsplit(canonical_url(a)), urlsplit(canonical_url(b))
    except ValueError:
        return False
    if not (first.hostname and second.hostname):
        return False
    return (_bare(first.hostname), first.port) == (_bare(second.hostname), second.port)


def trusted_canonical(page_url: str, canonical: str | None) -> str:
    """The URL to key an article by: the page's own `<link rel=canonical>` when it points into the same site,
    else the page's URL. A page must not be able to file itself under another outlet's article."""
    if canonical:
        try:
            claimed = canonical_url(canonical, base=page_url)
        except ValueError:
            claimed = None
        if claimed and claimed.startswith(("http://", "https://")) and same_site(page_url, claimed):
            return claimed
    return canonical_url(page_url)


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _host(hostname: str) -> str:
    if ":" in hostname:  # IPv6 literal
        return f"[{hostname}]"
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return hostname


def _bare(hostname: str) -> str:
    return hostname.removeprefix("www.")


def _without_dot_segments(path: str) -> str:
    """`/a/./b/../c` -> `/a/c`, as a browser resolves it (RFC 3986, 5.2.4)."""
    segments = path.split("/")[1:]
    if "." not in segments and ".." not in segments:
        return path
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")
    return "/" + "/".join(kept)


def _escapes(text: str, safe: str) -> str:
    """Percent-encoding in one form: unreserved characters decoded, other escapes upper-case, unsafe
    characters encoded. Reserved characters keep their escapes (%2F in a path is not a slash)."""
    if "%" not in text and set(text) <= _plain_characters(safe):  # most URLs: nothing to do
        return text

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if _UNRESERVED.fullmatch(char) else f"%{match.group(1).upper()}"

    decoded = _ESCAPE.sub(one, text)
    return "".join(c if c in safe or (c.isalnum() and c.isascii()) else _encode(c) for c in decoded)


@cache
def _plain_characters(safe: str) -> frozenset[str]:
    return frozenset(safe + string.ascii_letters + string.digits)


def _encode(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def _query(query: str) -> str:
    """Tracking parameters dropped, the others sorted by name (a stable sort: repeated names keep their
    order). Each pair is kept as written, only its escapes normalised, so `+` and `%20` are not mixed up."""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        pair = _escapes(pair, _QUERY_SAFE)
        name = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), pair.partition("=")[0])
        if not is_tracking_parameter(name):
            kept.append((name, pair))
    kept.sort(key=lambda item: item[0])
    return "&".join(pair for _, pair in kept)
