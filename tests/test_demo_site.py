"""The local replay of the four outlets, spoken to over real HTTP as the crawler will."""

from __future__ import annotations

import json

import httpx
import pytest
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from monitor.config import load_settings, settings_from_dict
from monitor.demo import DemoSite
from monitor.feeds import parse_feed
from tests.paths import CONFIG

FEED_KINDS = {"rt": "rss", "nyt": "rss", "moa": "atom", "checkpointasia": "rss"}


@pytest.fixture(scope="module")
def site():
    with DemoSite() as running:
        yield running


@pytest.fixture
def fresh_site():
    """A site of its own, for tests that move it to its later state."""
    with DemoSite() as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10) as session:
        yield session


def feed_url(site: DemoSite, outlet: str) -> str:
    return next(o for o in site.outlets if o["name"] == outlet)["feeds"][0]


def entries(site: DemoSite, client: httpx.Client, outlet: str):
    url = feed_url(site, outlet)
    return parse_feed(client.get(url).content, url).entries


def page(client: httpx.Client, url: str) -> LexborHTMLParser:
    response = client.get(url)
    assert response.status_code == 200, url
    return LexborHTMLParser(response.text)


def test_outlets_are_a_valid_config_with_the_shipped_selectors(site):
    settings = settings_from_dict({"outlets": site.outlets})
    shipped = {o.name: o for o in load_settings(CONFIG).outlets}
    assert {o.name for o in settings.outlets} == set(FEED_KINDS) == set(shipped)
    for outlet in settings.outlets:
        assert outlet.selectors == shipped[outlet.name].selectors
        assert outlet.title == shipped[outlet.name].title
        assert outlet.feeds[0].startswith("http://127.0.0.1:")
    assert len({o["feeds"][0].split("/")[2] for o in site.outlets}) == 4, "one port (one host) per outlet"


@pytest.mark.parametrize("outlet", FEED_KINDS)
def test_each_outlet_serves_its_feed_and_the_pages_it_links_to(site, client, outlet):
    url = feed_url(site, outlet)
    feed = parse_feed(client.get(url).content, url)
    assert feed.kind == FEED_KINDS[outlet] and feed.error is None
    assert len(feed.entries) >= 3
    for entry in feed.entries:
        assert entry.url.startswith(site.base_url(outlet) + "/")
        assert "utm_" not in entry.url and "smid" not in entry.url
        assert entry.title and entry.published
        assert client.get(entry.url).status_code == 200


def test_feeds_carry_each_outlets_decorations(site, client):
    rt = client.get(feed_url(site, "rt")).text
    assert "<enclosure " in rt and "utm_source=rss" in rt
    nyt = client.get(feed_url(site, "nyt")).text
    assert "<dc:creator>" in nyt and "<media:content " in nyt and "smid=tw-nytimes" in nyt
    checkpoint = client.get(feed_url(site, "checkpointasia")).text
    assert "<content:encoded>" in checkpoint and "utm_campaign=" in checkpoint


@pytest.mark.parametrize("outlet", FEED_KINDS)
def test_robots_forbid_one_page_that_the_feed_links_to(site, client, outlet):
    base = site.base_url(outlet)
    robots = Protego.parse(client.get(base + "/robots.txt").text)
    linked = [entry.url for entry in entries(site, client, outlet)]
    forbidden = [url for url in linked if not robots.can_fetch(url, "claim-monitor")]
    assert len(forbidden) == 1
    assert {url.removeprefix(base) for url in forbidden} <= site.disallowed_paths()


@pytest.mark.parametrize("outlet", FEED_KINDS)
def test_outlet_selectors_find_title_and_body_on_every_article_page(site, client, outlet):
    settings = next(o for o in site.outlets if o["name"] == outlet)
    selectors = settings["selectors"]
    for entry in entries(site, client, outlet):
        if entry.url.removeprefix(site.base_url(outlet)) in site.disallowed_paths():
            continue
        tree = page(client, entry.url)
        assert tree.css_first(selectors["title"]).text(strip=True) == entry.title
        body = tree.css(selectors["body"])
        assert body and sum(len(node.text(strip=True)) for node in body) > 10
        assert tree.css_first('link[rel="canonical"]').attributes["href"] == entry.url


@pytest.mark.parametrize("outlet", ["rt", "nyt", "checkpointasia"])
def test_sitemaps_named_in_robots_lead_to_the_same_articles_as_the_feed(site, client, outlet):
    robots = Protego.parse(client.get(site.base_url(outlet) + "/robots.txt").text)
    (index_url,) = robots.sitemaps
    index = parse_feed(client.get(index_url).content, index_url)
    assert index.kind == "sitemap-index" and index.error is None
    (child_url,) = index.sitemaps
    child = parse_feed(client.get(child_url).content, child_url)
    assert child.kind == "sitemap" and child.error is None
    allowed = {e.url: e for e in entries(site, client, outlet) if robots.can_fetch(e.url, "claim-monitor")}
    assert {e.url for e in child.entries} == set(allowed)
    assert all(e.title == allowed[e.url].title and e.published for e in child.entries)


def test_rt_page_has_read_more_box_and_tweet_inside_the_body_and_metadata(site, client):
    url = next(e.url for e in entries(site, client, "rt") if "armored-vehicle" in e.url)
    tree = page(client, url)
    body = tree.css_first("div.article__text")
    assert body.css_first("div.read-more") and body.css_first("blockquote.twitter-tweet")
    assert (
        tree.css_first('meta[property="article:published_time"]')
        .attributes["content"]
        .startswith("2019-04-30")
    )
    assert tree.css_first('meta[property="og:title"]')
    ld = json.loads(tree.css_first('script[type="application/ld+json"]').text())
    assert ld["@type"] == "NewsArticle" and ld["datePublished"].startswith("2019-04-30")


def test_nyt_page_has_nested_body_generated_classes_byline_and_json_ld(site, client):
    url = next(e.url for e in entries(site, client, "nyt") if "uprising" in e.url)
    tree = page(client, url)
    paragraphs = tree.css('section[name="articleBody"] div div p')
    assert len(paragraphs) >= 5 and all(p.attributes["class"].startswith("css-") for p in paragraphs)
    assert (
        tree.css_first('meta[name="byl"]').attributes["content"]
        == "By Ana Vanessa Herrero and Nicholas Casey"
    )
    ld = json.loads(tree.css_first('script[type="application/ld+json"]').text())
    assert ld["@type"] == "NewsArticle" and {"datePublished", "dateModified"} <= set(ld)
    assert [a["name"] for a in ld["author"]] == ["Ana Vanessa Herrero", "Nicholas Casey"]


def test_moon_of_alabama_page_has_typepad_markup_long_comments_and_no_open_graph_dates(site, client):
    url = next(e.url for e in entries(site, client, "moa") if "coup-attempt" in e.url)
    tree = page(client, url)
    assert tree.css_first("h2.date-header").text(strip=True) == "April 30, 2019"
    footer = tree.css_first("p.entry-footer").text(strip=True)
    assert footer.startswith("Posted by b on April 30, 2019 at 10:31 AM")
    post = tree.css_first("div.entry-content > div.entry-body").text(strip=True)
    comments = tree.css_first("div.comments-content").text(strip=True)
    assert len(comments) > len(post)
    assert not tree.css('meta[property^="article:"]') and not tree.css('script[type="application/ld+json"]')


def test_checkpoint_asia_page_has_wordpress_markup(site, client):
    url = next(e.url for e in entries(site, client, "checkpointasia") if "coup-attempt" in e.url)
    tree = page(client, url)
    content = tree.css_first("div.entry-content")
    assert content.css_first("div.sharedaddy") and content.css_first("div.jp-relatedposts")
    assert tree.css_first("time.entry-date.published").attributes["datetime"] == "2019-05-01T08:12:40+00:00"
    assert tree.css("#comments .comment-content")


def test_pages_change_on_every_request_but_their_validators_do_not(site, client):
    url = next(e.url for e in entries(site, client, "nyt") if "uprising" in e.url)
    first, second = client.get(url), client.get(url)
    assert first.content != second.content, "an ad slot id changes per request, as on the real site"
    assert first.headers["etag"] == second.headers["etag"] and first.headers["last-modified"]


def test_conditional_requests_answer_304_and_are_logged(site, client):
    url = feed_url(site, "moa")
    first = client.get(url)
    site.requests.clear()
    by_etag = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    stale = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert (by_etag.status_code, by_date.status_code, stale.status_code) == (304, 304, 200)
    assert by_etag.content == b"" and by_etag.headers["etag"] == first.headers["etag"]
    path = url.split(site.base_url("moa"))[1]
    assert list(site.requests) == [
        ("moa", "GET", path, 304),
        ("moa", "GET", path, 304),
        ("moa", "GET", path, 200),
    ]


def test_request_log_keeps_the_path_without_query_and_unknown_paths_are_404(site, client):
    base = site.base_url("rt")
    site.requests.clear()
    assert client.get(base + "/no/such/page/?utm_source=x").status_code == 404
    assert client.head(base + "/rss/news/").status_code == 200
    assert list(site.requests) == [("rt", "GET", "/no/such/page/", 404), ("rt", "HEAD", "/rss/news/", 200)]


def test_wordpress_pages_send_no_validators_so_a_refetch_gets_a_changed_page(site, client):
    url = next(e.url for e in entries(site, client, "checkpointasia") if "coup-attempt" in e.url)
    response = client.get(url)
    assert "etag" not in response.headers and "last-modified" not in response.headers
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 200


def test_advance_publishes_a_new_article_with_updated_figures(fresh_site, client):
    before = {e.url for e in entries(fresh_site, client, "rt")}
    assert fresh_site.state == "first"
    fresh_site.advance()
    assert fresh_site.state == "later"
    (new,) = [e for e in entries(fresh_site, client, "rt") if e.url not in before]
    text = page(client, new.url).css_first("div.article__text").text()
    assert "109" in text and "killed" in text


def test_advance_makes_a_stealth_edit_of_a_published_nyt_article(fresh_site, client):
    url = feed_url(fresh_site, "nyt")
    old_feed = client.get(url)
    (old,) = [e for e in parse_feed(old_feed.content, url).entries if "uprising" in e.url]
    old_page = page(client, old.url)
    old_etag = client.get(old.url).headers["etag"]
    fresh_site.advance()

    assert client.get(url, headers={"If-None-Match": old_feed.headers["etag"]}).status_code == 200
    (new,) = [e for e in entries(fresh_site, client, "nyt") if e.url == old.url]
    assert new.title != old.title and new.updated > old.updated and new.fingerprint != old.fingerprint

    edited = client.get(old.url, headers={"If-None-Match": old_etag})
    assert edited.status_code == 200
    new_page = LexborHTMLParser(edited.text)
    headline = 'h1[data-testid="headline"]'
    assert new_page.css_first(headline).text() != old_page.css_first(headline).text()
    body = 'section[name="articleBody"]'
    assert "at least 59 people" in old_page.css_first(body).text()
    assert "at least 69 people" in new_page.css_first(body).text()
    assert "earlier version" not in new_page.text().lower(), "a stealth edit carries no correction note"
    modified = 'meta[property="article:modified_time"]'
    assert (
        new_page.css_first(modified).attributes["content"]
        > old_page.css_first(modified).attributes["content"]
    )


def test_advance_leaves_other_outlets_unchanged(fresh_site, client):
    url = feed_url(fresh_site, "moa")
    etag = client.get(url).headers["etag"]
    fresh_site.advance()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_the_site_must_be_started_and_stops_for_good():
    site = DemoSite()
    with pytest.raises(RuntimeError, match="not running"):
        _ = site.outlets
    with site:
        url = feed_url(site, "rt")
        assert httpx.get(url).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)
