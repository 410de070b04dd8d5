/* The scenario finder on the scenarios index (hooks/knowledge/render/finder.py writes its data).
 *
 * Facets (one value each) and words narrow the scenarios; every choice lives in the URL, so a view
 * can be shared, bookmarked and reloaded, and back and forward step through the choices. Full
 * matches come first; near matches (every choice but one, once two or more are made) follow, dimmed,
 * saying which facet differs.
 * Each facet's counts say how many scenarios match with that value and the other choices.
 * Without JavaScript the page keeps its static listings, which link every scenario. */
(() => {
  "use strict";

  const form = document.querySelector("form[data-pof-finder]");
  if (!form) return;
  const output = document.querySelector("[data-pof-finder-results]");
  const staticPart = document.querySelector("[data-pof-finder-static]");
  const scenarioBase = new URL("../", new URL(form.dataset.source, location.href));
  const SHOWN = 50;
  let data = null;
  let limits = { full: SHOWN, near: SHOWN };

  function node(tag, className, value) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (value !== undefined) element.textContent = value;
    return element;
  }

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: (params.get("q") || "").trim() };
    data.fields.slice(2).forEach((key) => {
      const value = params.get(key) || "";
      state[key] = data.facets[key].values.findIndex(([id]) => id === value);
    });
    return state;
  }

  function writeUrl(push) {
    const params = new URLSearchParams();
    if (form.q.value.trim()) params.set("q", form.q.value.trim());
    data.fields.slice(2).forEach((key) => { if (form[key].value) params.set(key, form[key].value); });
    const url = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
    if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function showState(state) {
    form.q.value = state.q;
    data.fields.slice(2).forEach((key) => { form[key].value = state[key] >= 0 ? data.facets[key].values[state[key]][0] : ""; });
  }

  /* Words match when each starts a word of the title or of a tag. */
  function wordsMatch(row, words) {
    if (!words.length) return true;
    const tags = row[data.fields.indexOf("tag")].map((i) => data.facets.tag.values[i][0]);
    const haystack = `${row[1]} ${tags.join(" ")}`.toLowerCase().split(/[^a-z0-9]+/);
    return words.every((word) => haystack.some((part) => part.startsWith(word)));
  }

  function has(row, key, index) {
    const value = row[data.fields.indexOf(key)];
    return Array.isArray(value) ? value.includes(index) : value === index;
  }

  /* One pass: full matches, near matches (one chosen facet off), and each facet value's count. */
  function match(state) {
    const keys = data.fields.slice(2);
    const chosen = keys.filter((key) => state[key] >= 0);
    const words = state.q.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    const counts = Object.fromEntries(keys.map((key) => [key, new Array(data.facets[key].values.length).fill(0)]));
    const full = [];
    const near = [];
    data.scenarios.forEach((row) => {
      if (!wordsMatch(row, words)) return;
      const off = chosen.filter((key) => !has(row, key, state[key]));
      if (off.length === 0) full.push(row);
      if (off.length === 1) near.push([row, off[0]]);
      keys.forEach((key) => {
        if (off.length === 0 || (off.length === 1 && off[0] === key)) {
          const value = row[data.fields.indexOf(key)];
          (Array.isArray(value) ? value : [value]).forEach((i) => { counts[key][i] += 1; });
        }
      });
    });
    return { full, near, counts, chosen };
  }

  function describe(row, key) {
    const value = row[data.fields.indexOf(key)];
    const labels = (Array.isArray(value) ? value : [value]).map((i) => data.facets[key].values[i][1]);
    return labels.join(", ") || "none";
  }

  function item(row, differs) {
    const li = node("li", differs ? "pof-finder__row pof-finder__row--near" : "pof-finder__row");
    const link = node("a", "", row[1]);
    link.href = new URL(`scenarios/${row[0]}/`, scenarioBase).href;
    li.append(link);
    const facts = ["domain", "task", "data", "volume", "start"].map((key) => describe(row, key)).join(" · ");
    li.append(node("small", "", ` ${facts}`));
    if (differs) li.append(node("span", "pof-finder__differs", `Differs on ${data.facets[differs].label.toLowerCase()}: ${describe(row, differs)}`));
    return li;
  }

  function list(rows, limit, kind, label) {
    const section = node("section", `pof-finder__${kind}`);
    section.setAttribute("aria-label", label);
    const ol = node("ol", "pof-finder__list");
    rows.slice(0, limit).forEach((entry) => ol.append(kind === "near" ? item(entry[0], entry[1]) : item(entry)));
    section.append(ol);
    if (rows.length > limit) {
      const more = node("button", "md-button md-button--primary", `Show ${Math.min(SHOWN, rows.length - limit)} more`);
      more.type = "button";
      more.addEventListener("click", () => { limits[kind] += SHOWN; render(); });
      section.append(more);
    }
    return section;
  }

  function render() {
    const state = readState();
    showState(state);
    const { full, near, counts, chosen } = match(state);
    data.fields.slice(2).forEach((key) => {
      [...form[key].options].slice(1).forEach((option, i) => {
        option.textContent = `${data.facets[key].values[i][1]} (${counts[key][i]})`;
      });
    });
    const heading = node("p", "pof-finder__count", `${full.length} scenario${full.length === 1 ? "" : "s"} match${full.length === 1 ? "es" : ""}${chosen.length || state.q ? " your choices" : ""}`);
    output.replaceChildren(heading, list(full, limits.full, "full", "Scenarios that match every choice"));
    if (chosen.length >= 2 && near.length) { // with one choice, "all but one" would be every other scenario
      output.append(node("h2", "", `Near matches: every choice but one (${near.length})`));
      output.append(list(near, limits.near, "near", "Scenarios that match every choice but one"));
    }
  }

  function changed(push) {
    limits = { full: SHOWN, near: SHOWN };
    writeUrl(push);
    render();
  }

  fetch(form.dataset.source)
    .then((response) => response.json())
    .then((loaded) => {
      data = loaded;
      form.hidden = false;
      output.hidden = false;
      staticPart.hidden = true;
      form.addEventListener("submit", (event) => { event.preventDefault(); changed(true); });
      form.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") changed(true); });
      form.q.addEventListener("input", () => changed(false));
      form.addEventListener("reset", (event) => { event.preventDefault(); history.pushState(null, "", location.pathname); limits = { full: SHOWN, near: SHOWN }; render(); });
      window.addEventListener("popstate", render);
      render();
    });
})();
