"""The Packages screen: the package builder and the resource library (issue 16)."""
