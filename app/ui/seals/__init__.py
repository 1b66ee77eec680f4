"""The 用印 page: 用印登记簿, 印章 and 外借, with the ledger's chain status."""
