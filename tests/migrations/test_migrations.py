"""The schema is made only by migrations: up, down and up again, and it matches the models."""
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import migrations
import models
from models.db import make_engine


@pytest.fixture
def fresh_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path / "m.db")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{sa.engine.make_url(url).database}_{worker}_migrations"  # never shared with another run or worker
    base = make_engine(url)
    with base.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base.dispose()
    return sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)


def _tables(url):
    eng = make_engine(url)
    try:
        return set(sa.inspect(eng).get_table_names()) - {"alembic_version"}
    finally:
        eng.dispose()


def test_upgrade_downgrade_upgrade(fresh_url):
    migrations.upgrade(fresh_url)
    assert _tables(fresh_url) == set(models.metadata.tables)
    migrations.downgrade(fresh_url, "base")
    assert _tables(fresh_url) == set()
    migrations.upgrade(fresh_url)
    assert _tables(fresh_url) == set(models.metadata.tables)


def test_models_and_migrations_agree(fresh_url):
    migrations.upgrade(fresh_url)
    eng = make_engine(fresh_url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(ctx, models.metadata)
    finally:
        eng.dispose()
    assert diff == [], f"models differ from migrations: {diff}"
