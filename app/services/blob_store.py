"""Attachment contents on the office server: the blobs table (bytea, keyed by SHA-256)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models.attachments import Attachment, Blob

MISSING, CHANGED = "内容缺失", "内容已被改动（校验值不符）"


def put(session: Session, chunks: Iterable[bytes]) -> tuple[str, int]:
    """Hash while reading, then store the content once: (sha256, size).

    In the caller's transaction, so a rolled-back attach leaves no blob; ON CONFLICT because
    another PC may be adding the same scan at the same moment.
    """
    digest, parts = hashlib.sha256(), []
    for chunk in chunks:
        digest.update(chunk)
        parts.append(chunk)
    sha = digest.hexdigest()
    content = b"".join(parts)
    session.execute(insert(Blob).values(sha256=sha, content=content).on_conflict_do_nothing())
    return sha, len(content)


def content(session: Session, sha256: str) -> bytes | None:
    return session.scalar(select(Blob.content).where(Blob.sha256 == sha256))


def discard_unused(session: Session, sha256: str) -> None:
    """Delete the content once no attachment row names it (after the row's own delete)."""
    session.flush()
    used = exists().where(Attachment.sha256 == Blob.sha256)
    session.execute(delete(Blob).where(Blob.sha256 == sha256, ~used))


def problems(session: Session) -> dict[str, str]:
    """Each content an attachment names that is missing or no longer hashes to its key.

    Hashed by the server (sha256(bytea), PostgreSQL 11+): no file crosses the network.
    """
    sql = (
        "SELECT a.sha256, b.sha256 IS NULL, encode(sha256(b.content), 'hex') = a.sha256 "
        "FROM (SELECT DISTINCT sha256 FROM attachments) a "
        "LEFT JOIN blobs b ON b.sha256 = a.sha256"
    )
    found = {}
    for sha, missing, same in session.connection().exec_driver_sql(sql):
        if missing or not same:
            found[str(sha)] = MISSING if missing else CHANGED
    return found
