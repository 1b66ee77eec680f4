"""公文 (filing): 收文, 发文, 督办, search, import/export; importing it registers the module."""
