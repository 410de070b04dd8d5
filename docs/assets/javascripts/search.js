/* Site search with Pagefind (the index is built after every build: hooks/knowledge/export/search_index.py).
 *
 * - The header form (overrides/partials/search.html) shows the best results as you type; "/" focuses it;
 *   arrow keys move through the results; Escape closes them; Enter opens the full search page.
 * - The search page (docs/search.md) lists every result, filtered by kind; its state (q, kind) lives in
 *   the URL, so a search can be shared, bookmarked and reloaded, and back and forward work.
 * Without JavaScript the header form still opens the search page, which points to the static listings.
 * Every text from the index is inserted as text, never as HTML. */
(() => {
  "use strict";

  const headerForm = document.querySelector("form[data-pof-search]");
  if (!headerForm) return;
  const siteRoot = new URL("../", headerForm.action);
  let pagefind = null;

  /* A large site's index comes in parts (pagefind/parts.json lists their bundles): the first one is
     loaded, the others are merged into it, each with the same options. */
  async function engine() {
    if (!pagefind) {
      pagefind = fetch(new URL("pagefind/parts.json", siteRoot)).then((response) => response.json()).then(async ({ bundles }) => {
        const [first, ...others] = bundles.map((bundle) => new URL(`pagefind/${bundle}`, siteRoot));
        const module = await import(new URL("pagefind.js", first).href);
        // Long pages (approaches, evidence) are the thorough answers: do not let short ones outrank them.
        const options = { baseUrl: siteRoot.pathname, excerptLength: 24, ranking: { pageLength: 0.3 } };
        await module.options(options);
        await Promise.all(others.map((bundle) => module.mergeIndex(bundle.pathname, options)));
        return module;
      });
    }
    return pagefind;
  }

  /* Spelling: a joined-up compound is split (finetuning → fine tuning); each other query word the site
   never uses becomes the nearest word it does use (at most one edit for short words, two for long
   ones; the more frequent word wins a tie), unless it starts a known word, as a word still being
   typed does. The vocabulary is made by the build (knowledge/export/search_index.py). */
  let vocabulary = null;
  function words() {
    if (!vocabulary) {
      vocabulary = fetch(new URL("search/vocabulary.json", siteRoot)).then((response) => response.json()).then(({ words: list, joined }) => ({ list, joined, known: new Set(list) }));
    }
    return vocabulary;
  }

  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
        best = Math.min(best, row[j]);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  async function corrected(query) {
    const { list, joined, known } = await words();
    return query.toLowerCase().split(/\s+/).filter(Boolean).map((word) => {
      if (Object.hasOwn(joined, word)) return joined[word];
      if (word.length < 4 || known.has(word) || list.some((entry) => entry.startsWith(word))) return word;
      const limit = word.length <= 5 ? 1 : 2;
      let best = word;
      let bestDistance = limit + 1;
      for (const entry of list) {
        const d = distance(word, entry, Math.min(limit, bestDistance - 1));
        if (d < bestDistance) { best = entry; bestDistance = d; if (d === 1) break; }
      }
      return best;
    }).join(" ");
  }

  /* Search with the query's spelling corrected; ``corrected`` says what was searched for instead. */
  async function search(query, kind) {
    const [module, spelled] = await Promise.all([engine(), corrected(query)]);
    const filters = kind ? { kind: [kind] } : {};
    const found = await module.debouncedSearch(spelled, { filters }, 120);
    if (found) found.corrected = spelled !== query.toLowerCase().split(/\s+/).filter(Boolean).join(" ") ? spelled : "";
    return found; // null when a newer keystroke superseded this search
  }

  function countLine(found, query) {
    const searched = found.corrected ? ` for “${found.corrected}” (you typed “${query}”)` : ` for “${query}”`;
    return text("p", "pof-search__count", found.results.length ? `${found.results.length} pages match${searched}` : `Nothing matches${searched}; try fewer or other words.`);
  }

  function text(tag, className, value) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = value;
    return node;
  }

  /* Pagefind's excerpt marks matches with <mark>; rebuild it from text so nothing else becomes markup. */
  function excerpt(html) {
    const paragraph = document.createElement("p");
    paragraph.className = "pof-result__text";
    html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
      const match = part.match(/^<mark>(.*)<\/mark>$/);
      const plain = (match ? match[1] : part).replace(/<[^>]*>/g, "");
      const decoded = new DOMParser().parseFromString(plain, "text/html").documentElement.textContent;
      paragraph.append(match ? text("mark", "", decoded) : document.createTextNode(decoded));
    });
    return paragraph;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    item.className = "pof-result";
    const link = document.createElement("a");
    link.href = data.url;
    link.className = "pof-result__link";
    link.append(text("span", "pof-result__kind", data.meta.kind || "Page"), text("span", "pof-result__title", data.meta.title || data.url));
    item.append(link);
    item.append(data.meta.summary ? text("p", "pof-result__text", data.meta.summary) : excerpt(data.excerpt));
    return item;
  }

  /* ---- the header: results as you type ---- */
  const input = headerForm.querySelector("input[name=q]");
  const panel = headerForm.querySelector("#pof-search-results");

  function closePanel() {
    panel.hidden = true;
  }

  async function showPanel() {
    const query = input.value.trim();
    if (!query) return closePanel();
    const found = await search(query, "");
    if (found === null || query !== input.value.trim()) return;
    const results = await Promise.all(found.results.slice(0, 6).map((result) => result.data()));
    panel.replaceChildren();
    panel.append(countLine(found, query));
    if (results.length) {
      const list = document.createElement("ol");
      list.className = "pof-results";
      results.forEach((data) => list.append(resultItem(data)));
      panel.append(list);
      const all = document.createElement("a");
      all.className = "pof-search__all";
      all.href = `${headerForm.action}?q=${encodeURIComponent(query)}`;
      all.textContent = "See every result";
      panel.append(all);
    }
    panel.hidden = false;
  }

  input.addEventListener("input", showPanel);
  input.addEventListener("focus", () => { engine(); if (input.value.trim()) showPanel(); });
  headerForm.addEventListener("keydown", (event) => {
    const links = [...panel.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") { closePanel(); input.focus(); }
    else if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
    else if (event.key === "ArrowUp" && links.length) { event.preventDefault(); (at <= 0 ? input : links[at - 1]).focus(); }
  });
  document.addEventListener("click", (event) => { if (!headerForm.contains(event.target)) closePanel(); });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });

  /* ---- the search page: every result, state in the URL ---- */
  const pageForm = document.querySelector("form[data-pof-search-page]");
  if (!pageForm) return;
  const pageInput = pageForm.querySelector("input[name=q]");
  const kindSelect = pageForm.querySelector("select[name=kind]");
  const output = document.getElementById("pof-search-page-results");
  let shown = 20;

  async function fillKinds() {
    const module = await engine();
    const kinds = (await module.filters()).kind || {};
    Object.keys(kinds).sort().forEach((kind) => {
      const option = text("option", "", `${kind} (${kinds[kind]})`);
      option.value = kind;
      kindSelect.append(option);
    });
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    pageInput.value = params.get("q") || "";
    kindSelect.value = params.get("kind") || "";
    if (kindSelect.value !== (params.get("kind") || "")) kindSelect.value = "";
  }

  function writeUrl(push) {
    const params = new URLSearchParams();
    if (pageInput.value.trim()) params.set("q", pageInput.value.trim());
    if (kindSelect.value) params.set("kind", kindSelect.value);
    const url = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
    if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  async function render() {
    const query = pageInput.value.trim();
    if (!query) { output.replaceChildren(text("p", "", "Type a few words: a task, a domain, an approach.")); return; }
    const found = await search(query, kindSelect.value);
    if (found === null || query !== pageInput.value.trim()) return;
    const results = await Promise.all(found.results.slice(0, shown).map((result) => result.data()));
    output.replaceChildren(countLine(found, query));
    const list = document.createElement("ol");
    list.className = "pof-results pof-results--page";
    results.forEach((data) => list.append(resultItem(data)));
    output.append(list);
    if (found.results.length > shown) {
      const more = text("button", "md-button md-button--primary", "Show more results");
      more.type = "button";
      more.addEventListener("click", () => { shown += 20; render(); });
      output.append(more);
    }
  }

  pageForm.addEventListener("submit", (event) => { event.preventDefault(); shown = 20; writeUrl(true); render(); });
  pageInput.addEventListener("input", () => { shown = 20; writeUrl(false); render(); });
  kindSelect.addEventListener("change", () => { shown = 20; writeUrl(true); render(); });
  window.addEventListener("popstate", () => { readUrl(); render(); });
  fillKinds().then(() => { readUrl(); render(); });
})();
