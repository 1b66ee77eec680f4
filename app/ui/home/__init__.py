"""首页: the greeting and the one 待办 list every module feeds."""
