// Search page enhancement: runs the query of ?q= (or the typed words) against the
// Pagefind index and lists hits with their kind. Without JavaScript the page's
// <noscript> text and browse links stand in. Loaded as a module from search.html.
const form = document.querySelector("[data-search]");
const list = document.querySelector("[data-search-results]");
const status = document.getElementById("search-status");
const input = form && form.querySelector("input[name=q]");
const MAX_RESULTS = 10;
let engine = null;
let latest = 0;

// The site root as an absolute URL: data-site-root is relative to this page ("../"),
// which keeps the search working under any sub-path.
const root = form ? new URL(form.dataset.siteRoot || "../", document.baseURI) : null;

async function loadEngine() {
  if (!engine) {
    engine = await import(new URL("pagefind/pagefind.js", root).href);
    await engine.options({ baseUrl: "/", excerptLength: 24 });
    engine.init();
  }
  return engine;
}

// Pagefind's excerpt is escaped page text with <mark> around the matches. Rebuild it
// from text nodes rather than trusting it as HTML: nothing else in it can ever run.
function excerptNode(html) {
  const paragraph = document.createElement("p");
  // A <textarea>'s markup is parsed as plain text: entities decode, tags stay inert.
  const decoder = document.createElement("textarea");
  String(html || "").split(/<\/?mark>/).forEach((part, index) => {
    decoder.innerHTML = part;
    const text = decoder.value;
    if (index % 2) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      paragraph.append(mark);
    } else {
      paragraph.append(text);
    }
  });
  return paragraph;
}

function resultItem(data) {
  const item = document.createElement("li");
  const kind = (data.meta && data.meta.kind) || "Page";
  const label = document.createElement("span");
  label.className = "search-kind search-kind-" + kind.toLowerCase();
  label.textContent = kind;
  const link = document.createElement("a");
  link.href = new URL(data.url.replace(/^\/+/, ""), root).href;
  link.textContent = (data.meta && data.meta.title) || data.url;
  const heading = document.createElement("h2");
  heading.append(label, " ", link);
  item.append(heading, excerptNode(data.excerpt));
  return item;
}

async function run(query) {
  const ticket = ++latest;
  const words = query.trim();
  list.replaceChildren();
  if (!words) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  let found;
  try {
    const pagefind = await loadEngine();
    found = await pagefind.search(words);
  } catch (error) {
    status.textContent = "Search is not available on this copy of the site (no search index).";
    return;
  }
  if (ticket !== latest) return;
  const hits = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (ticket !== latest) return;
  const total = found.results.length;
  status.textContent =
    total === 0
      ? `Nothing found for “${words}”.`
      : `${total} result${total === 1 ? "" : "s"} for “${words}”` +
        (total > MAX_RESULTS ? `, the first ${MAX_RESULTS} shown.` : ".");
  list.replaceChildren(...hits.map(resultItem));
}

if (form && list && status && input) {
  const initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), 250);
  });
  if (initial) run(initial);
}
