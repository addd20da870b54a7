"""Claim-aware media monitor: polls outlets, stores every version of every article, reads coverage
against the claims of a seed story, and alerts the analyst."""

__version__ = "0.1.0"
