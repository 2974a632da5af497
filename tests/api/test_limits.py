"""Pre-execution limits (tokens, aliases, depth, page size, node count) and error masking."""
from __future__ import annotations

import asyncio
import functools
import logging

import pytest
import strawberry
from strawberry.types import Info

from api.graphql import limits as limits_module
from api.graphql.limits import (
    DepthLimiter,
    PublicError,
    QueryLimits,
    TokensLimiter,
    limit_extensions,
    mask_errors_extension,
)

# --------------------------------------------------------------------------- toy schema


@strawberry.type
class Label:
    name: str


@strawberry.type
class LabelEdge:
    node: Label


@strawberry.type
class LabelConnection:
    edges: list[LabelEdge]


@strawberry.type
class Issue:
    title: str

    @strawberry.field
    def labels(self, info: Info, first: int | None = None, last: int | None = None) -> LabelConnection:
        info.context["calls"].append("labels")
        names = [f"{self.title}/label-{i}" for i in range(2)]
        return LabelConnection(edges=[LabelEdge(node=Label(name=n)) for n in names[: first or len(names)]])


@strawberry.type
class IssueEdge:
    node: Issue


@strawberry.type
class IssueConnection:
    edges: list[IssueEdge]


@strawberry.type
class Repository:
    name: str

    @strawberry.field
    def issues(self, info: Info, first: int | None = None, last: int | None = None) -> IssueConnection:
        info.context["calls"].append("issues")
        titles = [f"{self.name}#{i}" for i in range(2)]
        return IssueConnection(edges=[IssueEdge(node=Issue(title=t)) for t in titles[: first or len(titles)]])


@strawberry.type
class RepositoryEdge:
    node: Repository


@strawberry.type
class RepositoryConnection:
    edges: list[RepositoryEdge]

    @strawberry.field
    def nodes(self) -> list[Repository]:
        return [edge.node for edge in self.edges]


@strawberry.type
class DatabaseConnection:
    """Ends in "Connection" but has neither edges nor nodes: not a paged connection."""

    status: str


@strawberry.type
class Query:
    @strawberry.field
    def repositories(self, info: Info, first: int | None = None, last: int | None = None) -> RepositoryConnection:
        info.context["calls"].append("repositories")
        names = ["alpha", "beta", "gamma"]
        return RepositoryConnection(edges=[RepositoryEdge(node=Repository(name=n)) for n in names[: first or len(names)]])

    @strawberry.field
    def database_connection(self) -> DatabaseConnection:
        return DatabaseConnection(status="ok")

    @strawberry.field
    def broken(self) -> str | None:
        raise RuntimeError("secret db password")

    @strawberry.field
    def forbidden(self) -> str | None:
        raise PublicError("Not allowed to see this.", "FORBIDDEN", field="forbidden")


def make_schema(**limits: int) -> strawberry.Schema:
    return strawberry.Schema(Query, extensions=[*limit_extensions(QueryLimits(**limits)), mask_errors_extension()])


def run(schema: strawberry.Schema, query: str, variables: dict | None = None):
    context = {"calls": []}
    result = schema.execute_sync(query, variable_values=variables, context_value=context)
    return result, context["calls"]


def only_error(result) -> dict:
    assert result.errors is not None and len(result.errors) == 1, result.errors
    return result.errors[0].formatted


GITHUB_EXAMPLE = """
{
  repositories(first: 50) {
    edges { node { name
      issues(first: 10) {
        edges { node { title
          labels(first: 20) { edges { node { name } } }
        } }
      }
    } }
  }
}
"""
GITHUB_EXAMPLE_NODES = 50 + 50 * 10 + 50 * 10 * 20  # 10,550


# --------------------------------------------------------------------------- node count


def test_github_example_is_refused_with_its_exact_node_count():
    result, calls = run(make_schema(max_nodes=10_000), GITHUB_EXAMPLE)

    assert result.data is None
    assert calls == []
    error = only_error(result)
    assert error["message"] == "Query would return up to 10,550 nodes; the limit is 10,000."
    assert error["extensions"] == {"code": "MAX_NODE_LIMIT_EXCEEDED", "nodeCount": GITHUB_EXAMPLE_NODES, "limit": 10_000}


def test_query_under_the_limit_executes_and_returns_data():
    result, calls = run(make_schema(), GITHUB_EXAMPLE)

    assert result.errors is None
    repos = result.data["repositories"]["edges"]
    assert [r["node"]["name"] for r in repos] == ["alpha", "beta", "gamma"]
    first_issue = repos[0]["node"]["issues"]["edges"][0]["node"]
    assert first_issue["title"] == "alpha#0"
    assert [e["node"]["name"] for e in first_issue["labels"]["edges"]] == ["alpha#0/label-0", "alpha#0/label-1"]
    assert calls.count("repositories") == 1


def test_a_query_exactly_at_the_limit_is_allowed():
    result, _ = run(make_schema(max_nodes=GITHUB_EXAMPLE_NODES), GITHUB_EXAMPLE)
    assert result.errors is None
    assert result.data is not None

    result, _ = run(make_schema(max_nodes=GITHUB_EXAMPLE_NODES - 1), GITHUB_EXAMPLE)
    assert only_error(result)["extensions"]["nodeCount"] == GITHUB_EXAMPLE_NODES


def test_connections_without_page_size_count_the_maximum_page_size():
    query = "{ repositories { edges { node { issues { edges { node { labels { edges { node { name } } } } } } } } } }"
    result, calls = run(make_schema(), query)

    assert calls == []
    error = only_error(result)
    assert error["extensions"]["nodeCount"] == 100 + 100 * 100 + 100 * 100 * 100
    assert error["message"] == "Query would return up to 1,010,100 nodes; the limit is 500,000."


def test_default_page_size_can_be_set_below_the_maximum():
    query = "{ repositories { nodes { issues { edges { node { title } } } } } }"
    result, _ = run(make_schema(max_nodes=1, default_page_size=7), query)
    assert only_error(result)["extensions"]["nodeCount"] == 7 + 7 * 7


def test_named_and_inline_fragments_are_followed():
    query = """
    query {
      repositories(first: 50) { edges { node { ...RepoIssues } } }
    }
    fragment RepoIssues on Repository {
      issues(first: 10) {
        edges { node { ... on Issue { labels(first: 20) { edges { node { name } } } } } }
      }
    }
    """
    result, calls = run(make_schema(max_nodes=10_000), query)

    assert calls == []
    assert only_error(result)["extensions"]["nodeCount"] == GITHUB_EXAMPLE_NODES


def test_a_field_selected_twice_is_counted_once_as_execution_merges_it():
    query = """
    query {
      repositories(first: 50) { edges { node { issues(first: 10) { edges { node { title } } } } } }
      ...More
    }
    fragment More on Query {
      repositories(first: 50) { edges { node { issues(first: 10) { edges { node { title } } } } } }
    }
    """
    result, _ = run(make_schema(max_nodes=1), query)
    assert only_error(result)["extensions"]["nodeCount"] == 50 + 50 * 10


def test_fragments_spread_repeatedly_are_walked_once_per_selection_set(monkeypatch):
    # F0 spreads F1 twice, F1 spreads F2 twice, ...: expanding every spread would visit 2**12 copies.
    fragments = "\n".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(12))
    query = "query { ...F0 }\n" + fragments + "\nfragment F12 on Query { repositories(first: 3) { nodes { name } } }"
    visited = []
    original = limits_module._NodeCounter._included

    def counting(self, node):
        visited.append(node)
        return original(self, node)

    monkeypatch.setattr(limits_module._NodeCounter, "_included", counting)

    result, _ = run(make_schema(max_nodes=1), query)

    assert only_error(result)["extensions"]["nodeCount"] == 3
    assert len(visited) < 50


def test_aliased_copies_of_a_connection_add_up():
    query = "{ a: repositories(first: 40) { nodes { name } } b: repositories(first: 30) { nodes { name } } }"
    result, _ = run(make_schema(max_nodes=1), query)
    assert only_error(result)["extensions"]["nodeCount"] == 70


def test_variables_are_resolved_when_counting():
    query = """
    query ($repos: Int!, $issues: Int = 10) {
      repositories(first: $repos) { edges { node {
        issues(first: $issues) { edges { node { labels(last: 20) { edges { node { name } } } } } }
      } } }
    }
    """
    schema = make_schema(max_nodes=6_000)

    result, calls = run(schema, query, {"repos": 30})
    assert calls == []
    error = only_error(result)
    assert error["extensions"]["nodeCount"] == 30 + 30 * 10 + 30 * 10 * 20
    assert error["message"] == "Query would return up to 6,330 nodes; the limit is 6,000."

    result, calls = run(schema, query, {"repos": 2, "issues": 1})
    assert result.errors is None
    repos = result.data["repositories"]["edges"]
    assert [len(r["node"]["issues"]["edges"]) for r in repos] == [1, 1]
    assert repos[1]["node"]["issues"]["edges"][0]["node"]["labels"]["edges"][0]["node"]["name"] == "beta#0/label-0"


def test_skipped_and_excluded_fields_are_not_counted():
    query = """
    query ($deep: Boolean!) {
      repositories(first: 50) { edges { node {
        issues(first: 10) @include(if: $deep) { edges { node { title } } }
        more: issues(first: 10) @skip(if: true) { edges { node { title } } }
      } } }
    }
    """
    schema = make_schema(max_nodes=100)
    result, _ = run(schema, query, {"deep": False})
    assert result.errors is None

    result, _ = run(schema, query, {"deep": True})
    assert only_error(result)["extensions"]["nodeCount"] == 550


def test_an_object_named_connection_without_edges_or_nodes_is_not_a_connection():
    result, _ = run(make_schema(max_nodes=1), "{ databaseConnection { status } }")
    assert result.errors is None
    assert result.data == {"databaseConnection": {"status": "ok"}}


def test_node_limit_also_applies_to_async_execution():
    schema = make_schema(max_nodes=10_000)
    result = asyncio.run(schema.execute(GITHUB_EXAMPLE, context_value={"calls": []}))
    assert result.data is None
    assert only_error(result)["extensions"]["code"] == "MAX_NODE_LIMIT_EXCEEDED"


# --------------------------------------------------------------------------- page size


def test_page_size_over_the_maximum_is_refused_naming_the_field():
    query = "{ repositories(first: 5) { edges { node { issues(first: 101) { edges { node { title } } } } } } }"
    result, calls = run(make_schema(), query)

    assert result.data is None
    assert calls == []
    error = only_error(result)
    assert error["message"] == "Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records."
    assert error["extensions"] == {"code": "PAGE_SIZE_EXCEEDED", "field": "issues", "argument": "first", "value": 101, "limit": 100}
    assert error["locations"] == [{"line": 1, "column": 43}]


def test_page_size_given_as_a_variable_is_checked_with_its_value():
    query = "query ($n: Int) { repositories(last: $n) { nodes { name } } }"
    schema = make_schema(max_page_size=20)

    result, calls = run(schema, query, {"n": 21})
    assert calls == []
    error = only_error(result)
    assert "`repositories`" in error["message"] and "21" in error["message"] and "20" in error["message"]
    assert error["extensions"] == {"code": "PAGE_SIZE_EXCEEDED", "field": "repositories", "argument": "last", "value": 21, "limit": 20}

    result, calls = run(schema, query, {"n": 20})
    assert result.errors is None
    assert calls == ["repositories"]


def test_negative_page_size_is_refused():
    result, calls = run(make_schema(), "{ repositories(first: -1) { nodes { name } } }")

    assert calls == []
    error = only_error(result)
    assert error["message"] == "`first` on the `repositories` connection cannot be negative; got -1."
    assert error["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert error["extensions"]["value"] == -1


# --------------------------------------------------------------------------- depth, aliases, tokens


def test_too_deep_query_is_refused_with_a_code():
    result, calls = run(make_schema(max_depth=3), GITHUB_EXAMPLE)

    assert result.data is None
    assert calls == []
    assert result.errors
    for error in result.errors:
        assert "exceeds maximum operation depth of 3" in error.message
        assert error.formatted["extensions"] == {"code": "MAX_DEPTH_EXCEEDED", "limit": 3}


def test_too_many_aliases_are_refused_with_a_code():
    query = "{ a: databaseConnection { status } b: databaseConnection { status } c: databaseConnection { s: status } }"
    schema = make_schema(max_aliases=3)

    result, _ = run(schema, query)
    error = only_error(result)
    assert error["message"] == "4 aliases found. Allowed: 3"
    assert error["extensions"] == {"code": "MAX_ALIASES_EXCEEDED", "limit": 3}

    result, _ = run(schema, "{ a: databaseConnection { status } b: databaseConnection { status } }")
    assert result.errors is None


def test_too_many_tokens_are_refused_with_a_code_every_time():
    schema = make_schema(max_tokens=20)
    query = "{ " + " ".join(f"f{i}: databaseConnection {{ status }}" for i in range(5)) + " }"

    for _ in range(2):  # the second request goes through the parser cache again
        result, _ = run(schema, query)
        assert result.data is None
        error = only_error(result)
        assert error["message"] == "Syntax Error: Document contains more than 20 tokens. Parsing aborted."
        assert error["extensions"] == {"code": "MAX_TOKENS_EXCEEDED", "limit": 20}


def test_token_refusal_carries_its_code_without_a_parser_cache_too():
    schema = strawberry.Schema(Query, extensions=[functools.partial(TokensLimiter, max_token_count=20)])
    query = "{ " + " ".join(f"f{i}: databaseConnection {{ status }}" for i in range(5)) + " }"

    result = schema.execute_sync(query)
    assert only_error(result)["extensions"] == {"code": "MAX_TOKENS_EXCEEDED", "limit": 20}


def test_depth_rules_are_shared_so_the_validation_cache_can_hit():
    assert DepthLimiter(4).validation_rules == DepthLimiter(4).validation_rules
    assert DepthLimiter(4).validation_rules != DepthLimiter(5).validation_rules


def test_limits_must_be_positive():
    with pytest.raises(ValueError, match="max_nodes"):
        QueryLimits(max_nodes=0)
    with pytest.raises(ValueError, match="default_page_size"):
        QueryLimits(max_page_size=10, default_page_size=11)


# --------------------------------------------------------------------------- masking


def test_unexpected_resolver_errors_are_masked_and_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="jianguan.graphql"):
        result, _ = run(make_schema(), "{ broken }")

    error = only_error(result)
    assert error["message"] == "Unexpected error."
    assert error["path"] == ["broken"]
    assert "secret" not in repr(error)
    assert result.errors[0].original_error is None

    records = [r for r in caplog.records if r.name == "jianguan.graphql"]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert isinstance(records[0].exc_info[1], RuntimeError)
    assert "secret db password" in str(records[0].exc_info[1])


def test_public_errors_keep_their_message_and_code():
    result, _ = run(make_schema(), "{ forbidden }")

    error = only_error(result)
    assert error["message"] == "Not allowed to see this."
    assert error["extensions"] == {"code": "FORBIDDEN", "field": "forbidden"}


def test_public_and_unexpected_errors_in_one_response():
    result, _ = run(make_schema(), "{ forbidden broken databaseConnection { status } }")

    messages = sorted(e.message for e in result.errors)
    assert messages == ["Not allowed to see this.", "Unexpected error."]
    assert result.data == {"forbidden": None, "broken": None, "databaseConnection": {"status": "ok"}}


def test_validation_errors_are_not_masked():
    result, _ = run(make_schema(), "{ nope }")
    error = only_error(result)
    assert error["message"] == "Cannot query field 'nope' on type 'Query'."
