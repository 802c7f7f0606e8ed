"""Use cases: each call is one transaction, knows which counsellor acts, returns plain data."""
