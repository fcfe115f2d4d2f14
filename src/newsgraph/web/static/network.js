// Network page: the entity graph from /-/network.json, drawn with Cytoscape (shipped in vendor/).
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!box || typeof cytoscape !== "function") { return; }
  var colours = {person: "#1f6feb", organisation: "#b35900", place: "#2e7d32", outlet: "#6a3d9a",
                 group: "#c2185b", event: "#555555", other: "#777777"};
  fetch(box.getAttribute("data-src")).then(function (response) {
    if (!response.ok) { throw new Error("the graph could not be loaded (" + response.status + ")"); }
    return response.json();
  }).then(function (elements) {
    if (!elements.nodes.length) { status.textContent = "No ties between entities yet."; return; }
    var cy = cytoscape({
      container: box,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        {selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 2,
          "background-color": function (n) { return colours[n.data("type")] || colours.other; },
          "width": function (n) { return 10 + 4 * Math.sqrt(n.data("quotes") || 0); },
          "height": function (n) { return 10 + 4 * Math.sqrt(n.data("quotes") || 0); }}},
        {selector: "node[type = 'event']", style: {"shape": "diamond"}},
        {selector: "edge", style: {
          "width": function (e) { return Math.min(8, 1 + Math.log2(e.data("weight"))); },
          "line-color": "#9aa4b1", "opacity": 0.7, "curve-style": "bezier"}},
        {selector: "edge[kind = 'about']", style: {"target-arrow-shape": "triangle", "target-arrow-color": "#9aa4b1",
                                                    "line-color": "#7c8fa6"}},
        {selector: "edge[kind = 'quoted_with']", style: {"line-style": "dashed", "line-color": "#c9a46a"}},
        {selector: "edge[kind = 'took_part']", style: {"line-style": "dotted", "line-color": "#555555"}}
      ],
      layout: {name: "cose", animate: false, nodeRepulsion: 8000, idealEdgeLength: 80, randomize: false}
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) { window.location.href = href; }
    });
    status.textContent = elements.nodes.length + " entities, " + elements.edges.length + " ties.";
    box.setAttribute("data-ready", "true");
    window.newsgraphNetwork = cy;
  }).catch(function (error) { status.textContent = "Error: " + error.message; });
})();
