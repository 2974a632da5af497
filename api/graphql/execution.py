"""GraphQL execution with a short way for plain fields.

A page of the disclosure feed (500 changes) holds some 12,000 fields, nearly all of them read
straight off an object: strawberry's "basic" fields (no resolver, no permission class, no field
extension). For each, graphql-core builds a resolve-info object, an argument dict and strawberry's
wrapper calls before it reads one attribute. For those fields this executor reads the attribute
itself: a scalar or enum (or a list of them) is coerced in place, an object is completed by
graphql-core's own complete_object_value with the usual error handling. That is exactly what the
stock path computes.

Whatever is not that simple goes the stock way: fields with resolvers (and so every root field, where
access is narrowed and page sizes are checked), abstract types, lists of objects, `__typename`, and
any value that would raise an error (null on a non-null field, a value the scalar refuses, an
exception or an awaitable returned as a value) — so errors, their paths and their locations are
unchanged. Nothing here runs when the schema has middleware.
"""
from __future__ import annotations

import weakref
from collections.abc import Coroutine, Generator
from typing import Any, NamedTuple

from graphql import (GraphQLField, GraphQLObjectType, GraphQLSchema, Undefined, is_leaf_type, is_list_type, is_non_null_type,
                     is_object_type)
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter


class _Leaf(NamedTuple):
    read: Any  # strawberry's default resolver: (source, python name) -> value
    name: str
    coerce: Any
    non_null: bool
    is_list: bool
    items_non_null: bool


class _Object(NamedTuple):
    read: Any  # as for _Leaf
    name: str
    field_def: GraphQLField
    object_type: GraphQLObjectType
    non_null: bool


_NOT_PLAIN = object()
# per schema: (type name, field name) -> _Leaf, _Object or None, worked out on first use
_plans: "weakref.WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], Any]]" = weakref.WeakKeyDictionary()


def _field_plan(field_def: GraphQLField) -> _Leaf | _Object | None:
    """How to complete a basic field of a leaf (or list of leaves) or object type; None for any other field."""
    if not getattr(field_def.resolve, "_is_default", False):
        return None
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.base_resolver is not None or definition.extensions:
        return None
    typ, non_null, is_list, items_non_null = field_def.type, False, False, False
    if is_non_null_type(typ):
        typ, non_null = typ.of_type, True
    if is_object_type(typ):
        return _Object(definition.default_resolver, definition.python_name, field_def, typ, non_null)
    if is_list_type(typ):
        typ, is_list = typ.of_type, True
        if is_non_null_type(typ):
            typ, items_non_null = typ.of_type, True
    if not is_leaf_type(typ):
        return None
    coerce = _enum_coerce(typ) if isinstance(typ, CustomGraphQLEnumType) else typ.coerce_output_value
    return _Leaf(definition.default_resolver, definition.python_name, coerce, non_null, is_list, items_non_null)


def _enum_coerce(typ: CustomGraphQLEnumType):
    """strawberry's enum coercion (the first GraphQL name whose value matches) by one dict look-up
    instead of a scan of the enum's values."""
    names: dict[Any, str] = {}
    for name, value in typ.values.items():
        names.setdefault(value.value, name)
    wrapped, stock = typ.wrapped_cls, typ.coerce_output_value

    def coerce(value: Any) -> Any:
        if isinstance(value, wrapped):
            name = names.get(value.value)
            if name is not None:
                return name
        return stock(value)
    return coerce


class _Slow(Exception):
    """The value needs the stock path (it may be an error there)."""


_plain_types: dict[type, bool] = {}


def _plain_type(t: type) -> bool:
    """True for a type whose values are never exceptions nor awaitables (str, int, date, an enum …)."""
    plain = _plain_types.get(t)
    if plain is None:
        plain = _plain_types[t] = not (issubclass(t, (BaseException, Generator, Coroutine))
                                       or hasattr(t, "__await__"))
    return plain


def _coerce(plan: _Leaf, value: Any) -> Any:
    if not (_plain_types.get(type(value)) or _plain_type(type(value))):
        raise _Slow
    coerced = plan.coerce(value)
    if coerced is None or coerced is Undefined:
        raise _Slow
    return coerced


def _complete(plan: _Leaf, source: Any) -> Any:
    """The field's completed value, as the stock path would give it; _Slow when that path must decide."""
    value = plan.read(source, plan.name)
    if value is None:
        if plan.non_null:
            raise _Slow
        return None
    if not plan.is_list:
        return _coerce(plan, value)
    if not isinstance(value, (list, tuple)):
        raise _Slow
    out = []
    for item in value:
        if item is None:
            if plan.items_non_null:
                raise _Slow
            out.append(None)
        else:
            out.append(_coerce(plan, item))
    return out


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._short = manager is None or not manager.middlewares
        plans = _plans.get(self.schema)
        if plans is None:
            plans = _plans[self.schema] = {}
        self._field_plans = plans
        self._set_plans: dict[tuple[str, int], tuple[Any, list]] = {}

    def _plan(self, parent_type: GraphQLObjectType, field_name: str) -> _Leaf | _Object | None:
        key = (parent_type.name, field_name)
        plan = self._field_plans.get(key, _NOT_PLAIN)
        if plan is _NOT_PLAIN:
            field_def = self.schema.get_field(parent_type, field_name)
            plan = self._field_plans[key] = _field_plan(field_def) if field_def is not None else None
        return plan

    def _fields_with_plans(self, parent_type: GraphQLObjectType, grouped_field_set) -> list:
        """(response name, field details, plan) of a grouped field set; graphql-core memoizes the sets
        of an execution, so this is worked out once per set (the set is kept alive with its entry)."""
        key = (parent_type.name, id(grouped_field_set))
        hit = self._set_plans.get(key)
        if hit is None or hit[0] is not grouped_field_set:
            hit = self._set_plans[key] = (grouped_field_set, [
                (name, details, self._plan(parent_type, details[0].node.name.value))
                for name, details in grouped_field_set.items()])
        return hit[1]

    def _complete_object(self, plan: _Object, parent_type, source, field_details_list, response_name, path,
                         position_context) -> Any:
        """graphql-core's execute_field for a basic field of object type, less the resolver call chain:
        the attribute is read directly. Undefined when the stock path must run instead."""
        try:
            value = plan.read(source, plan.name)
        except Exception:  # noqa: BLE001 - the stock path reports it
            return Undefined
        if value is None:
            return Undefined if plan.non_null else None
        if not (_plain_types.get(type(value)) or _plain_type(type(value))):
            return Undefined
        field_path = Path(path, response_name, parent_type.name)
        field_type = plan.field_def.type
        info = self.build_resolve_info(plan.field_def, [d.node for d in field_details_list], parent_type, field_path)
        try:
            completed = self.complete_object_value(plan.object_type, field_details_list, info, field_path, value,
                                                   position_context)
        except Exception as raw_error:  # noqa: BLE001 - as execute_field handles it
            self.handle_field_error(raw_error, field_type, field_details_list, field_path)
            return None
        if not self.is_awaitable(completed):
            return completed

        async def await_completed() -> Any:
            try:
                return await completed
            except Exception as raw_error:  # noqa: BLE001 - as execute_field handles it
                self.handle_field_error(raw_error, field_type, field_details_list, field_path)
                return None
        return await_completed()

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):  # type: ignore[override]
        """graphql-core's execute_fields, completing plain fields in place."""
        if not self._short:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        plain_types = _plain_types
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, plan in self._fields_with_plans(parent_type, grouped_field_set):
                if plan.__class__ is _Object:
                    result = self._complete_object(plan, parent_type, source_value, field_details_list,
                                                   response_name, path, position_context)
                    if result is not Undefined:
                        results[response_name] = result
                        if is_awaitable(result):
                            awaitable_fields.append(response_name)
                        continue
                elif plan is not None:
                    try:
                        if plan.is_list:
                            results[response_name] = _complete(plan, source_value)
                            continue
                        value = plan.read(source_value, plan.name)
                        if value is None:
                            if not plan.non_null:
                                results[response_name] = None
                                continue
                        elif plain_types.get(type(value)):
                            coerced = plan.coerce(value)
                            if coerced is not None and coerced is not Undefined:
                                results[response_name] = coerced
                                continue
                        else:
                            results[response_name] = _coerce(plan, value)
                            continue
                    except Exception:  # noqa: BLE001 - the stock path below reports it as GraphQL does
                        pass
                result = self.execute_field(parent_type, source_value, field_details_list,
                                            Path(path, response_name, parent_type.name), position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()
