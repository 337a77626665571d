"""Funding pages. Thin: forms in, services do the work."""
