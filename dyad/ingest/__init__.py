"""Ingest: read raw inputs and clean them into Articles (or Rejected records)."""

from dyad.ingest.readers import SUPPORTED, expand, make_article, read, read_file

__all__ = ["SUPPORTED", "expand", "make_article", "read", "read_file"]
