"""The root schema: queries and mutations of every area, with limits and error masking."""
from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from .credit import CreditMutation, CreditQuery
from .draws import DrawMutation, DrawQuery
from .disclosures import DisclosureMutation, DisclosureQuery
from .execution import ExecutionContext
from .limits import QueryLimits, limit_extensions, mask_errors_extension
from .mutations import Mutation as CoreMutation
from .notices import NoticeMutation, NoticeQuery
from .queries import Query as CoreQuery

Query = merge_types("Query", (CoreQuery, NoticeQuery, CreditQuery, DrawQuery, DisclosureQuery))
Mutation = merge_types("Mutation", (CoreMutation, NoticeMutation, CreditMutation, DrawMutation, DisclosureMutation))


def build_schema(limits: QueryLimits | None = None) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, mutation=Mutation,
        extensions=[*limit_extensions(limits or QueryLimits()), mask_errors_extension()],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=ExecutionContext,
    )


schema = build_schema()


def schema_sdl() -> str:
    return schema.as_str() + "\n"
