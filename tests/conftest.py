"""Fixtures shared by the whole suite: a real database per backend, the app, an API client."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings, get_settings
from api.db import make_engine
from api.main import create_app
from tests.support.databases import (
    empty_tables,
    fresh_postgres_database,
    migrated_sqlite_template,
    sqlite_copy,
)
from tests.support.settings import for_tests

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[str]:
    """A migrated database with no rows yet: a fresh SQLite file, or the emptied PostgreSQL one."""
    if request.param == "sqlite":
        yield sqlite_copy(sqlite_template, tmp_path)
        return
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    empty_tables(engine)
    engine.dispose()
    yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    settings = Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        max_body_bytes=256 * 1024,
    )
    return for_tests(settings)  # tests of the limits and of profile pages set their own


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.effective_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@dataclass
class Person:
    """A signed-in person, as the API created them."""

    account_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def sign_up(client: httpx.AsyncClient) -> Person:
    response = await client.post("/v1/accounts")
    assert response.status_code == 201, response.text
    body = response.json()
    return Person(body["account_id"], body["access_token"], body["refresh_token"])


@pytest.fixture
async def person(client: httpx.AsyncClient) -> Person:
    return await sign_up(client)


@pytest.fixture
async def other_person(client: httpx.AsyncClient) -> Person:
    return await sign_up(client)


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads its settings from the environment: point it at the test's database."""
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
