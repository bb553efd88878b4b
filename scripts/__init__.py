"""Maintenance scripts that regenerate derived files in ``data/``."""
