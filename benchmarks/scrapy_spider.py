"""The Scrapy side of the crawl benchmark: the same work as one `monitor run --once` pass, done the Scrapy
way. Read the feeds, fetch every article they link, parse title and body text with selectolax, insert
each article into a SQLite table.

    python benchmarks/scrapy_spider.py --database FILE --concurrency N FEED_URL...
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from selectolax.lexbor import LexborHTMLParser

TITLE = "h1.article-title"
BODY = "div.article-body"


class FeedSpider(scrapy.Spider):
    name = "feeds"

    def __init__(self, feeds: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = feeds

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for link in response.xpath("//item/link/text()").getall():
            yield scrapy.Request(link.strip(), callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterator[dict[str, str]]:
        tree = LexborHTMLParser(response.text)
        title, body = tree.css_first(TITLE), tree.css_first(BODY)
        yield {
            "url": response.url,
            "title": title.text(strip=True) if title else "",
            "text": body.text(separator="\n", strip=True) if body else "",
        }


class SQLitePipeline:
    """One row per article, committed at once (as our store does), with the store's pragmas."""

    def __init__(self, database: str) -> None:
        self.database = database

    @classmethod
    def from_crawler(cls, crawler: scrapy.crawler.Crawler) -> SQLitePipeline:
        return cls(crawler.settings["BENCH_DATABASE"])

    def open_spider(self) -> None:
        self.connection = sqlite3.connect(self.database)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS article (url TEXT PRIMARY KEY, title TEXT, text TEXT)"
        )

    def process_item(self, item: dict[str, str]) -> dict[str, str]:
        self.connection.execute(
            "INSERT OR REPLACE INTO article (url, title, text) VALUES (?, ?, ?)",
            (item["url"], item["title"], item["text"]),
        )
        self.connection.commit()
        return item

    def close_spider(self) -> None:
        self.connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--concurrency", type=int, required=True, help="requests in flight per host")
    parser.add_argument("feeds", nargs="+")
    args = parser.parse_args()
    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "DOWNLOAD_DELAY": 0,
            "HTTPCACHE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "ITEM_PIPELINES": {SQLitePipeline: 100},
            "BENCH_DATABASE": args.database,
        }
    )
    process.crawl(FeedSpider, feeds=args.feeds)
    process.start()


if __name__ == "__main__":
    main()
