"""Ingest: read raw inputs and clean them into Articles (or Rejected records)."""

from dyad.ingest.readers import SUPPORTED, expand, make_article, read

__all__ = ["SUPPORTED", "expand", "make_article", "read"]
