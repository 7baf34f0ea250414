"""What goes over the wire for recovery codes and link codes."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.accounts.schemas import TokenPair


class CodeIn(BaseModel):
    """A code as the person typed it: case, spaces and dashes do not matter."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, examples=["7K2M-Q9XD-4TRB-HW3N"])


class RecoveryCodesOut(BaseModel):
    """A new set of one-time recovery codes. Shown only in this answer: keep them safe."""

    codes: list[str] = Field(description="Ten codes, each 16 symbols in groups of four")
    created_at: datetime


class RecoveryCodesStatus(BaseModel):
    """How many codes of the current set are left; never the codes."""

    remaining: int
    total: int = Field(description="Codes in the current set (0 if none was made)")
    created_at: datetime | None = Field(description="When the current set was made")


class RecoverySignIn(TokenPair):
    """A new sign-in for the account; `next` says what the person should do now."""

    next: Literal["add_passkey"] = Field(
        default="add_passkey",
        description="Add a passkey on this device, so the next way back needs no code",
    )


class LinkCodeOut(BaseModel):
    """A single-use code for a second device: type it, follow the link, or scan the QR code."""

    code: str = Field(description="Ten symbols in two groups of five")
    expires_at: datetime
    link: str = Field(description="The service's web page with the code in its fragment")
    qr_svg: str = Field(description="The link as an SVG QR code")


def printable_sheet(codes: RecoveryCodesOut) -> str:
    """The codes as a plain-text page to print or save: `Accept: text/plain`."""
    lines = [
        "AI Opt-Out: recovery codes",
        f"Made {codes.created_at:%Y-%m-%d %H:%M} UTC. Each code works once.",
        "Keep this page somewhere safe: anyone holding a code can sign in to your record.",
        "",
        *(f"{number:2d}.  {code}" for number, code in enumerate(codes.codes, start=1)),
        "",
        "Making a new set replaces these codes.",
    ]
    return "\n".join(lines) + "\n"
