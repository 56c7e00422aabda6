"""The actor network as files for Gephi and other graph tools: GEXF 1.3 and GraphML.

Takes the dict that ``query.network`` returns (nodes with given/received counts, edges
with event, cooperation and conflict counts) and writes XML with the standard library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

_NODE_ATTRS = (("code", "string"), ("given", "integer"), ("received", "integer"))
_EDGE_ATTRS = (
    ("events", "integer"),
    ("cooperation", "integer"),
    ("conflict", "integer"),
    ("goldstein_mean", "double"),
    ("first_date", "string"),
    ("last_date", "string"),
)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_gexf(net: dict[str, Any], out: Path) -> None:
    """A directed GEXF 1.3 graph: edge weight = events, attributes for the rest."""
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "Dyad"
    ET.SubElement(meta, "description").text = "Actors and the events between them"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        block = ET.SubElement(graph, "attributes", {"class": cls})
        for i, (name, kind) in enumerate(attrs):
            ET.SubElement(block, "attribute", {"id": str(i), "title": name, "type": kind})
    nodes = ET.SubElement(graph, "nodes")
    for n in net["nodes"]:
        node = ET.SubElement(nodes, "node", {"id": n["id"], "label": _text(n["name"])})
        values = ET.SubElement(node, "attvalues")
        for i, (name, _) in enumerate(_NODE_ATTRS):
            ET.SubElement(values, "attvalue", {"for": str(i), "value": _text(n[name])})
    edges = ET.SubElement(graph, "edges")
    for k, e in enumerate(net["edges"]):
        edge = ET.SubElement(
            edges,
            "edge",
            {
                "id": str(k),
                "source": e["source_actor_id"],
                "target": e["target_actor_id"],
                "weight": str(e["events"]),
            },
        )
        values = ET.SubElement(edge, "attvalues")
        for i, (name, _) in enumerate(_EDGE_ATTRS):
            ET.SubElement(values, "attvalue", {"for": str(i), "value": _text(e[name])})
    _write(root, out)


def write_graphml(net: dict[str, Any], out: Path) -> None:
    """A directed GraphML graph with the same attributes as the GEXF one."""
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    kinds = {"string": "string", "integer": "int", "double": "double"}
    keys = [("node", "label", "string"), *(("node", n, k) for n, k in _NODE_ATTRS)]
    keys += [("edge", n, k) for n, k in _EDGE_ATTRS]
    for scope, name, kind in keys:
        ET.SubElement(
            root,
            "key",
            {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": kinds[kind]},
        )
    graph = ET.SubElement(root, "graph", {"id": "dyad", "edgedefault": "directed"})
    for n in net["nodes"]:
        node = ET.SubElement(graph, "node", {"id": n["id"]})
        ET.SubElement(node, "data", {"key": "n_label"}).text = _text(n["name"])
        for name, _ in _NODE_ATTRS:
            ET.SubElement(node, "data", {"key": f"n_{name}"}).text = _text(n[name])
    for k, e in enumerate(net["edges"]):
        edge = ET.SubElement(
            graph,
            "edge",
            {"id": f"e{k}", "source": e["source_actor_id"], "target": e["target_actor_id"]},
        )
        for name, _ in _EDGE_ATTRS:
            ET.SubElement(edge, "data", {"key": f"e_{name}"}).text = _text(e[name])
    _write(root, out)


def _write(root: ET.Element, out: Path) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
