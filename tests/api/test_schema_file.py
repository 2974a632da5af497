"""schema.graphql at the root is the schema the code serves; a stale file fails here."""
from pathlib import Path

from api.graphql.schema import schema_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_current():
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema_sdl(), "schema.graphql is stale: run `jianguan schema export`"


def test_every_type_and_field_is_described_with_its_chinese_term():
    import re
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

    from api.graphql.schema import schema
    gs = schema._schema
    missing = []
    for name, t in gs.type_map.items():
        if name.startswith("__") or name in {"PageInfo"} or name.endswith(("Connection", "Edge")):
            continue
        if isinstance(t, (GraphQLObjectType, GraphQLInputObjectType, GraphQLEnumType)):
            if name not in {"Query", "Mutation"} and not (t.description and re.search(r"[\u4e00-\u9fff]", t.description)):
                missing.append(name)
        if isinstance(t, (GraphQLObjectType, GraphQLInputObjectType)):
            for fname, f in t.fields.items():
                if fname == "id":
                    continue
                if not f.description or not re.search(r"[\u4e00-\u9fff]", f.description):
                    missing.append(f"{name}.{fname}")
    assert missing == []
