"""Privacy-safe statistics: opt-outs counted by platform, country, ISO week and state."""

from typing import Literal

from pydantic import BaseModel, Field

from api.platforms import Platform
from api.preferences.objections import ObjectionState

Dimension = Literal["platform", "country", "week", "state"]
DIMENSIONS: tuple[Dimension, ...] = ("platform", "country", "week", "state")


class Cell(BaseModel):
    """One group of opt-outs. `count` is null when every finest cell in it is below the
    threshold; `complete` is false when some of its finest cells were left out (so `count`
    is a lower bound)."""

    platform: Platform | None = None
    country: str | None = None
    week: str | None = None
    state: ObjectionState | None = None
    count: int | None
    complete: bool


class Statistics(BaseModel):
    threshold: int = Field(description="Finest cells with fewer people than this are withheld")
    by: list[Dimension]
    cells: list[Cell]
    total: Cell
