"""值班 window: 人员, 日历, 排班 and 值班日志 tabs."""
