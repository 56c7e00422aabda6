"""Engines: where the pipeline runs. The local engine is ``dyad.api.Dyad.code``; this
package holds the Ray engine, which runs the same ``Pipeline`` and ``ingest`` on a pool
of Ray workers and writes a Parquet store (``dyad.store.parquet``).

    inputs -> Ray Dataset of files -> read (dyad.ingest) -> code (Pipeline, one per worker)
           -> Parquet parts -> group events by blocking key -> merge each block

Ray is the ``ray`` extra (``pip install 'dyad-events[ray]'``); it is imported only when
the Ray engine runs, so the default install never needs it.
"""

from dyad.engine.batches import code_records, record_from_row, record_row

__all__ = ["code_records", "record_from_row", "record_row"]
