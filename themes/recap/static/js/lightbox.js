/* Lightbox for photo grids: an enhancement over plain links to each photo's page.
   Any list with [data-lightbox] whose links carry [data-lightbox-item] opens in a
   modal <dialog>: arrow keys and swipes move through the photos, Escape or the Close
   button closes it, and focus goes back to the thumbnail of the photo last shown.
   Without JavaScript (or with modifier-clicks) the links simply open the photo page. */
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;

  var dialog, stage, caption, counter, items = [], current = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* A symbol for the eye and a word for everyone; narrow screens hide the word
     visually (CSS), screen readers always hear it. */
  function button(className, symbol, word) {
    var node = el("button", className);
    var mark = el("span", "lightbox__symbol", symbol);
    mark.setAttribute("aria-hidden", "true");
    node.append(mark, el("span", "lightbox__label", word));
    return node;
  }

  function build() {
    dialog = el("dialog", "lightbox");
    dialog.setAttribute("aria-label", "Photo viewer");
    var bar = el("div", "lightbox__bar");
    counter = el("p", "lightbox__count");
    counter.setAttribute("aria-live", "polite");
    var nav = el("div", "lightbox__nav");
    var prev = button("lightbox__prev", "←", "Previous");
    var next = button("lightbox__next", "→", "Next");
    var close = button("lightbox__close", "×", "Close");
    [prev, next, close].forEach(function (b) { b.type = "button"; });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    nav.append(prev, next, close);
    bar.append(counter, nav);
    stage = el("div", "lightbox__stage");
    caption = el("div", "lightbox__caption");
    dialog.append(bar, stage, caption);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
      else if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
    });
    dialog.addEventListener("close", function () {
      stage.replaceChildren();
      var link = items[current];
      if (link) link.focus();
    });
    var swiped = false;
    dialog.addEventListener("click", function (event) {
      if (swiped) { swiped = false; return; }  // the click that ends a swipe
      if (event.target === dialog || event.target === stage) dialog.close();
    });
    var startX = null;
    stage.addEventListener("dragstart", function (event) { event.preventDefault(); });
    stage.addEventListener("pointercancel", function () { startX = null; });
    stage.addEventListener("pointerdown", function (event) { startX = event.clientX; });
    stage.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX;
      startX = null;
      swiped = Math.abs(dx) > 40;
      if (swiped) show(current + (dx < 0 ? 1 : -1));
    });
    document.body.append(dialog);
  }

  function show(index) {
    if (!items.length) return;
    current = (index + items.length) % items.length;
    var link = items[current];
    var picture = link.querySelector("picture");
    var copy = picture.cloneNode(true);
    copy.querySelectorAll("source, img").forEach(function (node) {
      node.setAttribute("sizes", "100vw");
    });
    var img = copy.querySelector("img");
    img.removeAttribute("loading");
    img.draggable = false;  // a drag of the image would swallow the swipe
    stage.replaceChildren(copy);
    var figure = link.closest("figure");
    var text = figure && figure.querySelector("figcaption");
    caption.replaceChildren();
    if (text) caption.append.apply(caption, Array.from(text.cloneNode(true).childNodes));
    counter.textContent = "Photo " + (current + 1) + " of " + items.length;
  }

  function open(list, index) {
    if (!dialog) build();
    items = list;
    show(index);
    if (!dialog.open) dialog.showModal();
    dialog.querySelector(".lightbox__next").focus();
  }

  document.querySelectorAll("[data-lightbox]").forEach(function (container) {
    var links = Array.from(container.querySelectorAll("a[data-lightbox-item]"));
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        open(links, index);
      });
    });
  });
})();
