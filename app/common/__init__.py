"""Small helpers ui, cli, services and reports all use: reading dates, showing values."""
