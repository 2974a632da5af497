"""What every benchmark shares: the database, the app in-process, keys, and a sample of entities."""
from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event


@dataclass
class Env:
    database_url: str
    engine: object
    app: object
    entities: int
    iterations: int = 300
    options: dict = field(default_factory=dict)
    _sample: list[str] | None = None

    @property
    def postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @staticmethod
    def token(scope: str) -> str:
        """The key of a department (or "public") that the seed created."""
        from supervision.demo.load import demo_token
        return demo_token(scope)

    def department_id(self, code: str) -> int:
        with self.engine.connect() as c:
            return c.execute(sa.text("SELECT id FROM department WHERE code = :c"), {"c": code}).scalar_one()

    def sample_usccs(self, n: int = 200, seed: int = 1) -> list[str]:
        """Credit codes of entities that hold permits, spread over the table, the same in every run."""
        if self._sample is None:
            with self.engine.connect() as c:
                top = c.execute(sa.text("SELECT max(id) FROM market_entity")).scalar() or 0
                rng = random.Random(seed)
                ids = sorted({rng.randint(1, top) for _ in range(n * 4)})
                rows = c.execute(sa.text(
                    "SELECT e.uscc FROM market_entity e WHERE e.id IN :ids "
                    "AND EXISTS (SELECT 1 FROM permit p WHERE p.entity_id = e.id) ORDER BY e.id")
                    .bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids}).scalars().all()
            rng.shuffle(rows)
            self._sample = rows[:n]
        return self._sample

    def raw_connection(self):
        """A DB-API connection outside SQLAlchemy, for the floors (psycopg on PostgreSQL)."""
        if self.postgresql:
            import psycopg
            url = self.engine.url.set(drivername="postgresql")
            return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
        import sqlite3
        return sqlite3.connect(self.engine.url.database)

    def client(self):
        import httpx2
        return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=self.app), base_url="http://bench")

    def run(self, coro):
        return asyncio.run(coro)


@contextlib.contextmanager
def count_statements(engine):
    """SQL statements the engine sends while the block runs (as tests/conftest.py counts them)."""
    box = {"n": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        box["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield box
    finally:
        event.remove(engine, "before_cursor_execute", before)


async def gql(client, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    r.raise_for_status()
    body = r.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body
