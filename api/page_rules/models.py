"""Each published page-rules document, kept as published: its version, its text and its JWS."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, utcnow


class PageRules(SQLModel, table=True):
    """One published version; the highest version is the one served."""

    __tablename__ = "page_rules"

    version: int = Field(primary_key=True)
    document: str  # canonical JSON, as signed
    signed: str  # the compact JWS served at /v1/page-rules
    kid: str = Field(max_length=64)  # the key that signed it
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
