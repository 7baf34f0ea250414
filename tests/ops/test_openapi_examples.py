"""The API docs show a description and a realistic example for every request and every answer,
and the examples run: each operation, sent as documented, answers its documented status with
the documented example's shape (tests/ops/example_runs.py)."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.errors import PROBLEM_MEDIA_TYPE, TYPE_PREFIX, Problem
from tests.ops.example_runs import (
    FILLED,
    NOT_RUN,
    ORDER,
    Run,
    credentials,
    documented_request,
    remember,
    same_shape,
)
from tests.robustness.access import OPERATOR_TOKEN_HASH, make_world
from tests.support.profiles import ProfilePages

# Answers whose body is a file, not a value an example could show.
BINARY = {"application/zip"}


@pytest.fixture
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _has_example(media: dict[str, Any]) -> bool:
    return "example" in media or bool(media.get("examples"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_operation_has_a_description_and_an_example_for_each_request_and_answer(
    document: dict[str, Any],
) -> None:
    missing = []
    for name, operation in operations(document):
        if not operation.get("description"):
            missing.append(f"{name}: no description")
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if not _has_example(media):
                missing.append(f"{name}: no example of its {media_type} body")
        for status, response in operation["responses"].items():
            for media_type, media in response.get("content", {}).items():
                if media_type not in BINARY and not _has_example(media):
                    missing.append(f"{name}: no example of its {status} {media_type} answer")
            if status[0] in "45" and PROBLEM_MEDIA_TYPE not in response.get("content", {}):
                missing.append(f"{name}: its {status} is not a documented Problem")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_error_example_is_a_problem_of_the_status_it_is_documented_under(
    document: dict[str, Any],
) -> None:
    checked = 0
    for name, operation in operations(document):
        for status, response in operation["responses"].items():
            for media in response.get("content", {}).values():
                for code, example in media.get("examples", {}).items():
                    problem = Problem.model_validate(example["value"])
                    assert problem.status == int(status), f"{name} {status}: {code}"
                    assert problem.type == TYPE_PREFIX + code, f"{name} {status}: {code}"
                    assert problem.detail, f"{name} {status}: {code} has no detail"
                    checked += 1
    assert checked > 300


def test_the_runner_calls_every_operation_once(document: dict[str, Any]) -> None:
    documented = {name for name, _ in operations(document)}

    assert sorted(ORDER) == sorted(set(ORDER)), "an operation runs twice"
    assert set(ORDER) | set(NOT_RUN) == documented
    assert set(FILLED) <= set(ORDER)


@pytest.fixture
def pages() -> Iterator[ProfilePages]:
    with ProfilePages() as pages:
        yield pages


@pytest.fixture
def settings(settings: Settings, pages: ProfilePages) -> Settings:
    return settings.model_copy(
        update={
            "admin_token_hash": OPERATOR_TOKEN_HASH,
            "webhook_worker": False,  # a test delivery stays queued: nothing leaves the machine
            "profile_page_base_urls": pages.base_urls(),
        }
    )


async def test_every_documented_example_runs_and_answers_as_documented(
    client: httpx.AsyncClient, engine: Engine, pages: ProfilePages, document: dict[str, Any]
) -> None:
    world = await make_world(client, engine, scope=None, owner_kind="person")
    run = Run(client, engine, world, pages)
    by_name = dict(operations(document))
    failures = []
    for name in ORDER:
        failures += await _run_one(run, name, by_name[name])
    assert not failures, "\n".join(failures)


async def _run_one(run: Run, name: str, operation: dict[str, Any]) -> list[str]:
    method, path = name.split(" ", 1)
    if method in {"PUT", "PATCH"}:  # the ETag to send is the one just read
        read = await run.client.get("/v1/me/preferences", headers=run.person.headers)
        run.assigned["etag"] = read.headers["etag"]
    request = documented_request(operation)
    if name in FILLED:
        FILLED[name][1](run, request)
    content = operation.get("requestBody", {}).get("content", {})
    media_type = next(iter(content), None)
    response = await run.client.request(
        method,
        path.format(**request.path),
        params=request.query,
        headers={
            **request.headers,
            **credentials(run, name, operation),
            **({"Content-Type": media_type} if media_type else {}),
        },
        json=request.body if content else None,
    )
    successes = {s: r for s, r in operation["responses"].items() if s[0] == "2"}
    if str(response.status_code) not in successes:
        return [f"{name}: {response.status_code}, documented {sorted(successes)}: {response.text}"]
    remember(run, name, response)
    answer = successes[str(response.status_code)].get("content", {})
    received = response.headers.get("content-type", "").split(";")[0]
    if not answer:
        return [] if not response.content else [f"{name}: a body, documented none"]
    if received not in answer:
        return [f"{name}: {received}, documented {sorted(answer)}"]
    if received in BINARY or not received.endswith("json"):
        return [] if response.content else [f"{name}: an empty {received} answer"]
    example = answer[received]["example"]
    return [f"{name}: {problem}" for problem in same_shape(example, response.json())]
