"""Digest rendering: grouping and order, and hostile article text made inert in every format."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import markdown
from markdown_it import MarkdownIt

from monitor.digest import Digest, DigestAlert, render

WHEN = datetime(2019, 5, 1, 12, 0, tzinfo=UTC)


def alert(id: int, kind: str, claim: str | None = None, **fields: object) -> DigestAlert:
    values: dict[str, object] = {
        "id": id,
        "kind": kind,
        "claim_id": claim,
        "claim_statement": f"Statement of {claim}" if claim else None,
        "outlet": "moa",
        "outlet_title": "Moon of Alabama",
        "url": f"https://www.moonofalabama.org/2019/04/post-{id}.html",
        "title": f"Headline {id}",
        "evidence": f"Evidence sentence {id}.",
        "reason": f"Reason {id}.",
        "created_at": WHEN + timedelta(minutes=id),
    }
    values.update(fields)
    return DigestAlert(**values)  # type: ignore[arg-type]


def digest(*alerts: DigestAlert, story: str = "Venezuela uprising") -> Digest:
    return Digest(
        id="2f1c9a3b7d5e4f60a1b2c3d4e5f60718",
        channel="desk",
        story_title=story,
        created_at=WHEN,
        alerts=alerts,
    )


class Html(HTMLParser):
    """What a browser would make of a document: its elements, link targets and visible text."""

    def __init__(self, document: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.attributes: list[str] = []
        self.text = ""
        self.feed(document)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text += data


HOSTILE = (
    "Officials said <script>alert('x')</script> and [click here](http://evil.example/steal) "
    '<a href="javascript:alert(1)">see</a> <img src=x onerror=alert(1)> **bold** `code` '
    "www.evil.example http://evil.example/bare <http://evil.example/auto> ![i](http://evil.example/i.png)"
)


def hostile_digest() -> Digest:
    return digest(
        alert(
            1,
            "contradicts",
            "c1",
            title="<script>alert(1)</script>[Headline](http://evil.example/h)",
            outlet_title="RT <b>live</b>",
            claim_statement="Claim <iframe src=http://evil.example></iframe>",
            evidence=HOSTILE,
            reason="[reason](javascript:alert(2)) <script>x</script>",
        ),
        alert(2, "revision", url="javascript:alert(document.cookie)", evidence=HOSTILE),
        alert(3, "new_development", url='https://ok.example/a"><script>alert(3)</script>', evidence=HOSTILE),
        story="<script>alert('story')</script>",
    )


SAFE_LINKS = {
    "https://www.moonofalabama.org/2019/04/post-1.html",
    # The quote and brackets of a hostile but http(s) URL stay inside the attribute (escaped or encoded).
    'https://ok.example/a"><script>alert(3)</script>',
    "https://ok.example/a%22%3E%3Cscript%3Ealert%283%29%3C/script%3E",
}


def assert_inert(document: str) -> None:
    page = Html(document)
    assert not {"script", "iframe", "img", "b"} & set(page.tags), page.tags
    assert not [name for name in page.attributes if name.startswith("on")]
    assert set(page.hrefs) <= SAFE_LINKS, page.hrefs
    # Shown as written rather than dropped: the reader still sees what the outlet published.
    assert "[click here](http://evil.example/steal)" in page.text
    assert "<script>alert('x')</script>" in page.text
    assert "**bold** `code` www.evil.example http://evil.example/bare" in page.text


def test_hostile_text_is_inert_in_html():
    rendered = render(hostile_digest())
    assert_inert(rendered.html)
    assert "https://www.moonofalabama.org/2019/04/post-1.html" in Html(rendered.html).hrefs


def test_hostile_text_is_inert_in_markdown_as_renderers_read_it():
    rendered = render(hostile_digest())
    for to_html in (MarkdownIt("commonmark").render, markdown.markdown):
        assert_inert(to_html(rendered.markdown))
        assert "https://www.moonofalabama.org/2019/04/post-1.html" in Html(to_html(rendered.markdown)).hrefs


def test_markdown_gives_no_bare_url_for_an_autolinker_to_pick_up():
    text = render(hostile_digest()).markdown
    assert "http://evil" not in text
    assert "www.evil" not in text
    assert "javascript:" not in text


def test_only_http_links_become_links_and_the_rest_is_shown_as_text():
    rendered = render(hostile_digest())
    for document in (rendered.html, MarkdownIt("commonmark").render(rendered.markdown)):
        page = Html(document)
        assert not [href for href in page.hrefs if href.lower().startswith("javascript")]
        assert "javascript:alert(document.cookie)" in page.text
    assert "Address (not a web link): javascript:alert(document.cookie)" in rendered.text


def test_plain_text_wraps_long_lines_and_drops_control_characters():
    endless = "x" * 3000
    rendered = render(
        digest(alert(1, "updates", "c1", evidence=f"Start \x1b[31mred\x1b[0m {endless} end.", title="A\nB"))
    )
    lines = rendered.text.splitlines()
    assert all(len(line) <= 100 for line in lines if not line.strip().startswith("Link:"))
    assert "\x1b" not in rendered.text and "\x1b" not in rendered.html and "\x1b" not in rendered.markdown
    assert "[UPDATES] Moon of Alabama: A B" in rendered.text
    assert "".join(line.strip() for line in lines).count("x" * 3000) == 1  # wrapped, not cut


def test_alerts_are_grouped_by_claim_then_new_developments_then_revisions():
    rendered = render(
        digest(
            alert(1, "revision"),
            alert(2, "corroborates", "c9"),
            alert(3, "new_development"),
            alert(4, "updates", "c2"),
            alert(5, "corroborates", "c2"),
            alert(6, "contradicts", "c2"),
            alert(7, "updates", "c1"),
            alert(8, "contradicts", "c3"),
        )
    )
    # c2 and c3 both have a contradiction: claim id breaks the tie; c1's worst is an update, c9's a
    # corroboration. Inside c2, contradiction, then update, then corroboration.
    assert [a["id"] for a in rendered.payload["alerts"]] == [6, 4, 5, 8, 7, 2, 3, 1]
    headings = ["Claim c2", "Claim c3", "Claim c1", "Claim c9", "New developments", "Revisions"]
    for document in (rendered.text, rendered.markdown, rendered.html):
        positions = [document.index(heading) for heading in headings]
        assert positions == sorted(positions), document


def test_each_item_shows_outlet_headline_link_evidence_and_reason():
    rendered = render(digest(alert(1, "contradicts", "c1", evidence="Troops stayed in their barracks.")))
    for document in (rendered.text, rendered.html):
        for shown in (
            "Statement of c1",
            "Moon of Alabama",
            "Headline 1",
            "https://www.moonofalabama.org/2019/04/post-1.html",
            "Troops stayed in their barracks.",
            "Reason 1.",
        ):
            assert shown in document
    assert "[Headline 1](https://www.moonofalabama.org/2019/04/post-1.html)" in rendered.markdown


def test_subject_counts_kinds_most_severe_first_and_names_story_and_digest():
    rendered = render(
        digest(alert(1, "updates", "c1"), alert(2, "contradicts", "c1"), alert(3, "contradicts", "c2"))
    )
    assert (
        rendered.subject == "[monitor] 2 contradictions, 1 update in 'Venezuela uprising' (digest 2f1c9a3b…)"
    )


def test_subject_stays_one_short_line_whatever_the_story_title():
    rendered = render(digest(alert(1, "revision"), story="Long\r\nBcc: victim@example.org " + "y" * 300))
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    assert len(rendered.subject) < 120
    assert rendered.subject.startswith("[monitor] 1 revision in 'Long Bcc:")


def test_payload_is_json_with_every_alert_in_reading_order():
    one = alert(2, "contradicts", "c1", evidence="<b>as written</b>")
    rendered = render(digest(alert(1, "new_development"), one))
    payload = json.loads(json.dumps(rendered.payload))
    assert payload["id"] == "2f1c9a3b7d5e4f60a1b2c3d4e5f60718"
    assert payload["channel"] == "desk"
    assert payload["story"] == "Venezuela uprising"
    assert datetime.fromisoformat(payload["created_at"]) == WHEN
    first = payload["alerts"][0]
    assert (first["id"], first["kind"], first["claim"], first["evidence"]) == (
        2,
        "contradicts",
        "c1",
        "<b>as written</b>",
    )
    assert payload["alerts"][1]["claim"] is None


def test_naive_times_are_read_as_utc():
    rendered = render(replace(digest(alert(1, "revision")), created_at=datetime(2019, 5, 1, 12, 0)))
    assert rendered.payload["created_at"] == "2019-05-01T12:00:00+00:00"
    assert "2019-05-01 12:00 UTC" in rendered.text
