"""Sync: the hybrid logical clock and the change capture every local write goes through."""
