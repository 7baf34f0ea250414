"""The answer to a new or renewed sign-in, whichever way it was made: its token pair, which no
cache may keep."""

from typing import TypeVar

from fastapi import Response

from api.accounts.schemas import TokenPair
from api.accounts.service import IssuedTokens

Pair = TypeVar("Pair", bound=TokenPair)


def signed_in(issued: IssuedTokens, response: Response, answer: type[Pair]) -> Pair:
    response.headers["Cache-Control"] = "no-store"
    return answer.model_validate(issued, from_attributes=True)
