"""The body by the outlet's configured selectors: `selectors.body` minus `selectors.exclude`."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from monitor.config import Selectors
from monitor.extract.blocks import Block, blocks

_NOT_TEXT = ["script", "style", "noscript", "template", "svg", "iframe", "button"]


class SelectorError(ValueError):
    """A configured selector that is not valid CSS."""


def selected_body(tree: LexborHTMLParser, selectors: Selectors) -> list[Block]:
    """The blocks of every element matching `selectors.body` (outermost matches, in page order), with
    `selectors.exclude` removed; empty when nothing matches or the matches hold no text."""
    for selector in selectors.exclude:
        for node in select(tree, selector):
            node.decompose()
    tree.strip_tags(_NOT_TEXT)
    matches = select(tree, selectors.body or "")
    found: list[Block] = []
    for node in _outermost(matches):
        found.extend(blocks(node))
    return found


def select(tree: LexborHTMLParser, selector: str) -> list[LexborNode]:
    """`tree.css(selector)`, with an invalid selector reported as a `SelectorError`."""
    try:
        return tree.css(selector)
    except (SelectolaxError, ValueError, TypeError) as exc:
        raise SelectorError(f"selector {selector!r} is not valid CSS") from exc


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Drops matches nested in another match, so that `div.a, div.a p` reads each paragraph once."""
    matched = {node.mem_id for node in nodes}
    outermost = []
    for node in nodes:
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in matched:
            ancestor = ancestor.parent
        if ancestor is None:
            outermost.append(node)
    return outermost
