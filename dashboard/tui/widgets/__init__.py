"""Shared widgets: the header line, the footer, figure lines, the save-as prompt."""
