"""Feeds and sitemaps as the four outlets publish them, and the broken or hostile bodies servers send."""

# ruff: noqa: E501  (the feed bodies keep their publishers' long lines)

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime

from monitor.feeds import FeedEntry, parse_feed

RT_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>RT - Daily news</title>
  <link>https://www.rt.com</link>
  <atom:link href="https://www.rt.com/rss/news/" rel="self" type="application/rss+xml"/>
  <item>
    <title>Armored vehicle rams crowd in Caracas as clashes erupt (VIDEO)</title>
    <link>https://www.rt.com/news/458150-caracas-armored-vehicle-crowd/?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=RSS</link>
    <guid>https://www.rt.com/news/458150-caracas-armored-vehicle-crowd/</guid>
    <description>&lt;img src="https://cdni.rt.com/files/2019.04/l/5cc8.jpg" /&gt;&lt;br/&gt;An armored
      vehicle has been filmed ramming into a crowd in Caracas. &lt;br/&gt;&lt;a href="https://www.rt.com/news/458150/"&gt;Read Full Article at RT.com&lt;/a&gt;</description>
    <pubDate>Tue, 30 Apr 2019 16:02:11 +0000</pubDate>
    <enclosure url="https://cdni.rt.com/files/2019.04/l/5cc8.jpg" length="42117" type="image/jpeg"/>
  </item>
  <item>
    <title>Chilean embassy takes in opposition figure Lopez</title>
    <link>https://www.rt.com/news/458166-lopez-chile-embassy/?utm_source=rss</link>
    <guid>https://www.rt.com/news/458166-lopez-chile-embassy/</guid>
    <description>Lopez sought refuge in the Chilean embassy.</description>
    <pubDate>Tue, 30 Apr 2019 19:40:00 +0000</pubDate>
  </item>
</channel>
</rss>"""

NYT_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
<channel>
  <title>NYT &gt; Americas</title>
  <link>https://www.nytimes.com/section/world/americas?partner=rss&amp;emc=rss</link>
  <item>
    <title>Venezuela Opposition Leader Calls for Uprising; Clashes Erupt</title>
    <link>https://www.nytimes.com/2019/04/30/world/americas/venezuela-uprising.html?partner=rss&amp;emc=rss</link>
    <guid isPermaLink="true">https://www.nytimes.com/2019/04/30/world/americas/venezuela-uprising.html</guid>
    <atom:link href="https://www.nytimes.com/2019/04/30/world/americas/venezuela-uprising.html?smid=tw-nytimes&amp;smtyp=cur" rel="standout"/>
    <description>Juan Guaido appeared with soldiers at a base in Caracas, and at least 59 people were hurt.</description>
    <dc:creator>Ana Vanessa Herrero and Nicholas Casey</dc:creator>
    <pubDate>Tue, 30 Apr 2019 10:14:52 +0000</pubDate>
    <atom:updated>2019-04-30T22:05:00Z</atom:updated>
    <category domain="http://www.nytimes.com/namespaces/keywords/nyt_geo">Venezuela</category>
    <media:content height="151" medium="image" url="https://static01.nyt.com/images/2019/04/30/world/30venezuela/30venezuela-moth.jpg" width="151"/>
    <media:credit>Meridith Kohut for The New York Times</media:credit>
  </item>
</channel>
</rss>"""

MOA_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">
  <title>Moon of Alabama</title>
  <link rel="alternate" type="text/html" href="https://www.moonofalabama.org/" />
  <link rel="self" type="application/atom+xml" href="https://www.moonofalabama.org/atom.xml" />
  <id>tag:typepad.com,2003:weblog-9601</id>
  <updated>2019-04-30T16:55:13-04:00</updated>
  <generator uri="http://www.typepad.com/">TypePad</generator>
  <entry>
    <title>Venezuela - The Coup Attempt That Fizzled (Updated)</title>
    <link rel="alternate" type="text/html" href="/2019/04/venezuela-coup-attempt.html#more" />
    <id>tag:typepad.com,2003:post-6a00d8341c640e53ef0240a45ec0d5200b</id>
    <published>2019-04-30T10:31:22-04:00</published>
    <updated>2019-04-30T16:55:13-04:00</updated>
    <author><name>b</name></author>
    <content type="html" xml:lang="en-US" xml:base="https://www.moonofalabama.org/">
      &lt;p&gt;The whole &lt;em&gt;coup&lt;/em&gt; played out on a highway bridge.&lt;/p&gt;</content>
  </entry>
</feed>"""

CHECKPOINT_RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
  xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
  <title>Checkpoint Asia</title>
  <atom:link href="https://checkpointasia.net/feed/" rel="self" type="application/rss+xml" />
  <link>https://checkpointasia.net</link>
  <lastBuildDate>Wed, 01 May 2019 08:12:40 +0000</lastBuildDate>
  <generator>https://wordpress.org/?v=5.1.1</generator>
  <item>
    <title>Venezuela&#8217;s &#8220;Coup Attempt&#8221; Played Out in a Few Blocks of Caracas</title>
    <link>https://checkpointasia.net/venezuela-coup-attempt-in-a-few-blocks/?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=venezuela-coup-attempt-in-a-few-blocks</link>
    <comments>https://checkpointasia.net/venezuela-coup-attempt-in-a-few-blocks/#respond</comments>
    <pubDate>Wed, 01 May 2019 08:12:40 +0000</pubDate>
    <dc:creator><![CDATA[Marko Marjanovic]]></dc:creator>
    <category><![CDATA[Americas]]></category>
    <guid isPermaLink="false">https://checkpointasia.net/?p=24501</guid>
    <description><![CDATA[<p>A revolution needs more than a bridge and a camera crew</p>
<p>The post <a rel="nofollow" href="https://checkpointasia.net/venezuela-coup-attempt-in-a-few-blocks/">Venezuela Coup Attempt</a> appeared first on <a rel="nofollow" href="https://checkpointasia.net">Checkpoint Asia</a>.</p>]]></description>
    <content:encoded><![CDATA[<p>A revolution needs more than a bridge and a camera crew.</p>]]></content:encoded>
    <wfw:commentRss>https://checkpointasia.net/venezuela-coup-attempt-in-a-few-blocks/feed/</wfw:commentRss>
    <slash:comments>3</slash:comments>
  </item>
</channel>
</rss>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.nytimes.com/sitemaps/new/news.xml.gz</loc><lastmod>2019-04-30T22:10:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemaps/new/sitemap-2019-04.xml.gz</loc></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.nytimes.com/2019/04/30/world/americas/venezuela-uprising.html</loc>
    <lastmod>2019-04-30T22:05:00-04:00</lastmod>
    <news:news>
      <news:publication><news:name>The New York Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2019-04-30T10:14:52Z</news:publication_date>
      <news:title>Venezuela Opposition Leader Calls for Uprising</news:title>
    </news:news>
    <image:image><image:loc>https://static01.nyt.com/images/x.jpg</image:loc></image:image>
  </url>
  <url><loc>https://www.nytimes.com/2019/04/29/us/politics/other.html</loc><lastmod>2019-04-29</lastmod></url>
  <url><loc>ftp://files.nytimes.com/not-an-article</loc></url>
</urlset>"""

NYT_ARTICLE = "https://www.nytimes.com/2019/04/30/world/americas/venezuela-uprising.html"


def test_rt_rss_with_enclosure_and_tracking_links():
    feed = parse_feed(RT_RSS, "https://www.rt.com/rss/news/")
    assert feed.kind == "rss" and feed.error is None
    first = feed.entries[0]
    assert first.url == "https://www.rt.com/news/458150-caracas-armored-vehicle-crowd/"
    assert first.title == "Armored vehicle rams crowd in Caracas as clashes erupt (VIDEO)"
    assert first.summary.startswith("An armored vehicle has been filmed ramming into a crowd in Caracas.")
    assert "<" not in first.summary
    assert first.published == datetime(2019, 4, 30, 16, 2, 11, tzinfo=UTC)
    assert [e.url for e in feed.entries][1] == "https://www.rt.com/news/458166-lopez-chile-embassy/"


def test_nyt_rss_with_creators_media_and_an_update_date():
    (entry,) = parse_feed(NYT_RSS, "https://rss.nytimes.com/services/xml/rss/nyt/Americas.xml").entries
    assert entry.url == NYT_ARTICLE
    assert entry.authors == ("Ana Vanessa Herrero", "Nicholas Casey")
    assert entry.guid == NYT_ARTICLE
    assert entry.published == datetime(2019, 4, 30, 10, 14, 52, tzinfo=UTC)
    assert entry.updated == datetime(2019, 4, 30, 22, 5, tzinfo=UTC)


def test_moon_of_alabama_typepad_atom_with_relative_link():
    feed = parse_feed(MOA_ATOM, "https://www.moonofalabama.org/atom.xml")
    assert feed.kind == "atom" and feed.error is None
    (entry,) = feed.entries
    assert entry.url == "https://www.moonofalabama.org/2019/04/venezuela-coup-attempt.html"
    assert entry.authors == ("b",)
    assert entry.summary == "The whole coup played out on a highway bridge."
    assert entry.published.utcoffset().total_seconds() == 0
    assert entry.published == datetime(2019, 4, 30, 14, 31, 22, tzinfo=UTC)
    assert entry.updated == datetime(2019, 4, 30, 20, 55, 13, tzinfo=UTC)


def test_checkpoint_asia_wordpress_rss_with_utm_links_and_content_encoded():
    (entry,) = parse_feed(CHECKPOINT_RSS, "https://checkpointasia.net/feed/").entries
    assert entry.url == "https://checkpointasia.net/venezuela-coup-attempt-in-a-few-blocks/"
    assert entry.title.startswith("Venezuela\u2019s \u201cCoup Attempt\u201d")
    assert entry.authors == ("Marko Marjanovic",)
    assert entry.guid == "https://checkpointasia.net/?p=24501"
    assert entry.summary.startswith("A revolution needs more than a bridge and a camera crew")


def test_an_entry_whose_headline_or_update_date_changed_has_a_new_fingerprint():
    (entry,) = parse_feed(NYT_RSS, "https://rss.nytimes.com/a.xml").entries
    edited = NYT_RSS.replace(b"22:05:00Z", b"23:40:00Z")
    retitled = NYT_RSS.replace(b"Clashes Erupt", b"Dozens Hurt")
    assert parse_feed(NYT_RSS, "https://rss.nytimes.com/a.xml").entries[0].fingerprint == entry.fingerprint
    assert parse_feed(edited, "https://rss.nytimes.com/a.xml").entries[0].fingerprint != entry.fingerprint
    assert parse_feed(retitled, "https://rss.nytimes.com/a.xml").entries[0].fingerprint != entry.fingerprint


def test_summaries_are_plain_text_without_scripts_or_styles():
    hostile = RT_RSS.replace(
        b"Lopez sought refuge in the Chilean embassy.",
        b"&lt;style&gt;p{color:red}&lt;/style&gt;&lt;p&gt;Lopez sought &lt;b&gt;refuge&lt;/b&gt;.&lt;/p&gt;"
        b"&lt;script&gt;alert(1)&lt;/script&gt;",
    )
    summary = parse_feed(hostile, "https://www.rt.com/rss/news/").entries[1].summary
    assert summary == "Lopez sought refuge."


def test_sitemap_index_lists_child_sitemaps():
    feed = parse_feed(SITEMAP_INDEX, "https://www.nytimes.com/sitemaps/new/news.xml")
    assert feed.kind == "sitemap-index" and feed.entries == [] and feed.error is None
    assert feed.sitemaps == [
        "https://www.nytimes.com/sitemaps/new/news.xml.gz",
        "https://www.nytimes.com/sitemaps/new/sitemap-2019-04.xml.gz",
    ]


def test_gzip_news_sitemap_gives_titles_and_dates():
    feed = parse_feed(gzip.compress(NEWS_SITEMAP), "https://www.nytimes.com/sitemaps/new/news.xml.gz")
    assert feed.kind == "sitemap" and feed.error is None
    news, plain = feed.entries  # the ftp:// location is not an article
    assert news == FeedEntry(
        url=NYT_ARTICLE,
        title="Venezuela Opposition Leader Calls for Uprising",
        published=datetime(2019, 4, 30, 10, 14, 52, tzinfo=UTC),
        updated=datetime(2019, 5, 1, 2, 5, tzinfo=UTC),
    )
    assert plain.updated == datetime(2019, 4, 29, tzinfo=UTC) and plain.title == ""


def test_truncated_feed_returns_the_entries_before_the_cut_and_says_so():
    cut = RT_RSS[: RT_RSS.index(b"<description>Lopez")]
    feed = parse_feed(cut, "https://www.rt.com/rss/news/")
    assert [e.url for e in feed.entries] == ["https://www.rt.com/news/458150-caracas-armored-vehicle-crowd/"]
    assert feed.error and "truncated" in feed.error


def test_truncated_gzip_sitemap_returns_what_was_read():
    more = b"".join(
        b"<url><loc>https://e.org/%s</loc></url>" % os.urandom(8).hex().encode() for _ in range(500)
    )
    body = gzip.compress(NEWS_SITEMAP.replace(b"</urlset>", more + b"</urlset>"))
    feed = parse_feed(body[: len(body) // 2], "https://www.nytimes.com/sitemaps/news.xml.gz")
    assert feed.kind == "sitemap" and feed.entries[0].url == NYT_ARTICLE
    assert 2 < len(feed.entries) < 500 and "truncated" in feed.error


def test_an_html_page_served_as_a_feed_is_not_a_feed():
    page = b"<!doctype html>\n<html lang=en><head><title>Just a moment...</title></head><body></body></html>"
    feed = parse_feed(page, "https://www.rt.com/rss/news/")
    assert feed.kind == "unknown" and feed.entries == []
    assert feed.error == "not a feed: the server sent an HTML page"


def test_empty_and_garbage_bodies_are_not_feeds():
    assert parse_feed(b"", "https://e.org/feed").error == "not a feed: the body is empty"
    assert parse_feed(b"  \n", "https://e.org/feed").kind == "unknown"
    garbage = parse_feed(b"\x00\x01 internal server error", "https://e.org/feed")
    assert garbage.kind == "unknown" and garbage.error.startswith("not a feed")
    other = parse_feed(b"<?xml version='1.0'?><config><a/></config>", "https://e.org/feed")
    assert other.error == "not a feed: an XML document whose root is <config>"


def test_billion_laughs_is_refused_without_expanding():
    lol = b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i else b"lol") for i in range(10)
    )
    for root in (
        b"<rss version='2.0'><channel><title>&lol9;</title></channel></rss>",
        b"<urlset>&lol9;</urlset>",
    ):
        feed = parse_feed(b'<?xml version="1.0"?><!DOCTYPE lolz [' + lol + b"]>" + root, "https://e.org/f")
        assert feed.kind == "unknown" and feed.entries == []
        assert "entities" in feed.error


def test_a_gzip_bomb_stops_at_the_size_cap():
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 2**20) + b"</urlset>")
    feed = parse_feed(bomb, "https://e.org/sitemap.xml.gz")
    assert feed.entries == [] and "decompresses to more than 50 MB" in feed.error


def test_entries_without_a_usable_link_are_skipped():
    body = RT_RSS.replace(
        b"https://www.rt.com/news/458166-lopez-chile-embassy/?utm_source=rss", b"javascript:void(0)"
    ).replace(b"<guid>https://www.rt.com/news/458166-lopez-chile-embassy/</guid>", b"")
    assert len(parse_feed(body, "https://www.rt.com/rss/news/").entries) == 1


def test_a_relative_link_follows_the_feeds_xml_base_over_its_own_url():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/2019/">
  <title>A blog</title><id>tag:blog</id><updated>2019-04-30T16:55:13Z</updated>
  <entry><title>One</title><id>tag:one</id><updated>2019-04-30T16:55:13Z</updated>
    <link rel="alternate" href="04/one.html"/></entry>
</feed>"""
    (entry,) = parse_feed(atom, "https://feeds.example.net/blog.xml").entries
    assert entry.url == "https://blog.example.org/2019/04/one.html"
