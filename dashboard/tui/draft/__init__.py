"""The draft of the year's report: its screen, the rows behind a figure, a yes/no question."""
