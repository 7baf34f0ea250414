"""Checking a refusal as a client reads it: its status, the problem+json type, its stable code."""

import httpx

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == f"urn:ai-optout:problem:{code}"
