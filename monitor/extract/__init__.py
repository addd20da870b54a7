"""Extraction: HTML in, `Article` out (pure)."""

from monitor.extract.article import Article
from monitor.extract.extractor import extract_article

__all__ = ["Article", "extract_article"]
