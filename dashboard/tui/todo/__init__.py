"""待办 and 会议简报: what needs doing, across every area, and the page for the meeting."""
