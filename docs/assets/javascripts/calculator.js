/* The cost calculator on compare/calculator/ (hooks/knowledge/render/costs.py writes its data and the
 * same maths as tables). The arithmetic below repeats costs.py step for step, in the same order, so the
 * figures equal the precomputed tables for the same inputs. Every input lives in the URL: reload and a
 * shared link give the same result, and back and forward step through the changes. Record text only
 * ever reaches the page as textContent. Without JavaScript the page keeps its precomputed tables. */
(() => {
  "use strict";

  const form = document.querySelector("form[data-pof-calculator]");
  const source = document.getElementById("pof-calculator-data");
  if (!form || !source) return;
  const output = document.querySelector("[data-pof-calculator-results]");
  const data = JSON.parse(source.textContent);
  const prices = new Map(data.prices.map((price) => [price.id, price]));
  const { horizon, hours, symbols } = data.constants;
  const MILLION = 1000000;
  let editing = false; // an entry in the history for the change being typed already exists

  /* --- the arithmetic (costs.py) --- */

  function perRequest(price, fresh, cached, out, batch) {
    if (price.input_per_mtok === null || price.output_per_mtok === null) return null;
    const cachedPrice = price.cached_input_per_mtok === null ? price.input_per_mtok : price.cached_input_per_mtok;
    let cost = (fresh * price.input_per_mtok + cached * cachedPrice + out * price.output_per_mtok) / MILLION;
    if (batch && price.batch_discount !== null) cost = cost * (1 - price.batch_discount);
    return cost;
  }

  function promptMonthly(price, inp, caching, batch, context) {
    const fixed = inp.instruction_tokens + inp.example_tokens;
    const cached = caching ? fixed * inp.cached_share : 0;
    const fresh = fixed - cached + (context ? inp.context_tokens : 0);
    const cost = perRequest(price, fresh, cached, inp.output_tokens, batch);
    return cost === null ? null : cost * inp.requests_per_month;
  }

  function ragMonthly(price, inp) {
    const tokens = promptMonthly(price, inp, true, inp.batch, true);
    return tokens === null ? null : tokens + inp.requests_per_month / 1000 * inp.retrieval_per_1k;
  }

  function trainingCost(price, inp) {
    if (price.training_per_mtok === null) return null;
    return inp.training_examples * inp.tokens_per_example * inp.epochs * price.training_per_mtok / MILLION;
  }

  function tunedTokens(price) {
    return price.tuned_input_per_mtok !== null && price.tuned_output_per_mtok !== null;
  }

  function tunedInference(price, inp) {
    if (tunedTokens(price)) {
      const per = (inp.instruction_tokens * price.tuned_input_per_mtok + inp.output_tokens * price.tuned_output_per_mtok) / MILLION;
      return per * inp.requests_per_month;
    }
    if (price.hosting_per_hour !== null) return price.hosting_per_hour * hours;
    return null;
  }

  function tunedMonthly(price, inp) {
    const training = trainingCost(price, inp);
    const running = tunedInference(price, inp);
    if (training === null || running === null) return null;
    return training / inp.retrain_months + running;
  }

  function breakEvenMonth(training, running, prompting, retrain) {
    let found = null;
    for (let month = 1; month <= horizon; month += 1) {
      const tuned = training * Math.ceil(month / retrain) + month * running;
      if (tuned > month * prompting) found = null;
      else if (found === null) found = month;
    }
    return found;
  }

  /* --- the texts (costs.py: money, percent, fill, months) --- */

  function group(whole) { return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function money(value, currency) {
    const symbol = Object.prototype.hasOwnProperty.call(symbols, currency) ? symbols[currency] : `${currency} `;
    const cents = Math.floor(value * 100 + 0.5);
    if (cents >= 10000) return symbol + group(Math.floor(value + 0.5));
    return `${symbol}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  }

  function percent(share) { return `${Math.floor((share || 0) * 100 + 0.5)}%`; }
  function months(count) { return count === 1 ? "1 month" : `${count} months`; }
  function fill(template, values) {
    return Object.entries(values).reduce((text, [name, value]) => text.split(`{${name}}`).join(value), template);
  }

  /* Every option's monthly cost; without a tuning offer (small undefined) the tuned option is not priced. */
  function estimate(inp, large, small) {
    const t = data.texts;
    const cached = large.cached_input_per_mtok !== null ? fill(t.cached, { cached: percent(inp.cached_share) }) : t.cached_none;
    const batch = large.batch_discount !== null ? fill(t.batch, { discount: percent(large.batch_discount) }) : t.batch_none;
    const tuned = small
      ? ["tuned", small, tunedMonthly(small, inp), fill(t.tuned, { months: months(inp.retrain_months), running: t[tunedTokens(small) ? "running_tokens" : "running_hosting"] })]
      : ["tuned", null, null, t.tuned_none];
    const costs = [
      ["prompt", large, promptMonthly(large, inp, false, false, false), t.prompt],
      ["prompt-cached", large, promptMonthly(large, inp, true, false, false), cached],
      ["prompt-batch", large, promptMonthly(large, inp, true, true, false), batch],
      ["rag", large, ragMonthly(large, inp), t[inp.batch ? "rag_batch" : "rag"]],
      tuned,
    ].map(([option, price, monthly, assumption]) => ({ option, price, monthly, assumption }));
    const compared = costs[inp.batch ? 2 : 1];
    if (!small) return { costs, compared, breakEven: { text: t.unknown, reason: t.no_offer } };
    const training = trainingCost(small, inp);
    const running = tunedInference(small, inp);
    let breakEven;
    if (small.currency !== large.currency) breakEven = { text: t.unknown, reason: t.currencies };
    else if (training === null || running === null || compared.monthly === null) breakEven = { text: t.unknown, reason: t.missing };
    else {
      const month = breakEvenMonth(training, running, compared.monthly, inp.retrain_months);
      breakEven = { text: month === null ? t.never : fill(t.month, { month: String(month) }), reason: "" };
    }
    return { costs, compared, breakEven };
  }

  /* --- the form and the URL --- */

  const defaults = data.defaults;

  /* A default as the form shows it (the cached share as a percentage), written by the build. */
  function shown(field) { return Number(data.form[field.key]); }

  function offered(select, id) {
    return id !== null && prices.has(id) && [...select.options].some((option) => option.value === id);
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const state = { batch: params.has("batch") ? params.get("batch") === "1" : defaults.batch };
    data.fields.forEach((field) => {
      const raw = params.get(field.key);
      const value = raw === null || raw.trim() === "" ? NaN : Number(raw);
      state[field.name] = Number.isFinite(value) && value >= field.min && value <= field.max ? value : shown(field);
    });
    state.prompt = offered(form.prompt, params.get("prompt")) ? params.get("prompt") : defaults.prompt_model;
    state.tuned = offered(form.tuned, params.get("tuned")) ? params.get("tuned") : defaults.tuned_model;
    return state;
  }

  function showState(state) {
    data.fields.forEach((field) => { form[field.key].value = String(state[field.name]); });
    form.batch.checked = state.batch;
    form.prompt.value = state.prompt;
    form.tuned.value = state.tuned;
  }

  /* The form's valid values (a field being edited into an invalid number keeps its last valid value). */
  function readForm(previous) {
    const state = { batch: form.batch.checked, prompt: form.prompt.value, tuned: form.tuned.value };
    data.fields.forEach((field) => {
      const input = form[field.key];
      const value = input.value.trim() === "" ? NaN : Number(input.value);
      state[field.name] = Number.isFinite(value) && value >= field.min && value <= field.max ? value : previous[field.name];
    });
    return state;
  }

  function writeUrl(state, push) {
    const params = new URLSearchParams();
    params.set("prompt", state.prompt);
    params.set("tuned", state.tuned);
    data.fields.forEach((field) => {
      if (state[field.name] !== shown(field)) params.set(field.key, String(state[field.name]));
    });
    if (state.batch !== defaults.batch) params.set("batch", state.batch ? "1" : "0");
    if (state.prompt === defaults.prompt_model) params.delete("prompt");
    if (state.tuned === defaults.tuned_model) params.delete("tuned");
    const query = params.toString();
    const url = `${location.pathname}${query ? `?${query}` : ""}`;
    if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function inputsOf(state) {
    const inp = { batch: state.batch };
    data.fields.forEach((field) => { inp[field.name] = field.name === "cached_share" ? state[field.name] / 100 : state[field.name]; });
    return inp;
  }

  /* --- the results --- */

  function node(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined) element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  function priced(price) {
    if (price === null) return node("td", data.texts.no_offer_cell);
    const cell = node("td", `${price.model} (${price.provider}), price checked ${price.checked}, `);
    const link = node("a", "source");
    if (/^https?:\/\//i.test(price.source)) link.href = price.source;
    cell.append(link);
    if (price.closing) cell.append(`, closing: ${price.closing}`);
    return cell;
  }

  function render(state) {
    const inp = inputsOf(state);
    const result = estimate(inp, prices.get(state.prompt), prices.get(state.tuned));
    const table = node("table"); // no class: Material styles only unclassed tables
    table.append(node("caption", `Your case: ${group(Math.floor(inp.requests_per_month + 0.5))} requests a month`));
    const head = node("tr");
    ["Option", "Model and price date", "Per month", "Assumption"].forEach((text) => {
      const th = node("th", text);
      th.scope = "col";
      head.append(th);
    });
    table.append(node("thead"));
    table.tHead.append(head);
    const body = node("tbody");
    result.costs.forEach((cost) => {
      const row = node("tr");
      row.dataset.option = cost.option;
      const name = node("th", data.labels[cost.option]);
      name.scope = "row";
      const figure = node("td");
      figure.append(node("strong", cost.monthly === null ? data.texts.unpriced : money(cost.monthly, cost.price.currency)));
      row.append(name, priced(cost.price), figure, node("td", cost.assumption));
      body.append(row);
    });
    table.append(body);
    const breakEven = node("p", undefined, "pof-calc__break-even");
    breakEven.append(node("strong", "Break-even of tuning:"));
    const reason = result.breakEven.reason ? ` (${result.breakEven.reason})` : "";
    breakEven.append(` ${result.breakEven.text}${reason}, against ${data.labels[result.compared.option].toLowerCase()}. ${data.texts.break_even}`);
    const scroll = node("div", undefined, "md-typeset__scrollwrap"); // as Material wraps tables: scrolls sideways on a phone
    const wrapper = node("div", undefined, "md-typeset__table");
    wrapper.append(table);
    scroll.append(wrapper);
    output.replaceChildren(scroll, breakEven);
  }

  let current = readUrl();

  function changed(committed) {
    current = readForm(current);
    writeUrl(current, !editing);
    editing = !committed;
    render(current);
  }

  form.hidden = false;
  output.hidden = false;
  document.querySelectorAll("[data-pof-calculator-static]").forEach((element) => { element.hidden = true; });
  showState(current);
  render(current);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", () => changed(false));
  form.addEventListener("change", () => changed(true));
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    history.pushState(null, "", location.pathname);
    editing = false;
    current = readUrl();
    showState(current);
    render(current);
  });
  window.addEventListener("popstate", () => {
    editing = false;
    current = readUrl();
    showState(current);
    render(current);
  });
})();
