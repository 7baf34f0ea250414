"""The door anyone can knock on: reports per client address per hour, with the same limiter
(in process, or shared through Redis) as every other limit."""

import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Response

from api.config import Settings
from api.ratelimits.deps import client_address
from api.ratelimits.limiter import RateLimiter, make_limiter
from api.ratelimits.service import HOUR, admit


def report_limiter(settings: Settings, *, clock: Callable[[], float] = time.time) -> RateLimiter:
    return make_limiter(
        redis_url=settings.redis_url,
        limit=settings.page_reports_per_address_per_hour,
        prefix=settings.redis_key_prefix,
        clock=clock,
        name="page-reports",
        window=HOUR,
    )


async def page_reports(request: Request, response: Response) -> None:
    limiter: RateLimiter = request.app.state.page_report_limiter
    key = f"page-reports:address:{client_address(request)}"
    response.headers.update(admit([(limiter, key)], what="page reports"))


PageReportLimit = Annotated[None, Depends(page_reports)]
