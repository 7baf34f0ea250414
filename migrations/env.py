"""Alembic environment: the URL comes from the service's settings unless the caller set one."""

from alembic import context
from sqlmodel import SQLModel

from api import models  # noqa: F401  (registers every table)
from api.config import get_settings
from api.db import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().effective_database_url


def run_migrations() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
