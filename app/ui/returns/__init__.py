"""报表 → 县里的表格: the window that fills the county's own templates."""
