"""A hot read asked for many keys at once on PostgreSQL, so that under load a read costs a
share of one round trip instead of a whole one.

Reads that arrive while every pooled connection is busy wait together; the next free
connection answers all of them with one statement (`WHERE key = ANY(:keys)`). Alone, a read
goes out at once: batching adds no wait of its own, it only gathers what would have queued.
"""

import asyncio
import weakref
from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.sql.selectable import TextualSelect

from api.raw_query import ASYNC_READ_CONNECTIONS, RawQuery

Rows = list[tuple[Any, ...]]


class KeyedReads:
    """`statement` selects the key first and takes the keys as `:keys` (an array); each read
    gets the rows of its own key, in the statement's order, as the driver gave them."""

    MAX_KEYS = 64  # one statement's parameter stays small, and one slow batch holds few reads

    def __init__(self, statement: TextualSelect) -> None:
        self.query = RawQuery(statement)
        self._batches: weakref.WeakKeyDictionary[Engine, _Batches] = weakref.WeakKeyDictionary()

    async def rows(self, engine: Engine, key: str) -> Rows:
        loop = asyncio.get_running_loop()
        batches = self._batches.get(engine)
        if batches is None or batches.loop is not loop:  # tests start a loop per client
            batches = self._batches[engine] = _Batches(self.query, loop)
        return await batches.read(engine, key)


class _Batches:
    """The reads waiting for one engine on one event loop, and the few tasks that serve them:
    at most one per pooled connection, so a batch forms whenever all of them are busy."""

    def __init__(self, query: RawQuery, loop: asyncio.AbstractEventLoop) -> None:
        # No reference to the engine: it is the weak key these are kept under.
        self.query = query
        self.loop = loop
        self.waiting: dict[str, list[asyncio.Future[Rows]]] = {}
        self.serving: set[asyncio.Task[None]] = set()

    async def read(self, engine: Engine, key: str) -> Rows:
        answer: asyncio.Future[Rows] = self.loop.create_future()
        self.waiting.setdefault(key, []).append(answer)
        if len(self.serving) < ASYNC_READ_CONNECTIONS:
            task = self.loop.create_task(self._serve(engine))
            self.serving.add(task)
            task.add_done_callback(self.serving.discard)
        # A read given up (its client gone) only stops waiting: the batch goes on for the rest.
        return await answer

    async def _serve(self, engine: Engine) -> None:
        while self.waiting:
            keys = list(self.waiting)[: KeyedReads.MAX_KEYS]
            batch = {key: self.waiting.pop(key) for key in keys}
            try:
                found = await self.query.driver_rows_async(engine, keys=keys)
            except Exception as error:
                for answer in _open(batch):
                    answer.set_exception(error)
                continue
            except BaseException:  # cancelled (the loop is closing): nobody is left to answer
                for answer in _open(batch):
                    answer.cancel()
                raise
            by_key: defaultdict[Any, Rows] = defaultdict(list)
            for row in found:
                by_key[row[0]].append(row)
            for key, answers in batch.items():
                for answer in answers:
                    if not answer.done():  # a read given up is done already
                        answer.set_result(by_key.get(key, []))


def _open(batch: dict[str, list["asyncio.Future[Rows]"]]) -> list["asyncio.Future[Rows]"]:
    return [answer for answers in batch.values() for answer in answers if not answer.done()]
