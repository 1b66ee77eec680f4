"""Where the data lives: the per-user folder, or --data-dir / DZB_DATA_DIR; and which database:
the folder's own SQLite file, or the office server's (--database-url / DZB_DATABASE_URL)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app import APP_ID
from app.private import private_dir, private_file

ENV_VAR = "DZB_DATA_DIR"
URL_ENV_VAR = "DZB_DATABASE_URL"
DB_FILE = "taizhang.sqlite3"
# The data folder's local settings (this user on this PC): which server, once moved to one.
LOCAL_SETTINGS = "本机设置.json"
SERVER_KEY = "database_url"


@dataclass(frozen=True)
class DataDir:
    """One data folder: the database, attachments/, backups/, logs/ and temp/.

    With database_url set (the office server), the folder keeps logs and local settings and
    no SQLite file is made in it.
    """

    root: Path
    database_url: str | None = None

    @property
    def on_server(self) -> bool:
        return self.database_url is not None

    @property
    def database(self) -> Path:
        return self.root / DB_FILE

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def temp(self) -> Path:
        """Copies of attachments handed to a viewer; emptied at each start."""
        return self.root / "temp"

    def ensure(self) -> DataDir:
        # Owner-only: the records are as private as the Windows account that holds them.
        for folder in (self.root, self.attachments, self.backups, self.logs):
            private_dir(folder)
        return self


def default_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None,
                     database_url: str | None = None) -> DataDir:  # fmt: skip
    """The command line wins over the environment, which wins over the default; the server is
    the one named there, or else the one this folder's local settings were switched to."""
    chosen = cli_value or os.environ.get(ENV_VAR) or default_root()
    root = Path(chosen).expanduser().resolve()
    url = database_url or os.environ.get(URL_ENV_VAR) or saved_database_url(root)
    return DataDir(root, url or None)


def saved_database_url(root: Path) -> str | None:
    """The server this folder was switched to (move-to-server); None for the local file."""
    try:
        body = json.loads((root / LOCAL_SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: the local database, as before
        return None
    url = body.get(SERVER_KEY) if isinstance(body, dict) else None
    return str(url) if url else None


def save_database_url(root: Path, url: str | None) -> Path:
    """Switch this folder's user to the server (None: back to the local file).

    Owner-only, like the database file itself: a URL may carry the server password.
    """
    path = root / LOCAL_SETTINGS
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        body = {}
    body = body if isinstance(body, dict) else {}
    body[SERVER_KEY] = url
    private_file(path).write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    return path


def resource_root() -> Path:
    """resources/ beside the code, or inside a frozen (PyInstaller) build."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "resources"


def migrations_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "migrations"
