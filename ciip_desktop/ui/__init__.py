"""The PySide6 interface: main window, screens, workers and dialogs (only app.py imports it)."""
