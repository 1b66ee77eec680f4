"""What the 用印 and audit hash chains share: the canonical bytes of an entry and the link."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # One form whatever zone the caller used: UTC with microseconds, spelled as SQLite
        # stores it, so verify can hash the stored text without parsing it back.
        return value.astimezone(UTC).strftime(STORED_FORMAT)
    if isinstance(value, bool):
        return int(value)  # SQLite hands booleans back as 0/1
    return value


def canonical(values: Sequence[Any]) -> bytes:
    """The entry's content as compact JSON, the bytes the hash is computed over; byte for
    byte what SQLite's json_array() makes of the stored row (pinned by a test)."""
    plain = [_plain(v) for v in values]
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()


def link(prev_hash: str, content: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + content).hexdigest()
