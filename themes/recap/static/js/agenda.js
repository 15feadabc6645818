/* A personal agenda on a schedule page. A star on each session keeps it in this
   browser's localStorage (per conference); "My sessions" shows only the starred ones;
   "Copy list" gives their slugs one per line, in schedule order, which is what
   `invoke new-post --attended` accepts. Without JavaScript the page is unchanged:
   every control here is made by this script. */
(function () {
  "use strict";

  var script = document.currentScript;
  var conference = script ? script.getAttribute("data-conference") : "";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-talk]"));
  var anchor = document.querySelector("[data-agenda-after]");
  if (!conference || !items.length || !anchor) {
    return;
  }
  var key = "recapkit-agenda:" + conference;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  var starred = new Set(load());
  var storable = true;

  function save() {
    try {
      window.localStorage.setItem(key, JSON.stringify(Array.from(starred)));
    } catch (e) {
      storable = false; // private mode or storage off: the stars last until reload
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // The bar: filter, copy, the list as text, and a status line for screen readers.
  var bar = el("section", "agenda-bar wrap");
  bar.setAttribute("aria-labelledby", "agenda-heading");
  var heading = el("h2", "agenda-bar__heading", "My sessions");
  heading.id = "agenda-heading";
  var hint = el("p", "agenda-bar__hint meta",
    "Star sessions to plan your days; the stars stay in this browser.");
  var controls = el("div", "agenda-bar__controls");
  var filter = el("button", "agenda-button", "Show only my sessions");
  filter.type = "button";
  filter.setAttribute("aria-pressed", "false");
  var copy = el("button", "agenda-button", "Copy list");
  copy.type = "button";
  controls.append(filter, copy);
  var listLabel = el("label", "agenda-bar__label", "Your sessions, one per line (for new-post --attended)");
  listLabel.htmlFor = "agenda-list";
  var list = el("textarea", "agenda-bar__list");
  list.id = "agenda-list";
  list.readOnly = true;
  list.rows = 4;
  var status = el("p", "agenda-bar__status meta");
  status.setAttribute("role", "status");
  var output = el("div", "agenda-bar__output");
  output.hidden = true;
  output.append(listLabel, list);
  bar.append(heading, hint, controls, output, status);
  anchor.after(bar);

  function text() {
    var seen = [];
    items.forEach(function (item) {
      var slug = item.getAttribute("data-talk");
      if (starred.has(slug) && seen.indexOf(slug) < 0) {
        seen.push(slug);
      }
    });
    return seen.join("\n");
  }

  function showFilter() {
    var only = filter.getAttribute("aria-pressed") === "true";
    items.forEach(function (item) {
      item.hidden = only && !starred.has(item.getAttribute("data-talk"));
    });
    // In the filtered view, breaks and days without a starred session step aside too.
    document.querySelectorAll(".sched-item:not([data-talk])").forEach(function (item) {
      item.hidden = only;
    });
    document.querySelectorAll(".sched-day").forEach(function (day) {
      day.hidden = only && !day.querySelector("[data-talk]:not([hidden])");
    });
  }

  function update() {
    var count = starred.size;
    status.textContent = count
      ? count + (count === 1 ? " session starred." : " sessions starred.")
        + (storable ? "" : " This browser does not keep them after a reload.")
      : "No session starred yet.";
    list.value = text();
    showFilter();
  }

  items.forEach(function (item) {
    var slug = item.getAttribute("data-talk");
    var star = el("button", "agenda-star");
    star.type = "button";
    var icon = el("span", "agenda-star__icon");
    icon.setAttribute("aria-hidden", "true");
    var label = el("span", "visually-hidden", "Star: " + (item.getAttribute("data-title") || slug));
    star.append(icon, label);
    function paint() {
      var on = starred.has(slug);
      star.setAttribute("aria-pressed", on ? "true" : "false");
      icon.textContent = on ? "\u2605" : "\u2606"; // filled or outlined star
    }
    paint();
    star.addEventListener("click", function () {
      if (starred.has(slug)) {
        starred.delete(slug);
      } else {
        starred.add(slug);
      }
      paint();
      save();
      update();
    });
    item.prepend(star);
  });

  filter.addEventListener("click", function () {
    var only = filter.getAttribute("aria-pressed") !== "true";
    filter.setAttribute("aria-pressed", only ? "true" : "false");
    update();
  });

  copy.addEventListener("click", function () {
    output.hidden = false;
    list.value = text();
    list.focus();
    list.select();
    if (!list.value) {
      status.textContent = "Star a session first: the list is empty.";
      return;
    }
    var done = function () { status.textContent = "Copied; the list is also shown above."; };
    var shown = function () { status.textContent = "Select the list above and copy it."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(list.value).then(done, shown);
    } else {
      shown();
    }
  });

  update();
})();
