"""A server's start-up moves its start-up heap out of the garbage collector's view (api.app.settle_heap),
so full collections while large responses are built do not walk it again; the test suite's apps do not."""
from __future__ import annotations

import gc

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("environment, frozen", [("production", True), ("development", True), ("test", False)])
def test_start_up_freezes_the_heap_outside_tests(db, unfrozen, environment, frozen):
    app = create_app(Settings(database_url=str(db.url), secret_key="s" * 40, environment=environment), engine=db)
    assert gc.get_freeze_count() == 0
    with TestClient(app) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        assert (gc.get_freeze_count() > 0) is frozen
