"""Digests: an alert batch grouped by claim and rendered as text, Markdown, HTML and JSON (pure)."""

from monitor.digest.model import Digest, DigestAlert, RenderedDigest, utc
from monitor.digest.render import render, subject

__all__ = ["Digest", "DigestAlert", "RenderedDigest", "render", "subject", "utc"]
