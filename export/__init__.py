"""Exports of a view: briefing images (PNG, PDF), embeds (HTML), data (CSV, GeoJSON, JSON).

Each format in :mod:`export.formats` returns bytes, for the app's download buttons and the
command line. Modules are imported where used: the app must not pay for matplotlib at start.
"""
