"""The main text and metadata of an HTML page: menus, sidebars, share bars, comment sections,
"related articles" lists and footers are dropped; the article body is kept paragraph by paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

_NOISE_TAGS = (
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "header", "footer",
    "aside", "form", "button", "select", "input", "textarea", "menu", "dialog", "figure", "video", "audio",
)
_NOISE_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|sidebar|side-bar|related|recommended|more-stories|read-more|"
    r"share|sharing|social|comments?|newsletter|subscribe|subscription|promo|advert|ads?|sponsor|cookie|"
    r"consent|popup|modal|footer|header|masthead|tags|topics|author-bio|widget|trending|most-popular|paywall)"
    r"($|[\s_-])",
    re.I,
)
_INLINE_TAGS = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "font", "ins", "del",
]
_MAIN_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]")
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


@dataclass
class HtmlDocument:
    text: str
    title: str = ""
    url: str = ""
    published: str = ""


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and attrs.get("content") and key not in found:
            found[key] = attrs["content"] or ""
    return found


def _published(tree: LexborHTMLParser, meta: dict[str, str]) -> str:
    for key in _DATE_META:
        if meta.get(key):
            return meta[key]
    for script in tree.css('script[type="application/ld+json"]'):
        if m := _JSONLD_DATE.search(script.text() or ""):
            return m[1]
    node = tree.css_first("time[datetime]")
    return (node.attributes.get("datetime") or "") if node else ""


def _link_heavy(node: LexborNode) -> bool:
    """Lists and blocks that are mostly links are navigation or teasers of other articles."""
    text = node.text(deep=True, strip=True)
    if not text:
        return True
    linked = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
    return linked > 0.6 * len(text)


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _MAIN_SELECTORS:
        nodes = tree.css(selector)
        if nodes:
            return max(nodes, key=lambda n: len(n.text(deep=True, strip=True)))
    return tree.body


def _drop_noise(root: LexborNode) -> None:
    for node in root.css(",".join(_NOISE_TAGS)):
        node.decompose()
    for node in root.css("[class],[id],[role]"):
        attrs = node.attributes
        label = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
        if node.tag not in ("html", "body", "article", "main") and _NOISE_ATTR.search(label):
            node.decompose()
    for node in root.css("ul,ol,dl,table"):
        if _link_heavy(node):
            node.decompose()


def html_to_document(html: str) -> HtmlDocument:
    tree = LexborHTMLParser(html)
    meta = _meta(tree)
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = meta.get("og:title") or (h1.text(strip=True) if h1 else "") or (title_node.text(strip=True) if title_node else "")
    canonical = tree.css_first('link[rel="canonical"]')
    url = meta.get("og:url") or ((canonical.attributes.get("href") or "") if canonical else "")
    published = _published(tree, meta)
    root = _main_node(tree)
    if root is None:
        return HtmlDocument(text="", title=title, url=url, published=published)
    _drop_noise(root)
    root.unwrap_tags(_INLINE_TAGS)
    root.merge_text_nodes()
    lines = (_SPACES.sub(" ", line).strip() for line in root.text(deep=True, separator="\n").splitlines())
    text = "\n".join(line for line in lines if line)
    return HtmlDocument(text=text, title=_SPACES.sub(" ", title).strip(), url=url, published=published)


def html_fragment_to_text(fragment: str) -> str:
    """Text of a feed entry's HTML content (no page structure to strip)."""
    if "<" not in fragment:
        return fragment
    tree = LexborHTMLParser(fragment)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("script,style"):
        node.decompose()
    root.unwrap_tags(_INLINE_TAGS)
    root.merge_text_nodes()
    lines = (_SPACES.sub(" ", line).strip() for line in root.text(deep=True, separator="\n").splitlines())
    return "\n".join(line for line in lines if line)

