"""The rows behind a figure, and one row's fields."""
