"""What the login dialog needs before the database is opened, read with sqlite3 alone.

The window shows its login while SQLAlchemy, the services and the migration check load
behind it (app/ui/app.py): this read must not wait for any of them.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from app.config import DataDir

ORG_NAME = "org.name"  # e.g. 某某镇人民政府
SETUP_DONE = "setup.done"


def org_if_set_up(data_dir: DataDir) -> str | None:
    """The unit's name when the folder's SQLite file has been set up (the login comes next).

    None when the full opening must come first: the office server, no file yet, the first-run
    wizard still due, or a file this read cannot make sense of (opening it then says why).
    Read only: the file is neither made nor changed here, and the folder's lock is not taken.
    """
    if data_dir.on_server or not data_dir.database.is_file():
        return None
    try:
        uri = f"{data_dir.database.as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            found = dict(conn.execute("SELECT key, value_json FROM settings WHERE key IN (?, ?)",
                                      (ORG_NAME, SETUP_DONE)).fetchall())  # fmt: skip
        if json.loads(found.get(SETUP_DONE, "false")) is not True:
            return None
        return str(json.loads(found.get(ORG_NAME, '""')))
    except (sqlite3.Error, ValueError):
        return None


def password_hash(data_dir: DataDir, username: str) -> str | None:
    """The stored hash for a login name, read while the database is still loading, so the
    deliberately slow check can start at once (None: no such name, or no file to read)."""
    if data_dir.on_server or not data_dir.database.is_file():
        return None
    try:
        uri = f"{data_dir.database.as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            row = conn.execute("SELECT password_hash FROM users WHERE username = ?",
                               (username.strip(),)).fetchone()  # fmt: skip
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])
