"""The service-quality screen (issue 18)."""
