"""Cost maths: price records and a token profile in; monthly costs, a break-even month and their assumptions out.

Three ways to run a task are priced per month:

- **prompt only**: a large model sent the instructions and examples with every request, at list
  price, with part of that fixed prefix read from the prompt cache, and with the batch discount;
- **RAG**: the same prompt plus the retrieved context on every request, plus a retrieval cost per
  1,000 requests that the reader supplies (no price record covers vector search);
- **a tuned smaller model**: training (examples × tokens × epochs × training price) paid again at
  every retraining and amortised over the months between, plus inference at the tuned model's token
  prices, or an hourly hosting price × 730 hours when the offer bills by the hour.

The break-even month compares cumulative cash: tuning pays its training at the start of each
retraining period. Every result carries the assumption it rests on; equal quality is the one most
likely to be wrong. The functions are pure; ``docs/assets/javascripts/calculator.js`` repeats the
same arithmetic in the same order, so the page's figures equal the tables built here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from knowledge.link.graph import Graph
from knowledge.records.models import Price, Scenario
from knowledge.render import escaping

HORIZON_MONTHS = 36
"""How far ahead the break-even month is looked for."""
HOURS_PER_MONTH = 730
"""Hours in an average month (8,760 / 12), for hourly hosting."""
DAYS_PER_MONTH = HOURS_PER_MONTH / 24
"""Days in an average month, for volumes given per day."""
MILLION = 1_000_000
VOLUMES: tuple[tuple[str, str, int], ...] = (
    ("low", "Low volume", 10_000),
    ("medium", "Medium volume", 300_000),
    ("high", "High volume", 10_000_000),
)
"""The precomputed tables: key, heading and requests a month."""
SYMBOLS = {"USD": "$", "EUR": "€"}

EQUAL_QUALITY = (
    "Equal quality: the tuned smaller model is assumed to answer as well as the prompted large model. "
    "This is the assumption most likely to be wrong; measure it on your own evaluation set before you trust the saving."
)

EQUAL_QUALITY_ROUTED = (
    "Equal quality: the small model is assumed to answer its share of the requests as well as the large model. "
    "This is the assumption most likely to be wrong; measure it on your own evaluation set before you trust the saving."
)

LABELS: dict[str, str] = {
    "prompt": "Prompt only, list price",
    "prompt-cached": "Prompt only, with prompt caching",
    "prompt-batch": "Prompt only, with caching and batch",
    "rag": "RAG (prompt + retrieved context)",
    "tuned": "Tuned smaller model",
}
"""Each option's name in the tables and in the script's results."""

TEXTS: dict[str, str] = {
    "prompt": "Every token at the list price; no cache, no batch.",
    "cached": "{cached} of the instructions and examples are read from the cache at the cached price; cache writes cost nothing extra.",
    "cached_none": "This model has no cached-input price, so the figure equals the list price.",
    "batch": "Requests wait for the batch queue; {discount} off every token, cached ones included.",
    "batch_none": "This model has no batch price, so the figure equals the cached one.",
    "rag": "The retrieved context is never cached; retrieval costs your figure per 1,000 requests. "
    "Assumes the retrieved context makes up for what the model lacks.",
    "rag_batch": "The retrieved context is never cached, the batch discount applies; retrieval costs your figure per 1,000 requests. "
    "Assumes the retrieved context makes up for what the model lacks.",
    "tuned": "Training amortised over {months}, then {running}; the tuned model is sent the instructions without the examples. " + EQUAL_QUALITY,
    "running_tokens": "the tuned model's token prices",
    "running_hosting": f"hosting billed by the hour × {HOURS_PER_MONTH} hours, whatever the volume",
    "break_even": f"Flat volume and today's prices for {HORIZON_MONTHS} months, training paid again at each retraining, and equal quality "
    "(the assumption most likely to be wrong).",
    "month": "month {month}",
    "never": f"never (within {HORIZON_MONTHS} months)",
    "unknown": "not known",
    "unpriced": "not priced",
    "currencies": "the two models are priced in different currencies",
    "missing": "a model lacks a price this needs",
    "no_offer": "no price record holds a tuning offer yet",
    "no_offer_cell": "none recorded",
    "tuned_none": "No tuning offer has a price record yet (a training price and a price for running the tuned model, "
    "both from the provider's own page), so the tuned option is not priced; the other figures stand on their own.",
}
"""Sentences the tables and the script share; ``{name}`` marks a value filled in (:func:`fill`)."""


def fill(template: str, **values: str) -> str:
    """``TEXTS`` entry with its ``{name}`` places filled (the script does the same)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def months(count: int) -> str:
    """1 → '1 month', 6 → '6 months'."""
    return f"{count} month" if count == 1 else f"{count} months"


Option = Literal["prompt", "prompt-cached", "prompt-batch", "rag", "tuned", "routed"]


@dataclass(frozen=True)
class Inputs:
    """What the reader (or a scenario's token profile) tells the calculator; the defaults are the medium case."""

    requests_per_month: float = 300_000
    instruction_tokens: int = 500
    """Instructions and the request itself, sent on every request."""
    example_tokens: int = 1_500
    """Worked examples in the prompt; a tuned model is sent none."""
    context_tokens: int = 2_000
    """Retrieved context per request (RAG only)."""
    output_tokens: int = 300
    cached_share: float = 0.8
    """Share of the instructions and examples read from the prompt cache (0 to 1)."""
    batch: bool = False
    """Whether requests can wait for the provider's batch queue."""
    retrieval_per_1k: float = 0.0
    """Retrieval cost per 1,000 requests (vector search, embedding the query), in the prompt model's currency."""
    training_examples: int = 1_000
    tokens_per_example: int = 800
    epochs: int = 3
    retrain_months: int = 6
    """Months between retrainings (1 to 36)."""
    tuned_prompt_tokens: int | None = None
    """Input tokens a tuned model is sent; None: the instructions alone (scenario sketches set it)."""

    @property
    def tuned_input_tokens(self) -> int:
        return self.instruction_tokens if self.tuned_prompt_tokens is None else self.tuned_prompt_tokens


@dataclass(frozen=True)
class InputField:
    """One calculator input: its ``Inputs`` attribute, URL key, label, bounds and step."""

    name: str
    key: str
    label: str
    minimum: float
    maximum: float
    step: float
    group: str
    help: str = ""


INPUT_FIELDS: tuple[InputField, ...] = (
    InputField("requests_per_month", "requests", "Requests a month", 1, 1e10, 1, "Traffic"),
    InputField("instruction_tokens", "instructions", "Instructions and the request itself (tokens)", 0, 2e6, 1, "Prompt", "sent on every request"),
    InputField("example_tokens", "examples", "Worked examples (tokens)", 0, 2e6, 1, "Prompt", "a tuned model is sent none"),
    InputField("context_tokens", "context", "Retrieved context (tokens, RAG only)", 0, 2e6, 1, "Prompt"),
    InputField("output_tokens", "output", "Output (tokens)", 0, 1e6, 1, "Prompt"),
    InputField("cached_share", "cached", "Share of instructions and examples read from the cache (%)", 0, 100, 1, "Prompt"),
    InputField("retrieval_per_1k", "retrieval", "Retrieval cost per 1,000 requests", 0, 1e6, 0.01, "Prompt", "vector search and embedding; no price covers it"),
    InputField("training_examples", "train_examples", "Training examples", 1, 1e9, 1, "Tuning"),
    InputField("tokens_per_example", "train_tokens", "Tokens per training example", 1, 1e6, 1, "Tuning"),
    InputField("epochs", "epochs", "Epochs", 1, 100, 1, "Tuning"),
    InputField("retrain_months", "retrain", "Retrain every (months)", 1, HORIZON_MONTHS, 1, "Tuning"),
)
"""The numeric inputs, in form order. ``cached_share`` shows as a percentage; ``batch`` is a checkbox (key ``batch``)."""


@dataclass(frozen=True)
class Cost:
    """One option's monthly cost (None when its model lacks a price it needs, or no record offers it) and the assumption it rests on."""

    option: Option
    label: str
    price: Price | None
    monthly: float | None
    assumption: str

    @property
    def text(self) -> str:
        return TEXTS["unpriced"] if self.monthly is None or self.price is None else money(self.monthly, self.price.currency)


@dataclass(frozen=True)
class BreakEven:
    """The first month from which tuning's cumulative cost stays at or below prompting's; None: never within the horizon."""

    month: int | None
    compared_with: Option
    assumption: str
    reason: str = ""
    """Why no month could be worked out (a missing price, two currencies); empty otherwise."""

    @property
    def text(self) -> str:
        if self.reason:
            return TEXTS["unknown"]
        return fill(TEXTS["month"], month=str(self.month)) if self.month is not None else TEXTS["never"]


@dataclass(frozen=True)
class Estimate:
    """Every option's monthly cost for one set of inputs, and the break-even month of tuning against prompting."""

    inputs: Inputs
    costs: tuple[Cost, ...]
    training: float | None
    break_even: BreakEven

    def cost(self, option: Option) -> Cost:
        return next(cost for cost in self.costs if cost.option == option)


# --- the arithmetic ---------------------------------------------------------------------------


def per_request(price: Price, fresh_tokens: float, cached_tokens: float, output_tokens: float, batch: bool) -> float | None:
    """Cost of one request at ``price``: fresh input, cached input and output tokens, batch discount applied to all of it."""
    if price.input_per_mtok is None or price.output_per_mtok is None:
        return None
    cached_price = price.input_per_mtok if price.cached_input_per_mtok is None else price.cached_input_per_mtok
    cost = (fresh_tokens * price.input_per_mtok + cached_tokens * cached_price + output_tokens * price.output_per_mtok) / MILLION
    if batch and price.batch_discount is not None:
        cost = cost * (1 - price.batch_discount)
    return cost


def prompt_monthly(price: Price, inputs: Inputs, *, caching: bool, batch: bool, context: bool = False) -> float | None:
    """Prompt-only (or, with ``context``, RAG without retrieval) monthly cost; the cache holds only the instructions and examples."""
    fixed = inputs.instruction_tokens + inputs.example_tokens
    cached = fixed * inputs.cached_share if caching else 0.0
    fresh = fixed - cached + (inputs.context_tokens if context else 0)
    cost = per_request(price, fresh, cached, inputs.output_tokens, batch)
    return None if cost is None else cost * inputs.requests_per_month


def rag_monthly(price: Price, inputs: Inputs) -> float | None:
    """RAG monthly cost: the cached prompt plus the retrieved context, the batch discount if requests can wait, plus retrieval."""
    tokens = prompt_monthly(price, inputs, caching=True, batch=inputs.batch, context=True)
    return None if tokens is None else tokens + inputs.requests_per_month / 1000 * inputs.retrieval_per_1k


def training_cost(price: Price, inputs: Inputs) -> float | None:
    """One training run: examples × tokens per example × epochs × the training price per million tokens."""
    if price.training_per_mtok is None:
        return None
    return inputs.training_examples * inputs.tokens_per_example * inputs.epochs * price.training_per_mtok / MILLION


def tuned_inference_monthly(price: Price, inputs: Inputs) -> float | None:
    """The tuned model's monthly running cost: its token prices, else hourly hosting × 730 hours."""
    if price.tuned_input_per_mtok is not None and price.tuned_output_per_mtok is not None:
        per = (inputs.tuned_input_tokens * price.tuned_input_per_mtok + inputs.output_tokens * price.tuned_output_per_mtok) / MILLION
        return per * inputs.requests_per_month
    if price.hosting_per_hour is not None:
        return price.hosting_per_hour * HOURS_PER_MONTH
    return None


def tuned_monthly(price: Price, inputs: Inputs) -> float | None:
    """A tuned smaller model per month: training amortised over the retraining period, plus inference."""
    training = training_cost(price, inputs)
    running = tuned_inference_monthly(price, inputs)
    if training is None or running is None:
        return None
    return training / inputs.retrain_months + running


def routed_monthly(small: Price, large: Price, inputs: Inputs, small_share: float) -> float | None:
    """Model routing: ``small_share`` of the requests to the small model, the rest to the large one, both prompted alike."""
    small_cost = prompt_monthly(small, inputs, caching=False, batch=False)
    large_cost = prompt_monthly(large, inputs, caching=False, batch=False)
    if small_cost is None or large_cost is None:
        return None
    return small_share * small_cost + (1 - small_share) * large_cost


def break_even_month(training: float, running: float, prompting: float, retrain_months: int, horizon: int = HORIZON_MONTHS) -> int | None:
    """The first month m (1..horizon) from which tuning's cumulative cost stays at or below prompting's; None: never.

    Tuning's cumulative cost by month m is ``training × ceil(m / retrain_months) + m × running``: the training
    is paid again at the start of each retraining period, so the lines can cross and cross back.
    """
    found: int | None = None
    for month in range(1, horizon + 1):
        tuned = training * math.ceil(month / retrain_months) + month * running
        if tuned > month * prompting:
            found = None
        elif found is None:
            found = month
    return found


# --- estimates ---------------------------------------------------------------------------------


def estimate(inputs: Inputs, prompt_price: Price, tuned_price: Price | None) -> Estimate:
    """Every option's monthly cost for ``inputs``, with the break-even month of tuning against prompting at its cheapest allowed.

    Without a tuning offer (``tuned_price`` None) the tuned option is not priced and the break-even says why.
    """
    cached = fill(TEXTS["cached"], cached=percent(inputs.cached_share)) if prompt_price.cached_input_per_mtok is not None else TEXTS["cached_none"]
    batch = fill(TEXTS["batch"], discount=percent(prompt_price.batch_discount)) if prompt_price.batch_discount is not None else TEXTS["batch_none"]
    costs = (
        Cost("prompt", LABELS["prompt"], prompt_price, prompt_monthly(prompt_price, inputs, caching=False, batch=False), TEXTS["prompt"]),
        Cost("prompt-cached", LABELS["prompt-cached"], prompt_price, prompt_monthly(prompt_price, inputs, caching=True, batch=False), cached),
        Cost("prompt-batch", LABELS["prompt-batch"], prompt_price, prompt_monthly(prompt_price, inputs, caching=True, batch=True), batch),
        Cost("rag", LABELS["rag"], prompt_price, rag_monthly(prompt_price, inputs), TEXTS["rag_batch" if inputs.batch else "rag"]),
    )
    compared = costs[2] if inputs.batch else costs[1]
    if tuned_price is None:
        tuned = Cost("tuned", LABELS["tuned"], None, None, TEXTS["tuned_none"])
        return Estimate(inputs, (*costs, tuned), None, BreakEven(None, compared.option, TEXTS["break_even"], TEXTS["no_offer"]))
    hosting = tuned_price.tuned_input_per_mtok is None or tuned_price.tuned_output_per_mtok is None
    assumption = fill(TEXTS["tuned"], months=months(inputs.retrain_months), running=TEXTS["running_hosting" if hosting else "running_tokens"])
    tuned = Cost("tuned", LABELS["tuned"], tuned_price, tuned_monthly(tuned_price, inputs), assumption)
    training = training_cost(tuned_price, inputs)
    return Estimate(inputs, (*costs, tuned), training, tuned_break_even(tuned_price, inputs, prompt_price, compared, training))


def tuned_break_even(tuned_price: Price, inputs: Inputs, prompt_price: Price, prompting: Cost, training: float | None) -> BreakEven:
    """Break-even of a tuned model against one prompting cost, or why it cannot be worked out."""
    running = tuned_inference_monthly(tuned_price, inputs)
    if tuned_price.currency != prompt_price.currency:
        return BreakEven(None, prompting.option, TEXTS["break_even"], TEXTS["currencies"])
    if training is None or running is None or prompting.monthly is None:
        return BreakEven(None, prompting.option, TEXTS["break_even"], TEXTS["missing"])
    return BreakEven(break_even_month(training, running, prompting.monthly, inputs.retrain_months), prompting.option, TEXTS["break_even"])


# --- defaults from the price records ------------------------------------------------------------


def can_prompt(price: Price) -> bool:
    """A model that can answer prompts: it has input and output prices."""
    return price.input_per_mtok is not None and price.output_per_mtok is not None


def can_tune(price: Price) -> bool:
    """A tuning offer: a training price and either tuned token prices or hourly hosting."""
    tuned_tokens = price.tuned_input_per_mtok is not None and price.tuned_output_per_mtok is not None
    return price.training_per_mtok is not None and (tuned_tokens or price.hosting_per_hour is not None)


def _open(prices: Sequence[Price]) -> list[Price]:
    """Offers that are not closing, or every offer if all are."""
    return [price for price in prices if price.closing is None] or list(prices)


def default_prompt_model(prices: Sequence[Price]) -> Price | None:
    """The large model to prompt: the dearest by input price, US dollars first.

    Models with a cached-input price and a batch discount come first, so every prompt-only figure
    means something; closing offers only when nothing else is left.
    """

    def rank(price: Price) -> tuple[bool, bool, float, str]:
        return (price.currency != "USD", price.cached_input_per_mtok is None or price.batch_discount is None, -(price.input_per_mtok or 0), price.id)

    return min((price for price in _open(prices) if can_prompt(price)), key=rank, default=None)


def default_tuned_model(prices: Sequence[Price], currency: str) -> Price | None:
    """The small model to tune: the cheapest tuned model to run, in ``currency`` if one is offered in it."""

    def rank(price: Price) -> tuple[bool, bool, float, float, str]:
        return (price.currency != currency, price.tuned_input_per_mtok is None, price.tuned_input_per_mtok or 0, price.hosting_per_hour or 0, price.id)

    return min((price for price in _open(prices) if can_tune(price)), key=rank, default=None)


def routing_model(prices: Sequence[Price], large: Price) -> Price | None:
    """The small model a router sends the easy requests to: the cheapest to prompt in the large model's currency, from its provider if it has one."""
    cheaper = [
        price
        for price in prices
        if can_prompt(price) and price.closing is None and price.currency == large.currency and (price.input_per_mtok or 0) < (large.input_per_mtok or 0)
    ]
    return min(cheaper, key=lambda p: (p.provider != large.provider, p.input_per_mtok or 0, p.id), default=None)


# --- formatting, shared with the script ---------------------------------------------------------


def money(value: float, currency: str) -> str:
    """A figure as the page shows it: whole units from 100 up, cents below (half up, as the script rounds)."""
    symbol = SYMBOLS.get(currency, currency + " ")
    cents = math.floor(value * 100 + 0.5)
    if cents >= 10_000:
        return f"{symbol}{math.floor(value + 0.5):,}"
    return f"{symbol}{cents // 100}.{cents % 100:02d}"


def percent(share: float | None) -> str:
    """0.5 → '50%'."""
    return f"{math.floor((share or 0) * 100 + 0.5)}%"


def count(value: float) -> str:
    """10000 → '10,000'."""
    return f"{math.floor(value + 0.5):,}"


def number(value: float) -> str:
    """A form value: 300000.0 → '300000', 0.5 → '0.5'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- what the page is built from ----------------------------------------------------------------


@dataclass(frozen=True)
class VolumeTable:
    """One precomputed table: a volume's heading, its inputs and the estimate."""

    key: str
    heading: str
    estimate: Estimate


@dataclass(frozen=True)
class Calculator:
    """Everything the calculator page shows: the price records, the defaults and the three precomputed tables."""

    prices: tuple[Price, ...]
    prompt_models: tuple[Price, ...]
    tuned_models: tuple[Price, ...]
    defaults: Inputs
    prompt_default: Price | None
    tuned_default: Price | None
    tables: tuple[VolumeTable, ...] = field(default=())

    @property
    def fields(self) -> tuple[InputField, ...]:
        return INPUT_FIELDS

    @property
    def groups(self) -> list[str]:
        """The input groups in form order."""
        return list(dict.fromkeys(item.group for item in INPUT_FIELDS))

    @property
    def labels(self) -> dict[str, str]:
        return LABELS

    @property
    def texts(self) -> dict[str, str]:
        return TEXTS

    @property
    def hours(self) -> int:
        return HOURS_PER_MONTH

    @property
    def horizon(self) -> int:
        return HORIZON_MONTHS

    def value(self, name: str) -> str:
        """An input's default as the form shows it (the cached share as a percentage)."""
        value = getattr(self.defaults, name)
        return number(value * 100 if name == "cached_share" else value)

    @staticmethod
    def value_of(value: float) -> str:
        """A bound of a form input."""
        return number(value)

    count = staticmethod(count)
    percent = staticmethod(percent)

    @staticmethod
    def rate(value: float | None) -> str:
        """A price per million tokens or per hour as the price table shows it; '–' when the record has none."""
        return "–" if value is None else f"{value:.4g}"

    def data(self) -> dict[str, Any]:
        """What the script needs, as plain JSON: prices, defaults, input fields, volumes and the fixed texts."""
        price_fields = ("id", "provider", "model", "currency", "input_per_mtok", "cached_input_per_mtok", "output_per_mtok", "batch_discount")
        price_fields += ("training_per_mtok", "tuned_input_per_mtok", "tuned_output_per_mtok", "hosting_per_hour", "closing", "source")
        return {
            "prices": [{**{name: getattr(price, name) for name in price_fields}, "checked": price.checked.isoformat()} for price in self.prices],
            "defaults": {
                **{key: value for key, value in asdict(self.defaults).items() if key != "tuned_prompt_tokens"},
                "prompt_model": self.prompt_default.id if self.prompt_default else None,
                "tuned_model": self.tuned_default.id if self.tuned_default else "",
            },
            "fields": [{"name": item.name, "key": item.key, "min": item.minimum, "max": item.maximum} for item in INPUT_FIELDS],
            "form": {item.key: self.value(item.name) for item in INPUT_FIELDS},
            "constants": {"horizon": HORIZON_MONTHS, "hours": HOURS_PER_MONTH, "symbols": SYMBOLS},
            "labels": LABELS,
            "texts": TEXTS,
        }

    def data_json(self) -> str:
        """:meth:`data` as JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` can close or open markup."""
        return escaping.script_json(self.data())


def calculator(prices: Iterable[Price]) -> Calculator:
    """The calculator page's content from the price records."""
    prices = tuple(prices)
    large = default_prompt_model(prices)
    prompt_models = tuple(price for price in prices if can_prompt(price))
    tuned_models = tuple(price for price in prices if can_tune(price))
    base = Inputs()
    if large is None:
        return Calculator(prices, prompt_models, tuned_models, base, None, None)
    small = default_tuned_model(prices, large.currency)
    tables = tuple(VolumeTable(key, heading, estimate(replace(base, requests_per_month=volume), large, small)) for key, heading, volume in VOLUMES)
    return Calculator(prices, prompt_models, tuned_models, base, large, small, tables)


# --- scenario cost sketches ---------------------------------------------------------------------

SKETCH_OPTIONS: dict[str, str] = {"prompting": "prompt", "retrieval": "rag", "fine-tuning": "tuned", "hybrid": "tuned"}
"""How an approach family is priced; a start with a ``small_model_share`` is priced as routing."""


@dataclass(frozen=True)
class SketchRow:
    """One side of a scenario's cost sketch."""

    role: Literal["start", "alternative"]
    option: Option
    label: str
    prices: tuple[Price, ...]
    monthly: float | None

    @property
    def text(self) -> str:
        return TEXTS["unpriced"] if self.monthly is None or not self.prices else money(self.monthly, self.prices[0].currency)


@dataclass(frozen=True)
class Sketch:
    """A scenario's recommended start against its main alternative, per month, with the break-even of tuning."""

    inputs: Inputs
    rows: tuple[SketchRow, ...]
    break_even: BreakEven | None
    assumptions: tuple[str, ...]

    count = staticmethod(count)

    @property
    def prices(self) -> list[Price]:
        seen: dict[str, Price] = {}
        for row in self.rows:
            for price in row.prices:
                seen.setdefault(price.id, price)
        return list(seen.values())


def sketch_inputs(scenario: Scenario) -> Inputs | None:
    """A scenario's token profile as calculator inputs: the whole prompt counts as instructions, nothing cached or batched."""
    profile = scenario.token_profile
    if profile is None:
        return None
    tuned_prompt = profile.tuned_prompt_tokens if profile.tuned_prompt_tokens is not None else profile.prompt_tokens
    return Inputs(
        requests_per_month=profile.requests_per_day * DAYS_PER_MONTH,
        instruction_tokens=profile.prompt_tokens,
        example_tokens=0,
        context_tokens=0,
        output_tokens=profile.output_tokens,
        cached_share=0.0,
        training_examples=profile.training_examples,
        tokens_per_example=tuned_prompt + profile.output_tokens,
        retrain_months=profile.retrain_months,
        tuned_prompt_tokens=tuned_prompt,
    )


def scenario_sketch(scenario: Scenario, start_family: str, prices: Sequence[Price]) -> Sketch | None:
    """The cost sketch of a scenario with a token profile, or None (no profile, no model to prompt, or routing without a cheaper model).

    The start is priced by its approach family (:data:`SKETCH_OPTIONS`), or as routing when the profile
    gives ``small_model_share``. The main alternative of a tuned or routed start is prompting the large
    model on every request; that of a prompted or retrieval start is a tuned smaller model.
    """
    inputs = sketch_inputs(scenario)
    large = default_prompt_model(prices)
    if inputs is None or large is None or scenario.token_profile is None:
        return None
    share = scenario.token_profile.small_model_share
    start = "routed" if share is not None else SKETCH_OPTIONS.get(start_family, "prompt")
    alternative = "tuned" if start in ("prompt", "rag") else "prompt"
    small = default_tuned_model(prices, large.currency)
    cheap = routing_model(prices, large)
    if start == "routed" and cheap is None:
        return None
    prompting = prompt_monthly(large, inputs, caching=False, batch=False)
    rows = []
    for role, option in (("start", start), ("alternative", alternative)):
        if option == "tuned":
            priced = (small,) if small is not None else ()
            rows.append(SketchRow(role, "tuned", "A tuned smaller model", priced, tuned_monthly(small, inputs) if small is not None else None))
        elif option == "routed" and share is not None and cheap is not None:
            label = f"Routing: {percent(share)} to a small model, the rest to a large one"
            rows.append(SketchRow(role, "routed", label, (cheap, large), routed_monthly(cheap, large, inputs, share)))
        elif option == "rag":
            rows.append(SketchRow(role, "rag", "A large model with retrieved context", (large,), prompting))
        else:
            rows.append(SketchRow(role, "prompt", "Prompting a large model", (large,), prompting))
    assumptions = ["The prompt tokens include any retrieved context; no prompt caching or batch discount (the calculator prices both)."]
    if start == "rag":
        assumptions.append("Retrieval itself (vector search, embeddings) is not priced.")
    break_even = None
    if small is not None and "tuned" in (start, alternative):
        every = "month" if inputs.retrain_months == 1 else months(inputs.retrain_months)
        break_even = tuned_break_even(small, inputs, large, Cost("prompt", LABELS["prompt"], large, prompting, ""), training_cost(small, inputs))
        assumptions.append(
            f"The tuned model is trained on {count(inputs.training_examples)} examples of {count(inputs.tokens_per_example)} tokens for "
            f"{inputs.epochs} epochs, retrained every {every}, and priced as a hosted tuning offer; "
            "a model on the team's own servers costs what those servers cost."
        )
    if small is None and "tuned" in (start, alternative):
        assumptions.append(TEXTS["tuned_none"])
    assumptions.append(EQUAL_QUALITY_ROUTED if start == "routed" else EQUAL_QUALITY)
    return Sketch(inputs, tuple(rows), break_even, tuple(assumptions))


def sketch_for(graph: Graph, scenario: Scenario) -> Sketch | None:
    """:func:`scenario_sketch` with the start's family and the price records from the graph (a template global)."""
    if scenario.token_profile is None:
        return None
    start = graph.get(("approach", scenario.recommended_start))
    family = start.model.family if start is not None else "prompting"
    return scenario_sketch(scenario, family, [record.model for record in graph.all("price")])
