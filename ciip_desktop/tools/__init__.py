"""Developer tools run with ``python -m ciip_desktop.tools.<name>`` (not part of the app)."""
