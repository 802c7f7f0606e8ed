"""PDF documents built with reportlab platypus: packages, rosters, reports."""
