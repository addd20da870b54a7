"""Canonical URLs: every link that leads to one article gives one URL, and a page cannot claim another's."""

from __future__ import annotations

import pytest

from monitor.urls import canonical_url, same_site, trusted_canonical

ARTICLE = "https://www.nytimes.com/2019/04/30/world/americas/venezuela-guaido-maduro.html"


@pytest.mark.parametrize(
    "link",
    [
        ARTICLE,
        ARTICLE + "?smid=tw-nytimes&smtyp=cur",
        ARTICLE + "?action=click&module=Top%20Stories&pgtype=Homepage",
        ARTICLE + "?partner=rss&emc=rss",
        ARTICLE + "#commentsContainer",
        ARTICLE.replace("https://www.nytimes.com", "HTTPS://WWW.NYTimes.com:443"),
        ARTICLE + "?region=Footer&contentCollection=world&fbclid=IwAR0x&gclid=abc",
    ],
)
def test_every_tracking_variant_of_a_link_is_one_article(link):
    assert canonical_url(link) == ARTICLE


def test_wordpress_and_rt_feed_tags_are_dropped_and_real_parameters_kept_sorted():
    link = "https://checkpointasia.net/?p=5412&utm_source=rss&utm_medium=rss&utm_campaign=venezuela&lang=en"
    assert canonical_url(link) == "https://checkpointasia.net/?lang=en&p=5412"
    rt = "https://www.rt.com/news/458150-venezuela-armored-vehicle/?utm_source=rss&utm_medium=rss&ref=rss"
    assert canonical_url(rt) == "https://www.rt.com/news/458150-venezuela-armored-vehicle/"


def test_relative_links_resolve_against_the_feed():
    assert (
        canonical_url(
            "../2019/04/coup.html?mc_cid=1#more", base="https://www.moonofalabama.org/feeds/atom.xml"
        )
        == "https://www.moonofalabama.org/2019/04/coup.html"
    )
    assert canonical_url("/a/./b/../c", base="http://example.org") == "http://example.org/a/c"


def test_host_and_port_forms():
    assert canonical_url("http://Example.ORG") == "http://example.org/"
    assert canonical_url("http://example.org:80/x") == "http://example.org/x"
    assert canonical_url("https://example.org:8443/x") == "https://example.org:8443/x"
    assert canonical_url("http://127.0.0.1:8080/feed/") == "http://127.0.0.1:8080/feed/"
    assert canonical_url("https://bücher.example/ä ö") == "https://xn--bcher-kva.example/%C3%A4%20%C3%B6"


def test_trailing_slashes_are_kept_as_sites_differ():
    assert canonical_url("https://www.rt.com/news/1-x/") != canonical_url("https://www.rt.com/news/1-x")


def test_percent_encoding_has_one_form_without_changing_meaning():
    assert canonical_url("http://e.org/%7Eb%61/%2f?q=%e2%82%ac") == "http://e.org/~ba/%2F?q=%E2%82%AC"
    # '+' and '%20' are kept apart: the server decides what they mean
    assert canonical_url("http://e.org/s?q=a+b") == "http://e.org/s?q=a+b"
    assert canonical_url("http://e.org/s?flag&b=2&a=1") == "http://e.org/s?a=1&b=2&flag"


def test_a_broken_url_is_a_plain_value_error():
    with pytest.raises(ValueError, match="not a valid URL"):
        canonical_url("http://[::1/feed")
    with pytest.raises(ValueError, match="not a valid URL"):
        canonical_url("http://example.org:port/")


def test_a_page_may_canonicalise_only_within_its_own_site():
    page = "https://www.rt.com/news/458150-venezuela/?utm_source=rss"
    assert (
        trusted_canonical(page, "https://rt.com/news/458150-venezuela/")
        == "https://rt.com/news/458150-venezuela/"
    )
    assert (
        trusted_canonical(page, "/news/458150-venezuela/#top") == "https://www.rt.com/news/458150-venezuela/"
    )
    # an attacker page cannot file itself under another outlet's article
    assert trusted_canonical("https://evil.example/copy", ARTICLE) == "https://evil.example/copy"
    # nor under another port of the same machine (the local replay runs outlets side by side)
    assert (
        trusted_canonical("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a") == "http://127.0.0.1:8001/a"
    )
    assert trusted_canonical(page, None) == "https://www.rt.com/news/458150-venezuela/"
    assert trusted_canonical(page, "javascript:alert(1)") == "https://www.rt.com/news/458150-venezuela/"
    assert trusted_canonical(page, "http://[::1") == "https://www.rt.com/news/458150-venezuela/"


def test_same_site_ignores_www_and_scheme_but_not_subdomains():
    assert same_site("https://www.rt.com/a", "http://rt.com/b")
    assert not same_site("https://www.rt.com/a", "https://actualidad.rt.com/a")
    assert not same_site("mailto:x@rt.com", "https://rt.com/")
