"""The record kinds: one entry each. Adding a kind is a model, a template and an entry here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from knowledge.records import models as m


@dataclass(frozen=True)
class IndexColumn:
    """A column of a kind's index table: a header and the record field it shows."""

    header: str
    field: str


@dataclass(frozen=True)
class KindSpec:
    """How one record kind is stored, validated, rendered and exported."""

    name: str
    model: type[BaseModel]
    folder: str
    singular: str
    plural: str
    intro: str
    columns: tuple[IndexColumn, ...] = ()
    sort_by: tuple[str, ...] = ("title",)
    pages: bool = True
    """False: records are sections of the index page (glossary, FAQ) rather than pages."""
    in_nav: bool = True
    """False: the index page is reached from other pages, not from the navigation."""
    site_folder: str = ""
    """Folder of the generated pages when it differs from the content folder."""

    @property
    def content_dir(self) -> str:
        """Folder below ``content/`` that holds the YAML files."""
        return self.folder

    @property
    def site_dir(self) -> str:
        """Folder of the generated pages in the site."""
        return self.site_folder or self.folder

    @property
    def index_uri(self) -> str:
        """Source URI of the kind's index page."""
        return f"{self.site_dir}/index.md"

    def page_uri(self, record_id: str) -> str:
        """Source URI of a record's page (or its anchor on the index page)."""
        if self.pages:
            return f"{self.site_dir}/{record_id}.md"
        return f"{self.site_dir}/index.md#{record_id}"

    @property
    def export_name(self) -> str:
        """File name stem of the JSON export and schema."""
        return self.site_dir.replace("/", "-")

    def sort_key(self, record: Any) -> tuple:
        """Sort records by the kind's sort fields."""
        return tuple(getattr(record, name) for name in self.sort_by)


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        "approach",
        m.Approach,
        "approaches",
        "Approach",
        "Approaches",
        "Ways to customise a language model, from changing the prompt to changing the weights.",
        (IndexColumn("Family", "family"), IndexColumn("What it changes", "changes")),
        ("order", "title"),
    ),
    KindSpec(
        "factor",
        m.Factor,
        "factors",
        "Factor",
        "Comparison factors",
        "The dimensions on which the approaches are compared, each with a rating per approach.",
        (),
        ("order", "title"),
    ),
    KindSpec(
        "failure-mode",
        m.FailureMode,
        "failure-modes",
        "Failure mode",
        "Failure modes",
        "What goes wrong, how an evaluation catches it, and what to do about it.",
        (IndexColumn("Affects", "affects"),),
    ),
    KindSpec(
        "scenario",
        m.Scenario,
        "scenarios",
        "Scenario",
        "Scenarios",
        "Real product situations and the approach that fits each one.",
        (
            IndexColumn("Domain", "domain"),
            IndexColumn("Task", "task_type"),
            IndexColumn("Data", "data_situation"),
            IndexColumn("Volume", "volume"),
            IndexColumn("Start with", "recommended_start"),
        ),
        ("domain", "title"),
    ),
    KindSpec(
        "stack-pattern",
        m.StackPattern,
        "stack-patterns",
        "Stack pattern",
        "Stack patterns",
        "Layered architectures that name a tool for each layer.",
        (IndexColumn("Combines", "approaches"),),
    ),
    KindSpec(
        "tool",
        m.Tool,
        "tools",
        "Tool",
        "Tools",
        "Models, databases, frameworks and services that appear in the stacks, with their current status.",
        (IndexColumn("Category", "category"), IndexColumn("Status", "status")),
        ("category", "title"),
    ),
    KindSpec(
        "evidence",
        m.Evidence,
        "evidence",
        "Evidence",
        "Evidence",
        "Papers and vendor documents behind the advice, with their figures and what they support.",
        (IndexColumn("Year", "year"), IndexColumn("Type", "type")),
        ("year", "title"),
    ),
    KindSpec(
        "term",
        m.Term,
        "glossary",
        "Term",
        "Glossary",
        "The vocabulary of model customisation in plain words.",
        pages=False,
    ),
    KindSpec(
        "faq",
        m.Faq,
        "faq",
        "Question",
        "Frequently asked questions",
        "Short answers to the questions teams ask most, with links to the detail.",
        sort_by=("order", "title"),
        pages=False,
    ),
    KindSpec(
        "mistake",
        m.Mistake,
        "mistakes",
        "Mistake",
        "Common mistakes",
        "Mistakes teams make again and again, and what to do instead.",
        sort_by=("order", "title"),
        pages=False,
    ),
    KindSpec(
        "question",
        m.Question,
        "decision/questions",
        "Question",
        "Decision questions",
        "The questions of the decision flow.",
        sort_by=("title",),
        site_folder="decide/questions",
        in_nav=False,
    ),
    KindSpec(
        "outcome",
        m.Outcome,
        "decision/outcomes",
        "Outcome",
        "Decision outcomes",
        "Where the decision flow ends: a starting approach and what to add later.",
        (IndexColumn("Start with", "recommends"),),
        site_folder="decide/outcomes",
        in_nav=False,
    ),
    KindSpec(
        "price",
        m.Price,
        "prices",
        "Price",
        "Prices",
        "Dated prices of hosted models and tuning offers, each from the provider's price page; the calculator and the scenarios' cost sketches use them.",
        (IndexColumn("Provider", "provider"), IndexColumn("Model", "model"), IndexColumn("Checked", "checked")),
        ("provider", "model"),
    ),
    KindSpec(
        "step",
        m.Step,
        "decision/steps",
        "Step",
        "The build-up sequence",
        "The order in which to add approaches, so each step is measured before the next.",
        sort_by=("order",),
        pages=False,
        site_folder="decide/steps",
    ),
)

KINDS_BY_NAME: dict[str, KindSpec] = {spec.name: spec for spec in KINDS}
KINDS_BY_FOLDER: dict[str, KindSpec] = {spec.content_dir: spec for spec in KINDS}
