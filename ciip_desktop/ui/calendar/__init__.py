"""The Calendar screen: month, week, day and list views of the sessions, and their lists."""
