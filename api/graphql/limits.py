"""Limits checked before a GraphQL operation runs, and masking of unexpected errors.

The limits follow GitHub's public GraphQL API:

* the document may hold at most ``max_tokens`` lexical tokens (checked while parsing);
* at most ``max_aliases`` aliases and a selection depth of at most ``max_depth``
  (checked during validation);
* every connection field must ask for a page of ``0..max_page_size`` items through
  ``first``/``last``, and the worst-case number of nodes the operation could return
  must not exceed ``max_nodes`` (checked after validation, before execution, with
  the request's variable values).

A refused operation is not executed; the client gets ``data: null`` and one error per
violation, each with a stable ``extensions.code`` and the ``limit`` it ran into:

==========================  =============================================================
code                        further extensions
==========================  =============================================================
``MAX_TOKENS_EXCEEDED``     ``limit``
``MAX_ALIASES_EXCEEDED``    ``limit``
``MAX_DEPTH_EXCEEDED``      ``limit``
``PAGE_SIZE_EXCEEDED``      ``field``, ``argument``, ``value``, ``limit``
``MAX_NODE_LIMIT_EXCEEDED`` ``nodeCount``, ``limit``
==========================  =============================================================

Errors raised while resolving are shown only if they come from a :class:`PublicError`;
anything else reaches the client as ``"Unexpected error."`` (``extensions.code`` is
``INTERNAL_ERROR``) and is logged on the ``jianguan.graphql`` logger with its traceback.

Usage::

    schema = strawberry.Schema(
        Query,
        extensions=[*limit_extensions(QueryLimits()), mask_errors_extension()],
    )

Every item returned here is a factory (a class or a zero-argument callable), so that
strawberry builds fresh extension instances for each request.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult as GraphQLExecutionResult,
)
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLNamedType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLSyntaxError,
    InlineFragmentNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_named_type,
    get_operation_ast,
    get_variable_values,
    is_object_type,
    type_from_ast,
)
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions import max_aliases as _max_aliases
from strawberry.relay.types import GlobalIDValueError
from strawberry.extensions import query_depth_limiter as _query_depth_limiter

logger = logging.getLogger("jianguan.graphql")

MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
PAGE_SIZE_EXCEEDED = "PAGE_SIZE_EXCEEDED"
MAX_NODE_LIMIT_EXCEEDED = "MAX_NODE_LIMIT_EXCEEDED"
INTERNAL_ERROR = "INTERNAL_ERROR"

UNEXPECTED_ERROR_MESSAGE = "Unexpected error."

PAGE_SIZE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True)
class QueryLimits:
    """The limits applied to every operation.

    ``default_page_size`` is the page size assumed, when counting nodes, for a
    connection asked for with neither ``first`` nor ``last`` (and whose schema gives
    those arguments no default of its own). ``None`` (the default) means
    ``max_page_size``: the worst case when resolvers cap an unpaged connection at the
    maximum page size. Set it to the size resolvers really use for unpaged requests
    when that is smaller; it must never be smaller than what they return, or the count
    would understate the real work.

    ``cache_size`` bounds both the parsed-document cache and the validation cache.
    """

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_nodes: int = 500_000
    max_page_size: int = 100
    default_page_size: int | None = None
    cache_size: int = 256

    def __post_init__(self) -> None:
        for name in ("max_depth", "max_aliases", "max_tokens", "max_nodes", "max_page_size", "cache_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        default = self.default_page_size
        if default is not None and (
            not isinstance(default, int) or isinstance(default, bool) or not 0 <= default <= self.max_page_size
        ):
            raise ValueError(f"default_page_size must be between 0 and max_page_size, not {default!r}")

    @property
    def unpaged_size(self) -> int:
        """The page size counted for a connection given neither ``first`` nor ``last``."""
        return self.max_page_size if self.default_page_size is None else self.default_page_size


class PublicError(Exception):
    """An error whose message may be shown to the client as it is.

    ``code`` becomes ``extensions.code`` of the GraphQL error; further keyword
    arguments are added to ``extensions`` too.
    """

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        # graphql-core copies an ``extensions`` dict of the original error onto the GraphQLError.
        self.extensions: dict[str, Any] = {"code": code, **extensions}


# --------------------------------------------------------------------------- codes on strawberry's limiters


def _set_extensions(error: GraphQLError, code: str, **extensions: Any) -> None:
    error.extensions = {**(error.extensions or {}), "code": code, **extensions}


class _CodedValidationContext:
    """Passes everything through to the real context, giving each reported error a code."""

    def __init__(self, context: ValidationContext, code: str, extensions: dict[str, Any]) -> None:
        self._context = context
        self._code = code
        self._extensions = extensions

    def report_error(self, error: GraphQLError) -> None:
        _set_extensions(error, self._code, **self._extensions)
        self._context.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _with_error_code(rule: type[ValidationRule], code: str, **extensions: Any) -> type[ValidationRule]:
    class CodedRule(rule):  # type: ignore[misc, valid-type]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(_CodedValidationContext(context, code, extensions))  # type: ignore[arg-type]

    CodedRule.__name__ = CodedRule.__qualname__ = rule.__name__
    return CodedRule


# The rule classes are built once per limit: ValidationCache keys on the rule classes,
# so a new class per request would make every lookup miss.
@functools.cache
def _depth_rule(max_depth: int) -> type[ValidationRule]:
    rule = _query_depth_limiter.create_validator(max_depth, None, None)
    return _with_error_code(rule, MAX_DEPTH_EXCEEDED, limit=max_depth)


@functools.cache
def _aliases_rule(max_aliases: int) -> type[ValidationRule]:
    rule = _max_aliases.create_validator(max_aliases)
    return _with_error_code(rule, MAX_ALIASES_EXCEEDED, limit=max_aliases)


class DepthLimiter(QueryDepthLimiter):
    """strawberry's QueryDepthLimiter; its errors carry ``extensions.code = MAX_DEPTH_EXCEEDED``."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth=max_depth)
        self.validation_rules = [_depth_rule(max_depth)]


class AliasesLimiter(MaxAliasesLimiter):
    """strawberry's MaxAliasesLimiter; its errors carry ``extensions.code = MAX_ALIASES_EXCEEDED``."""

    def __init__(self, max_alias_count: int) -> None:
        super().__init__(max_alias_count=max_alias_count)
        self.validation_rules = [_aliases_rule(max_alias_count)]


class TokensLimiter(MaxTokensLimiter):
    """strawberry's MaxTokensLimiter; its errors carry ``extensions.code = MAX_TOKENS_EXCEEDED``.

    The parser reports the overrun as a syntax error. Depending on whether a parser
    cache is installed, that error is either returned as a pre-execution error or
    raised through the operation, so both ways out are looked at.
    """

    def _mark(self, errors: Iterable[GraphQLError]) -> None:
        for error in errors:
            if isinstance(error, GraphQLSyntaxError) and "Document contains more than" in error.message:
                _set_extensions(error, MAX_TOKENS_EXCEEDED, limit=self.max_token_count)

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.max_token_count
        try:
            yield
        except GraphQLSyntaxError as error:
            self._mark([error])
            raise
        self._mark(self.execution_context.pre_execution_errors or ())


# --------------------------------------------------------------------------- node count and page sizes


def _is_connection(type_: GraphQLNamedType) -> bool:
    return (
        is_object_type(type_)
        and type_.name.endswith("Connection")
        and ("edges" in type_.fields or "nodes" in type_.fields)  # type: ignore[attr-defined]
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_FieldEntries = dict[str, list[tuple[GraphQLNamedType, FieldNode]]]


class _NodeCounter:
    """Worst-case node count of one operation, as GitHub computes it.

    Each connection field contributes the product of the page sizes of all connections
    on its path from the root, itself included. Fields are merged by response key the
    way execution merges them, so a field selected twice (directly and through a
    fragment, say) is counted once; fields left out by ``@skip``/``@include`` are not
    counted; type conditions are not narrowed, so the count for abstract types is the
    sum over all their possible branches.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
        limits: QueryLimits,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        self.page_size_errors: dict[tuple[int, str], GraphQLError] = {}

    def count(self, root_type: GraphQLNamedType, selection_set: SelectionSetNode) -> int:
        return self._count(self._collect([(root_type, selection_set)]), 1)

    def _included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        if not node.directives:
            return True
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if"):
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include is not None and not include.get("if"))

    def _collect(self, selection_sets: Iterable[tuple[GraphQLNamedType, SelectionSetNode]]) -> _FieldEntries:
        entries: _FieldEntries = {}
        visited_fragments: set[str] = set()

        def visit(parent_type: GraphQLNamedType, selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if not self._included(selection):  # type: ignore[arg-type]
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    entries.setdefault(key, []).append((parent_type, selection))
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    fragment_type = type_from_ast(self.schema, condition) if condition else parent_type
                    visit(fragment_type or parent_type, selection.selection_set)  # type: ignore[arg-type]
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in visited_fragments or fragment is None:
                        continue
                    visited_fragments.add(name)
                    fragment_type = type_from_ast(self.schema, fragment.type_condition)
                    visit(fragment_type or parent_type, fragment.selection_set)  # type: ignore[arg-type]

        for parent_type, selection_set in selection_sets:
            visit(parent_type, selection_set)
        return entries

    def _page_size(self, field: GraphQLField, node: FieldNode) -> int:
        try:
            arguments = get_argument_values(field, node, self.variables)
        except GraphQLError:
            # Execution reports invalid arguments itself; count the field as unpaged.
            return self.limits.unpaged_size
        sizes = []
        for name in PAGE_SIZE_ARGUMENTS:
            value = arguments.get(name)
            if not _is_int(value):
                continue
            if not 0 <= value <= self.limits.max_page_size:
                self._refuse_page_size(node, name, value)
            sizes.append(value)
        # With both given the larger one is counted: a worst case, never an underestimate.
        return max(sizes) if sizes else self.limits.unpaged_size

    def _refuse_page_size(self, node: FieldNode, argument: str, value: int) -> None:
        limit = self.limits.max_page_size
        field = node.name.value
        if value < 0:
            message = f"`{argument}` on the `{field}` connection cannot be negative; got {value}."
        else:
            message = (
                f"Requesting {value:,} records on the `{field}` connection exceeds "
                f"the `{argument}` limit of {limit:,} records."
            )
        self.page_size_errors[(id(node), argument)] = GraphQLError(
            message,
            nodes=[node],
            extensions={
                "code": PAGE_SIZE_EXCEEDED,
                "field": field,
                "argument": argument,
                "value": value,
                "limit": limit,
            },
        )

    def _count(self, entries: _FieldEntries, multiplier: int) -> int:
        total = 0
        for field_entries in entries.values():
            page_size: int | None = None
            children: list[tuple[GraphQLNamedType, SelectionSetNode]] = []
            for parent_type, node in field_entries:
                fields = getattr(parent_type, "fields", None) or {}
                field = fields.get(node.name.value)
                if field is None:  # __typename and introspection fields
                    continue
                return_type = get_named_type(field.type)
                if _is_connection(return_type):
                    size = self._page_size(field, node)
                    page_size = size if page_size is None else max(page_size, size)
                if node.selection_set is not None:
                    children.append((return_type, node.selection_set))
            path_multiplier = multiplier
            if page_size is not None:
                path_multiplier = multiplier * page_size
                total += path_multiplier
            if children:
                total += self._count(self._collect(children), path_multiplier)
        return total


class NodeLimiter(SchemaExtension):
    """Refuses, before execution, oversized pages and operations that could return too many nodes.

    Runs after validation (so the document is known to be valid) with the request's
    variable values. When refusing, it sets the operation's result itself, which keeps
    strawberry from executing the operation.
    """

    def __init__(self, limits: QueryLimits | None = None) -> None:
        super().__init__()
        self.limits = limits or QueryLimits()

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if not context.result:
            try:
                errors = self.check()
            except Exception:
                logger.exception("Could not compute the node count of a GraphQL operation")
                errors = [GraphQLError(UNEXPECTED_ERROR_MESSAGE, extensions={"code": INTERNAL_ERROR})]
            if errors:
                context.result = GraphQLExecutionResult(data=None, errors=errors)
        yield

    def check(self) -> list[GraphQLError]:
        """The errors refusing this operation; empty when it may run."""
        context = self.execution_context
        schema = context.schema._schema
        document = context.graphql_document
        if document is None:
            return []
        operation = get_operation_ast(document, context.operation_name)
        if operation is None:
            return []  # execution reports the missing or ambiguous operation
        variables = get_variable_values(schema, operation.variable_definitions or (), context.variables or {})
        if isinstance(variables, list):
            return []  # execution reports the variable errors
        root_type = schema.get_root_type(operation.operation)
        if root_type is None:
            return []
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        counter = _NodeCounter(schema, fragments, variables, self.limits)
        node_count = counter.count(root_type, operation.selection_set)
        if counter.page_size_errors:
            return list(counter.page_size_errors.values())
        if node_count > self.limits.max_nodes:
            return [
                GraphQLError(
                    f"Query would return up to {node_count:,} nodes; the limit is {self.limits.max_nodes:,}.",
                    nodes=[operation],
                    extensions={
                        "code": MAX_NODE_LIMIT_EXCEEDED,
                        "nodeCount": node_count,
                        "limit": self.limits.max_nodes,
                    },
                )
            ]
        return []


# --------------------------------------------------------------------------- installation


def limit_extensions(limits: QueryLimits | None = None) -> list[Callable[[], SchemaExtension]]:
    """The extension factories enforcing ``limits``, in the order they must be installed."""
    limits = limits or QueryLimits()
    return [
        functools.partial(TokensLimiter, max_token_count=limits.max_tokens),
        functools.partial(AliasesLimiter, max_alias_count=limits.max_aliases),
        functools.partial(DepthLimiter, max_depth=limits.max_depth),
        functools.partial(ParserCache, maxsize=limits.cache_size),
        functools.partial(ValidationCache, maxsize=limits.cache_size),
        functools.partial(NodeLimiter, limits),
    ]


# --------------------------------------------------------------------------- masking


def _original_exception(error: GraphQLError) -> BaseException | None:
    original: BaseException | None = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def should_mask_error(error: GraphQLError) -> bool:
    """Whether ``error`` must be hidden from the client.

    Errors without an original exception (syntax, validation, variable and limit
    errors) are produced by the GraphQL machinery and are safe to show; of the errors
    raised by code, only those from a :class:`PublicError` are.
    """
    original = _original_exception(error)
    return original is not None and not isinstance(original, (PublicError, GlobalIDValueError))


class UnexpectedErrorMask(MaskErrors):
    """Replaces every error not meant for the client by ``"Unexpected error."``, logging the original."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error, error_message=UNEXPECTED_ERROR_MESSAGE)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        for error in errors:
            if isinstance(_original_exception(error), GlobalIDValueError):
                error.extensions = {"code": "INVALID_ID"}  # the client's mistake, not ours
        return super()._process_errors(errors)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = _original_exception(error)
        logger.error(
            "Unexpected error in GraphQL operation at %s",
            ".".join(map(str, error.path or ())) or "<operation>",
            exc_info=(type(original), original, original.__traceback__) if original is not None else None,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_ERROR}
        return masked


def mask_errors_extension() -> type[MaskErrors]:
    """The error-masking extension factory, to install after :func:`limit_extensions`."""
    return UnexpectedErrorMask


__all__ = [
    "INTERNAL_ERROR",
    "MAX_ALIASES_EXCEEDED",
    "MAX_DEPTH_EXCEEDED",
    "MAX_NODE_LIMIT_EXCEEDED",
    "MAX_TOKENS_EXCEEDED",
    "PAGE_SIZE_EXCEEDED",
    "AliasesLimiter",
    "DepthLimiter",
    "NodeLimiter",
    "PublicError",
    "QueryLimits",
    "TokensLimiter",
    "UnexpectedErrorMask",
    "limit_extensions",
    "mask_errors_extension",
    "should_mask_error",
]
