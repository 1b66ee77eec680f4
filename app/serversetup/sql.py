"""The SQL server-setup runs as the superuser: the role, the database, the settings."""

from __future__ import annotations

from app.serversetup.options import Options


def literal(text: str) -> str:
    """A SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1)."""
    return "'" + text.replace("'", "''") + "'"


def role_sql(o: Options) -> str:
    """The program's login role, made or given its (new) password: running twice is fine.
    CREATEDB: a restore on the server builds the new copy beside the live database."""
    pw = literal(o.password)
    return (
        f"DO $$ BEGIN\n"
        f"  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{o.user}') THEN\n"
        f"    ALTER ROLE {o.user} LOGIN CREATEDB PASSWORD {pw};\n"
        f"  ELSE\n"
        f"    CREATE ROLE {o.user} LOGIN CREATEDB PASSWORD {pw};\n"
        f"  END IF;\n"
        f"END $$;\n"
    )


def database_sql(o: Options, locale: str) -> str:
    """The database, UTF-8 from template0, owned by the role (made once; psql's \\gexec).

    locale: `LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'` on Debian; ICU on Windows, which has
    no C.UTF-8 (search splits Chinese by the database's character classes: "C" drops CJK)."""
    create = (
        f"CREATE DATABASE {o.database} OWNER {o.user} ENCODING 'UTF8' {locale} TEMPLATE template0"
    )
    return (
        f"SELECT {literal(create)} WHERE NOT EXISTS "
        f"(SELECT FROM pg_database WHERE datname = '{o.database}')\\gexec\n"
    )


DEBIAN_LOCALE = "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
WINDOWS_LOCALE = "LOCALE_PROVIDER icu ICU_LOCALE 'und' LC_COLLATE 'C' LC_CTYPE 'C'"


def settings_sql(o: Options) -> str:
    """Listen on the network; server messages in English, so that each PC's 测试连接 can tell
    a wrong password from an unknown database (it reads libpq's words)."""
    return (
        f"ALTER SYSTEM SET listen_addresses = {literal(o.listen)};\n"
        "ALTER SYSTEM SET lc_messages = 'C';\n"
        "ALTER SYSTEM SET password_encryption = 'scram-sha-256';\n"
    )


def hba_line(o: Options) -> str:
    """The role from the subnet, with its password, to any database it may connect to: a
    restore works in the `postgres` maintenance database and in the copy it makes."""
    return f"host    all    {o.user}    {o.subnet}    scram-sha-256"
