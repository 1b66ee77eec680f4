"""The 公文 registers' export titles, known without loading the export code."""

from __future__ import annotations

# kind -> title; the window names its export file by it as the page is built
EXPORT_TITLES = {"incoming": "收文登记簿", "outgoing": "发文登记簿", "tasks": "督办通报"}
