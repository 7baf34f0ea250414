"""Search every column of every table for a string: proof that a secret is stored only hashed."""

from sqlalchemy import String, cast, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel


def tables_holding(engine: Engine, needle: str) -> list[str]:
    """`table.column` for every column whose text contains `needle`."""
    found: list[str] = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                hit = connection.execute(
                    select(table).where(or_(cast(column, String).contains(needle))).limit(1)
                ).first()
                if hit is not None:
                    found.append(f"{table.name}.{column.name}")
    return found
