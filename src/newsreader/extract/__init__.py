"""Article extraction: a web page (or a feed entry's HTML) to an `Article` of typed blocks.

Our own Readability-style extractor on lxml: on the dev corpus it matched readability-lxml's body
quality while keeping captions, quotes and structure that neither library returns, at a multiple of
trafilatura's speed (see bench/extract.py).
"""

from __future__ import annotations

from newsreader.extract.html_input import decode_html
from newsreader.extract.page import article_from_html_fragment, extract_article

__all__ = ["article_from_html_fragment", "decode_html", "extract_article"]
