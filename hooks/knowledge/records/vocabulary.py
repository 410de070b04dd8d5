"""Controlled vocabularies: the allowed values of enumerated fields and their display labels."""

from __future__ import annotations

FIT_LEVELS: dict[str, str] = {
    "strong": "Strong",
    "good": "Good",
    "mixed": "Mixed",
    "weak": "Weak",
    "poor": "Poor",
}
"""How well an approach does on a comparison factor, best first."""

APPROACH_FAMILIES: dict[str, str] = {
    "prompting": "Prompting",
    "retrieval": "Retrieval",
    "fine-tuning": "Fine-tuning",
    "hybrid": "Hybrid",
}

DOMAINS: dict[str, str] = {
    "web3": "Web3",
    "healthcare": "Healthcare",
    "finance": "Finance",
    "software-engineering": "Software engineering",
    "education": "Education",
    "research": "Research and humanities",
    "customer-support": "Customer support",
    "legal": "Legal",
    "e-commerce": "E-commerce",
    "enterprise-knowledge": "Enterprise knowledge",
    "media": "Media and publishing",
    "public-sector": "Public sector",
    "insurance": "Insurance",
    "manufacturing": "Manufacturing and field service",
    "agriculture": "Agriculture",
    "telecommunications": "Telecommunications",
    "travel-and-hospitality": "Travel and hospitality",
    "real-estate": "Real estate",
    "human-resources": "Human resources and recruiting",
    "cybersecurity": "Cybersecurity",
    "language-services": "Translation and localisation",
    "logistics": "Logistics and trade",
    "gaming": "Gaming and online communities",
    "energy": "Energy and utilities",
}

TASK_TYPES: dict[str, str] = {
    "question-answering": "Question answering",
    "classification": "Classification and labelling",
    "extraction": "Extraction",
    "generation": "Content generation",
    "summarisation": "Summarisation and synthesis",
    "conversation": "Conversational assistant",
    "code": "Code",
    "explanation": "Explanation and teaching",
    "analysis": "Analysis and reasoning",
}

DATA_SITUATIONS: dict[str, str] = {
    "no-labelled-data": "No labelled data yet",
    "a-few-examples": "A few good examples",
    "labelled-dataset": "A clean labelled dataset",
    "document-corpus": "Documents, not labels",
    "raw-logs": "Raw logs only",
}

VOLUMES: dict[str, str] = {
    "low": "Low (under 1k requests a day)",
    "medium": "Medium (1k to 100k a day)",
    "high": "High (100k to 10M a day)",
    "very-high": "Very high (over 10M a day)",
}

STACK_LAYERS: dict[str, str] = {
    "foundation-model": "Foundation model",
    "base-model": "Base model",
    "retrieval": "Retrieval",
    "orchestration": "Orchestration",
    "guardrails": "Guardrails",
    "observability": "Observability",
    "training": "Training",
    "serving": "Serving",
    "evaluation": "Evaluation",
    "data-sources": "Data sources",
}

TOOL_CATEGORIES: dict[str, str] = {
    "foundation-model": "Foundation model",
    "open-weight-model": "Open-weight model family",
    "vector-database": "Vector database",
    "orchestration": "Orchestration",
    "guardrails": "Guardrails and structured output",
    "observability": "Observability",
    "training": "Training",
    "serving": "Serving",
    "evaluation": "Evaluation",
    "fine-tuning-service": "Hosted fine-tuning",
    "web3-data": "Web3 data source",
    "prompt-management": "Prompt management",
}

TOOL_STATUSES: dict[str, str] = {
    "maintained": "Maintained",
    "maintenance-mode": "Maintenance mode",
    "winding-down": "Winding down",
    "deprecated": "Deprecated",
    "unverified": "Not confirmed",
}

EVIDENCE_TYPES: dict[str, str] = {
    "paper": "Research paper",
    "vendor-documentation": "Vendor documentation",
    "article": "Article",
}

FIGURE_SCALES: dict[str, str] = {
    "absolute-percent": "absolute (a score or share in %)",
    "relative-percent": "relative (% change against a baseline)",
    "percentage-points": "percentage points (absolute difference)",
    "number": "number",
    "multiplier": "multiplier (times)",
}

CURRENCIES: dict[str, str] = {
    "USD": "US dollars",
    "EUR": "euros",
}
"""Currencies a price record may be in."""

STANCES: dict[str, str] = {
    "supports": "Supports",
    "contradicts": "Contradicts",
    "qualifies": "Qualifies",
}

FIELD_VOCABULARIES: dict[str, dict[str, str]] = {
    "family": APPROACH_FAMILIES,
    "domain": DOMAINS,
    "task_type": TASK_TYPES,
    "data_situation": DATA_SITUATIONS,
    "volume": VOLUMES,
    "layer": STACK_LAYERS,
    "category": TOOL_CATEGORIES,
    "status": TOOL_STATUSES,
    "type": EVIDENCE_TYPES,
    "scale": FIGURE_SCALES,
    "stance": STANCES,
    "level": FIT_LEVELS,
    "currency": CURRENCIES,
}
"""Which vocabulary labels the values of a field with this name."""


def label(field: str, value: object) -> str:
    """Display label of an enumerated value (the value itself when the field has no vocabulary)."""
    return FIELD_VOCABULARIES.get(field, {}).get(str(value), str(value))
