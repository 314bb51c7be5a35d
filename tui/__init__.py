"""Textual terminal UI for interconnect (installed as interconnect.tui)."""
