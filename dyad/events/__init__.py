"""Events: who did what to whom, when and where, in PLOVER with CAMEO codes."""

from dyad.events.extract import extract
from dyad.events.ontology import PLOVER_TYPES, Ontology, load

__all__ = ["PLOVER_TYPES", "Ontology", "extract", "load"]
