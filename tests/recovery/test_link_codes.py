"""Link codes: a second device joins the same account with a short, single-use code."""

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import segno
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.accounts.tokens import AccessTokens
from api.config import Settings
from api.db import session_scope
from api.main import create_app
from api.recovery import service
from api.recovery.errors import LinkCodeExpired
from tests.conftest import Person
from tests.recovery.support import comparable, history_types, link_code

pytestmark = pytest.mark.usefixtures("still_limiters")
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Gecko/20100101 Firefox/133.0"}


async def test_a_link_code_comes_with_a_link_and_its_qr_code(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post("/v1/me/link-codes", headers=person.headers)

    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert CODE.fullmatch(body["code"])
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert timedelta(seconds=290) < expires_at - datetime.now(UTC) <= timedelta(seconds=300)
    assert body["link"] == f"http://testserver/act#link={body['code']}"
    assert body["qr_svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert _dark_modules(body["qr_svg"]) == _expected_modules(body["link"])


async def test_the_link_points_at_the_public_address_when_one_is_set(
    settings: Settings, engine: Engine
) -> None:
    public = settings.model_copy(update={"public_base_url": "https://optout.example.org/"})
    transport = httpx.ASGITransport(app=create_app(public, engine=engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8000") as client:
        created = await client.post("/v1/accounts")
        headers = {"Authorization": f"Bearer {created.json()['access_token']}"}
        body = (await client.post("/v1/me/link-codes", headers=headers)).json()

    assert body["link"] == f"https://optout.example.org/act#link={body['code']}"


async def test_a_second_device_signs_in_to_the_same_account_once(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await link_code(client, person))["code"]

    joined = await client.post("/v1/auth/link", json={"code": code.lower()}, headers=PHONE)

    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert body["account_id"] == person.account_id
    assert joined.headers["cache-control"] == "no-store"
    phone = {"Authorization": f"Bearer {body['access_token']}"}
    assert (await client.get("/v1/me/preferences", headers=phone)).status_code == 200
    sign_ins = (await client.get("/v1/me/sessions", headers=person.headers)).json()
    assert "Firefox on Android" in [sign_in["label"] for sign_in in sign_ins]
    again = await client.post("/v1/auth/link", json={"code": code})
    assert again.status_code == 410
    assert again.json()["type"] == "urn:ai-optout:problem:link-code-used"


async def test_an_unknown_code_is_refused_as_such(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/auth/link", json={"code": "ABCDE-FGHJK"})
    garbled = await client.post("/v1/auth/link", json={"code": "#!\u0000"})

    assert response.status_code == 401
    assert response.json()["type"] == "urn:ai-optout:problem:link-code-invalid"
    assert comparable(response) == comparable(garbled)


async def test_an_expired_code_is_refused_and_signs_nobody_in(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    # Made six minutes ago: the clock is the service's `now`, not a sleep.
    with session_scope(engine) as session:
        issued = service.issue_link_code(
            session,
            account_id=person.account_id,
            ttl_seconds=300,
            max_live=3,
            now=datetime.now(UTC) - timedelta(minutes=6),
        )

    response = await client.post("/v1/auth/link", json={"code": issued.code})

    assert response.status_code == 410
    assert response.json()["type"] == "urn:ai-optout:problem:link-code-expired"
    sign_ins = (await client.get("/v1/me/sessions", headers=person.headers)).json()
    assert len(sign_ins) == 1


def test_a_code_works_until_the_moment_it_expires(
    app: FastAPI, engine: Engine, person: Person
) -> None:
    made = datetime.now(UTC)
    with session_scope(engine) as session:
        early = service.issue_link_code(
            session, account_id=person.account_id, ttl_seconds=300, max_live=3, now=made
        )
        late = service.issue_link_code(
            session, account_id=person.account_id, ttl_seconds=300, max_live=3, now=made
        )
    tokens: AccessTokens = app.state.access_tokens
    with session_scope(engine) as session:
        signed_in = service.link_device(
            session,
            code=early.code,
            tokens=tokens,
            ttl_seconds=3600,
            now=made + timedelta(seconds=299),
        )
    assert signed_in.account_id == person.account_id
    with pytest.raises(LinkCodeExpired), session_scope(engine) as session:
        service.link_device(
            session,
            code=late.code,
            tokens=tokens,
            ttl_seconds=3600,
            now=made + timedelta(seconds=300),
        )


async def test_only_a_few_codes_are_live_at_once_and_a_new_one_retires_the_oldest(
    client: httpx.AsyncClient, person: Person
) -> None:
    codes = [(await link_code(client, person))["code"] for _ in range(4)]

    oldest = await client.post("/v1/auth/link", json={"code": codes[0]})
    newer = [await client.post("/v1/auth/link", json={"code": code}) for code in codes[1:]]

    assert oldest.status_code == 401
    assert [answer.status_code for answer in newer] == [200, 200, 200]


async def test_codes_made_at_the_same_time_still_respect_the_live_limit(
    client: httpx.AsyncClient, person: Person
) -> None:
    answers = await asyncio.gather(
        *(client.post("/v1/me/link-codes", headers=person.headers) for _ in range(6))
    )

    assert [answer.status_code for answer in answers] == [201] * 6
    used = [
        (await client.post("/v1/auth/link", json={"code": answer.json()["code"]})).status_code
        for answer in answers
    ]
    assert sorted(used) == [200, 200, 200, 401, 401, 401]


async def test_attempts_are_limited_per_code(client: httpx.AsyncClient, person: Person) -> None:
    code = (await link_code(client, person))["code"]
    assert (await client.post("/v1/auth/link", json={"code": code})).status_code == 200

    repeats = [await client.post("/v1/auth/link", json={"code": code}) for _ in range(5)]

    assert [answer.status_code for answer in repeats] == [410, 410, 410, 410, 429]
    assert repeats[-1].headers["retry-after"] == "40"


async def test_guesses_from_one_address_hit_the_limit(
    client: httpx.AsyncClient, person: Person, app: FastAPI
) -> None:
    code = (await link_code(client, person))["code"]

    guesses = [
        await client.post("/v1/auth/link", json={"code": f"ABCDE-FGH{n:02d}"}) for n in range(10)
    ]
    limited = await client.post("/v1/auth/link", json={"code": code})

    assert [answer.status_code for answer in guesses] == [401] * 10
    assert limited.status_code == 429
    assert limited.json()["type"] == "urn:ai-optout:problem:too-many-code-attempts"
    # Refused before it was looked at: the code still works from elsewhere.
    other = httpx.ASGITransport(app=app, client=("198.51.100.7", 5000))
    async with httpx.AsyncClient(transport=other, base_url="http://testserver") as phone:
        assert (await phone.post("/v1/auth/link", json={"code": code})).status_code == 200


async def test_making_and_using_a_code_is_in_the_history_and_no_code_is_in_the_export(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await link_code(client, person))["code"]
    assert (await client.post("/v1/auth/link", json={"code": code})).status_code == 200

    types = await history_types(client, person)
    export = await client.get("/v1/me/export", headers=person.headers)

    assert types[:2] == ["device.linked", "link_code.issued"]
    assert code not in export.text and code.replace("-", "") not in export.text


async def test_a_failed_link_leaves_the_account_as_it_was(
    client: httpx.AsyncClient, person: Person
) -> None:
    await link_code(client, person)
    before = (await client.get("/v1/me/export", headers=person.headers)).json()

    assert (await client.post("/v1/auth/link", json={"code": "ABCDE-FGHJK"})).status_code == 401

    assert (await client.get("/v1/me/export", headers=person.headers)).json() == before


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read the QR code back from the SVG's path: runs of dark modules, row by row."""
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)
    assert path is not None
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for op, args in re.findall(r"([Mmh])([-\d. ]+)", path.group(1)):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(numbers[0]))}
            x += numbers[0]
    return dark


def _expected_modules(link: str, border: int = 2) -> set[tuple[int, int]]:
    matrix = segno.make_qr(link, error="m").matrix
    return {
        (column + border, row + border)
        for row, line in enumerate(matrix)
        for column, module in enumerate(line)
        if module
    }
