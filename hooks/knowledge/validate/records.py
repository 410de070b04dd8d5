"""Validate stage: typed models from raw records, every problem with its file, line and fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge.load.record_files import RawRecord
from knowledge.problems import ProblemLog, did_you_mean, one_of
from knowledge.records.fields import Loc, allowed_values, model_fields_at, type_at

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'key: value' lines",
    "model_attributes_type": "a mapping of 'key: value' lines",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


@dataclass
class ValidRecord:
    """A record that passed its model, with where it came from."""

    raw: RawRecord
    model: BaseModel

    @property
    def kind(self) -> str:
        """Name of the record kind."""
        return self.raw.spec.name

    @property
    def id(self) -> str:
        """The record id (equal to the file stem)."""
        return self.model.id  # type: ignore[attr-defined]


def describe(value: Any) -> str:
    """Short human description of a YAML value's type."""
    if value is None:
        return "nothing"
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


def slugify(text: str) -> str:
    """A kebab-case id made from any text."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "record-id"


def _field_name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    return names[-1] if names else "record"


def report_validation_error(raw: RawRecord, error: dict[str, Any], log: ProblemLog) -> None:
    """Turn one pydantic error into a positioned problem with a fix."""
    model = raw.spec.model
    loc: Loc = tuple(error["loc"])
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    name = _field_name(loc)
    parsed = raw.parsed
    line, column = parsed.position_of(loc)
    message, hint = error["msg"], str(ctx.get("hint", ""))

    if kind == "missing":
        line, column = parsed.position_of(loc[:-1]) if loc[:-1] else (1, 1)
        field_info = getattr(type_at(model, loc[:-1]) or model, "model_fields", {}).get(name)
        described = f": {field_info.description}" if field_info is not None and field_info.description else ""
        message, hint = f"missing required field '{name}'", f"add '{name}:'{described}"
    elif kind == "extra_forbidden":
        line, column = parsed.position_of(loc, key=True)
        fields = model_fields_at(model, loc[:-1])
        message = f"unknown field '{name}'"
        hint = did_you_mean(name, fields) or "allowed fields: " + ", ".join(fields)
    elif kind in ("literal_error", "enum"):
        allowed = allowed_values(type_at(model, loc))
        message = f"'{value}' is not an allowed value for '{name}'"
        hint = "; ".join(filter(None, [did_you_mean(value, allowed), one_of(allowed)]))
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' is not a kebab-case id"
        hint = f"use lowercase letters, digits and single hyphens, e.g. '{slugify(value)}'"
    elif kind in _TYPE_NAMES:
        message = f"'{name}' must be {_TYPE_NAMES[kind]}, not {describe(value)}"
        hint = "check the indentation and the value's form" if isinstance(value, (dict, list)) else "fix the value"
        if kind.startswith("date"):
            hint = "write the date as YYYY-MM-DD, e.g. 2026-01-31"
    elif kind == "too_short":
        minimum = ctx.get("min_length", 1)
        message = f"'{name}' needs at least {minimum} item{'s' if minimum != 1 else ''}"
        hint = f"add {'an item' if minimum == 1 else 'items'} under '{name}:'"
    elif kind == "string_too_short":
        message, hint = f"'{name}' is empty", "write the text, or remove the field if it is optional"
    elif kind == "string_too_long":
        message = f"'{name}' is longer than {ctx.get('max_length')} characters"
        hint = "shorten it; put detail in a longer field"
    elif kind in ("greater_than_equal", "less_than_equal"):
        hint = "use a value inside the allowed range"
    elif "field" in ctx:  # a rule of the whole model that one field triggers
        target = ctx["field"] if isinstance(ctx["field"], tuple) else (ctx["field"],)
        line, column = parsed.position_of((*loc, *target))
    elif kind == "unsafe_text":
        message = f"'{name}': {message}"
    log.error(raw.display_path, line, column, message, hint)


def validate_record(raw: RawRecord, log: ProblemLog) -> ValidRecord | None:
    """Validate one raw record against its kind's model; report every problem."""
    data = raw.parsed.data
    record_id = data.get("id")
    ok = True
    if isinstance(record_id, str) and record_id != raw.stem:
        line, column = raw.parsed.position_of(("id",))
        log.error(
            raw.display_path,
            line,
            column,
            f"id '{record_id}' does not match the file name '{raw.path.name}'",
            f"rename the file to '{slugify(record_id)}.yaml' or set 'id: {raw.stem}'",
        )
        ok = False
    try:
        model = raw.spec.model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            report_validation_error(raw, item, log)
        return None
    return ValidRecord(raw, model) if ok else None


def validate_records(raws: list[RawRecord], log: ProblemLog) -> list[ValidRecord]:
    """Validate stage: all records that pass, with duplicate ids reported; the models replace their parsed data."""
    valid = [record for raw in raws if (record := validate_record(raw, log)) is not None]
    seen: dict[tuple[str, str], ValidRecord] = {}
    unique = []
    for record in valid:
        key = (record.kind, record.id)
        if key in seen:
            line, column = record.raw.parsed.position_of(("id",))
            log.error(
                record.raw.display_path,
                line,
                column,
                f"duplicate id '{record.id}', already used by {seen[key].raw.display_path}",
                "give each record its own id",
            )
            continue
        seen[key] = record
        unique.append(record)
    for record in unique:
        record.raw.parsed.release_data()  # only failed records' data is read again (for their references)
    return unique
