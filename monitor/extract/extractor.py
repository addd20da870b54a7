"""`extract_article`: HTML in, `Article` out. Pure: no I/O, nothing shared is changed."""

from __future__ import annotations

import logging

from selectolax.lexbor import LexborHTMLParser

from monitor.config import Selectors
from monitor.extract.article import Article
from monitor.extract.blocks import Block, join_blocks
from monitor.extract.decode import decode_html
from monitor.extract.generic import generic_body
from monitor.extract.metadata import read_metadata
from monitor.extract.selected import SelectorError, selected_body

log = logging.getLogger("monitor.extract")


def extract_article(
    html: bytes | str,
    url: str = "",
    selectors: Selectors | None = None,
    outlet: str | None = None,
    *,
    utf8: bytes | None = None,
) -> Article:
    """The article in `html`: metadata, and the body by the outlet's selectors when they match, else by
    the generic extractor. Bad input (empty, broken, binary, any encoding) gives empty fields, never an
    exception. `utf8`, when the caller has it, is `html` (text) as UTF-8 bytes: lexbor parses those as
    they are, where text it must encode first, which costs as much as the parse on non-ASCII pages."""
    text = decode_html(html) if isinstance(html, bytes) else html
    if not text.strip():
        return Article(title="", text="")
    tree = LexborHTMLParser(utf8 if utf8 is not None else text)
    meta = read_metadata(tree, url, selectors)
    warnings = [f"outlet {outlet or '?'}: {problem}" for problem in meta.warnings]
    body: list[Block] = []
    method = "generic"
    if selectors is not None and selectors.body:
        try:
            body = selected_body(tree, selectors)
        except SelectorError as exc:
            warnings.append(f"outlet {outlet or '?'}: {exc}; used the generic extractor")
        else:
            if body:
                method = "selectors"
            else:
                warnings.append(
                    f"outlet {outlet or '?'}: body selector {selectors.body!r} matched no text;"
                    " used the generic extractor"
                )
    for warning in warnings:
        log.warning("%s (%s)", warning, url or "no URL")
    if not body:
        body = generic_body(tree)
    if body and body[0].text == meta.title:
        body = body[1:]
    return Article(
        title=meta.title,
        text=join_blocks(body),
        published=meta.published,
        modified=meta.modified,
        authors=meta.authors,
        language=meta.language,
        method=method,
        canonical_url=meta.canonical_url,
        warnings=tuple(warnings),
    )
