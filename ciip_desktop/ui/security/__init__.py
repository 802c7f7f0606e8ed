"""Sign-in, first-run setup and the idle lock (issue 17)."""
