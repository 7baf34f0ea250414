"""A person's objection to Meta: its steps, the letter, the timeline and the evidence pack."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.accounts.deps import CurrentCaller
from api.changes.schemas import PreferencesWritten
from api.deps import NudgesDep, ReadSessionDep, SessionDep
from api.errors import Conflict, NotFound, Unauthorized, problem_responses
from api.language_deps import RequestedLanguage, answered_in
from api.objections import examples, service, steps
from api.objections.errors import (
    CorrectionRefused,
    InvalidObjectionStep,
    NoLinkedAccount,
    NoObjectionRight,
)
from api.objections.evidence_pack import build_pack
from api.objections.letter_render import HTML_CSP, as_html, as_text
from api.objections.letters import Letter
from api.objections.schemas import LetterFormat, ObjectionStepIn, ObjectionTimeline
from api.objections.timeline import objection_timeline
from api.platforms import Platform
from api.preferences.etags import etag
from api.receipts.deps import ReceiptIssuerDep
from api.sqltypes import utcnow

router = APIRouter()
PRIVATE = "private, no-store"
LETTER_DESCRIPTION = (
    "A GDPR Art. 21(1) objection (UK: UK GDPR Art. 21(1), worded as the ICO advises; "
    "Switzerland: FADP; Brazil: LGPD) naming your linked accounts on the platform, with the "
    "link to Meta's form, in the language of `lang`, else of `Accept-Language`, else English "
    "(named in `Content-Language`). Nothing is sent on your behalf and your Meta password is "
    "never needed. Where Meta offers no objection (US and elsewhere) or your region is "
    "unknown: 409."
)


@router.post(
    "/me/objections/{platform}/steps",
    summary="Record one step of your objection to Meta",
    description="Moves one linked account's objection (e.g. `submitted`, then `confirmed`; "
    "`withdrawn` when you take it back, after which you can object again). "
    "A step that does not follow from the current state (confirmed before submitted) gets 409. "
    "Each accepted step is in your history and gets a receipt. A step that changes nothing "
    "(sent twice) writes nothing and answers as the first did. A step taken by mistake is "
    'taken back with `{"state": <the state before it>, "correction": {"reason": "…"}}`: the '
    "objection returns to what it was, dates included, and your reason is kept in your "
    "history and the receipt (409 `objection-correction` if `state` is not the one before).",
    responses=problem_responses(
        Unauthorized, NotFound, Conflict, CorrectionRefused, InvalidObjectionStep
    ),
    openapi_extra=examples.TAKE_STEP,
)
def take_step(
    platform: Annotated[Platform, Path()],
    body: ObjectionStepIn,
    caller: CurrentCaller,
    session: SessionDep,
    issuer: ReceiptIssuerDep,
    nudges: NudgesDep,
    response: Response,
) -> PreferencesWritten:
    written = steps.apply_step(
        session,
        account_id=caller.account_id,
        platform=platform,
        step=body,
        today=utcnow().date(),
        issuer=issuer,
        nudges=nudges,
    )
    response.headers["ETag"] = etag(written.version)
    return written


def _letter_response(letter: Letter, form: LetterFormat) -> Response:
    headers = {"Cache-Control": PRIVATE, **answered_in(letter.lang)}
    if form == "html":
        headers["Content-Security-Policy"] = HTML_CSP
        return Response(as_html(letter), media_type="text/html; charset=utf-8", headers=headers)
    return Response(as_text(letter), media_type="text/plain; charset=utf-8", headers=headers)


_LETTER_RESPONSES = {
    **problem_responses(Unauthorized, NoObjectionRight, NoLinkedAccount),
    200: {"content": {"text/plain": {}, "text/html": {}}, "description": "The letter"},
}


@router.get(
    "/me/objection-letter",
    summary="Your objection letter to Meta",
    description=LETTER_DESCRIPTION + " Reading it changes nothing.",
    response_class=Response,
    responses=_LETTER_RESPONSES,
    openapi_extra=examples.READ_LETTER,
)
def read_letter(
    caller: CurrentCaller,
    session: ReadSessionDep,
    platform: Platform,
    lang: RequestedLanguage,
    format: Annotated[LetterFormat, Query()] = "text",
) -> Response:
    letter = service.letter_for(
        session, account_id=caller.account_id, platform=platform, lang=lang, today=utcnow().date()
    )
    return _letter_response(letter, format)


@router.post(
    "/me/objection-letter",
    summary="Your objection letter, marking those objections ready",
    description=LETTER_DESCRIPTION + " With `mark_ready=true`, the platform's objections that "
    "have not started (or that Meta wants resubmitted, or you withdrew) move to `ready`, with a "
    "receipt; the new "
    "ETag comes back in `ETag`.",
    response_class=Response,
    responses=_LETTER_RESPONSES,
    openapi_extra=examples.PREPARE_LETTER,
)
def prepare_letter(
    caller: CurrentCaller,
    session: SessionDep,
    issuer: ReceiptIssuerDep,
    nudges: NudgesDep,
    platform: Platform,
    lang: RequestedLanguage,
    format: Annotated[LetterFormat, Query()] = "text",
    mark_ready: bool = False,
) -> Response:
    today = utcnow().date()
    letter = service.letter_for(
        session, account_id=caller.account_id, platform=platform, lang=lang, today=today
    )
    response = _letter_response(letter, format)
    if mark_ready:
        written = steps.mark_ready(
            session,
            account_id=caller.account_id,
            platform=platform,
            issuer=issuer,
            nudges=nudges,
        )
        if written is not None:
            response.headers["ETag"] = etag(written.version)
        if written is not None and written.receipt is not None:
            response.headers["Link"] = f'</v1/me/receipts/{written.receipt.id}>; rel="receipt"'
    return response


@router.get(
    "/me/objection-timeline",
    summary="What Meta may already have used, and what your objection covers",
    description="Per linked account: when Meta's training began in your region (with its "
    "public source), when you objected, and so what may already have been used versus what is "
    "covered from now on. Its sentences come in the language of `lang`, else of "
    "`Accept-Language`, else English (named in `lang` and `Content-Language`); sources, dates, "
    "state codes and the reasons you or Meta gave are not translated.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.READ_TIMELINE,
)
def read_timeline(
    caller: CurrentCaller, session: ReadSessionDep, response: Response, lang: RequestedLanguage
) -> ObjectionTimeline:
    response.headers["Cache-Control"] = PRIVATE
    response.headers.update(answered_in(lang))
    today = utcnow().date()
    return objection_timeline(session, account_id=caller.account_id, today=today, lang=lang)


@router.get(
    "/me/evidence-pack",
    summary="Download your evidence pack (ZIP)",
    description="Your receipts, your log events, a chain proof from your first event to the "
    "head, the signed head, the public keys, your timeline, and a README with a short script to "
    "verify it all offline. The README and the timeline's sentences follow `lang`, else "
    "`Accept-Language` (the verification script and its messages stay English).",
    response_class=Response,
    responses={
        **problem_responses(Unauthorized),
        200: {"content": {"application/zip": {}}, "description": "The ZIP"},
    },
    openapi_extra=examples.DOWNLOAD_PACK,
)
def download_pack(
    caller: CurrentCaller,
    session: ReadSessionDep,
    issuer: ReceiptIssuerDep,
    lang: RequestedLanguage,
) -> Response:
    today = utcnow().date()
    content = build_pack(
        session, account_id=caller.account_id, issuer=issuer, today=today, lang=lang
    )
    disposition = f'attachment; filename="ai-optout-evidence-{today.isoformat()}.zip"'
    return Response(
        content,
        media_type="application/zip",
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": PRIVATE,
            **answered_in(lang),
        },
    )
