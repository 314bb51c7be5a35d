"""Comparison reports: Markdown, HTML (self-contained, with charts), CSV and JSON."""
