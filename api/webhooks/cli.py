"""`ai-optout webhooks deliver`: the delivery worker as its own process, for operators."""

import asyncio
import signal
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from api.webhooks.delivery import DeliveryWorker

webhooks_app = typer.Typer(help="Webhook delivery.", no_args_is_help=True)


@webhooks_app.command("deliver")
def deliver(
    once: Annotated[bool, typer.Option(help="Deliver what is due now, then exit")] = False,
) -> None:
    """Deliver queued webhook messages until stopped (Ctrl-C / SIGTERM)."""
    from api.config import get_settings
    from api.ops.database import command_engine
    from api.webhooks.runtime import make_worker

    settings = get_settings()
    with command_engine(settings) as engine:
        handled = _deliver(make_worker(settings, engine), once=once)
    if once:
        typer.echo(f"{handled} messages handled")


def _deliver(worker: "DeliveryWorker", *, once: bool) -> int:
    """Run the worker: what is due now (`once`, returns how many), or until a signal."""

    async def main() -> int:
        if once:
            total = 0
            while handled := await worker.run_once():
                total += handled
            return total
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await worker.run(stop)
        return 0

    return asyncio.run(main())
