"""Creating organisations, issuing and revoking their keys, and authenticating a presented key."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from api.errors import NotFound, ProblemError, Unauthorized
from api.organisations import keys
from api.organisations.models import ApiKey, Organisation
from api.organisations.schemas import IssuedKey, KeyOut, OrganisationOut
from api.raw_query import RawQuery
from api.sqltypes import UTCDateTime, new_id, utcnow

# `last_used_at` is written at most this often per key, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
_KEY = RawQuery(
    text(
        "SELECT organisation_id, secret_hash, scopes, last_used_at, revoked_at"
        " FROM api_keys WHERE id = :key_id"
    ).columns(
        organisation_id=String,
        secret_hash=String,
        scopes=String,
        last_used_at=UTCDateTime,
        revoked_at=UTCDateTime,
    )
)


@dataclass(frozen=True, slots=True)
class OrgPrincipal:
    """Who an authenticated organisation request comes from, and what its key may do."""

    organisation_id: str
    key_id: str
    scopes: frozenset[str]
    last_used_at: datetime | None


class UnknownOrganisation(NotFound):
    code = "unknown-organisation"
    title = "No such organisation"


class UnknownScope(ProblemError):
    status, code, title = 400, "unknown-scope", "No such API key scope"


def create_organisation(session: Session, *, name: str) -> OrganisationOut:
    row = Organisation(name=name)
    session.add(row)
    session.flush()
    return OrganisationOut.model_validate(row, from_attributes=True)


def get_organisation(session: Session, *, organisation_id: str) -> OrganisationOut:
    row = session.get(Organisation, organisation_id)
    if row is None:
        raise UnknownOrganisation()
    return OrganisationOut.model_validate(row, from_attributes=True)


def issue_key(
    session: Session, *, organisation_id: str, scopes: list[str], name: str = ""
) -> IssuedKey:
    """A new key with `scopes`. The full key is in the answer only; the row keeps its hash."""
    get_organisation(session, organisation_id=organisation_id)
    unknown = sorted(set(scopes) - set(keys.SCOPES))
    if unknown:
        raise UnknownScope(
            f"Unknown scopes: {', '.join(unknown)}; known: {', '.join(keys.SCOPES)}."
        )
    key_id = new_id()
    full_key, secret_hash = keys.compose(key_id)
    ordered = [scope for scope in keys.SCOPES if scope in scopes]
    row = ApiKey(
        id=key_id,
        organisation_id=organisation_id,
        name=name,
        secret_hash=secret_hash,
        scopes=" ".join(ordered),
    )
    session.add(row)
    session.flush()
    return IssuedKey(**key_view(row).model_dump(), key=full_key)


def revoke_key(session: Session, *, key_id: str) -> KeyOut:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound("No such API key.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    return key_view(row)


def get_key(session: Session, *, key_id: str) -> KeyOut:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound("No such API key.")
    return key_view(row)


def authenticate_key(engine: Engine, *, token: str) -> OrgPrincipal:
    """The organisation behind a presented key, if the key is known, matches and is live.
    One indexed read on the pool, before the request's own session opens."""
    presented = keys.parse(token)
    if presented is None:
        raise Unauthorized("This is not an organisation API key (`aoo_…`).")
    rows = _KEY.all(engine, key_id=presented.key_id)
    if not rows or not keys.secret_matches(presented.secret, rows[0][1]):
        raise Unauthorized("Unknown API key.")
    organisation_id, _hash, scopes, last_used_at, revoked_at = rows[0]
    if revoked_at is not None:
        raise Unauthorized("This API key was revoked.")
    return OrgPrincipal(
        organisation_id=organisation_id,
        key_id=presented.key_id,
        scopes=keys.parse_scopes(scopes),
        last_used_at=last_used_at,
    )


def last_use_is_stale(principal: OrgPrincipal, now: datetime) -> bool:
    last = principal.last_used_at
    return last is None or now - last >= LAST_USED_PRECISION


def record_use(session: Session, *, key_id: str, now: datetime) -> None:
    """Note that a key was used; a no-op if another request noted it within the minute."""
    stale_before = now - LAST_USED_PRECISION
    session.exec(
        update(ApiKey)
        .where(col(ApiKey.id) == key_id)
        .where(col(ApiKey.last_used_at).is_(None) | (col(ApiKey.last_used_at) < stale_before))
        .values(last_used_at=now)
    )


def keys_of(session: Session, *, organisation_id: str) -> list[KeyOut]:
    rows = session.exec(
        select(ApiKey)
        .where(ApiKey.organisation_id == organisation_id)
        .order_by(col(ApiKey.created_at))
    )
    return [key_view(row) for row in rows]


def key_view(row: ApiKey) -> KeyOut:
    return KeyOut(
        id=row.id,
        organisation_id=row.organisation_id,
        name=row.name,
        scopes=row.scopes.split(),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )
