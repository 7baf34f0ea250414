"""A bulk check: up to 10,000 profiles in, the listed opt-outs among them out."""

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.platforms import Platform

MAX_IDS = 10_000
# The IETF AI Preferences vocabulary (draft-ietf-aipref-vocab): no AI training.
NO_AI_TRAINING = "train-ai=n"


class CheckItem(BaseModel):
    """One profile of either platform."""

    model_config = ConfigDict(extra="forbid")

    platform: Platform
    id: str = Field(max_length=2000)


class CheckRequest(BaseModel):
    """Profiles to check: `ids` as strings with one `platform`, or as `{platform, id}` objects.
    An id is a handle, a numeric id or a profile URL."""

    model_config = ConfigDict(
        extra="forbid",
    )

    platform: Platform | None = None
    # Strings first, objects only if that fails: trying both on every list costs ten times more.
    ids: list[str] | list[CheckItem] = Field(
        union_mode="left_to_right", description=f"At most {MAX_IDS:,} identifiers."
    )

    @field_validator("ids")
    @classmethod
    def _at_most(cls, value: list[Any]) -> list[Any]:
        if len(value) > MAX_IDS:
            raise ValueError(f"at most {MAX_IDS:,} ids per check (got {len(value):,})")
        return value

    @model_validator(mode="after")
    def _platform_for_strings(self) -> Self:
        if self.ids and isinstance(self.ids[0], str) and self.platform is None:
            raise ValueError("string ids need `platform` (or send {platform, id} objects)")
        return self


class ListedProfile(BaseModel):
    """An opted-out profile whose owner asked to be listed for dataset builders."""

    index: int = Field(description="Position in the request's `ids`")
    platform: Platform
    profile: str = Field(description="The canonical profile: a handle, or `id:<digits>`")
    ai_preferences: str = Field(
        default=NO_AI_TRAINING,
        description="The owner's choice in the IETF AI Preferences vocabulary",
    )


class CheckResult(BaseModel):
    """Only listed profiles are named. Unlisted and unknown ones are indistinguishable;
    `invalid` holds the positions of ids that are not a profile at all."""

    checked: int
    listed: list[ListedProfile]
    invalid: list[int]
