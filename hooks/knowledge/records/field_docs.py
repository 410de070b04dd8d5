"""A flat description of every field of a model: for the field reference page and the scaffolds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from knowledge.records.fields import allowed_values, field_hints, unwrap
from knowledge.records.kinds import KINDS_BY_NAME
from knowledge.records.models import RefTo


@dataclass(frozen=True)
class FieldDoc:
    """One field: dotted name, type in words, whether required, allowed values, description."""

    name: str
    type: str
    required: bool
    allowed: tuple[str, ...]
    description: str
    default: Any
    depth: int
    is_list: bool
    nested: type[BaseModel] | None


def describe_type(annotation: Any) -> tuple[str, bool, type[BaseModel] | None]:
    """Type in words, whether it is a list, and the nested model if any."""
    bare, metadata = unwrap(annotation)
    ref = next((item for item in metadata if isinstance(item, RefTo)), None)
    if ref is not None:
        return " or ".join(f"{KINDS_BY_NAME[k].singular.lower()} id" for k in ref.kinds), False, None
    origin = get_origin(bare)
    if origin is list:
        inner, _, nested = describe_type(get_args(bare)[0])
        return f"list of {inner}", True, nested
    if origin is dict:
        key, _, _ = describe_type(get_args(bare)[0])
        value, _, nested = describe_type(get_args(bare)[1])
        return f"mapping of {key} to {value}", False, nested
    if allowed_values(bare):
        return "one of the allowed values", False, None
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return "mapping", False, bare
    names = {"str": "text", "int": "whole number", "bool": "true or false", "date": "date (YYYY-MM-DD)"}
    return names.get(getattr(bare, "__name__", str(bare)), str(bare)), False, None


def field_docs(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[FieldDoc]:
    """Every field of a model, nested models expanded with dotted names."""
    docs: list[FieldDoc] = []
    hints = field_hints(model)
    for name, info in model.model_fields.items():
        annotation = hints[name]
        words, is_list, nested = describe_type(annotation)
        default = None if info.default is PydanticUndefined else info.default
        if info.default_factory is not None:
            default = info.default_factory()
        docs.append(
            FieldDoc(
                name=prefix + name,
                type=words,
                required=info.is_required(),
                allowed=tuple(allowed_values(annotation if not is_list else get_args(unwrap(annotation)[0])[0])),
                description=info.description or "",
                default=default,
                depth=depth,
                is_list=is_list,
                nested=nested,
            )
        )
        if nested is not None:
            joint = "[]." if is_list else (".<id>." if words.startswith("mapping of") else ".")
            docs.extend(field_docs(nested, f"{prefix}{name}{joint}", depth + 1))
    return docs
