"""A panel's detail: every figure, the chart by month, the breakdowns."""
