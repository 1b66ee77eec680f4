"""值班: staff, fair holiday-aware rosters, swaps, duty logs and the county returns."""
