"""Synthetic news sites for the benchmarks, and the local servers that serve them.

Pages imitate a modern news site's article page (inline CSS and JSON state, navigation, header, the
article, a sidebar of teasers, a footer) so that parsing costs what it costs on real outlets. All text is
made up from a word list; the same seed gives the same site, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = tuple(
    " ".join(
        (
            "government minister said officials reported forces capital opposition president military",
            "statement protest crowd police border talks sanctions economy oil prices election council",
            "agency spokesman city region troops ceasefire security report according week morning",
            "evening people thousands hundreds dozens leader party vote congress parliament court",
            "ruling investigation evidence witnesses video images television radio newspaper press",
            "journalists analysts experts observers sources diplomats embassy foreign affairs ministry",
            "defence interior health hospital injured killed arrested detained released negotiations",
            "agreement deal proposal plan support pressure crisis conflict attack rally march street",
            "square bridge airport base station building residents families workers students supporters",
            "critics announced denied confirmed claimed warned urged called demanded rejected accepted",
            "signed approved national international regional local public private official independent",
            "former current new old early late major minor large small several many few most some first",
            "second third last next",
        )
    ).split()
)
SECTIONS = ("world", "politics", "business", "opinion", "science", "sport", "culture", "travel")
SITE_CSS = " ".join(
    f".c{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}px;color:#{i * 7919 % 0xFFFFFF:06x};"
    f"font:{12 + i % 6}px/1.{i % 9} sans-serif}}"
    for i in range(260)
)
"""Inline CSS as real sites ship it (about 20 KB), the same on every page."""


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 26))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 9_999)))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


@dataclass(frozen=True)
class SiteArticle:
    number: int
    title: str
    path: str
    published: datetime
    summary: str


def site_article(seed: int, number: int, epoch: datetime) -> SiteArticle:
    rng = random.Random(f"{seed}-title-{number}")
    title = " ".join(rng.choices(WORDS, k=rng.randint(6, 12))).capitalize()
    slug = "-".join(title.lower().split()[:6])
    return SiteArticle(
        number=number,
        title=title,
        path=f"/{SECTIONS[number % len(SECTIONS)]}/{number:06d}-{slug}.html",
        published=epoch - timedelta(minutes=7 * number),
        summary=sentence(rng),
    )


def article_html(
    seed: int, article: SiteArticle, base_url: str, *, min_kb: int = 60, max_kb: int = 120
) -> str:
    """One article page of `min_kb`-`max_kb` KB; the article itself is `h1.article-title` and
    `div.article-body`, a few KB of text among the page furniture as on real sites."""
    rng = random.Random(f"{seed}-page-{article.number}")
    target = rng.randint(min_kb * 1024, max_kb * 1024)
    url = base_url + article.path
    nav = "".join(
        f'<li class="nav__item c{i}"><a href="/{s}/">{s.title()}</a></li>' for i, s in enumerate(SECTIONS)
    )
    body = []
    for i in range(rng.randint(10, 24)):
        body.append(f"<p>{paragraph(rng)}</p>")
        if i == 3:
            body.append(
                f'<div class="read-more"><a href="/world/">Read more: {escape(sentence(rng))}</a></div>'
            )
    teasers = "".join(
        f'<li class="teaser c{i}"><a href="/{SECTIONS[i % 8]}/{rng.randint(1, 99999):06d}.html">'
        f"{escape(sentence(rng))}</a><span>{escape(sentence(rng))}</span></li>"
        for i in range(12)
    )
    footer = "".join(f'<a class="c{i}" href="/about/{i}">{WORDS[i].title()}</a> ' for i in range(60))
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.published.isoformat(),
            "author": {"@type": "Person", "name": "Staff Reporter"},
        }
    )
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{article.title} | News</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta property="og:title" content="{article.title}"><meta property="og:url" content="{url}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        f'<link rel="canonical" href="{url}">'
        f'<script type="application/ld+json">{ld}</script><style>{SITE_CSS}</style></head>'
    )
    page = (
        f'{head}<body class="page"><header class="site-header"><a class="logo" href="/">News</a>'
        f'<nav class="nav"><ul>{nav}</ul></nav></header><main class="layout">'
        f'<article class="article"><h1 class="article-title">{article.title}</h1>'
        f'<div class="byline">By Staff Reporter · <time datetime="{article.published.isoformat()}">'
        f"{article.published:%d %B %Y}</time></div>"
        f'<div class="article-body">{"".join(body)}</div></article>'
        f'<aside class="sidebar"><h2>Most read</h2><ol>{teasers}</ol>'
        f'<div class="ad-slot" data-slot="sidebar-1"></div></aside></main>'
    )
    footer = f'<footer class="site-footer">{footer}<p>© News Corp</p></footer>'

    # The rest, half markup and half script, is what makes real pages heavy: a "more stories" grid of
    # nested teaser cards, then the hydration state blob that modern news pages carry.
    size = len(page) + len(footer) + 60
    cards, half = [], (size + target) // 2
    while size < half:
        card = (
            f'<div class="card c{rng.randrange(260)}"><a class="card__link" href="/{rng.choice(SECTIONS)}/'
            f'{rng.randint(1, 99999):06d}.html"><div class="card__media">'
            f'<img src="/img/{rng.randint(1, 10**6)}.jpg" alt="" loading="lazy" width="320" height="180">'
            f'</div><div class="card__text">'
            f'<h3 class="card__title">{sentence(rng)}</h3><p class="card__teaser">{sentence(rng)}</p>'
            f'<span class="card__time">{rng.randint(1, 59)} min ago</span></div></a></div>'
        )
        cards.append(card)
        size += len(card)
    state: list[dict[str, str]] = []
    while size < target:
        item = {"id": f"{rng.randint(1, 10**9):x}", "headline": sentence(rng), "teaser": paragraph(rng)}
        state.append(item)
        size += len(json.dumps(item)) + 2
    return (
        f'{page}<section class="more-stories">{"".join(cards)}</section>{footer}'
        f"<script>window.__STATE__={json.dumps({'teasers': state})};</script></body></html>"
    )


def rss_feed(title: str, base_url: str, articles: list[SiteArticle]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base_url}{a.path}</link>"
        f'<guid isPermaLink="true">{base_url}{a.path}</guid>'
        f"<description>{escape(a.summary)}</description><pubDate>{format_datetime(a.published)}</pubDate>"
        "</item>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base_url}/</link><description>{escape(title)}</description>"
        f"{items}</channel></rss>"
    )


ROBOTS_TXT = "User-agent: *\nDisallow:\n"
EPOCH = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def write_site(root: Path, base_url: str, *, articles: int, feeds: int, seed: int) -> list[str]:
    """Write a static site of `articles` pages split over `feeds` RSS feeds; returns the feed URLs."""
    (root / "feeds").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text(ROBOTS_TXT)
    per_feed = -(-articles // feeds)
    feed_urls = []
    all_articles = [site_article(seed, n, EPOCH) for n in range(articles)]
    for article in all_articles:
        path = root / article.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_html(seed, article, base_url), encoding="utf-8")
    for f in range(feeds):
        chunk = all_articles[f * per_feed : (f + 1) * per_feed]
        (root / "feeds" / f"feed-{f}.xml").write_text(
            rss_feed(f"Feed {f}", base_url, chunk), encoding="utf-8"
        )
        feed_urls.append(f"{base_url}/feeds/feed-{f}.xml")
    return feed_urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s") from None
            time.sleep(0.05)


NGINX_CONF = """
daemon off;
worker_processes 1;
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; application/rss+xml xml; text/plain txt; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    etag on;
    keepalive_requests 100000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


def find_nginx() -> str | None:
    """The nginx binary; installed from Debian's packages when missing and we may (root with apt-get)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("nginx not found: installing the Debian package nginx-light ...", flush=True)
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "nginx-light"]):
        if subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            return None
    return shutil.which("nginx") or "/usr/sbin/nginx"


@contextmanager
def nginx(root: Path, port: int) -> Iterator[str]:
    """nginx serving `root` on 127.0.0.1:`port` as a child process (not a daemon); yields its name."""
    binary = find_nginx()
    if binary is None:
        raise RuntimeError(
            "nginx is not installed and could not be installed (apt-get install -y nginx-light)"
        )
    prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    # As root, nginx's workers would drop to `nobody`, who cannot read our private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, prefix=prefix, port=port, root=root.resolve()))
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf)], stderr=subprocess.PIPE)
    try:
        wait_for_port(port)
        yield subprocess.run([binary, "-v"], capture_output=True, text=True).stderr.strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


class _Handler(BaseHTTPRequestHandler):
    """Answers from `server.pages` (path -> (content type, body)), with ETags and 304s like nginx."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        page = self.server.pages(self.path)  # type: ignore[attr-defined]
        if page is None:
            self._send(404, "text/plain", b"not found")
            return
        content_type, body = page
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, content_type, b"", etag)
        else:
            self._send(200, content_type, body, etag)

    def _send(self, status: int, content_type: str, body: bytes, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def python_server(
    pages: Callable[[str], tuple[str, bytes] | None], port: int = 0, host: str = "127.0.0.1"
) -> Iterator[str]:
    """A threaded HTTP server on `host` (a loopback address) answering from `pages(path)`; yields its
    base URL."""
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    server.pages = pages  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def static_pages(root: Path) -> Callable[[str], tuple[str, bytes] | None]:
    """`pages` for `python_server` reading a folder written by `write_site` (nginx's stand-in)."""
    types = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml", ".txt": "text/plain"}

    def pages(path: str) -> tuple[str, bytes] | None:
        file = (root / path.split("?")[0].lstrip("/")).resolve()
        if not file.is_relative_to(root.resolve()) or not file.is_file():
            return None
        return types.get(file.suffix, "application/octet-stream"), file.read_bytes()

    return pages
