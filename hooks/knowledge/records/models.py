"""Typed record models: the single source of truth for validation, schemas, reference and scaffolds.

Reference fields carry :class:`RefTo` metadata naming the kinds they may point at; the
graph stage finds them generically, so no kind needs its own linking code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from knowledge.records import vocabulary as v
from knowledge.records.safety import UnsafeText, check_text, check_url

KEBAB_CASE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class RefTo:
    """Marks a string field as a reference to a record of one of ``kinds``."""

    kinds: tuple[str, ...]


def _safe(check):
    def validate(value: str) -> str:
        try:
            return check(value)
        except UnsafeText as problem:
            raise PydanticCustomError("unsafe_text", "{message}", {"message": problem.message, "hint": problem.hint}) from None

    return validate


RecordId = Annotated[str, StringConstraints(pattern=KEBAB_CASE, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_safe(check_text))]
Url = Annotated[str, AfterValidator(_safe(check_url))]
Tag = Annotated[str, StringConstraints(pattern=KEBAB_CASE, max_length=40)]

ApproachRef = Annotated[RecordId, RefTo(("approach",))]
EvidenceRef = Annotated[RecordId, RefTo(("evidence",))]
FailureModeRef = Annotated[RecordId, RefTo(("failure-mode",))]
ToolRef = Annotated[RecordId, RefTo(("tool",))]
StackPatternRef = Annotated[RecordId, RefTo(("stack-pattern",))]
TermRef = Annotated[RecordId, RefTo(("term",))]
QuestionRef = Annotated[RecordId, RefTo(("question",))]
StepRef = Annotated[RecordId, RefTo(("question", "outcome"))]

Fit = Literal[tuple(v.FIT_LEVELS)]  # type: ignore[valid-type]
Family = Literal[tuple(v.APPROACH_FAMILIES)]  # type: ignore[valid-type]
Domain = Literal[tuple(v.DOMAINS)]  # type: ignore[valid-type]
TaskType = Literal[tuple(v.TASK_TYPES)]  # type: ignore[valid-type]
DataSituation = Literal[tuple(v.DATA_SITUATIONS)]  # type: ignore[valid-type]
Volume = Literal[tuple(v.VOLUMES)]  # type: ignore[valid-type]
StackLayer = Literal[tuple(v.STACK_LAYERS)]  # type: ignore[valid-type]
ToolCategory = Literal[tuple(v.TOOL_CATEGORIES)]  # type: ignore[valid-type]
ToolStatus = Literal[tuple(v.TOOL_STATUSES)]  # type: ignore[valid-type]
EvidenceType = Literal[tuple(v.EVIDENCE_TYPES)]  # type: ignore[valid-type]
Currency = Literal[tuple(v.CURRENCIES)]  # type: ignore[valid-type]
FigureScale = Literal[tuple(v.FIGURE_SCALES)]  # type: ignore[valid-type]
Stance = Literal[tuple(v.STANCES)]  # type: ignore[valid-type]


class Part(BaseModel):
    """A nested part of a record: strict, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Record(Part):
    """Fields every record has."""

    id: RecordId = Field(description="Kebab-case identifier; must equal the file name without '.yaml'.", examples=["rag"])
    title: Text = Field(description="Display name or headline of the record.", max_length=160)
    summary: Text = Field(
        description="One or two plain sentences: shown first on the page, in index tables and as the meta description.",
        max_length=400,
    )
    formerly: list[RecordId] = Field(
        default_factory=list,
        description="Ids this record had before it was renamed: their pages redirect here and the API maps them to this id.",
    )


# --- approach ---------------------------------------------------------------------------


class CostProfile(Part):
    upfront: Text = Field(description="What it costs to get started (people, data, compute).")
    per_request: Text = Field(description="What each request costs once it runs (tokens, latency, hosting).")
    maintenance: Text = Field(description="What it costs to keep it working as things change.")


class Approach(Record):
    """A way to customise a model: prompting, retrieval, a kind of fine-tuning, or a mix."""

    family: Family = Field(description="The broad family the approach belongs to.")
    parent: ApproachRef | None = Field(None, description="The approach this one is a variant of, e.g. 'peft' for LoRA.")
    order: int = Field(100, ge=0, le=1000, description="Sort position in tables (lower comes first).")
    in_comparison: bool = Field(True, description="Whether it gets a column in the comparison table (every factor must then rate it).")
    changes: Text = Field(description="What the approach changes: the prompt, the context, adapter weights, all weights...")
    how_it_works: Text = Field(description="A short paragraph on how it works.")
    components: list[Text] = Field(default_factory=list, description="Techniques or parts it is made of.")
    works_best_when: list[Text] = Field(min_length=1, description="Situations where it is the right tool.")
    fails_when: list[Text] = Field(min_length=1, description="Situations where it disappoints.")
    pros: list[Text] = Field(min_length=1, description="Advantages.")
    cons: list[Text] = Field(min_length=1, description="Drawbacks.")
    cost_profile: CostProfile = Field(description="Upfront, per-request and maintenance cost.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence records about this approach.")
    tools: list[ToolRef] = Field(default_factory=list, description="Tools commonly used for it.")
    terms: list[TermRef] = Field(default_factory=list, description="Glossary terms a reader should know.")
    outside_flow: Text | None = Field(
        None, description="Why no outcome of the decision flow recommends or adds this approach; only for approaches the flow never reaches."
    )


# --- factor -----------------------------------------------------------------------------


class Rating(Part):
    level: Fit | None = Field(None, description="How well the approach does on this factor; required when the factor is rated.")
    value: Text = Field(description="The short cell text, e.g. 'Very fast'.", max_length=80)
    note: Text = Field(description="One sentence that justifies the rating.")


class Factor(Record):
    """A comparison dimension with a rating for each approach."""

    order: int = Field(100, ge=0, le=1000, description="Row position in the comparison table.")
    rated: bool = Field(True, description="False for descriptive rows (e.g. 'what it changes') whose cells have no level.")
    ratings: dict[ApproachRef, Rating] = Field(min_length=1, description="One rating per approach id.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence behind the ratings.")

    @model_validator(mode="after")
    def _levels_match_rated(self) -> Factor:
        for approach, rating in self.ratings.items():
            if self.rated and rating.level is None:
                raise PydanticCustomError(
                    "missing_level",
                    "rating for '{approach}' has no level but the factor is rated",
                    {
                        "approach": approach,
                        "field": ("ratings", approach),
                        "hint": f"add 'level:' with one of {', '.join(v.FIT_LEVELS)}, or set 'rated: false'",
                    },
                )
        return self


# --- failure mode -----------------------------------------------------------------------


class FailureMode(Record):
    """Something that goes wrong when customising a model."""

    affects: list[ApproachRef] = Field(min_length=1, description="Approaches prone to it.")
    symptoms: list[Text] = Field(min_length=1, description="What users or operators notice.")
    detection: list[Text] = Field(min_length=1, description="How an evaluation catches it.")
    mitigations: list[Text] = Field(min_length=1, description="What to do about it.")
    mitigated_by: list[ApproachRef] = Field(default_factory=list, description="Approaches that counter it.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence that it happens.")


# --- scenario ---------------------------------------------------------------------------


class ApproachNote(Part):
    approach: ApproachRef = Field(description="Approach id.")
    note: Text = Field(description="When and why to add it.")


class FailureModeNote(Part):
    failure_mode: FailureModeRef = Field(description="Failure mode id.")
    note: Text = Field(description="Why this scenario must watch for it.")


class EvidenceNote(Part):
    evidence: EvidenceRef = Field(description="Evidence id.")
    note: Text = Field(description="What the evidence says about this scenario.")


class Source(Part):
    title: Text = Field(description="Title of the page or document.")
    url: Url = Field(description="https:// address.")
    publisher: Text | None = Field(None, description="Who published it.")
    checked: dt.date | None = Field(None, description="When the page was last checked (YYYY-MM-DD).")


class RecommendationChange(Part):
    date: dt.date = Field(description="When the recommendation changed (YYYY-MM-DD).")
    previous: ApproachRef = Field(description="The approach recommended before this change.")
    reason: Text = Field(description="Why it changed: new evidence, a new offer, a corrected decision flow...")


class DecisionAnswers(Part):
    answers: dict[QuestionRef, RecordId] = Field(min_length=1, description="The scenario's answer id for each decision question on its path.")
    exception: Text | None = Field(None, description="Why the recommended start differs from the decision flow's outcome, if it does.")


class TokenProfile(Part):
    """A scenario's typical traffic, for the cost sketch on its page (monthly = per day × 730 / 24)."""

    requests_per_day: int = Field(ge=1, le=10_000_000_000, description="Requests a day, as the context states.")
    prompt_tokens: int = Field(ge=1, le=2_000_000, description="Input tokens per request to a prompted model: instructions, examples and any context.")
    output_tokens: int = Field(ge=1, le=1_000_000, description="Output tokens per request.")
    tuned_prompt_tokens: int | None = Field(
        None,
        ge=1,
        le=2_000_000,
        description="Input tokens per request a tuned model still needs (the input and any context, not the instructions it learned); default: prompt_tokens.",
    )
    training_examples: int = Field(1000, ge=1, le=1_000_000_000, description="Examples a tuned model would be trained on, as the context states.")
    retrain_months: int = Field(6, ge=1, le=36, description="Months between retrainings of a tuned model.")
    small_model_share: float | None = Field(None, gt=0, lt=1, description="For a start that routes between models: the share the small model answers.")
    note: Text | None = Field(None, description="Where the numbers come from: which the context states and which are estimates.")


class Scenario(Record):
    """A real product situation and the approach that fits it."""

    domain: Domain = Field(description="Industry or field.")
    task_type: TaskType = Field(description="What the model has to do.")
    data_situation: DataSituation = Field(description="What data the team has.")
    volume: Volume = Field(description="How many requests the task sees.")
    tags: list[Tag] = Field(default_factory=list, description="Extra kebab-case tags for the tag index.")
    context: Text = Field(description="The situation in a short paragraph: product, users, constraints.")
    recommended_start: ApproachRef = Field(description="The approach to start with.")
    why: list[Text] = Field(min_length=1, description="Why that start fits.")
    fails_when: list[Text] = Field(min_length=1, description="What would make the start fail.")
    add_later: list[ApproachNote] = Field(default_factory=list, description="Approaches to add once the start is in place.")
    stack_pattern: StackPatternRef | None = Field(None, description="The stack pattern it follows.")
    failure_modes: list[FailureModeNote] = Field(default_factory=list, description="Failure modes to watch.")
    evidence: list[EvidenceNote] = Field(default_factory=list, description="Evidence relevant to it.")
    sources: list[Source] = Field(default_factory=list, description="Further reading with links.")
    decision: DecisionAnswers = Field(description="Answers to the decision flow's questions, traced by the build.")
    token_profile: TokenProfile | None = Field(
        None, description="Requests a day and tokens per request: the page then prices the recommended start against the main alternative."
    )
    last_reviewed: dt.date = Field(description="When the scenario was last checked (YYYY-MM-DD).")
    published: dt.date | None = Field(None, description="When the scenario first appeared on the site; the feed of new scenarios uses it (else last_reviewed).")
    changes: list[RecommendationChange] = Field(
        default_factory=list, description="Earlier recommended starts, oldest first: each appears in the feeds and on the What changed page."
    )


# --- stack pattern ----------------------------------------------------------------------


class Layer(Part):
    layer: StackLayer = Field(description="Which layer of the stack.")
    role: Text = Field(description="What this layer does in the pattern.")
    tools: list[ToolRef] = Field(default_factory=list, description="Tools that fill the layer.")
    options: list[Text] = Field(default_factory=list, description="Techniques that are not tools (e.g. JSON schema validation).")


class StackPattern(Record):
    """A layered architecture, naming tools for each layer."""

    approaches: list[ApproachRef] = Field(min_length=1, description="Approaches the pattern combines.")
    layers: list[Layer] = Field(min_length=2, description="The layers, top to bottom.")
    when_to_use: list[Text] = Field(min_length=1, description="When to choose the pattern.")
    tradeoffs: list[Text] = Field(default_factory=list, description="What it costs.")


# --- tool -------------------------------------------------------------------------------


class Tool(Record):
    """A product, library, model family or platform used in a stack."""

    category: ToolCategory = Field(description="What kind of tool it is.")
    url: Url = Field(description="Home page or repository, https://.")
    open_source: bool | None = Field(None, description="Whether its code is open source; leave out if mixed.")
    status: ToolStatus = Field("maintained", description="Project or product status.")
    status_note: Text | None = Field(None, description="What changed and what to use instead; required unless 'maintained'.")
    status_checked: dt.date = Field(description="When the status and the facts about the tool were last checked (YYYY-MM-DD).")
    status_source: Url = Field(description="The page they were checked on, https://.")
    approaches: list[ApproachRef] = Field(default_factory=list, description="Approaches it supports.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence about it.")

    @model_validator(mode="after")
    def _explained_status(self) -> Tool:
        if self.status != "maintained" and self.status_note is None:
            raise PydanticCustomError(
                "unexplained_status",
                "status '{status}' needs a 'status_note'",
                {"status": self.status, "field": "status", "hint": "say what changed (or what could not be confirmed) and what to use instead"},
            )
        return self


# --- evidence ---------------------------------------------------------------------------


class Figure(Part):
    metric: Text = Field(description="What was measured, e.g. 'MedQA accuracy'.")
    value: Text = Field(description="The number with its unit, e.g. '90.2%'.", max_length=60)
    scale: FigureScale = Field(description="Whether a percentage is absolute, relative or in points.")
    measured: Text = Field(description="The condition: model, method, data set.")
    baseline: Text | None = Field(None, description="What the figure is compared against, if anything.")


class ApproachStance(Part):
    approach: ApproachRef = Field(description="Approach id.")
    stance: Stance = Field(description="Whether the evidence supports, contradicts or qualifies it.")
    note: Text = Field(description="In what way.")


class Evidence(Record):
    """A paper or vendor document with its figures."""

    subtitle: Text | None = Field(None, description="The part of the source's title after the main title, if it has one.")
    type: EvidenceType = Field(description="Paper, vendor documentation or article.")
    authors: list[Text] = Field(min_length=1, description="Authors as written in the source ('et al.' allowed).")
    organisation: Text | None = Field(None, description="Affiliation or publisher.")
    year: int = Field(ge=1950, le=2100, description="Year of publication.")
    venue: Text = Field(description="Journal, conference, preprint server or site.")
    url: Url = Field(description="Link to the source, https://.")
    checked: dt.date | None = Field(None, description="For vendor statements: when the page was checked.")
    method: Text | None = Field(None, description="How the study was done.")
    findings: list[Text] = Field(min_length=1, description="What it found, in your own words.")
    figures: list[Figure] = Field(default_factory=list, description="Numbers it reports.")
    stances: list[ApproachStance] = Field(default_factory=list, description="Which approaches it supports or contradicts.")
    caveats: list[Text] = Field(default_factory=list, description="Limits of the evidence.")
    contested_by: list[EvidenceRef] = Field(default_factory=list, description="Evidence that argues the other way.")
    verification: Text = Field(description="What the figures were checked against.")

    @model_validator(mode="after")
    def _vendor_statements_dated(self) -> Evidence:
        if self.type == "vendor-documentation" and self.checked is None:
            raise PydanticCustomError(
                "undated_vendor",
                "vendor documentation needs a 'checked' date",
                {"field": "type", "hint": "add 'checked: YYYY-MM-DD' with the day the page was read"},
            )
        return self


# --- prices -----------------------------------------------------------------------------

PerMillion = Annotated[float, Field(ge=0, le=10_000)]


class Price(Record):
    """A dated price list entry: one hosted model or tuning offer, in one currency, from the provider's page."""

    provider: Text = Field(description="Who sells it, e.g. 'OpenAI'.")
    model: Text = Field(description="The model as the provider names it on its price page, e.g. 'gpt-4.1-mini'.")
    tool: ToolRef | None = Field(None, description="The tool record of this provider or model family.")
    currency: Currency = Field("USD", description="Currency of every price in this record.")
    input_per_mtok: PerMillion | None = Field(None, description="Price per million input tokens.")
    cached_input_per_mtok: PerMillion | None = Field(None, description="Price per million input tokens read from the prompt cache.")
    output_per_mtok: PerMillion | None = Field(None, description="Price per million output tokens.")
    batch_discount: float | None = Field(None, ge=0, lt=1, description="Share taken off for asynchronous batch requests, e.g. 0.5 for half price.")
    training_per_mtok: PerMillion | None = Field(None, description="Price per million training tokens (tokens × epochs).")
    tuned_input_per_mtok: PerMillion | None = Field(None, description="Price per million input tokens of a model tuned with this offer.")
    tuned_output_per_mtok: PerMillion | None = Field(None, description="Price per million output tokens of a model tuned with this offer.")
    hosting_per_hour: PerMillion | None = Field(None, description="Hourly price of hosting a tuned model, where it is billed by the hour.")
    closing: Text | None = Field(None, description="If the offer is closing: what ends and when.")
    checked: dt.date = Field(description="When the price page was read (YYYY-MM-DD).")
    source: Url = Field(description="The price page, https://.")

    @model_validator(mode="after")
    def _priced(self) -> Price:
        if all(value is None for value in (self.input_per_mtok, self.output_per_mtok, self.training_per_mtok, self.hosting_per_hour)):
            raise PydanticCustomError(
                "unpriced",
                "a price record needs at least one price",
                {"field": "input_per_mtok", "hint": "add input_per_mtok and output_per_mtok, or training_per_mtok, or hosting_per_hour"},
            )
        return self


# --- glossary, FAQ, common mistakes ------------------------------------------------------


class Term(Record):
    """A glossary term; ``title`` is the term and ``summary`` its definition."""

    aliases: list[Text] = Field(default_factory=list, description="Other names and abbreviations.")
    related: list[TermRef] = Field(default_factory=list, description="Related glossary terms.")
    approaches: list[ApproachRef] = Field(default_factory=list, description="Approaches the term belongs to.")


class Faq(Record):
    """A frequently asked question; ``title`` is the question and ``summary`` the short answer."""

    order: int = Field(100, ge=0, le=1000, description="Position on the FAQ page.")
    answer: Text = Field(description="The longer answer.")
    approaches: list[ApproachRef] = Field(default_factory=list, description="Approaches it is about.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence behind the answer.")


class Mistake(Record):
    """A common mistake teams make when choosing or building an approach."""

    order: int = Field(100, ge=0, le=1000, description="Position in the list.")
    why_it_hurts: Text = Field(description="What it costs.")
    instead: Text = Field(description="What to do instead.")
    failure_modes: list[FailureModeRef] = Field(default_factory=list, description="Failure modes it leads to.")
    approaches: list[ApproachRef] = Field(default_factory=list, description="Approaches involved.")


# --- decision flow ------------------------------------------------------------------------


class Answer(Part):
    id: RecordId = Field(description="Kebab-case id of the answer, unique within the question.")
    label: Text = Field(description="The answer as a reader would say it.", max_length=160)
    next: StepRef = Field(description="The question or outcome this answer leads to.")
    explanation: Text | None = Field(None, description="Why this answer leads there.")


class Question(Record):
    """A question of the decision flow; ``title`` is the question."""

    start: bool = Field(False, description="True for the one question the flow starts with.")
    help: Text = Field(description="How to answer it, with an example.")
    answers: list[Answer] = Field(min_length=2, description="The possible answers.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence behind the question.")
    failure_modes: list[FailureModeRef] = Field(default_factory=list, description="Failure modes the question guards against.")
    terms: list[TermRef] = Field(default_factory=list, description="Glossary terms used.")


class Outcome(Record):
    """An end point of the decision flow that recommends a starting approach."""

    recommends: ApproachRef = Field(description="The approach to start with.")
    add_later: list[ApproachNote] = Field(default_factory=list, description="What to add once it works.")
    rationale: Text = Field(description="Why this is the right start.")
    next_steps: list[Text] = Field(min_length=1, description="Concrete first steps.")
    failure_modes: list[FailureModeRef] = Field(default_factory=list, description="Failure modes to watch.")
    stack_pattern: StackPatternRef | None = Field(None, description="A stack pattern that fits.")
    evidence: list[EvidenceRef] = Field(default_factory=list, description="Evidence behind it.")
    changes: list[RecommendationChange] = Field(
        default_factory=list, description="Earlier recommendations of this outcome, oldest first: each appears in the feeds and on the What changed page."
    )


class Step(Record):
    """One step of the recommended build-up sequence (define, baseline, add, measure, tune)."""

    order: int = Field(ge=1, le=100, description="Position in the sequence.")
    detail: Text = Field(description="What to do in this step and how you know it is done.")
    approaches: list[ApproachRef] = Field(default_factory=list, description="Approaches used in the step.")
    mistakes: list[Annotated[RecordId, RefTo(("mistake",))]] = Field(default_factory=list, description="Mistakes the step prevents.")
