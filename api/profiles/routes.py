"""`/v1/me/profiles`: proving that the profiles in your preferences are yours.

Checking a proof reads the profile's public page, which can take seconds: the page is fetched
between two short transactions, never inside one.
"""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from api.accounts.deps import CurrentCaller
from api.db import session_scope
from api.deps import EngineDep, NudgesDep, ReadSessionDep, SessionDep
from api.errors import RateLimited, Unauthorized, problem_responses
from api.platforms import SITES, Platform
from api.preferences.models import Preferences
from api.preferences.profiles import normalise_profile
from api.profiles import examples, service
from api.profiles.deps import ProfileProofsDep
from api.profiles.errors import (
    AlreadyProved,
    CannotProve,
    CodeExpired,
    CodeNotOnPage,
    PageUnavailable,
    ProfileNotListed,
    ProofNotFound,
    ProvedByAnother,
)
from api.profiles.models import VERIFIED, ProfileProof
from api.profiles.schemas import CodeOut, ProfileOut, ProofOut

router = APIRouter()

ProfileParam = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="The profile as in your preferences: a handle or `id:<digits>`",
    ),
]
_PROOF = "/me/profiles/{platform}/{profile}/proof"


def _canonical(platform: Platform, profile: str) -> str:
    try:
        return normalise_profile(platform, profile)
    except ValueError as error:
        raise ProfileNotListed(f"{profile!r} is not a {platform} profile: {error}.") from None


@router.get(
    "/me/profiles",
    summary="The profiles in your preferences, and whether each is proved yours",
    description="Only a proved profile is named to dataset builders' bulk checks and to the "
    "groups you authorised; an unproved one stays your own record.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_PROFILES,
)
def list_profiles(caller: CurrentCaller, session: ReadSessionDep) -> list[ProfileOut]:
    proofs = {
        (proof.platform, proof.profile): proof
        for proof in service.proofs_of(session, account_id=caller.account_id)
    }
    preferences = session.get(Preferences, caller.account_id)
    listed = preferences is not None and preferences.listed
    out = []
    for platform, profile in service.linked_profiles(session, account_id=caller.account_id):
        proof = proofs.get((platform, profile))
        out.append(
            ProfileOut(
                platform=platform,
                profile=profile,
                proof=_view(proof) if proof else None,
                shared=listed and proof is not None and proof.state == VERIFIED,
            )
        )
    return out


@router.post(
    _PROOF,
    status_code=status.HTTP_201_CREATED,
    summary="Get a one-time code to prove a profile is yours",
    description="Put the code in the profile's public bio or in a public post, then ask for a "
    "check. The code is shown only now (only its hash is kept) and replaces an earlier one. "
    "404 if the profile is not in your preferences, 409 if you have already proved it.",
    responses=problem_responses(Unauthorized, ProfileNotListed, AlreadyProved, CannotProve),
    openapi_extra=examples.ASK_FOR_CODE,
)
def ask_for_code(
    platform: Platform,
    profile: ProfileParam,
    caller: CurrentCaller,
    session: SessionDep,
    proofs: ProfileProofsDep,
    response: Response,
) -> CodeOut:
    canonical = _canonical(platform, profile)
    response.headers["Location"] = f"/v1/me/profiles/{platform}/{quote(canonical, safe='')}/proof"
    page_url = proofs.pages.url_of(platform, canonical)
    issued = service.issue_code(
        session,
        account_id=caller.account_id,
        platform=platform,
        profile=canonical,
        ttl=proofs.code_ttl,
    )
    assert issued.proof.expires_at is not None
    return CodeOut(
        platform=platform,
        profile=canonical,
        code=issued.code,
        expires_at=issued.proof.expires_at,
        page_url=page_url,
        instructions=f"Put {issued.code} in the bio of your {SITES[platform].name} profile, or "
        "in a public post on it, and make sure the page is public. Then ask for a check. You "
        "can remove the code once the profile is proved, but it is looked for again every "
        "few weeks: keep it there to stay proved.",
    )


@router.post(
    _PROOF + "/check",
    summary="Check that your code is on the profile's public page",
    description="Reads the profile's public page. Found: the profile is proved yours and, if "
    "your preferences list you, named in bulk checks and to your groups. A proved profile "
    "whose code is gone lapses. 409 if another account proved the profile and its code is "
    "still there; 422 if the code is not on the page; 410 if the code expired; 502 if the page "
    "could not be read; 429 after too many checks.",
    responses=problem_responses(
        Unauthorized,
        ProfileNotListed,
        ProofNotFound,
        ProvedByAnother,
        CodeExpired,
        CodeNotOnPage,
        CannotProve,
        PageUnavailable,
        RateLimited,
    ),
    openapi_extra=examples.CHECK_PROOF,
)
async def check_proof(
    platform: Platform,
    profile: ProfileParam,
    caller: CurrentCaller,
    engine: EngineDep,
    nudges: NudgesDep,
    proofs: ProfileProofsDep,
    response: Response,
) -> ProofOut:
    canonical = _canonical(platform, profile)
    account_id = caller.account_id
    response.headers.update(await proofs.count_check(account_id))
    proofs.pages.url_of(platform, canonical)  # refuses a profile that has no page

    def expected() -> str:
        with session_scope(engine, write=False) as session:
            return service.pending_hash(
                session, account_id=account_id, platform=platform, profile=canonical
            )

    def conclude(found: set[str]) -> ProofOut:
        with session_scope(engine, write=True) as session:
            proof = service.conclude(
                session,
                account_id=account_id,
                platform=platform,
                profile=canonical,
                found=found,
                feed=proofs.feed,
                nudges=nudges,
            )
            return _view(proof)

    await run_in_threadpool(expected)
    found = await proofs.pages.codes_on_page(platform, canonical)
    if found is None:
        raise PageUnavailable(
            f"The public page of {SITES[platform].name} profile {canonical} could not be read. "
            "Make sure it is public and try again in a few minutes."
        )
    return await run_in_threadpool(conclude, found)


@router.get(
    _PROOF,
    summary="Where the proof of one of your profiles stands",
    responses=problem_responses(Unauthorized, ProofNotFound),
    openapi_extra=examples.READ_PROOF,
    description=(
        "The state of a profile's proof: the code to put on the profile's page, until when it is "
        "valid, and whether the profile is proved."
    ),
)
def read_proof(
    platform: Platform, profile: ProfileParam, caller: CurrentCaller, session: ReadSessionDep
) -> ProofOut:
    canonical = _canonical(platform, profile)
    proof = _own(session, caller.account_id, platform, canonical)
    return _view(proof)


@router.delete(
    _PROOF,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw the proof of a profile",
    description="The profile is no longer named in bulk checks or to your groups; it stays in "
    "your preferences. Removing the profile from your preferences withdraws its proof too.",
    responses=problem_responses(Unauthorized, ProofNotFound),
    openapi_extra=examples.WITHDRAW_PROOF,
)
def withdraw_proof(
    platform: Platform,
    profile: ProfileParam,
    caller: CurrentCaller,
    session: SessionDep,
    nudges: NudgesDep,
    proofs: ProfileProofsDep,
) -> None:
    service.drop(
        session,
        account_id=caller.account_id,
        platform=platform,
        profile=_canonical(platform, profile),
        feed=proofs.feed,
        nudges=nudges,
    )


def _own(session: Session, account_id: str, platform: Platform, profile: str) -> ProfileProof:
    proof = service.proof_of(session, account_id=account_id, platform=platform, profile=profile)
    if proof is None:
        raise ProofNotFound(f"You hold no proof of this {platform} profile.")
    return proof


def _view(proof: ProfileProof) -> ProofOut:
    return ProofOut.model_validate(proof, from_attributes=True)
