"""The resource library and the information package builder (issue 16).

Import the modules themselves (``library``, ``builder``, ``issuing``...): this package stays
empty so that the status rules' :mod:`ready` check loads without the rest at start-up.
"""
