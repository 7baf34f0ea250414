"""Each report as received. No account, no address, no text: shapes and counts only."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class PageReport(SQLModel, table=True):
    """One report; reports with the same rules version and page shape form a group."""

    __tablename__ = "page_reports"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    rules_version: int = Field(index=True)
    platform: str = Field(max_length=16)
    path_shape: str = Field(max_length=200)  # "/groups/*/posts/*": reserved words kept, rest "*"
    shape_hash: str = Field(max_length=64, index=True)  # sha256 of the path shape and the tree
    shape: str  # the tree, canonical JSON
    found: str  # what the reader found, canonical JSON
