"""Differentially private statistics: opt-outs counted by platform, country, ISO week and state."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.platforms import Platform
from api.preferences.objections import ObjectionState

Dimension = Literal["platform", "country", "week", "state"]
DIMENSIONS: tuple[Dimension, ...] = ("platform", "country", "week", "state")


class Cell(BaseModel):
    """One group of people. Every group the query asks for is listed, empty or not; `count`
    is noisy (see `privacy`) and never below 0. A null key is "not said" (country) or "not
    submitted" (week) when grouped by it, and "any" when not."""

    platform: Platform | None = None
    country: str | None = None
    week: str | None = None
    state: ObjectionState | None = None
    count: int = Field(ge=0)


class Privacy(BaseModel):
    """What this answer cost and how far its counts may be from the truth."""

    epsilon_spent: float = Field(description="ε this answer spent of the organisation's budget")
    epsilon_left: float = Field(description="ε left in the current period")
    epsilon_per_period: float = Field(description="The whole budget of one period")
    renews_at: datetime = Field(description="When the budget is whole again")
    released_at: datetime = Field(
        description="When these counts were drawn. The same question asked again in the same "
        "period, while nobody counted has changed, gets this same answer back at ε 0"
    )
    mechanism: str = Field(description="The noise added to each count")
    noise_scale: float = Field(description="The noise's scale: 1/ε")
    margin_95: int = Field(
        description="95% of counts are within ± this of the true count (each cell, not the total)"
    )


class Statistics(BaseModel):
    by: list[Dimension]
    weeks: list[str] = Field(description="The weeks listed when grouped by week, oldest first")
    cells: list[Cell]
    total: int = Field(
        ge=0,
        description="The sum of the cells' noisy counts (before each is raised to 0), at 0 or "
        "more: its noise grows with the number of cells",
    )
    privacy: Privacy
