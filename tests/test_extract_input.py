"""Bad and unusual input: empty, broken, binary junk, huge, deeply nested, and pages in legacy encodings.
Each gives a clear result (empty fields, or the text that is there), never an exception."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from monitor.extract import extract_article
from monitor.extract.dates import parse_date

STORY = (
    "<p>The regional council approved the budget on Tuesday, after a debate that lasted, by one count, "
    "eleven hours.</p><p>Its critics said the figures for the new hospital were, at best, optimistic.</p>"
)


@pytest.mark.parametrize(
    "page",
    [b"", "", "   \n\t ", b"\x00\x00\x00", "<html", "<html><body></body></html>", "<!-- only -->"],
    ids=["empty-bytes", "empty-str", "blank", "nul-bytes", "cut-tag", "no-body", "comment"],
)
def test_empty_or_contentless_pages_give_an_empty_article(page: str | bytes) -> None:
    article = extract_article(page, "https://example.org/a")
    assert (article.title, article.text, article.published, article.authors) == ("", "", None, ())


def test_binary_junk_gives_an_article_without_raising() -> None:
    junk = random.Random(7).randbytes(200_000)
    article = extract_article(junk, "https://example.org/a.pdf")
    assert article.published is None
    assert isinstance(article.text, str)


def test_broken_markup_still_yields_the_story() -> None:
    broken = (
        "<html><head><title>Budget passes</title>"
        '<meta property="article:published_time" content="2019-04-30"><body><div class=article>'
        "<h1>Budget passes</h2><p>The regional council approved the budget on Tuesday, after a debate "
        "that lasted, by one count, eleven hours.<p>Its critics said the figures for the new "
        "hospital were, at best, optimistic.</div></span></table><p>Unclosed <b>bold <i>and italic"
    )
    article = extract_article(broken)
    assert article.title == "Budget passes"
    assert article.published == datetime(2019, 4, 30, tzinfo=UTC)
    assert "approved the budget on Tuesday" in article.text
    assert "at best, optimistic." in article.text


def test_huge_page_with_thousands_of_comments_keeps_only_the_article() -> None:
    comment = (
        '<div class="comment"><div class="comment-content"><p>I have read this, and I disagree, because the '
        "numbers, as usual, do not add up, and nobody, it seems, has checked them.</p></div></div>"
    )
    page = f"<html><body><article>{STORY}</article><div id=comments>{comment * 30_000}</div></body></html>"
    assert len(page) > 5_000_000
    article = extract_article(page.encode("utf-8"))
    assert article.text.startswith("The regional council approved the budget")
    assert "disagree" not in article.text


def test_deeply_nested_markup_does_not_exhaust_the_stack() -> None:
    page = "<html><body>" + "<div><span>" * 20_000 + STORY + "</span></div>" * 20_000 + "</body></html>"
    article = extract_article(page)
    assert "approved the budget on Tuesday" in article.text


def test_windows_1252_page_declared_in_meta() -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 talks</title></head><body><article>'
        "<p>\u201cWe will not pay \u20ac40 for a caf\u00e9,\u201d said the na\u00efve minister, "
        "who had arrived late and left early.</p></article></body></html>"
    ).encode("cp1252")
    article = extract_article(page)
    assert article.title == "Caf\u00e9 talks"
    assert (
        "\u201cWe will not pay \u20ac40 for a caf\u00e9,\u201d said the na\u00efve minister" in article.text
    )


def test_latin1_label_is_read_as_windows_1252_like_browsers_do() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>'
        "<p>Prices rose by 3% \u2013 the \u201cworst\u201d month for se\u00f1ores and se\u00f1oras since "
        "the crisis, the bureau said.</p></body></html>"
    ).encode("cp1252")
    text = extract_article(page).text
    assert "\u2013 the \u201cworst\u201d month for se\u00f1ores" in text


def test_undeclared_legacy_encoding_is_detected() -> None:
    paragraph = (
        "El ministro de Econom\u00eda se\u00f1al\u00f3 que la inflaci\u00f3n bajar\u00e1 en el pr\u00f3ximo "
        "a\u00f1o, aunque los analistas dudan de la previsi\u00f3n y piden m\u00e1s informaci\u00f3n."
    )
    page = f"<html><body><article><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    assert extract_article(page.encode("latin-1")).text.split("\n\n")[0] == paragraph


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_mark_decides_the_encoding(encoding: str) -> None:
    head = '<head><meta charset="windows-1252"><title>\u00c9t\u00e9</title></head>'
    page = f"<html>{head}<body>{STORY}</body></html>"
    article = extract_article(page.encode(encoding))
    assert article.title == "\u00c9t\u00e9"
    assert "eleven hours" in article.text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-04-30T14:31:00-04:00", datetime(2019, 4, 30, 18, 31, tzinfo=UTC)),
        ("2019-04-30T14:31:00Z", datetime(2019, 4, 30, 14, 31, tzinfo=UTC)),
        ("Tue, 30 Apr 2019 14:31:00 GMT", datetime(2019, 4, 30, 14, 31, tzinfo=UTC)),
        ("Tuesday, April 30, 2019", datetime(2019, 4, 30, tzinfo=UTC)),
        ("Posted by b on April 30, 2019 at 02:31 PM | Permalink", datetime(2019, 4, 30, 14, 31, tzinfo=UTC)),
        ("30 Apr, 2019 14:31", datetime(2019, 4, 30, 14, 31, tzinfo=UTC)),
        ("30 de abril de 2019", datetime(2019, 4, 30, tzinfo=UTC)),
    ],
)
def test_dates_as_pages_write_them_become_aware_datetimes(written: str, expected: datetime) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["", "yesterday", "April 31, 2019", "2019-13-45", "x" * 1000])
def test_unreadable_dates_are_none(written: str) -> None:
    assert parse_date(written) is None


def test_published_date_from_a_visible_time_element_when_no_metadata() -> None:
    page = f'<html><body><article><time datetime="2019-04-30T10:00:00+02:00">30 April</time>{STORY}</article>'
    assert extract_article(page).published == datetime(2019, 4, 30, 8, 0, tzinfo=UTC)
