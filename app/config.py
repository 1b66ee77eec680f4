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
# The data folder's local settings (this user on this PC): which server, when one was chosen.
LOCAL_SETTINGS = "local-settings.json"
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
    url = database_url or os.environ.get(URL_ENV_VAR)
    if not url and (saved := saved_database_url(root)):
        from app.credentials import with_password  # keyring loads only for a saved server

        url = with_password(saved)
    return DataDir(root, url or None)


def saved_database_url(root: Path) -> str | None:
    """The server this folder's user chose (wizard, 设置, move-to-server); None: the local file.

    The URL is kept without its password (the system's credential store holds that)."""
    url = _local_settings(root).get(SERVER_KEY)
    return str(url) if url else None


def save_database_url(root: Path, url: str | None) -> Path:
    """Switch this folder's user to the server (None: back to the local file), from the next
    start on. Any password in the URL is left out of the file."""
    body = _local_settings(root)
    body[SERVER_KEY] = without_password(url) if url else None
    path = private_file(private_dir(root) / LOCAL_SETTINGS)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def without_password(url: str) -> str:
    """The URL as it may be written down or shown: user, host, port and database only."""
    from sqlalchemy.engine import URL, make_url

    u = make_url(url)
    if u.password is None:  # as given: re-rendering would escape the socket folder's slashes
        return url
    # set(password=None) would mean "unchanged": build it anew
    bare = URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)
    return bare.render_as_string(hide_password=False)


def _local_settings(root: Path) -> dict[str, object]:
    try:
        body = json.loads((root / LOCAL_SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: the local database, as before
        return {}
    return body if isinstance(body, dict) else {}


def resource_root() -> Path:
    """resources/ beside the code, or inside a frozen (PyInstaller) build."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "resources"


def migrations_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "migrations"
