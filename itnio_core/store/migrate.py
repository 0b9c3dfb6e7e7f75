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
import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..common import ItnioError
from .schema import metadata

if TYPE_CHECKING:  # Alembic is imported only to migrate: it takes 0.3-0.6 s to import
    from alembic.config import Config

SCRIPTS = Path(__file__).with_name("migrations")
UPGRADE_COMMAND = "scripts/itnio db upgrade"
VERSION_TABLE = "alembic_version"  # Alembic's own, where it keeps the database's revision
_REVISION = re.compile(r"^(down_)?revision\s*(?::[^=]+)?=\s*(None|\"(\w+)\"|'(\w+)')\s*$", re.M)


class DatabaseNotReadyError(ItnioError):
    """The database is empty, or older (or newer) than this version of the console."""


def config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    cfg.attributes["metadata"] = metadata
    return cfg


@functools.cache
def head() -> str:
    """The revision this version of the console expects."""
    found = _linear_head()
    if found is not None:
        return found
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(config()).get_heads()
    assert len(heads) == 1, f"migrations must form one line, found heads {heads}"
    return heads[0]


def _linear_head() -> str | None:
    """The last revision of the files in ``versions/`` read as text, when they form one line
    (each ``revision = "x"`` / ``down_revision = "y"``); None for anything else, which
    Alembic then reads. The check on every start needs no Alembic this way."""
    parents: dict[str, str | None] = {}
    for path in (SCRIPTS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = {
            down: value if value == "None" else dq or sq
            for down, value, dq, sq in _REVISION.findall(text)
        }
        if set(found) != {"", "down_"} or found[""] == "None" or found[""] in parents:
            return None
        parents[found[""]] = None if found["down_"] == "None" else found["down_"]
    children = [p for p in parents.values() if p is not None]
    tips = [r for r in parents if r not in children]
    roots = [r for r, p in parents.items() if p is None]
    if len(tips) != 1 or len(roots) != 1 or len(set(children)) != len(children):
        return None
    if any(p not in parents for p in children):
        return None
    return tips[0]


def current(engine: sa.Engine) -> str | None:
    """The database's revision, from Alembic's version table (None: not set up)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        found = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        if len(found) <= 1:
            return str(found[0][0]) if found else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()  # says what is wrong


def upgrade(engine: sa.Engine, to: str = "head") -> None:
    from alembic import command

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
