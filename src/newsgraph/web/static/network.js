// Network page: the entity graph from /-/network.json, drawn with Cytoscape (shipped in vendor/).
// The heaviest ties of each kind come first, so that the graph is readable and drawn at once;
// "Show more ties" asks for three times as many, up to the server's maximum.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  var more = document.getElementById("network-more");
  if (!box || typeof cytoscape !== "function") { return; }
  var colours = {person: "#1f6feb", organisation: "#b35900", place: "#2e7d32", outlet: "#6a3d9a",
                 group: "#c2185b", event: "#555555", other: "#777777"};
  var maxTop = parseInt(box.getAttribute("data-max-top"), 10);
  var top = parseInt(box.getAttribute("data-top"), 10);
  var cy = null;

  function source(ties) {
    var src = box.getAttribute("data-src");
    return src + (src.indexOf("?") < 0 ? "?" : "&") + "top=" + ties;
  }

  function draw(graph) {
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: box,
      elements: {nodes: graph.nodes, edges: graph.edges},
      style: [
        {selector: "node", style: {
          "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 2,
          "text-wrap": "ellipsis", "text-max-width": "140px", "min-zoomed-font-size": 7,
          "text-outline-color": "#ffffff", "text-outline-width": 2, "color": "#1b1f24",
          "background-color": function (n) { return colours[n.data("type")] || colours.other; },
          "width": function (n) { return 12 + 3 * Math.sqrt(n.data("quotes") || 0); },
          "height": function (n) { return 12 + 3 * Math.sqrt(n.data("quotes") || 0); }}},
        {selector: "node[type = 'event']", style: {"shape": "diamond"}},
        {selector: "edge", style: {
          "width": function (e) { return Math.min(8, 1 + Math.log2(e.data("weight"))); },
          "line-color": "#9aa4b1", "opacity": 0.7, "curve-style": "bezier"}},
        {selector: "edge[kind = 'about']", style: {"target-arrow-shape": "triangle", "target-arrow-color": "#9aa4b1",
                                                    "line-color": "#7c8fa6"}},
        {selector: "edge[kind = 'quoted_with']", style: {"line-style": "dashed", "line-color": "#c9a46a"}},
        {selector: "edge[kind = 'took_part']", style: {"line-style": "dotted", "line-color": "#555555"}}
      ],
      // Fewer layout iterations for large graphs: cose's cost grows with the square of the nodes.
      layout: {name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90,
               numIter: graph.nodes.length > 150 ? 300 : 1000}
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href && href.charAt(0) === "/") { window.location.href = href; }  // only paths of this site
    });
    window.newsgraphNetwork = cy;
  }

  function load(ties) {
    status.textContent = "Loading…";
    more.hidden = true;
    box.removeAttribute("data-ready");
    fetch(source(ties)).then(function (response) {
      if (!response.ok) { throw new Error("the graph could not be loaded (" + response.status + ")"); }
      return response.json();
    }).then(function (graph) {
      top = ties;
      if (graph.nodes.length) {
        draw(graph);
      } else {
        status.textContent = "No ties between entities yet.";
        box.setAttribute("data-ready", "true");
        return;
      }
      status.textContent = graph.nodes.length + " entities, " + graph.edges.length + " ties: the " + graph.top +
        " heaviest of each kind" + (graph.more ? "." : " (all of them).");
      more.hidden = !graph.more || top >= maxTop;
      box.setAttribute("data-ready", "true");
    }).catch(function (error) { status.textContent = "Error: " + error.message; });
  }

  more.addEventListener("click", function () {
    var ties = Math.min(maxTop, top * 3);
    if (window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("top", String(ties));
      window.history.replaceState(null, "", url.toString());
    }
    load(ties);
  });
  load(top);
})();
