"""Walking model types along a field path: which model, field or value set lives there.

In: a record model (or its data) and a field path. Out: the annotation, allowed values or
field names found there, and every reference to another record.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from knowledge.records.models import RefTo

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


Reference = tuple[Loc, RefTo, str, bool]
"""``(path, RefTo, id, is_key)``: one reference found inside a validated value."""
_Walker = Callable[[Any, Loc, list[Reference]], None]


def iter_references(value: Any, annotation: Any, path: Loc = ()) -> Iterator[Reference]:
    """Yield ``(path, RefTo, id, is_key)`` for every reference inside a validated value."""
    walker = _walker(annotation)
    if walker is not None:
        found: list[Reference] = []
        walker(value, path, found)
        yield from found


def record_references(model: BaseModel) -> list[Reference]:
    """Every reference inside a validated record, in field order."""
    found: list[Reference] = []
    for name, walker in _model_plan(type(model)):
        walker(getattr(model, name), (name,), found)
    return found


def data_references(model: type[BaseModel], data: dict[str, Any]) -> list[Reference]:
    """Every reference in a record's data that did not pass ``model``: the fields that hold ids where the model expects them."""
    found: list[Reference] = []
    walker = _walker(model)
    if walker is not None:
        walker(data, (), found)
    return found


def _ref_in(metadata: tuple[Any, ...]) -> RefTo | None:
    return next((item for item in metadata if isinstance(item, RefTo)), None)


@functools.cache
def _model_plan(model: type[BaseModel]) -> tuple[tuple[str, _Walker], ...]:
    """The fields of a model that can hold references, each with the walker for its type.

    Worked out once per model from the type hints, so walking thousands of records visits
    only the fields that can hold a reference, without looking at types again.
    """
    hints = field_hints(model)
    plan = ((name, _walker(hints[name])) for name in model.model_fields)
    return tuple((name, walker) for name, walker in plan if walker is not None)


@functools.cache
def _walker(annotation: Any) -> _Walker | None:
    """A function that collects the references in a value of this type; None if it cannot hold any."""
    bare, metadata = unwrap(annotation)
    ref = _ref_in(metadata)
    if ref is not None:

        def reference(value: Any, path: Loc, found: list[Reference]) -> None:
            if isinstance(value, str):
                found.append((path, ref, value, False))

        return reference
    origin = get_origin(bare)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        plan = _model_plan(bare)
        if not plan:
            return None

        def fields(value: Any, path: Loc, found: list[Reference]) -> None:
            if isinstance(value, dict):  # data that did not pass its model: walk what is there
                for name, walker in plan:
                    if name in value:
                        walker(value[name], (*path, name), found)
            else:
                _by_value_type(value, path, found)

        return fields
    if origin is list:
        item_walker = _walker(get_args(bare)[0])
        if item_walker is None:
            return None

        def items(value: Any, path: Loc, found: list[Reference]) -> None:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    item_walker(item, (*path, index), found)

        return items
    if origin is dict:
        key_type, value_type = get_args(bare)
        key_ref, value_walker = _ref_in(unwrap(key_type)[1]), _walker(value_type)
        if key_ref is None and value_walker is None:
            return None

        def entries(value: Any, path: Loc, found: list[Reference]) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key_ref is not None and isinstance(key, str):
                        found.append(((*path, key), key_ref, key, True))
                    if value_walker is not None:
                        value_walker(item, (*path, key), found)

        return entries
    if origin in (Union, types.UnionType):  # a union of several types: look at each value's own type
        return _by_value_type
    return None


def _by_value_type(value: Any, path: Loc, found: list[Reference]) -> None:
    """Walk a model value by the plan of its own class."""
    if isinstance(value, BaseModel):
        for name, walker in _model_plan(type(value)):
            walker(getattr(value, name), (*path, name), found)
