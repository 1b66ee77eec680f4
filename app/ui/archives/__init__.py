"""The 档案 page and its tabs."""
