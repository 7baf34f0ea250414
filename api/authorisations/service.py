"""Granting and revoking a group's access to a person's opt-out status, and what the group reads.

Both steps go to the person's history and, as `member.authorised` / `member.revoked`, to the
group's webhook outbox, all in the transaction of the change; the deliverer is woken after it.
"""

from typing import cast

from sqlalchemy import bindparam
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from api.authorisations.models import Authorisation
from api.authorisations.schemas import (
    AuthorisationOut,
    MemberAccount,
    MemberObjection,
    MemberOut,
    Members,
    OrganisationRef,
)
from api.db import after_commit
from api.errors import NotFound
from api.ledger import service as ledger
from api.nudges import Nudges
from api.organisations.models import Organisation
from api.organisations.service import UnknownOrganisation
from api.platforms import Platform
from api.preferences.models import LinkedAccount
from api.preferences.objections import ObjectionState
from api.profiles.service import verified_keys
from api.raw_query import FixedStatement
from api.sqltypes import utcnow
from api.webhooks import events
from api.webhooks.outbox import enqueue

_GRANTS = Authorisation.__table__  # type: ignore[attr-defined]  # SQLModel sets it on tables
# Asked on every change a person makes: a plain statement, not an ORM query.
_LIVE_GRANTS = FixedStatement(
    core_select(_GRANTS.c.id, _GRANTS.c.organisation_id).where(
        _GRANTS.c.account_id == bindparam("account_id"), _GRANTS.c.revoked_at.is_(None)
    )
)
GRANTED = "authorisation.granted"
REVOKED = "authorisation.revoked"


def grant(
    session: Session, *, account_id: str, organisation_id: str, nudges: Nudges
) -> tuple[AuthorisationOut, bool]:
    """Authorise the group; (the grant, whether it is new). Granting twice changes nothing."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise UnknownOrganisation()
    row = _grant_row(session, account_id, organisation_id)
    if row is not None and row.revoked_at is None:
        return _view(row, organisation), False
    now = utcnow()
    if row is None:
        row = Authorisation(organisation_id=organisation_id, account_id=account_id, granted_at=now)
    else:  # a new grant after a revocation keeps the member id the group knew
        row.granted_at, row.revoked_at = now, None
    session.add(row)
    session.flush()
    ledger.append(
        session,
        type=GRANTED,
        account_id=account_id,
        payload={"organisation_id": organisation.id, "organisation": organisation.name},
    )
    data = events.member_authorised(row.id, now)
    _notify(session, organisation_id, "member.authorised", data, nudges)
    return _view(row, organisation), True


def revoke(session: Session, *, account_id: str, organisation_id: str, nudges: Nudges) -> None:
    row = _grant_row(session, account_id, organisation_id)
    if row is None or row.revoked_at is not None:
        raise NotFound("You have not authorised this organisation.")
    now = utcnow()
    row.revoked_at = now
    session.add(row)
    organisation = session.get(Organisation, organisation_id)
    ledger.append(
        session,
        type=REVOKED,
        account_id=account_id,
        payload={
            "organisation_id": organisation_id,
            "organisation": organisation.name if organisation else None,
        },
    )
    data = events.member_revoked(row.id, now, reason="revoked")
    _notify(session, organisation_id, "member.revoked", data, nudges)


def grants_of(session: Session, *, account_id: str) -> list[AuthorisationOut]:
    """The person's live grants."""
    rows = session.exec(
        select(Authorisation, Organisation)
        .join(Organisation, col(Organisation.id) == col(Authorisation.organisation_id))
        .where(col(Authorisation.account_id) == account_id)
        .where(col(Authorisation.revoked_at).is_(None))
        .order_by(col(Authorisation.granted_at))
    )
    return [_view(grant, organisation) for grant, organisation in rows]


def live_grants(session: Session, *, account_id: str) -> list[tuple[str, str]]:
    """(member id, organisation id) of each group the person has authorised now."""
    rows = _LIVE_GRANTS.rows(session.connection(), account_id=account_id)
    return [(member_id, organisation_id) for member_id, organisation_id in rows]


def members(session: Session, *, organisation_id: str, limit: int, after: str | None) -> Members:
    """The people with a live grant to this group, with their objection states; nothing else.
    A profile the person has not proved is shown without its name."""
    query = (
        select(Authorisation)
        .where(col(Authorisation.organisation_id) == organisation_id)
        .where(col(Authorisation.revoked_at).is_(None))
        .order_by(col(Authorisation.id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(col(Authorisation.id) > after)
    grants = list(session.exec(query))
    linked = session.exec(
        select(LinkedAccount)
        .where(col(LinkedAccount.account_id).in_([grant.account_id for grant in grants]))
        .order_by(col(LinkedAccount.account_id), col(LinkedAccount.position))
    )
    # A profile is named only once its owner proved it (api/profiles): anyone can type any
    # handle, and a group must not be told that a stranger's profile objected.
    proved = verified_keys(session, account_ids=[grant.account_id for grant in grants])
    accounts: dict[str, list[MemberAccount]] = {}
    for row in linked:
        named = (row.account_id, row.platform, row.profile) in proved
        accounts.setdefault(row.account_id, []).append(_member_account(row, named=named))
    return Members(
        members=[
            MemberOut(
                member_id=grant.id,
                authorised_at=grant.granted_at,
                accounts=accounts.get(grant.account_id, []),
            )
            for grant in grants
        ],
        next_after=grants[-1].id if len(grants) == limit else None,
    )


def _grant_row(session: Session, account_id: str, organisation_id: str) -> Authorisation | None:
    return session.exec(
        select(Authorisation)
        .where(col(Authorisation.account_id) == account_id)
        .where(col(Authorisation.organisation_id) == organisation_id)
        .with_for_update()
    ).first()


def _notify(
    session: Session, organisation_id: str, type: str, data: dict[str, object], nudges: Nudges
) -> None:
    at = utcnow()
    if enqueue(session.connection(), organisation_id=organisation_id, type=type, data=data, at=at):
        after_commit(session, nudges.deliverer)


def _member_account(row: LinkedAccount, *, named: bool) -> MemberAccount:
    return MemberAccount(
        platform=cast(Platform, row.platform),
        profile=row.profile if named else None,
        objection=MemberObjection(
            state=cast(ObjectionState, row.objection_state),
            submitted_on=row.submitted_on,
            confirmed_on=row.confirmed_on,
            withdrawn_on=row.withdrawn_on,
        ),
    )


def _view(row: Authorisation, organisation: Organisation) -> AuthorisationOut:
    return AuthorisationOut(
        organisation=OrganisationRef(id=organisation.id, name=organisation.name),
        authorised_at=row.granted_at,
    )
