"""A subtree as the reader sees it: paragraphs (blocks) of whitespace-normalised text, in order.

Both body extractors (selectors and generic) serialise through here, so that the same page gives the
same paragraphs whichever way its container was found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

# Elements whose text flows inside a paragraph.
INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "label",
    ]
)
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_SKIPPED = frozenset(("-comment", "script", "style", "noscript", "template"))
# Deeper than any real article; beyond it a subtree is read flat rather than risking the recursion limit.
_MAX_DEPTH = 200


@dataclass(slots=True)
class Block:
    text: str
    link_chars: int = 0
    """How much of the text sits inside links: related-link lists and "read more" lines are mostly links."""
    heading: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def blocks(node: LexborNode, skip: Callable[[LexborNode], bool] | None = None) -> list[Block]:
    """The paragraphs under `node`: every block element and `<br>` ends one. Elements for which `skip`
    is true are left out with their subtree."""
    reader = _Reader(skip)
    reader.walk(node, 0)
    reader.flush()
    return reader.out


def join_blocks(found: list[Block]) -> str:
    return "\n\n".join(block.text for block in found)


class _Reader:
    __slots__ = ("heading", "links", "out", "parts", "skip")

    def __init__(self, skip: Callable[[LexborNode], bool] | None) -> None:
        self.skip = skip
        self.out: list[Block] = []
        self.parts: list[str] = []
        self.links = 0
        self.heading = False

    def flush(self) -> None:
        if self.parts:
            text = " ".join("".join(self.parts).split())
            if text:
                self.out.append(Block(text, min(self.links, len(text)), self.heading))
            self.parts.clear()
        self.links = 0
        self.heading = False

    def walk(self, node: LexborNode, depth: int) -> None:
        if depth > _MAX_DEPTH:
            self.parts.append(node.text(deep=True))
            return
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.parts.append(child.text_content or "")
            elif tag == "a":
                text = child.text(deep=True)
                self.parts.append(text)
                self.links += len(text.strip())
            elif tag in INLINE_TAGS:
                # Walked rather than read whole: links and <br>s inside a <span> or <strong> count too.
                self.walk(child, depth + 1)
            elif tag == "br":
                self.flush()
            elif tag not in _SKIPPED and not (self.skip and self.skip(child)):
                self.flush()
                self.heading = tag in HEADING_TAGS
                self.walk(child, depth + 1)
                self.flush()
