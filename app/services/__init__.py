"""The business: every register's rules, used alike by the window and the CLI."""
