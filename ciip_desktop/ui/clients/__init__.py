"""The Clients screen: search, list and edit client records."""
