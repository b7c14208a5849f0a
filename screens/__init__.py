"""Textual screens of coachtui (installed as ``coachtui.screens``)."""
