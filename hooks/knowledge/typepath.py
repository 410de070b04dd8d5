"""Walking model types along a field path: which model, field or value set lives there."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from knowledge.models import RefTo

Loc = tuple[str | int, ...]


@functools.cache
def field_hints(model: type[BaseModel]) -> dict[str, Any]:
    """Type hints of a model's fields, with ``Annotated`` metadata kept."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: hints[name] for name in model.model_fields}


def unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """Strip ``Annotated`` and ``Optional``; return the bare type and collected metadata."""
    metadata: tuple[Any, ...] = ()
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            args = get_args(annotation)
            annotation, metadata = args[0], metadata + tuple(args[1:])
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The annotation found by following ``loc`` from ``model`` (None when it leads nowhere)."""
    current: Any = model
    for part in loc:
        bare, _ = unwrap(current)
        origin = get_origin(bare)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            if not isinstance(part, str) or part not in bare.model_fields:
                return None
            current = field_hints(bare)[part]
        elif origin is list:
            current = get_args(bare)[0]
        elif origin is dict:
            current = get_args(bare)[0] if part == "[key]" else get_args(bare)[1]
        else:
            return None
    return current


def allowed_values(annotation: Any) -> list[str]:
    """The values of a ``Literal`` type, or an empty list."""
    bare, _ = unwrap(annotation)
    return [str(value) for value in get_args(bare)] if get_origin(bare) is Literal else []


def model_fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at ``loc`` (for unknown-field suggestions)."""
    bare, _ = unwrap(type_at(model, loc))
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return list(bare.model_fields)
    return []


def iter_references(value: Any, annotation: Any, path: Loc = ()) -> Iterator[tuple[Loc, RefTo, str, bool]]:
    """Yield ``(path, RefTo, id, is_key)`` for every reference inside a validated value."""
    bare, metadata = unwrap(annotation)
    ref = next((item for item in metadata if isinstance(item, RefTo)), None)
    if ref is not None and isinstance(value, str):
        yield path, ref, value, False
        return
    origin = get_origin(bare)
    if isinstance(value, BaseModel):
        hints = field_hints(type(value))
        for name in type(value).model_fields:
            yield from iter_references(getattr(value, name), hints[name], (*path, name))
    elif origin is list and isinstance(value, list):
        (item_type,) = get_args(bare)
        for index, item in enumerate(value):
            yield from iter_references(item, item_type, (*path, index))
    elif origin is dict and isinstance(value, dict):
        key_type, value_type = get_args(bare)
        _, key_metadata = unwrap(key_type)
        key_ref = next((item for item in key_metadata if isinstance(item, RefTo)), None)
        for key, item in value.items():
            if key_ref is not None:
                yield (*path, key), key_ref, key, True
            yield from iter_references(item, value_type, (*path, key))
