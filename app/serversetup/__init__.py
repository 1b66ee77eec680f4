"""server-setup: PostgreSQL for the office, on the PC that will host it (Debian or Windows)."""
