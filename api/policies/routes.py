"""Transparency: every policy version the engine knows, with each rule and its public source."""

from typing import Any

from fastapi import APIRouter, Response

from api.errors import NotFound, problem_responses
from api.language_deps import RequestedLanguage
from api.languages import Language
from api.policies import examples
from api.policies.schemas import PolicyDetail, PolicySummary
from api.policy import PolicyVersion, Reason, load_catalog
from api.policy.catalog import PolicyCatalog
from api.policy.translations import translate

router = APIRouter()


def _detail(version: PolicyVersion, lang: Language) -> dict[str, Any]:
    return {
        **version.summary(),
        "lang": lang,
        "rules": [
            {"code": code, **_reason(reason, lang)} for code, reason in version.rules.items()
        ],
        "actions": [
            {"code": action.code, "text": translate(action.text, lang), "url": action.url}
            for action in version.actions.values()
        ],
        "errata": [{"on": e.on, "changed": e.changed, "source": e.source} for e in version.errata],
    }


def _reason(reason: Reason, lang: Language) -> dict[str, Any]:
    return {
        "text": translate(reason.text, lang),
        "source": reason.source,
        "source_date": reason.source_date,
        "basis": reason.basis,
        "source_kind": reason.source_kind,
    }


def _catalog() -> PolicyCatalog:
    return load_catalog()


@router.get(
    "/policies",
    summary="Every policy version, newest rules per region",
    openapi_extra=examples.LIST_POLICIES,
    description=(
        "Every policy version the explanations rest on: platform, regions, and the dates it is in"
        " force."
    ),
)
def list_policies() -> list[PolicySummary]:
    return [PolicySummary.model_validate(v.summary()) for v in _catalog().versions]


@router.get(
    "/policies/{policy_id}",
    summary="One policy version with every rule and its source",
    responses=problem_responses(NotFound),
    openapi_extra=examples.READ_POLICY,
    description=(
        "One policy version with every rule, its effective dates and the public source of each,"
        " with the source's kind; and its errata: dated corrections of what it said about its"
        " own period, each with its source. Rule and action texts come in the language of"
        " `lang`, else of `Accept-Language`, else English (named in `lang` and"
        " `Content-Language`); errata, titles, sources and dates stay as published."
    ),
)
def read_policy(policy_id: str, lang: RequestedLanguage, response: Response) -> PolicyDetail:
    try:
        version = _catalog().get(policy_id)
    except KeyError:
        raise NotFound(f"No policy version {policy_id!r}.") from None
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return PolicyDetail.model_validate(_detail(version, lang))
