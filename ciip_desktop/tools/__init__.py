"""Developer commands above the app (``python -m ciip_desktop.tools.<name>``), not part of it.

They import no Qt themselves: ``screenshots`` drives the app's own ``--screenshot`` start
(:func:`ciip_desktop.app.main`); the tools that build widgets are in ``ui/tools/``.
"""
