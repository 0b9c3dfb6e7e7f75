"""Migrations, by Alembic: bring a database to this version's schema, or say it is behind.

``upgrade(url)`` runs every migration not yet applied (``itnio db upgrade``); a database
made before Alembic is taken over in place by the first one. The app, the worker and the
command line open a store only when it is at ``head()``; otherwise ``check`` raises
``DatabaseNotReadyError``, whose message says to run the upgrade. A new migration is a file
in ``migrations/versions/`` (``alembic revision --autogenerate`` with this folder as the
script location, or by hand); ``tests/store/test_migrations.py`` fails when the tables in
``schema.py`` and the migrations disagree.
"""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..common import ItnioError
from .schema import metadata

SCRIPTS = Path(__file__).with_name("migrations")
UPGRADE_COMMAND = "scripts/itnio db upgrade"


class DatabaseNotReadyError(ItnioError):
    """The database is empty, or older (or newer) than this version of the console."""


def config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    cfg.attributes["metadata"] = metadata
    return cfg


@functools.cache
def head() -> str:
    """The revision this version of the console expects."""
    heads = ScriptDirectory.from_config(config()).get_heads()
    assert len(heads) == 1, f"migrations must form one line, found heads {heads}"
    return heads[0]


def current(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, to: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(config(conn), to)


def check(engine: sa.Engine, address: str) -> None:
    """Raise ``DatabaseNotReadyError`` unless the database is at ``head()``."""
    found = current(engine)
    if found == head():
        return
    if found is None:
        en = f"The database {address} is not set up for ITNIO Console yet."
        zh = f"数据库 {address} 尚未为 ITNIO 控制台初始化。"
    else:
        en = f"The database {address} is from another version of ITNIO Console ({found})."
        zh = f"数据库 {address} 属于另一个版本的 ITNIO 控制台（{found}）。"
    raise DatabaseNotReadyError(
        f"{en} Run `{UPGRADE_COMMAND}` (it keeps every row), then start again.",
        message_zh=f"{zh}请运行 `{UPGRADE_COMMAND}`（不会丢失任何数据），然后重新启动。",
    )
