// Dyad's network view: a small force-directed layout drawn as SVG, written for Dyad.
// The data comes embedded in the page (the same call as /api/network); no library.
(function () {
  "use strict";
  var holder = document.getElementById("network-data");
  var svg = document.getElementById("network");
  if (!holder || !svg) return;
  var data = JSON.parse(holder.textContent);
  var W = 1000, H = 640, NS = "http://www.w3.org/2000/svg";
  var nodes = data.nodes, edges = data.edges, byId = {};
  nodes.forEach(function (n, i) {
    var a = (2 * Math.PI * i) / Math.max(nodes.length, 1);
    var r = 120 + 180 * ((i * 7919) % 97) / 97;  // deterministic spread, no randomness
    n.x = W / 2 + r * Math.cos(a); n.y = H / 2 + r * Math.sin(a); n.vx = 0; n.vy = 0;
    n.weight = n.given + n.received; byId[n.id] = n;
  });
  var links = edges.map(function (e) {
    return { s: byId[e.source_actor_id], t: byId[e.target_actor_id], e: e };
  }).filter(function (l) { return l.s && l.t && l.s !== l.t; });
  var maxEvents = Math.max.apply(null, edges.map(function (e) { return e.events; }).concat([1]));

  // Repulsion between every pair, springs along edges, a pull to the centre.
  for (var step = 0; step < 320; step++) {
    var cool = 1 - step / 320;
    for (var i = 0; i < nodes.length; i++) {
      var a = nodes[i];
      for (var j = i + 1; j < nodes.length; j++) {
        var b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
        var f = 2600 / d2, d = Math.sqrt(d2);
        a.vx += f * dx / d; a.vy += f * dy / d; b.vx -= f * dx / d; b.vy -= f * dy / d;
      }
    }
    links.forEach(function (l) {
      var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      var f = (d - 110) * 0.02;
      l.s.vx += f * dx / d; l.s.vy += f * dy / d; l.t.vx -= f * dx / d; l.t.vy -= f * dy / d;
    });
    nodes.forEach(function (n) {
      n.vx += (W / 2 - n.x) * 0.004; n.vy += (H / 2 - n.y) * 0.006;
      var v = Math.sqrt(n.vx * n.vx + n.vy * n.vy), cap = 12 * cool + 0.5;
      if (v > cap) { n.vx *= cap / v; n.vy *= cap / v; }
      n.x = Math.min(W - 30, Math.max(30, n.x + n.vx)); n.y = Math.min(H - 20, Math.max(20, n.y + n.vy));
      n.vx *= 0.6; n.vy *= 0.6;
    });
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    parent.appendChild(node);
    return node;
  }
  function query(extra) {
    var q = Object.assign({}, data.query || {}, extra);
    delete q.actor;  // an edge is its own two actors
    return new URLSearchParams(q).toString();
  }
  var edgeLayer = el("g", { "class": "edges" }, svg), nodeLayer = el("g", { "class": "nodes" }, svg);
  links.forEach(function (l) {
    var e = l.e, kind = e.cooperation > e.conflict ? "coop" : e.conflict > e.cooperation ? "conflict" : "mixed";
    var line = el("line", {
      "class": "edge " + kind, x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y,
      "stroke-width": (1.5 + 7 * Math.sqrt(e.events / maxEvents)).toFixed(2),
      "data-source": e.source_actor_id, "data-target": e.target_actor_id
    }, edgeLayer);
    el("title", {}, line).textContent = e.source_name + " → " + e.target_name + ": " + e.events +
      " events (" + e.cooperation + " cooperation, " + e.conflict + " conflict)";
    line.addEventListener("click", function () {
      window.location.href = "/events?" + query({ source: e.source_actor_id, target: e.target_actor_id });
    });
  });
  var maxWeight = Math.max.apply(null, nodes.map(function (n) { return n.weight; }).concat([1]));
  nodes.forEach(function (n, i) {
    var g = el("g", { "class": "node", "data-actor": n.id, transform: "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")" }, nodeLayer);
    var c = el("circle", { r: (4 + 12 * Math.sqrt(n.weight / maxWeight)).toFixed(1) }, g);
    el("title", {}, c).textContent = n.name + " (" + n.code + "): " + n.given + " given, " + n.received + " received";
    if (i < 40) el("text", { x: 10, y: 4 }, g).textContent = n.name;
    g.addEventListener("click", function () { window.location.href = "/actors/" + encodeURIComponent(n.id); });
  });
  svg.setAttribute("data-ready", "1");
})();
