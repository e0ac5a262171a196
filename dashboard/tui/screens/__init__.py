"""Screens: home (panel grid), panel detail, rows, one row's fields, help."""
