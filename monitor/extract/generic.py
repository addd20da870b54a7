"""The generic body extractor: find the densest cluster of paragraphs, then read it without furniture.

Paragraph-like elements score their parent and grandparents by how much prose they hold (length and
commas); containers named as content gain, furniture loses, and link-heavy containers are discounted.
The best container and those of its siblings that score close to it are read block by block, leaving
out furniture (by class/id), link lists, and headings that introduce nothing.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extract.blocks import INLINE_TAGS, Block, blocks
from monitor.extract.boilerplate import Role, is_prompt, names_content, role

# Never article text; removed with their content before anything is scored.
_NOT_TEXT = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "aside",
    "footer",
    "figure",
    "figcaption",
    "dialog",
]
_PARAGRAPHS = "p, pre, td, div"
_MIN_PARAGRAPH = 25
_LEVEL_SHARE = (1.0, 0.5, 1 / 3)
_LENGTH_CAP = 3
_CANDIDATES_CHECKED = 5
_SIBLING_SHARE = 0.2
_SIBLING_PARAGRAPH = 80
_SIBLING_LINK_DENSITY = 0.25
_MAX_LINK_DENSITY = 0.5
_WRAPPER_SHARE = 0.4


def generic_body(tree: LexborHTMLParser) -> list[Block]:
    body = tree.body
    if body is None:
        return []
    tree.strip_tags(_NOT_TEXT)
    paragraphs = []
    for paragraph in _paragraph_like(body):
        # A div is a paragraph by its own text only (pages that write prose straight into divs with
        # <br>s); its nested blocks count for themselves.
        text = paragraph.text(deep=paragraph.tag != "div")
        length = len(text.strip())
        if length >= _MIN_PARAGRAPH:
            paragraphs.append((paragraph, text, length))
    furniture = _Furniture(sum(length for _, _, length in paragraphs))
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    prose: dict[int, int] = {}
    for paragraph, text, length in paragraphs:
        if furniture.inside(paragraph):
            continue
        prose[paragraph.mem_id] = length
        score = 1 + text.count(",") + min(length / 100, _LENGTH_CAP)
        ancestor = paragraph.parent
        for share in _LEVEL_SHARE:
            if ancestor is None or ancestor.tag in ("body", "html"):
                break
            key = ancestor.mem_id
            if key not in scores:
                nodes[key] = ancestor
                scores[key] = _initial_score(ancestor)
            scores[key] += score * share
            ancestor = ancestor.parent
    if not scores:
        return _readable(blocks(body, furniture.is_furniture))
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:_CANDIDATES_CHECKED]
    final = {key: scores[key] * (1 - _link_density(nodes[key]) ** 2) for key in ranked}
    top_key = max(final, key=final.__getitem__)
    chosen = _with_siblings(nodes[top_key], final[top_key], scores, prose)
    found: list[Block] = []
    for node in chosen:
        found.extend(blocks(node, furniture.is_furniture))
    return _readable(found)


def _paragraph_like(body: LexborNode) -> list[LexborNode]:
    """Block elements that may hold prose, plus inline wrappers whose text is broken by `<br>`s (blog
    editors write whole posts as `<span>text<br>text</span>`)."""
    found = body.css(_PARAGRAPHS)
    seen = {node.mem_id for node in found}
    for line_break in body.css("br"):
        parent = line_break.parent
        if parent is not None and parent.tag in INLINE_TAGS and parent.mem_id not in seen:
            seen.add(parent.mem_id)
            found.append(parent)
    return found


def _initial_score(node: LexborNode) -> float:
    attrs = node.attributes
    score = {
        "div": 5.0,
        "article": 10.0,
        "main": 5.0,
        "section": 3.0,
        "pre": 3.0,
        "td": 3.0,
        "blockquote": 3.0,
    }.get(node.tag, 0.0)
    if names_content(attrs.get("class"), attrs.get("id")):
        score += 25
    if attrs.get("itemprop") == "articleBody":
        score += 50
    return score


def _link_density(node: LexborNode) -> float:
    text = len(node.text(deep=True))
    if not text:
        return 1.0
    return min(1.0, sum(len(link.text(deep=True)) for link in node.css("a")) / text)


def _with_siblings(
    top: LexborNode, top_score: float, scores: dict[int, float], prose: dict[int, int]
) -> list[LexborNode]:
    """The top container plus siblings that hold prose: articles split across wrappers, and paragraphs
    (a lead, a first paragraph) that sit beside the container rather than in it."""
    parent = top.parent
    if parent is None:
        return [top]
    threshold = max(10.0, top_score * _SIBLING_SHARE)
    chosen = []
    for sibling in parent.iter():
        key = sibling.mem_id
        container = key == top.mem_id or scores.get(key, 0.0) >= threshold
        paragraph = prose.get(key, 0) >= _SIBLING_PARAGRAPH and _link_density(sibling) < _SIBLING_LINK_DENSITY
        if container or paragraph:
            chosen.append(sibling)
    return chosen


def _readable(found: list[Block]) -> list[Block]:
    """Drops link lists ("read more", related links), calls to action, and headings left with nothing
    under them."""
    kept = [block for block in found if block.link_density <= _MAX_LINK_DENSITY and not is_prompt(block.text)]
    while kept and kept[-1].heading:
        kept.pop()
    return kept


class _Furniture:
    """Furniture by class/id, remembered per element, so each ancestor chain is judged once.

    A wrapper named like furniture ("paywall", "ad-margins", "widget-container") that holds a large share
    of the page's prose is the article's own container, so it is kept; reader comments never are.
    """

    def __init__(self, prose_chars: int) -> None:
        self._known: dict[int, bool] = {}
        self._roles: dict[tuple[str | None, str | None], Role] = {}
        self._large = prose_chars * _WRAPPER_SHARE

    def is_furniture(self, node: LexborNode) -> bool:
        attrs = node.attributes
        names = (attrs.get("class"), attrs.get("id"))
        if names == (None, None):
            return False
        found = self._roles.get(names)
        if found is None:
            # Pages repeat the same class names many times over: judge each combination once.
            found = self._roles[names] = role(*names)
        if found is Role.FURNITURE:
            return len(node.text(deep=True)) < self._large
        return found is Role.DISCUSSION

    def inside(self, node: LexborNode) -> bool:
        """True when `node` or any ancestor is furniture."""
        chain: list[int] = []
        verdict = False
        current: LexborNode | None = node
        while current is not None and current.tag not in ("body", "html"):
            key = current.mem_id
            if key in self._known:
                verdict = self._known[key]
                break
            chain.append(key)
            if self.is_furniture(current):
                verdict = True
                break
            current = current.parent
        for key in chain:
            self._known[key] = verdict
        return verdict
