"""Extraction of the four outlets' article pages (fixtures written in each outlet's markup, invented text):
title, date, authors and body, with the outlet's selectors and with the generic extractor alone."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import Selectors, load_settings
from monitor.extract import extract_article
from tests.paths import CONFIG

PAGES = Path(__file__).parent / "fixtures" / "extract"


@dataclass(frozen=True)
class Outlet:
    name: str
    url: str
    selectors: Selectors
    title: str
    published: datetime
    authors: tuple[str, ...]
    first: str
    last: str
    paragraphs: int
    language: str | None
    """How many paragraphs of article text, lead and subheadings included."""
    absent: tuple[str, ...]
    """Text of the page around the article: comments, share buttons, related posts, menus, ..."""
    absent_with_selectors: tuple[str, ...] = field(default=())

    def page(self) -> bytes:
        return (PAGES / f"{self.name}.html").read_bytes()


# The selectors recommended for each outlet's default config.
OUTLETS = [
    Outlet(
        name="rt",
        url="https://www.rt.com/news/512345-harbour-ferry-line/",
        selectors=Selectors(
            title="h1.article__heading",
            body="div.article__summary, div.article__text",
            published='meta[property="article:published_time"]',
            exclude=("div.read-more", "blockquote.twitter-tweet", "div.article__share"),
        ),
        title="Harbour city votes to rebuild old ferry line",
        published=datetime(2019, 4, 30, 14, 31, tzinfo=UTC),
        authors=(),
        first="Councillors voted 31 to 9",
        last="carry its first passengers in May next year.",
        paragraphs=4,
        language="en",
        absent=("READ MORE", "Island bridge plan shelved", "Facebook", "Canal reopens", "newsletter", "News"),
        absent_with_selectors=("Ferry vote passed tonight",),
    ),
    Outlet(
        name="nyt",
        url="https://www.nytimes.com/2019/04/30/world/americas/valley-drought-herds.html?smid=tw-share",
        selectors=Selectors(
            title='h1[data-testid="headline"]',
            body='section[name="articleBody"]',
            author='meta[name="byl"]',
            exclude=("figure", "aside", '[data-testid="inline-message"]'),
        ),
        title="Drought Forces Farmers in the Valley to Sell Their Herds",
        published=datetime(2019, 4, 30, 9, 0, 7, tzinfo=UTC),
        authors=("Marta Quiroga", "Daniel Hesketh"),
        first="SAN ISIDRO DEL VALLE — The cattle auction",
        last="“the best ones, the ones my father chose.”",
        paragraphs=6,
        language="en",
        absent=(
            "Cattle waiting to be sold",
            "Credit:",
            "Sign up for The Morning",
            "More in Americas",
            "Privacy",
        ),
    ),
    Outlet(
        name="moa",
        url="https://www.moonofalabama.org/2019/04/the-convoy.html",
        selectors=Selectors(
            title="h3.entry-header",
            body="div.entry-body",
            # The footer has the time of day too ("Posted by b on April 30, 2019 at 02:31 PM").
            published="p.entry-footer",
            exclude=("p.entry-footer", "div.comments"),
        ),
        title="The Convoy That Was Not There",
        published=datetime(2019, 4, 30, 14, 31, tzinfo=UTC),
        authors=("b",),
        first="On Monday several outlets reported",
        last="It will not be the last.",
        paragraphs=4,
        language=None,  # Typepad's templates declare none
        absent=("Posted by", "Permalink", "Thanks b", "Comment number", "Recent Posts", "Open Thread"),
    ),
    Outlet(
        name="checkpointasia",
        url="https://checkpointasia.net/mountain-pass-reopens/?utm_source=rss",
        selectors=Selectors(
            title="h1.entry-title",
            body="div.entry-content",
            published="time.entry-date.published",
            author="span.author a, a[rel=author]",
            exclude=("div.sharedaddy", "div.jp-relatedposts", "#comments"),
        ),
        title="Mountain Pass Reopens to Trade After Two Years",
        published=datetime(2019, 4, 30, 18, 5, 12, tzinfo=UTC),
        authors=("Rustam Karimov",),
        first="The high pass between the two valleys",
        last="who asked not to be named.",
        paragraphs=5,
        language="en",
        absent=("Share this", "Twitter", "Related", "Border fees dispute", "Good news at last", "Posted in"),
    ),
]


@pytest.mark.parametrize("with_selectors", [True, False], ids=["selectors", "generic"])
@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda outlet: outlet.name)
def test_outlet_article_comes_out_whole_and_alone(outlet: Outlet, with_selectors: bool) -> None:
    selectors = outlet.selectors if with_selectors else None
    article = extract_article(outlet.page(), outlet.url, selectors, outlet.name)

    assert article.method == ("selectors" if with_selectors else "generic")
    assert article.warnings == ()
    assert article.title == outlet.title
    assert article.published == outlet.published
    assert article.authors == outlet.authors
    assert article.language == outlet.language
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith(outlet.first) or paragraphs[1].startswith(outlet.first)
    # The NYT's correction note follows the body; the generic extractor may keep it, as a reader would.
    assert any(paragraph.endswith(outlet.last) for paragraph in paragraphs[-2:])
    forbidden = outlet.absent + (outlet.absent_with_selectors if with_selectors else ())
    assert [text for text in forbidden if text in article.text] == []
    assert len(paragraphs) >= outlet.paragraphs


def test_rt_lead_is_part_of_the_body_with_selectors() -> None:
    rt = OUTLETS[0]
    article = extract_article(rt.page(), rt.url, rt.selectors, "rt")
    assert article.text.startswith("The council of Porto Lindo approved a plan")


def test_moon_of_alabama_comments_longer_than_the_post_are_left_out() -> None:
    moa = OUTLETS[2]
    article = extract_article(moa.page(), moa.url)
    assert len(article.text) < 1000
    assert "officials familiar with the matter" in article.text
    assert "The crossing point was closed for repairs" in article.text


@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda outlet: outlet.name)
def test_shipped_default_selectors_still_match_the_outlets_markup(outlet: Outlet) -> None:
    configured = {entry.name: entry.selectors for entry in load_settings(CONFIG).outlets}
    if outlet.name not in configured:
        pytest.skip(f"no outlet {outlet.name!r} in the shipped config")
    article = extract_article(outlet.page(), outlet.url, configured[outlet.name], outlet.name)
    assert article.method == "selectors"
    assert outlet.first in article.text
    assert article.text.endswith(outlet.last)


def test_canonical_url_and_modified_date_come_from_the_page() -> None:
    rt, nyt = OUTLETS[0], OUTLETS[1]
    article = extract_article(rt.page(), "https://www.rt.com/news/512345-harbour-ferry-line/?utm_source=x")
    assert article.canonical_url == "https://www.rt.com/news/512345-harbour-ferry-line/"
    assert article.modified == datetime(2019, 4, 30, 16, 2, tzinfo=UTC)
    assert extract_article(nyt.page(), nyt.url).canonical_url == nyt.url.split("?")[0]


def test_selectors_that_stop_matching_fall_back_to_generic_with_a_warning(caplog) -> None:
    nyt = OUTLETS[1]
    renamed = Selectors(body="section[name=storyBody]", exclude=("figure",))
    with caplog.at_level(logging.WARNING, logger="monitor.extract"):
        article = extract_article(nyt.page(), nyt.url, renamed, "nyt")

    assert article.method == "generic"
    assert "The cattle auction here used to be held once a month." in article.text
    assert len(article.warnings) == 1 and "nyt" in article.warnings[0]
    assert "section[name=storyBody]" in article.warnings[0]
    assert [r.levelno for r in caplog.records if r.name == "monitor.extract"] == [logging.WARNING]
    assert "nyt" in caplog.records[0].getMessage()


def test_a_body_selector_matching_only_an_empty_element_falls_back_too() -> None:
    page = OUTLETS[3].page().replace(b'<div class="entry-content">', b'<div class="entry-body"></div><div>')
    article = extract_article(page, "", Selectors(body="div.entry-body"), "checkpointasia")
    assert article.method == "generic"
    assert "checkpointasia" in article.warnings[0]
    assert "The high pass between the two valleys" in article.text


def test_invalid_selectors_are_warnings_not_a_crash() -> None:
    invalid = Selectors(title="h3[[", body="div[[entry", published="::date")
    article = extract_article(OUTLETS[2].page(), "", invalid, "moa")
    assert article.method == "generic"
    assert len(article.warnings) == 3
    assert all("moa" in warning and "not valid CSS" in warning for warning in article.warnings)
    assert article.title == "The Convoy That Was Not There"
    assert "officials familiar with the matter" in article.text


def test_metadata_from_json_ld_graph_wins_over_a_suffixed_og_title() -> None:
    cpa = OUTLETS[3]
    page = cpa.page().replace(b'<h1 class="entry-title">', b'<h1 class="entry-title">Draft: ')
    assert extract_article(page, cpa.url).title == cpa.title


def test_language_from_og_locale_or_content_language_when_html_has_no_lang() -> None:
    spanish = (
        '<html><head><meta property="og:locale" content="es_VE"></head><body><article>'
        "<p>El gobierno anunció el martes un nuevo plan para la red eléctrica del país, con cortes "
        "programados en tres estados.</p></article></body></html>"
    )
    german = spanish.replace(
        'property="og:locale" content="es_VE"', 'http-equiv="content-language" content="de"'
    )
    assert extract_article(spanish).language == "es"
    assert extract_article(german).language == "de"
    assert extract_article("<html><body><p>No hints at all.</p></body></html>").language is None


@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda o: o.name)
def test_the_page_as_utf8_bytes_extracts_as_its_text_does(outlet: Outlet) -> None:
    """The crawl hands the parser a UTF-8 body as it is (no encoding of the text back to bytes)."""
    text = outlet.page().decode("utf-8")
    assert extract_article(text, outlet.url, outlet.selectors, utf8=outlet.page()) == extract_article(
        text, outlet.url, outlet.selectors
    )
