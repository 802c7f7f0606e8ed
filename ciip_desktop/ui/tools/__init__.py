"""Developer tools that draw screens offscreen for the documentation (``python -m
ciip_desktop.ui.tools.<name>``); not part of the app. They build Qt widgets, so they live in
the UI layer."""
