// Evidence view: selecting a highlighted quotation shows its card in the detail panel.
(function () {
  "use strict";
  var detail = document.getElementById("quote-detail");
  var text = document.getElementById("article-text");
  if (!detail || !text) { return; }

  function select(id, scroll) {
    var card = document.getElementById("quote-" + id);
    if (!card) { return; }
    document.querySelectorAll(".hl-quote.selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll('.hl-quote[data-quote="' + id + '"]').forEach(function (el) { el.classList.add("selected"); });
    document.querySelectorAll(".ng-card.active").forEach(function (el) { el.classList.remove("active"); });
    card.classList.add("active");
    detail.innerHTML = "";
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.classList.add("detail-card");
    detail.appendChild(copy);
    if (scroll) { detail.scrollIntoView({block: "nearest"}); }
    if (history.replaceState) { history.replaceState(null, "", "#quote-" + id); }
  }

  function quoteOf(target) {
    var el = target.closest("[data-quote]");
    if (!el || !text.contains(el)) { return null; }
    return el.getAttribute("data-quote");
  }

  text.addEventListener("click", function (event) {
    if (event.target.closest("a")) { return; }  // entity links keep working inside quotations
    var id = quoteOf(event.target);
    if (id) { select(id, window.innerWidth < 800); }
  });
  text.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var id = quoteOf(event.target);
    if (id) { event.preventDefault(); select(id, true); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-goto]");
    if (!link) { return; }
    var start = document.getElementById("text-q" + link.getAttribute("data-goto"));
    if (start) {
      event.preventDefault();
      select(link.getAttribute("data-goto"), false);
      start.scrollIntoView({block: "center"});
      start.focus();
    }
  });
  var match = /^#quote-(\d+)$/.exec(window.location.hash);
  if (match) {
    select(match[1], false);
    var first = document.getElementById("text-q" + match[1]);
    if (first) { first.scrollIntoView({block: "center"}); }
  }
})();
