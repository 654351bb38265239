// whosaid report: the record card on hover and focus, and the speaker filter.
// Record fields are only ever set as text (textContent), never as markup.
(function () {
  "use strict";
  var data = [];
  try { data = JSON.parse(document.getElementById("records").textContent); } catch (e) { data = []; }
  var card = document.getElementById("card");
  var labels = [["speaker", "Speaker"], ["title", "Title"], ["type", "Type"], ["mention", "Mention"],
    ["kind", "Kind"], ["cue", "Cue"], ["via", "Via"], ["rule", "Rule"], ["offsets", "Offsets"],
    ["outlet", "Outlet"], ["doc", "Article"]];
  function holder(el) {
    while (el && el !== document) {
      if (el.getAttribute && el.hasAttribute("data-r")) { return el; }
      el = el.parentNode;
    }
    return null;
  }
  function show(el) {
    var rec = data[Number(el.getAttribute("data-r"))];
    if (!rec || !card) { return; }
    while (card.firstChild) { card.removeChild(card.firstChild); }
    var dl = document.createElement("dl");
    labels.forEach(function (l) {
      var v = rec[l[0]];
      if (v === undefined || v === null || v === "") { return; }
      var dt = document.createElement("dt");
      dt.textContent = l[1];
      var dd = document.createElement("dd");
      dd.textContent = String(v);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    if (!rec.speaker) {
      var dt = document.createElement("dt");
      dt.textContent = "Speaker";
      var dd = document.createElement("dd");
      dd.textContent = "(none found)";
      dl.insertBefore(dd, dl.firstChild);
      dl.insertBefore(dt, dd);
    }
    card.appendChild(dl);
    card.hidden = false;
    var r = el.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8));
    card.style.top = top + "px";
    card.style.left = left + "px";
    el.setAttribute("aria-describedby", "card");
  }
  function hide(el) {
    if (card) { card.hidden = true; }
    if (el) { el.removeAttribute("aria-describedby"); }
  }
  document.addEventListener("mouseover", function (e) { var el = holder(e.target); if (el) { show(el); } });
  document.addEventListener("mouseout", function (e) { var el = holder(e.target); if (el) { hide(el); } });
  document.addEventListener("focusin", function (e) { var el = holder(e.target); if (el) { show(el); } });
  document.addEventListener("focusout", function (e) { var el = holder(e.target); if (el) { hide(el); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(null); } });
  // A cue or speaker link: focus its quote, so the card follows.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.cue, a.who") : null;
    if (!a) { return; }
    var q = document.getElementById(a.getAttribute("href").slice(1));
    if (q) { e.preventDefault(); q.focus(); q.scrollIntoView({ block: "center" }); }
  });
  var current = null;
  function filter(s) {
    current = (current === s) ? null : s;
    document.body.classList.toggle("filtering", current !== null);
    var marked = document.querySelectorAll("[data-s]");
    for (var i = 0; i < marked.length; i++) {
      var el = marked[i];
      if (el.classList.contains("sp")) {
        el.setAttribute("aria-pressed", String(el.getAttribute("data-s") === current));
      } else {
        el.classList.toggle("on", el.getAttribute("data-s") === current);
      }
    }
    // Articles (and compare groups) holding one of the speaker's marks stay shown.
    var boxes = document.querySelectorAll("article, .group");
    for (var j = 0; j < boxes.length; j++) {
      var has = current !== null && boxes[j].querySelector('.q[data-s="' + current + '"]') !== null;
      boxes[j].classList.toggle("on", has);
    }
  }
  var buttons = document.querySelectorAll("#panel button.sp");
  for (var k = 0; k < buttons.length; k++) {
    buttons[k].addEventListener("click", function (e) { filter(e.currentTarget.getAttribute("data-s")); });
  }
  // Set once the page is read and ready; data-ready-ms says how long opening it took.
  document.documentElement.setAttribute("data-ready", "1");
  if (window.performance && performance.now) {
    document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  }
}());
