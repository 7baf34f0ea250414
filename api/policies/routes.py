"""Transparency: every policy version the engine knows, with each rule and its public source."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import AfterValidator

from api.errors import NotFound, problem_responses
from api.language_deps import RequestedLanguage, answered_in
from api.languages import Language
from api.policies import examples
from api.policies.schemas import PolicyChange, PolicyDetail, PolicySummary
from api.policy import PolicyVersion, Reason, load_catalog
from api.policy.catalog import PolicyCatalog
from api.policy.changes import changed_versions
from api.policy.translations import summary_in, translate
from api.preferences.regions import normalise_region

router = APIRouter()


def _summary(version: PolicyVersion, lang: Language) -> dict[str, Any]:
    return {**summary_in(version, lang), "lang": lang}


def _detail(version: PolicyVersion, lang: Language) -> dict[str, Any]:
    return {
        **_summary(version, lang),
        "rules": [
            {"code": code, **_reason(reason, lang)} for code, reason in version.rules.items()
        ],
        "actions": [
            {"code": action.code, "text": translate(action.text, lang), "url": action.url}
            for action in version.actions.values()
        ],
        "errata": [
            {"on": e.on, "changed": translate(e.changed, lang), "source": e.source}
            for e in version.errata
        ],
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


# The one sentence each operation's description ends with.
_LANGUAGE_NOTE = (
    " Titles and texts come in the language of `lang`, else of `Accept-Language`, else English"
    " (named in `lang` and `Content-Language`); sources, dates, ids and codes are never"
    " translated."
)


@router.get(
    "/policies",
    summary="Every policy version, newest rules per region",
    openapi_extra=examples.LIST_POLICIES,
    description=(
        "Every policy version the explanations rest on: platform, regions, and the dates it is in"
        " force." + _LANGUAGE_NOTE
    ),
)
def list_policies(lang: RequestedLanguage, response: Response) -> list[PolicySummary]:
    response.headers.update(answered_in(lang))
    return [PolicySummary.model_validate(_summary(v, lang)) for v in _catalog().versions]


Region = Annotated[
    str | None,
    AfterValidator(lambda v: None if v is None else normalise_region(v)),
    Query(description="ISO 3166-1 alpha-2 (aliases such as UK accepted); default: every region"),
]


# Declared before /policies/{policy_id}, which would otherwise take "changes" for an id.
@router.get(
    "/policies/changes",
    summary="The feed of policy changes: versions taking effect, newest first",
    openapi_extra=examples.LIST_CHANGES,
    description=(
        "Every policy version taking effect on or after `since`, newest first, with what it"
        " changed from the version before and the source of each change. With `region`, only"
        " the versions that apply there. The data changes only with a release, so the answer"
        " may be cached for an hour." + _LANGUAGE_NOTE
    ),
)
def list_changes(
    response: Response,
    lang: RequestedLanguage,
    since: Annotated[
        date | None, Query(description="Only versions taking effect from this day")
    ] = None,
    region: Region = None,
) -> list[PolicyChange]:
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers.update(answered_in(lang))
    return [
        PolicyChange.model_validate(
            {
                **_summary(version, lang),
                "changes": [
                    {"text": translate(c.text, lang), "source": c.source} for c in version.changes
                ],
            }
        )
        for version in changed_versions(_catalog(), since=since, region=region)
    ]


@router.get(
    "/policies/{policy_id}",
    summary="One policy version with every rule and its source",
    responses=problem_responses(NotFound),
    openapi_extra=examples.READ_POLICY,
    description=(
        "One policy version with every rule, its effective dates and the public source of each,"
        " with the source's kind; and its errata: dated corrections of what it said about its"
        " own period, each with its source." + _LANGUAGE_NOTE
    ),
)
def read_policy(policy_id: str, lang: RequestedLanguage, response: Response) -> PolicyDetail:
    try:
        version = _catalog().get(policy_id)
    except KeyError:
        raise NotFound(f"No policy version {policy_id!r}.") from None
    response.headers.update(answered_in(lang))
    return PolicyDetail.model_validate(_detail(version, lang))
