/* The compare view on the comparison page: pick two or three approaches, hide or highlight factors.
 * The choice lives in the URL (?show=rag,peft&hide=latency&mark=token-usage): share it, reload it,
 * go back and forward. Without JavaScript the page shows the full matrix and links every pair page. */
(() => {
  "use strict";

  const form = document.querySelector("form[data-pof-pick]");
  const table = document.querySelector(".pof-compare table");
  if (!form || !table) return;
  const MAX = 3;
  const idFrom = (cell, folder) => {
    const link = cell && cell.querySelector(`a[href*="${folder}/"]`);
    const match = link && link.getAttribute("href").match(new RegExp(`${folder}/([a-z0-9-]+)/`));
    return match ? match[1] : null;
  };
  const columns = [...table.tHead.rows[0].cells].map((cell) => idFrom(cell, "approaches"));
  const rows = [...table.tBodies[0].rows].map((row) => [row, idFrom(row.cells[0], "factors")]);
  const boxes = (name) => [...form.querySelectorAll(`input[name=${name}]`)];

  function read() {
    const params = new URLSearchParams(location.search);
    const list = (key) => (params.get(key) || "").split(",").filter(Boolean);
    return { show: list("show").slice(0, MAX), hide: list("hide"), mark: params.get("mark") || "" };
  }

  function write(state, push) {
    const params = new URLSearchParams();
    if (state.show.length) params.set("show", state.show.join(","));
    if (state.hide.length) params.set("hide", state.hide.join(","));
    if (state.mark) params.set("mark", state.mark);
    const url = `${location.pathname}${params.toString() ? `?${params}` : ""}`.replace(/%2C/g, ",");
    if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function fromForm() {
    return {
      show: boxes("show").filter((box) => box.checked).map((box) => box.value),
      hide: boxes("hide").filter((box) => box.checked).map((box) => box.value),
      mark: form.mark.value,
    };
  }

  function apply(state) {
    boxes("show").forEach((box) => { box.checked = state.show.includes(box.value); box.disabled = !box.checked && state.show.length >= MAX; });
    boxes("hide").forEach((box) => { box.checked = state.hide.includes(box.value); });
    form.mark.value = state.mark;
    const visible = (index) => index === 0 || !state.show.length || state.show.includes(columns[index]);
    [table.tHead.rows[0], ...table.tBodies[0].rows].forEach((row) => {
      [...row.cells].forEach((cell, index) => { cell.hidden = !visible(index); });
    });
    rows.forEach(([row, id]) => {
      row.hidden = state.hide.includes(id);
      row.classList.toggle("pof-mark", id === state.mark);
    });
    table.closest(".pof-compare").classList.toggle("pof-compare--picked", state.show.length > 0);
  }

  form.addEventListener("change", () => { const state = fromForm(); write(state, true); apply(state); });
  form.addEventListener("reset", (event) => { event.preventDefault(); const state = { show: [], hide: [], mark: "" }; write(state, true); apply(state); });
  window.addEventListener("popstate", () => apply(read()));
  apply(read());
})();
