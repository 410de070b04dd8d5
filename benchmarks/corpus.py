"""Synthetic but realistic corpora: every record kind, valid, cross-referenced like the real content.

``generate(content_dir, scenarios)`` writes ``scenarios`` scenario records plus proportional
evidence (N/10), tools (N/20) and stack patterns (N/100), and fixed sets of approaches, factors,
failure modes, decision questions and outcomes, glossary terms, FAQ entries, mistakes and steps.
Field sizes and reference counts follow the real ``content/`` (a scenario is about 4 KB with
three failure modes, three evidence notes, two sources and its path through the decision flow).

Every record is valid: ids equal file names, references resolve, each scenario's answers walk
the decision flow to an outcome that recommends its ``recommended_start``, every factor rates
every approach in the comparison, line 1 is the schema comment, and figures such as percentages
appear only in evidence records. The output is deterministic for a given size and seed.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from benchmarks import PROJECT
from knowledge.load.record_files import schema_comment
from knowledge.records import vocabulary as v
from knowledge.records.kinds import KINDS_BY_NAME

SITE_FILES = ("mkdocs.yml", "docs", "hooks", "overrides")


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    """
model prompt answer context retrieval index passage document team product user request label example
evaluation metric baseline latency cost token budget schema output format tone style policy review
support ticket claim invoice contract clause patient note report summary translation catalogue listing
search ranking query embedding vector store chunk citation source freshness update release version
adapter weight training dataset annotation reviewer quality drift regression guardrail filter audit
privacy residency region vendor hosting server cluster queue batch stream pipeline workflow operator
analyst engineer clinician lawyer teacher student agent customer merchant partner regulator auditor
domain jargon terminology glossary taxonomy category intent entity field record table form scan
accuracy consistency coverage recall precision fluency safety refusal hallucination grounding evidence
insurance banking lending payments wallet exchange ledger transaction portfolio market filing disclosure
hospital pharmacy laboratory radiology triage discharge referral schedule shift roster incident outage
repository commit diff review test build deploy runtime library function snippet refactor migration
course lesson quiz rubric feedback essay curriculum archive manuscript article headline newsroom editor
procurement tender permit benefit case citizen council ministry registry notice consultation appeal
warehouse shipment order return refund inventory supplier pricing promotion checkout basket loyalty
weekly daily monthly seasonal quarterly nightly hourly rare frequent steady bursty growing shrinking
small large narrow broad shallow deep fresh stale noisy clean sparse dense private public shared local
careful quick cheap costly stable volatile strict loose formal friendly concise detailed plain precise
"""
)

VERBS = _words(
    """
answers drafts labels routes summarises extracts classifies translates checks ranks explains reviews
flags rewrites compares scores tags matches groups filters validates cites escalates prepares
"""
)

TAGS = sorted(
    {
        f"{a}-{b}"
        for a, b in zip(
            _words("claims contracts tickets invoices notes reports listings filings lessons commits permits orders") * 3,
            _words("triage routing search drafting extraction review tagging summaries qa audit " * 4),
            strict=False,
        )
    }
)


def _sentence(rng: random.Random, low: int = 10, high: int = 20) -> str:
    words = rng.sample(WORDS, rng.randint(low, high))
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _title(rng: random.Random, words: int = 5) -> str:
    return " ".join(rng.sample(WORDS, words)).capitalize()


def _items(rng: random.Random, count: int) -> list[str]:
    return [_sentence(rng, 12, 20) for _ in range(count)]


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


# --- the fixed part: approaches, flow, factors --------------------------------------------

APPROACHES: list[tuple[str, str, str, str | None, bool]] = [
    # id, title, family, parent, in_comparison
    ("prompt-engineering", "Prompt engineering", "prompting", None, True),
    ("few-shot-prompting", "Few-shot prompting", "prompting", "prompt-engineering", False),
    ("chain-of-thought", "Chain-of-thought prompting", "prompting", "prompt-engineering", False),
    ("structured-output", "Structured output", "prompting", "prompt-engineering", False),
    ("rag", "Retrieval-augmented generation", "retrieval", None, True),
    ("reranked-rag", "Retrieval with reranking", "retrieval", "rag", False),
    ("full-fine-tuning", "Full fine-tuning", "fine-tuning", None, True),
    ("peft", "Parameter-efficient fine-tuning", "fine-tuning", None, True),
    ("lora", "LoRA", "fine-tuning", "peft", False),
    ("qlora", "QLoRA", "fine-tuning", "lora", False),
    ("prompt-tuning", "Prompt tuning", "fine-tuning", None, True),
    ("hybrid", "Tuned model with retrieval", "hybrid", None, True),
]

QUESTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    # id, [(answer id, next)]; the first question starts the flow
    ("gap-kind", [("facts-missing", "knowledge-freshness"), ("behaviour-wrong", "task-stability"), ("no-baseline", "prompt-baseline")]),
    ("knowledge-freshness", [("changes-often", "data-residency"), ("mostly-stable", "retrieval-then-tuning")]),
    ("data-residency", [("hosted-ok", "hosted-retrieval"), ("in-house-only", "self-hosted-retrieval")]),
    ("task-stability", [("stable", "labelled-examples"), ("changing", "iterate-on-prompts")]),
    ("labelled-examples", [("many-with-evals", "volume-pressure"), ("few", "few-shot-and-collect")]),
    ("volume-pressure", [("costly-at-scale", "fresh-context"), ("prompt-suffices", "optimise-prompts")]),
    ("fresh-context", [("needs-context", "tuned-with-retrieval"), ("self-contained", "weights-access")]),
    ("weights-access", [("can-train", "adaptation-depth"), ("api-only", "optimise-prompts")]),
    ("adaptation-depth", [("narrow", "peft-adapter"), ("deep-shift", "full-fine-tune"), ("many-tasks", "soft-prompts")]),
]

OUTCOMES: dict[str, str] = {
    "prompt-baseline": "prompt-engineering",
    "retrieval-then-tuning": "rag",
    "hosted-retrieval": "rag",
    "self-hosted-retrieval": "reranked-rag",
    "iterate-on-prompts": "prompt-engineering",
    "few-shot-and-collect": "few-shot-prompting",
    "optimise-prompts": "prompt-engineering",
    "tuned-with-retrieval": "hybrid",
    "peft-adapter": "lora",
    "full-fine-tune": "full-fine-tuning",
    "soft-prompts": "prompt-tuning",
}

FACTOR_COUNT = 12
FAILURE_MODE_COUNT = 12
TERM_COUNT = 25
FAQ_COUNT = 8
MISTAKE_COUNT = 8
STEP_COUNT = 5


@dataclass
class Counts:
    """How many records of each kind a corpus holds."""

    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Every record."""
        return sum(self.by_kind.values())


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Plain YAML: no anchors or aliases (the engine rejects them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _write(content_dir: Path, kind: str, data: dict[str, Any]) -> None:
    spec = KINDS_BY_NAME[kind]
    folder = content_dir / spec.content_dir
    folder.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    (folder / f"{data['id']}.yaml").write_text(f"{schema_comment(spec)}\n{body}", encoding="utf-8")


def _walk_flow(rng: random.Random) -> tuple[dict[str, str], str]:
    """A random path through the flow: the answer to each question on it and the outcome reached."""
    questions = dict(QUESTIONS)
    node, answers = QUESTIONS[0][0], {}
    while node in questions:
        answer, following = rng.choice(questions[node])
        answers[node] = answer
        node = following
    return answers, node


def generate(content_dir: Path, scenarios: int, seed: int = 20261124) -> Counts:
    """Write a corpus with ``scenarios`` scenarios (and proportional other kinds) to ``content_dir``."""
    rng = random.Random(seed)
    if content_dir.exists():
        shutil.rmtree(content_dir)
    content_dir.mkdir(parents=True)
    counts = Counts()

    def emit(kind: str, data: dict[str, Any]) -> None:
        _write(content_dir, kind, data)
        counts.by_kind[kind] = counts.by_kind.get(kind, 0) + 1

    evidence_count = max(4, scenarios // 10) // 2 * 2  # even: contested evidence comes in pairs
    tool_count = max(4, scenarios // 20)
    pattern_count = max(3, scenarios // 100)
    approach_ids = [a[0] for a in APPROACHES]
    compared = [a[0] for a in APPROACHES if a[4]]
    evidence_ids = [f"study-{i:05d}-{_slug(_title(rng, 2))}" for i in range(evidence_count)]
    tool_ids = [f"tool-{i:05d}-{_slug(_title(rng, 2))}" for i in range(tool_count)]
    pattern_ids = [f"stack-{i:04d}-{_slug(_title(rng, 2))}" for i in range(pattern_count)]
    failure_ids = [f"failure-{i:02d}-{_slug(_title(rng, 2))}" for i in range(FAILURE_MODE_COUNT)]
    term_ids = [f"term-{i:02d}-{_slug(_title(rng, 1))}" for i in range(TERM_COUNT)]
    mistake_ids = [f"mistake-{i:02d}" for i in range(MISTAKE_COUNT)]

    def some(ids: list[str], low: int, high: int) -> list[str]:
        return rng.sample(ids, min(len(ids), rng.randint(low, high)))

    def reviewed() -> date:
        return date(2024, 6, 1) + timedelta(days=rng.randint(0, 880))  # up to 2026-10-29; some go stale

    def checked() -> date:
        """A vendor statement checked recently, as the build expects (stale ones warn)."""
        return date.today() - timedelta(days=rng.randint(0, 150))

    reached = set(OUTCOMES.values())
    """Approaches an outcome recommends; outcomes add only these later, and the others say why they stay outside the flow."""

    for index, (approach_id, title, family, parent, in_comparison) in enumerate(APPROACHES):
        record: dict[str, Any] = {"id": approach_id, "title": title, "summary": _paragraph(rng, 2)[:390], "family": family}
        if parent:
            record["parent"] = parent
        record |= {
            "order": index + 1,
            "in_comparison": in_comparison,
            "changes": _sentence(rng),
            "how_it_works": _paragraph(rng, 4),
            "components": _items(rng, 3),
            "works_best_when": _items(rng, 4),
            "fails_when": _items(rng, 3),
            "pros": _items(rng, 4),
            "cons": _items(rng, 4),
            "cost_profile": {"upfront": _sentence(rng), "per_request": _sentence(rng), "maintenance": _sentence(rng)},
            "evidence": some(evidence_ids, 2, 4),
            "tools": some(tool_ids, 2, 4),
            "terms": some(term_ids, 1, 3),
            **({} if approach_id in reached else {"outside_flow": _sentence(rng)}),
        }
        emit("approach", record)

    levels = list(v.FIT_LEVELS)
    for index in range(FACTOR_COUNT):
        rated = index != 0
        ratings = {}
        for approach_id in compared + some([a for a in approach_ids if a not in compared], 0, 2):
            rating: dict[str, Any] = {"value": _title(rng, 3), "note": _sentence(rng)}
            if rated:
                rating = {"level": rng.choice(levels), **rating}
            ratings[approach_id] = rating
        emit(
            "factor",
            {
                "id": f"factor-{index:02d}-{_slug(_title(rng, 2))}",
                "title": _title(rng, 3),
                "summary": _sentence(rng),
                "order": index + 1,
                "rated": rated,
                "ratings": ratings,
                "evidence": some(evidence_ids, 0, 2),
            },
        )

    for failure_id in failure_ids:
        emit(
            "failure-mode",
            {
                "id": failure_id,
                "title": _title(rng, 3),
                "summary": _paragraph(rng, 2)[:390],
                "affects": some(approach_ids, 1, 3),
                "symptoms": _items(rng, 3),
                "detection": _items(rng, 3),
                "mitigations": _items(rng, 3),
                "mitigated_by": some(approach_ids, 0, 2),
                "evidence": some(evidence_ids, 1, 2),
            },
        )

    for index, (question_id, answers) in enumerate(QUESTIONS):
        record = {"id": question_id, "title": _title(rng, 7) + "?", "summary": _sentence(rng)}
        if index == 0:
            record["start"] = True
        record |= {
            "help": _paragraph(rng, 2),
            "answers": [{"id": answer, "label": _title(rng, 4), "next": following, "explanation": _sentence(rng)} for answer, following in answers],
            "evidence": some(evidence_ids, 0, 2),
            "failure_modes": some(failure_ids, 0, 2),
            "terms": some(term_ids, 0, 2),
        }
        emit("question", record)

    for outcome_id, recommends in OUTCOMES.items():
        emit(
            "outcome",
            {
                "id": outcome_id,
                "title": _title(rng, 4),
                "summary": _sentence(rng),
                "recommends": recommends,
                "add_later": [{"approach": a, "note": _sentence(rng)} for a in some(sorted(reached - {recommends}), 1, 2)],
                "rationale": _paragraph(rng, 3),
                "next_steps": _items(rng, 3),
                "failure_modes": some(failure_ids, 1, 3),
                "stack_pattern": rng.choice(pattern_ids),
                "evidence": some(evidence_ids, 1, 2),
            },
        )

    for index in range(STEP_COUNT):
        emit(
            "step",
            {
                "id": f"step-{index + 1}",
                "title": _title(rng, 4),
                "summary": _sentence(rng),
                "order": index + 1,
                "detail": _paragraph(rng, 3),
                "approaches": some(approach_ids, 1, 2),
                "mistakes": some(mistake_ids, 0, 2),
            },
        )

    for index, term_id in enumerate(term_ids):
        emit(
            "term",
            {
                "id": term_id,
                "title": _title(rng, 2),
                "summary": _sentence(rng),
                "aliases": [_title(rng, 2)] if index % 3 == 0 else [],
                "related": some([t for t in term_ids if t != term_id], 0, 2),
                "approaches": some(approach_ids, 0, 2),
            },
        )

    for index in range(FAQ_COUNT):
        emit(
            "faq",
            {
                "id": f"faq-{index:02d}",
                "title": _title(rng, 8) + "?",
                "summary": _sentence(rng),
                "order": index + 1,
                "answer": _paragraph(rng, 4),
                "approaches": some(approach_ids, 1, 2),
                "evidence": some(evidence_ids, 0, 2),
            },
        )

    for index, mistake_id in enumerate(mistake_ids):
        emit(
            "mistake",
            {
                "id": mistake_id,
                "title": _title(rng, 6),
                "summary": _sentence(rng),
                "order": index + 1,
                "why_it_hurts": _paragraph(rng, 2),
                "instead": _paragraph(rng, 2),
                "failure_modes": some(failure_ids, 1, 2),
                "approaches": some(approach_ids, 1, 2),
            },
        )

    figure_values = [("+4 points", "percentage-points"), ("71.5%", "absolute-percent"), ("+12%", "relative-percent"), ("3x", "multiplier"), ("410", "number")]
    for index, evidence_id in enumerate(evidence_ids):
        vendor = index % 4 == 3
        record = {
            "id": evidence_id,
            "title": _title(rng, 7),
            "summary": _sentence(rng),
            "type": "vendor-documentation" if vendor else rng.choice(["paper", "paper", "article"]),
            "authors": [_title(rng, 2) for _ in range(rng.randint(1, 4))],
            "organisation": _title(rng, 2),
            "year": rng.randint(2019, 2026),
            "venue": _title(rng, 3),
            "url": f"https://example.org/evidence/{evidence_id}",
        }
        if vendor:
            record["checked"] = checked()
        record |= {
            "method": _paragraph(rng, 2),
            "findings": _items(rng, 3),
            "figures": [
                {"metric": _title(rng, 3), "value": value, "scale": scale, "measured": _sentence(rng), "baseline": _sentence(rng)}
                for value, scale in rng.sample(figure_values, 2)
            ],
            "stances": [{"approach": a, "stance": rng.choice(list(v.STANCES)), "note": _sentence(rng)} for a in rng.sample(approach_ids, 2)],
            "caveats": _items(rng, 2),
            "contested_by": [evidence_ids[index ^ 1]] if index % 10 in (0, 1) else [],
            "verification": _sentence(rng),
        }
        emit("evidence", record)

    categories = list(v.TOOL_CATEGORIES)
    for index, tool_id in enumerate(tool_ids):
        record = {
            "id": tool_id,
            "title": _title(rng, 2),
            "summary": _sentence(rng),
            "category": rng.choice(categories),
            "url": f"https://example.org/tools/{tool_id}",
            "open_source": index % 2 == 0,
        }
        if index % 7 == 6:
            record |= {"status": "maintenance-mode", "status_note": _sentence(rng)}
        record |= {"status_checked": checked(), "status_source": f"https://example.org/tools/{tool_id}/releases"}
        record |= {"approaches": some(approach_ids, 1, 2), "evidence": some(evidence_ids, 0, 1)}
        emit("tool", record)

    layers = list(v.STACK_LAYERS)
    for pattern_id in pattern_ids:
        emit(
            "stack-pattern",
            {
                "id": pattern_id,
                "title": _title(rng, 3),
                "summary": _sentence(rng),
                "approaches": some(approach_ids, 2, 3),
                "layers": [
                    {"layer": layer, "role": _sentence(rng), "tools": some(tool_ids, 1, 2), "options": [_title(rng, 2)]} for layer in rng.sample(layers, 4)
                ],
                "when_to_use": _items(rng, 3),
                "tradeoffs": _items(rng, 2),
            },
        )

    domains, tasks = list(v.DOMAINS), list(v.TASK_TYPES)
    data_situations, volumes = list(v.DATA_SITUATIONS), list(v.VOLUMES)
    for index in range(scenarios):
        title = _title(rng, rng.randint(4, 7))
        answers, outcome = _walk_flow(rng)
        start = OUTCOMES[outcome]
        emit(
            "scenario",
            {
                "id": f"{_slug(title)}-{index:05d}",
                "title": title,
                "summary": _paragraph(rng, 2)[:390],
                "domain": rng.choice(domains),
                "task_type": rng.choice(tasks),
                "data_situation": rng.choice(data_situations),
                "volume": rng.choice(volumes),
                "tags": rng.sample(TAGS, rng.randint(3, 5)),
                "context": _paragraph(rng, 6),
                "recommended_start": start,
                "why": _items(rng, 4),
                "fails_when": _items(rng, 3),
                "add_later": [{"approach": a, "note": _paragraph(rng, 1)} for a in some([a for a in approach_ids if a != start], 2, 2)],
                "stack_pattern": rng.choice(pattern_ids),
                "failure_modes": [{"failure_mode": f, "note": _paragraph(rng, 1)} for f in some(failure_ids, 3, 3)],
                "evidence": [{"evidence": e, "note": _paragraph(rng, 1)} for e in some(evidence_ids, 3, 3)],
                "sources": [{"title": _title(rng, 5), "url": f"https://example.org/sources/{index}/{n}", "publisher": _title(rng, 2)} for n in range(2)],
                "decision": {"answers": answers},
                "last_reviewed": reviewed(),
            },
        )
    return counts


def make_project(target: Path, scenarios: int, seed: int = 20261124) -> Counts:
    """A buildable project in ``target``: this repository's site files plus a generated corpus."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        source, destination = PROJECT / name, target / name
        if destination.is_dir():
            shutil.rmtree(destination)
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, destination)
    return generate(target / "content", scenarios, seed)
