// The development server's reload script (recapkit.devserver). It is a file served
// from the site's own origin, so the pages' Content-Security-Policy ('self') allows
// it; the server adds its <script> tag to pages it serves and never to output/.
//
// The server says, for this page, one of: "reload" (its bytes changed, or a build
// succeeded after a failed one), "problems" (the build failed: show the list in
// place of the stale page) or "ok" (nothing to do).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var query = "?path=" + encodeURIComponent(location.pathname) +
    "&generation=" + encodeURIComponent(script.dataset.generation || "0");
  var events = new EventSource(script.dataset.events + query);
  var overlay = null;

  // Styles through the CSSOM: the policy refuses style attributes and inline sheets.
  function styled(tag, styles) {
    var element = document.createElement(tag);
    Object.keys(styles).forEach(function (name) {
      element.style.setProperty(name, styles[name]);
    });
    return element;
  }

  function showProblems(lines) {
    if (overlay) {
      overlay.remove();
    }
    overlay = styled("section", {
      position: "fixed", inset: "0", "z-index": "2147483647", overflow: "auto",
      background: "#1b1411", color: "#fbe9e0", padding: "2rem",
      font: "15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    });
    overlay.id = "recapkit-build-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "recapkit-build-problems-title");
    var title = styled("h2", { margin: "0 0 1rem", font: "bold 1.3rem system-ui, sans-serif" });
    title.id = "recapkit-build-problems-title";
    title.textContent = "The build failed; this page shows again after the next good build.";
    var list = styled("pre", { margin: "0", "white-space": "pre-wrap" });
    list.textContent = lines.join("\n");
    overlay.append(title, list);
    document.body.append(overlay);
  }

  events.addEventListener("open", function () {
    document.documentElement.dataset.recapkitLive = "connected";
  });
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
  events.addEventListener("problems", function (event) {
    showProblems(JSON.parse(event.data));
  });
  events.addEventListener("ok", function () {
    if (overlay) {
      events.close();
      location.reload();
    }
  });
})();
