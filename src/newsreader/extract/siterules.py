"""Site rules in the fivefilters ftr-site-config format: a user's fix for a site the heuristics get wrong.

A rule file is named after the host (`example.com.txt`; `.example.com.txt` also covers its subdomains) and
lives in the home's `site-rules/` folder. Lines are `directive: value`; `#` starts a comment:

    body: //div[@id='story']            # the article body (several lines: the first that matches wins)
    strip: //div[@class='newsletter']   # removed before the body is read (any number)
    strip_id_or_class: share            # elements whose id or class contains this
    title: //h1                         # also author:, date:  (XPath, or a CSS selector)
    single_page_link: //a[@class='print']   # fetch this page instead (the whole article on one page)
    next_page_link: //a[@rel='next']        # follow and stitch the pages into one article
    find_string: <p class="x"> / replace_string: <p>   # text replacement before parsing (pairs)

Expressions starting with `/`, `(` or `.` are XPath; anything else is taken as a CSS selector (cssselect).
A rule's result is marked `"source": "rule"`; a page the rule does not fit falls back to the heuristics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lhtml

from newsreader.errors import ExtractError, UsageError
from newsreader.extract.dom import Element, drop
from newsreader.extract.html_input import check_text, decode_html, tame_markup
from newsreader.extract.metadata import read_metadata
from newsreader.extract.page import _base_url, _parse, article_from_html_fragment
from newsreader.extract.story import find_stories
from newsreader.models import Article
from newsreader.text import TITLE, clean_line
from newsreader.urls import absolutize

MAX_RULE_BYTES = 256 * 1024
MULTI = ("body", "strip", "strip_id_or_class", "title", "author", "date")
SINGLE = ("single_page_link", "next_page_link")
IGNORED = (
    "tidy",
    "prune",
    "autodetect_on_failure",
    "test_url",
    "test_contains",
    "strip_image_src",
    "http_header",
)


@dataclass(slots=True)
class SiteRule:
    name: str  # the file name, shown as where the article came from
    body: list[str] = field(default_factory=list)
    strip: list[str] = field(default_factory=list)
    strip_id_or_class: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    single_page_link: list[str] = field(default_factory=list)
    next_page_link: list[str] = field(default_factory=list)
    replace: list[tuple[str, str]] = field(default_factory=list)


def parse_rule(text: str, name: str) -> SiteRule:
    """Read a rule file; UsageError naming the file and line for a directive we cannot use."""
    rule = SiteRule(name)
    pending_find: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or not value:
            raise UsageError(f"{name}:{number}: expected 'directive: value'")
        if key in MULTI or key in SINGLE:
            _compile(value, f"{name}:{number}")
            getattr(rule, key).append(value)
        elif key == "find_string":
            pending_find = value
        elif key == "replace_string":
            if pending_find is None:
                raise UsageError(f"{name}:{number}: replace_string without a find_string before it")
            rule.replace.append((pending_find, value))
            pending_find = None
        elif key.startswith("replace_string(") and key.endswith(")"):
            rule.replace.append((raw.split(":", 1)[0].strip()[len("replace_string(") : -1], value))
        elif key not in IGNORED:
            raise UsageError(f"{name}:{number}: unknown directive {key!r}")
    return rule


def _compile(expr: str, where: str) -> etree.XPath:
    try:
        if expr.startswith(("/", "(", ".")):
            return etree.XPath(expr)
        from lxml.cssselect import CSSSelector

        return CSSSelector(expr)
    except (etree.XPathSyntaxError, etree.XPathEvalError) as err:
        raise UsageError(f"{where}: bad XPath {expr!r}: {err}") from None
    except ImportError:
        raise UsageError(f"{where}: CSS selectors need the cssselect package; use XPath") from None
    except Exception as err:  # cssselect raises its own SelectorError family
        raise UsageError(f"{where}: bad selector {expr!r}: {err}") from None


def rule_file_for(folder: Path, url: str) -> Path | None:
    """The rule file for `url`'s host: exact host, host without www., then `.parent.domain.txt` wildcards."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or not folder.is_dir():
        return None
    names = [f"{host}.txt"]
    if host.startswith("www."):
        names.append(f"{host[4:]}.txt")
    parts = host.split(".")
    names += ["." + ".".join(parts[i:]) + ".txt" for i in range(len(parts) - 1)]
    for name in names:
        path = folder / name
        if path.is_file():
            return path
    return None


def load_rule(path: Path) -> SiteRule:
    try:
        data = path.read_bytes()[:MAX_RULE_BYTES]
    except OSError as err:
        raise UsageError(f"{path}: {err.strerror or err}") from None
    return parse_rule(data.decode("utf-8", "replace"), path.name)


@dataclass(slots=True)
class RulePage:
    """One page read with a rule: the body's HTML and what the rule says about the page."""

    body_html: str
    title: str | None
    author: str | None
    date: str | None
    next_page: str | None
    single_page: str | None
    site_name: str | None
    article: Article  # the page's own Article (metadata, stories) for stitching


def _select(root: Element, expr: str) -> list[object]:
    try:
        found = _compile(expr, "rule")(root)
    except (etree.XPathEvalError, UsageError):
        return []
    return list(found) if isinstance(found, list) else [found]


def _first_text(root: Element, exprs: list[str]) -> str | None:
    for expr in exprs:
        for hit in _select(root, expr):
            text = hit.text_content() if isinstance(hit, lhtml.HtmlElement) else str(hit)
            if cleaned := clean_line(text, max_len=TITLE):
                return cleaned
    return None


def _first_link(root: Element, exprs: list[str], base: str) -> str | None:
    for expr in exprs:
        for hit in _select(root, expr):
            href = hit.get("href") if isinstance(hit, lhtml.HtmlElement) else str(hit)
            if href and (url := absolutize(href.strip(), base)):
                return url
    return None


def read_with_rule(rule: SiteRule, data: bytes | str, url: str, *, charset: str | None = None) -> RulePage:
    """Apply `rule` to one page; ExtractError when its body expressions match nothing here."""
    check_text(data)
    text = decode_html(data, charset) if isinstance(data, bytes) else data
    for find, replace in rule.replace:
        text = text.replace(find, replace)
    root = _parse(tame_markup(text))
    base = _base_url(root, url)
    meta = read_metadata(root)
    single = _first_link(root, rule.single_page_link, base)
    next_page = _first_link(root, rule.next_page_link, base)
    title = _first_text(root, rule.title)
    author = _first_text(root, rule.author)
    date = _first_text(root, rule.date)
    for expr in rule.strip:
        for hit in _select(root, expr):
            if isinstance(hit, lhtml.HtmlElement) and hit.getparent() is not None:
                drop(hit)
    for word in rule.strip_id_or_class:
        quoted = "'" + word.replace("'", "") + "'"
        for hit in root.xpath(f"//*[contains(@class, {quoted}) or contains(@id, {quoted})]"):
            if isinstance(hit, lhtml.HtmlElement) and hit.getparent() is not None:
                drop(hit)
    body = ""
    for expr in rule.body:
        hits = [h for h in _select(root, expr) if isinstance(h, lhtml.HtmlElement)]
        if hits:
            body = "".join(lhtml.tostring(h, encoding="unicode") for h in hits)
            break
    if not body and not single:
        raise ExtractError(f"the site rule {rule.name} found no body on this page")
    stories = find_stories(root, url, base)
    article = Article(url=url, read_next=stories.read_next, related=stories.related)
    return RulePage(
        body, title or meta.title, author or meta.byline, date or meta.published, next_page, single,
        meta.site_name, article,
    )  # fmt: skip


def to_article(rule: SiteRule, pages: list[RulePage], url: str) -> Article:
    """Stitch the pages' bodies into one Article with the first page's metadata, marked as a rule's work."""
    first = pages[0]
    html = "".join(p.body_html for p in pages)
    article = article_from_html_fragment(
        html, url, title=first.title, byline=first.author, published=first.date
    )
    if not article.blocks:
        raise ExtractError(f"the site rule {rule.name} found an empty body")
    article.site_name = first.site_name
    article.read_next = pages[-1].article.read_next
    article.related = first.article.related
    article.source = "rule"
    article.note = None
    return article
