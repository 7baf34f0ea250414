"""Objection letters: whether the person can object at all, and the letter for their accounts."""

from datetime import date

from sqlmodel import Session

from api.languages import Language
from api.objections.errors import NoObjectionRight, RegionUnknown
from api.objections.letters import Letter, compose
from api.platforms import Platform
from api.policy.jurisdictions import Law, facts, jurisdiction_of
from api.preferences import service as preferences


def objection_law(region: str | None) -> Law:
    """The law a person in `region` objects under; a 409 problem where there is none."""
    jurisdiction = jurisdiction_of(region)
    if jurisdiction is None:
        raise RegionUnknown(
            "Set your region in your preferences first: whether you can object to Meta's AI "
            "training, and under which law, depends on where you live."
        )
    if jurisdiction.law is None:
        raise NoObjectionRight(
            f"Where you live ({region}), Meta offers no way to object to AI training on public "
            "posts: the right exists in the EU/EEA, the UK, Switzerland and Brazil. What you can "
            "do: make posts non-public (Friends, Only me) or delete them. That stops future "
            "collection; what was already used stays in. Source: " + facts().sources["no_right"]
        )
    return jurisdiction.law


def letter_for(
    session: Session, *, account_id: str, platform: Platform, lang: Language, today: date
) -> Letter:
    """The person's objection letter for one platform, naming their linked accounts there."""
    current = preferences.get_preferences(session, account_id=account_id)
    law = objection_law(current.region)
    accounts = [account for account in current.accounts if account.platform == platform]
    return compose(law=law, platform=platform, accounts=accounts, lang=lang, today=today)
