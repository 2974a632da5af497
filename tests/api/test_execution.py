"""The executor that completes plain fields in place answers exactly as graphql-core's stock path:
the same data, and the same errors with the same paths when a value is null or refused."""
from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Optional

import strawberry
from strawberry.scalars import JSON

from api.graphql.execution import ExecutionContext
from api.graphql.schema import schema as app_schema


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    DARK_RED = "red2"
    BLUE = "blue"


@strawberry.type
class Inner:
    label: str
    amount: Optional[Decimal]
    tags: Optional[list[Optional[str]]]
    strict_tags: list[str]


@strawberry.type
class Item:
    name: str
    count: Optional[int]
    when: Optional[date]
    colour: Colour
    colours: list[Colour]
    extra: JSON
    inner: Optional[Inner]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


def _items() -> list[Item]:
    good = Inner(label="内", amount=Decimal("12.50"), tags=["a", None], strict_tags=["x"])
    return [
        Item(name="一", count=1, when=date(2026, 11, 16), colour=Colour.RED, colours=[Colour.BLUE, Colour.DARK_RED],
             extra={"键": [1, 2]}, inner=good),
        Item(name="二", count=None, when=None, colour=Colour.BLUE, colours=[], extra={}, inner=None),
        # a value the scalar refuses on a nullable field; a null item in a list of non-null items
        Item(name="三", count="many", when=date(2026, 1, 1), colour=Colour.RED, colours=[Colour.RED],  # type: ignore[arg-type]
             extra={}, inner=Inner(label="内", amount=Decimal("1"), tags=None, strict_tags=["y", None])),  # type: ignore[list-item]
        # null on a non-null field
        Item(name=None, count=4, when=None, colour=Colour.RED, colours=[], extra={}, inner=None),  # type: ignore[arg-type]
        # a colour that is not a member, a value that is not a list where a list is expected
        Item(name="五", count=5, when=None, colour="green", colours="red", extra={}, inner=None),  # type: ignore[arg-type]
    ]


@strawberry.type
class Outer:
    label: str
    inner: Inner


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Optional[Item]]:
        return _items()

    @strawberry.field
    def outers(self) -> list[Optional[Outer]]:
        good = Inner(label="好", amount=None, tags=[], strict_tags=[])
        bad = Inner(label="坏", amount=None, tags=[], strict_tags=["z", None])  # type: ignore[list-item]
        return [Outer(label="a", inner=good), Outer(label="b", inner=bad), Outer(label="c", inner=None)]  # type: ignore[arg-type]

    @strawberry.field
    def strict(self) -> Item:
        return _items()[3]


DOCUMENT = """
query($skipCount: Boolean!) {
  items {
    __typename name n2: name count @skip(if: $skipCount) when colour colours extra shout
    ...F
    inner { label amount tags strictTags }
  }
}
fragment F on Item { count when }
"""


def _both(query: str, variables: dict | None = None):
    fast = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
    stock = strawberry.Schema(query=Query)
    return [s.execute_sync(query, variable_values=variables) for s in (fast, stock)]


def _errors(result) -> list[dict]:
    return sorted((e.formatted for e in result.errors or ()), key=lambda e: str(e["path"]))


def test_same_data_and_errors_as_the_stock_executor():
    for skip in (False, True):
        fast, stock = _both(DOCUMENT, {"skipCount": skip})
        assert fast.data == stock.data
        assert _errors(fast) == _errors(stock)
    first, second, third, fourth, fifth = fast.data["items"]
    assert first["colour"] == "RED" and first["colours"] == ["BLUE", "DARK_RED"] and first["when"] == "2026-11-16"
    assert first["inner"] == {"label": "内", "amount": "12.50", "tags": ["a", None], "strictTags": ["x"]}
    assert first["extra"] == {"键": [1, 2]} and first["shout"] == "一" and first["__typename"] == "Item"
    assert second["when"] is None and second["inner"] is None and second["colours"] == []
    assert third["count"] is None and third["inner"] is None and third["name"] == "三"
    assert fourth is None and fifth is None  # a non-null field failed: the nullable item is null


def test_errors_carry_the_path_of_the_failing_field():
    fast, _ = _both(DOCUMENT, {"skipCount": False})
    paths = {tuple(e["path"]) for e in _errors(fast)}
    assert ("items", 2, "count") in paths
    assert ("items", 2, "inner", "strictTags", 1) in paths
    assert ("items", 3, "name") in paths
    assert ("items", 4, "colour") in paths
    assert all(e.message for e in fast.errors)


def test_a_failing_non_null_field_nulls_its_parent_as_the_stock_executor_does():
    fast, stock = _both("{ strict { name inner { label strictTags } } }")
    assert fast.data is None and stock.data is None
    assert _errors(fast) == _errors(stock)


def test_errors_in_a_non_null_object_field_null_the_nearest_nullable_parent():
    fast, stock = _both("{ outers { label inner { label strictTags } } }")
    assert fast.data == stock.data == {"outers": [{"label": "a", "inner": {"label": "好", "strictTags": []}}, None, None]}
    assert _errors(fast) == _errors(stock)
    assert {tuple(e["path"]) for e in _errors(fast)} == {("outers", 1, "inner", "strictTags", 1), ("outers", 2, "inner")}


def test_the_application_schema_uses_it():
    assert app_schema.execution_context_class is ExecutionContext
