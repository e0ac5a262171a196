"""Widgets grouped by what they show: figure lines, panels, header, bars, chart."""
