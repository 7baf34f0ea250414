"""What the profile proofs need while the app runs: the page reader, the checks feed, a limit on
checks per account (the service's limiter, shared through Redis when configured), and the
periodic re-check started by the app's lifespan."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.db import session_scope
from api.nudges import Nudges
from api.platforms import Platform
from api.profiles import service
from api.profiles.errors import CannotProve
from api.profiles.service import FeedWriter
from api.profiles.verifier import PageReader
from api.ratelimits.limiter import RateLimiter, make_limiter
from api.ratelimits.service import admit_async
from api.sqltypes import utcnow

log = logging.getLogger(__name__)
RECHECK_BATCH = 50


@dataclass(frozen=True)
class ProfileProofs:
    pages: PageReader
    feed: FeedWriter
    checks: RateLimiter  # checks per account: each one costs an outbound fetch
    code_ttl: timedelta
    recheck_after: timedelta

    async def count_check(self, account_id: str) -> dict[str, str]:
        """Count one check by the account: the RateLimit fields, or 429 once they are used up
        (counted before the page is fetched, so a refused check costs no request)."""
        counts = [(self.checks, f"profile-checks:{account_id}")]
        return await admit_async(counts, what="profile checks")

    @classmethod
    def from_settings(cls, settings: Settings, *, feed: FeedWriter) -> "ProfileProofs":
        return cls(
            pages=PageReader.from_settings(settings),
            feed=feed,
            checks=make_limiter(
                redis_url=settings.redis_url,
                limit=settings.profile_checks_per_account_per_minute,
                prefix=settings.redis_key_prefix,
                name="profile-checks",
            ),
            code_ttl=timedelta(seconds=settings.profile_code_ttl_seconds),
            recheck_after=timedelta(days=settings.profile_recheck_days),
        )


async def recheck_round(engine: Engine, proofs: ProfileProofs, nudges: Nudges) -> int:
    """Look again at the pages of verified proofs not looked at for `recheck_after`; the
    number of proofs that lapsed. Each page is read outside any transaction."""
    older_than = utcnow() - proofs.recheck_after

    def due() -> list[tuple[str, str, str]]:
        with session_scope(engine, write=False) as session:
            rows = service.due_for_recheck(session, older_than=older_than, limit=RECHECK_BATCH)
            return [(row.id, row.platform, row.profile) for row in rows]

    def record(proof_id: str, found: set[str] | None) -> str | None:
        with session_scope(engine, write=True) as session:
            return service.rechecked(
                session, proof_id=proof_id, found=found, feed=proofs.feed, nudges=nudges
            )

    lapsed = 0
    while True:
        # Every proof looked at leaves the due set (a page that could not be read too: it is
        # tried again a period later), so this ends.
        batch = await asyncio.to_thread(due)
        for proof_id, platform, profile in batch:
            try:
                found = await proofs.pages.codes_on_page(cast(Platform, platform), profile)
            except CannotProve:
                found = set()
            state = await asyncio.to_thread(record, proof_id, found)
            lapsed += state == "lapsed"
        if len(batch) < RECHECK_BATCH:
            return lapsed


@asynccontextmanager
async def rechecking(app: FastAPI) -> AsyncIterator[None]:
    """Lifespan: re-check verified proofs in the background while the app serves."""
    settings: Settings = app.state.settings
    if not settings.profile_recheck_worker:
        yield
        return
    stop = asyncio.Event()

    async def run() -> None:
        while not stop.is_set():
            try:
                await recheck_round(app.state.engine, app.state.profile_proofs, app.state.nudges)
            except Exception:  # the database may be away for a moment; try again next round
                log.exception("profile proofs: re-checking failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.profile_recheck_poll_seconds)

    task = asyncio.create_task(run(), name="profile-recheck")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait([task], timeout=settings.profile_page_timeout_seconds + 1)
        task.cancel()
