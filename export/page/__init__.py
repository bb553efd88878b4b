"""Briefing pages of a view: PNG and PDF drawn with matplotlib, no browser and no folium."""
