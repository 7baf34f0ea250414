"""The whole API, fuzzed from its own OpenAPI document: no 5xx, no answer off its documented
schema, every error `application/problem+json`; with the credential each operation documents (a
person's token, a group's API key, the operator's token) and without.

The default budget keeps `make test` fast and deterministic; set AI_OPTOUT_FUZZ_EXAMPLES (e.g. 500)
for a longer, randomised run.
"""

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.changes import service as changes
from api.db import session_scope
from api.errors import PROBLEM_MEDIA_TYPE
from api.middleware import SECURITY_HEADERS
from api.organisations import service as organisations
from api.organisations.keys import SCOPES
from tests.robustness.access import OPERATOR_TOKEN

# Built from an ASGI app's OpenAPI document: the operation's parameter and schema types vary.
Operation = schemathesis.APIOperation[Any, Any, Any, Any]

DEFAULT_EXAMPLES = 12
EXAMPLES = int(os.environ.get("AI_OPTOUT_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@dataclass
class Findings:
    tried: int = 0
    # Requests sent per operation: a run that sent none for some operation fuzzed nothing there.
    sent: Counter[str] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, report: str) -> None:
        self.failures.setdefault(key, report)


def fresh_token(app: FastAPI) -> str:
    """A new anonymous account per case: a case may sign out or delete the account it uses."""
    with session_scope(app.state.engine) as session:
        issued = changes.create_account(
            session, tokens=app.state.access_tokens, refresh_ttl_seconds=3600
        )
    return issued.access_token


def fresh_group_key(app: FastAPI) -> str:
    """A new group with a key holding every scope, per case (so no case meets a rate limit)."""
    with session_scope(app.state.engine) as session:
        group = organisations.create_organisation(session, name="Fuzzed group")
        return organisations.issue_key(session, organisation_id=group.id, scopes=list(SCOPES)).key


def credential_for(app: FastAPI, operation: Operation) -> Callable[[], str]:
    """The credential an operation documents: a person's token, a group's key, the operator's."""
    documented = app.openapi()["paths"][operation.path][operation.method.lower()]
    schemes = {name for requirement in documented.get("security", []) for name in requirement}
    if "OrgKey" in schemes:
        return lambda: fresh_group_key(app)
    if "OperatorToken" in schemes:
        return lambda: OPERATOR_TOKEN
    return lambda: fresh_token(app)


def _house_rules(response: schemathesis.Response) -> str | None:
    """What the schema cannot say: security headers always, errors as problem+json."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    missing = [name.decode() for name, _ in SECURITY_HEADERS if name.decode() not in headers]
    if missing:
        return f"{response.status_code} without the security headers {missing}"
    if response.status_code < 400:
        return None
    media_type: str | list[str] = headers.get("content-type", [""])
    media_type = media_type[0] if isinstance(media_type, list) else media_type
    if not media_type.startswith(PROBLEM_MEDIA_TYPE):
        return f"error {response.status_code} sent as {media_type!r}, not problem+json"
    body = response.json()
    if not (isinstance(body, dict) and body.get("status") == response.status_code):
        return f"problem body does not repeat the status {response.status_code}"
    return None


def fuzz_operation(
    operation: Operation,
    *,
    mode: GenerationMode,
    token: Callable[[], str] | None,
    findings: Findings,
) -> None:
    label = f"{operation.label} [{mode.value}, {'credentials' if token else 'anonymous'}]"

    # With credentials, the header is fixed (never negated) and swapped for a live token per case.
    fixed = {"Authorization": "Bearer placeholder"} if token else None
    strategy = operation.as_strategy(generation_mode=mode, headers=fixed)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize="AI_OPTOUT_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=strategy)
    def run(case: schemathesis.Case[Operation]) -> None:
        findings.tried += 1
        findings.sent[operation.label] += 1
        if token:
            case.headers["Authorization"] = f"Bearer {token()}"
        response = case.call()
        curl = case.as_curl_command()
        wrong = _house_rules(response)
        if wrong:
            findings.add(f"{label}: {wrong}", f"{wrong}\n{curl}")
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(findings, label, failure, response.status_code, curl)
        except Failure as failure:
            _record(findings, label, failure, response.status_code, curl)

    try:
        run()
    except Exception as error:  # hypothesis gave up on generating: report, do not crash
        if "Unable to satisfy assumptions" not in str(error):
            findings.add(f"{label}: {type(error).__name__}", str(error)[:2000])


def _record(findings: Findings, label: str, failure: Failure, status: int, curl: str) -> None:
    findings.add(
        f"{label}: {failure.title} ({status})", f"{failure.title}\n{failure.message}\n{curl}"
    )


def _operations(app: FastAPI) -> Iterator[Operation]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # an operation the document cannot describe fails the run
            raise result.err()
        yield result.ok()


@pytest.mark.slow
def test_every_operation_keeps_its_contract_under_fuzzing(app: FastAPI) -> None:
    findings = Findings()
    operations = list(_operations(app))
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for token in (credential_for(app, operation), None):
                fuzz_operation(operation, mode=mode, token=token, findings=findings)

    print(f"fuzzed {len(operations)} operations with {findings.tried} requests")
    assert len(operations) > 50  # the whole API, not a document that lost its paths
    assert [op.label for op in operations if not findings.sent[op.label]] == []
    assert not findings.failures, "\n\n".join(
        f"== {key}\n{report}" for key, report in sorted(findings.failures.items())
    )
