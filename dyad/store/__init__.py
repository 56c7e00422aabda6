"""The store: one DuckDB file of articles, mentions, actors, events, rejects and runs.

The store knows records, not NLP: it imports only from ``dyad.records`` and ``dyad.errors``.
"""

from dyad.store import exports, graph, query, write
from dyad.store.schema import connect

__all__ = ["connect", "exports", "graph", "query", "write"]
