"""Embeds: one self-contained HTML page per view, for an iframe or a file on disk."""

from export.embed.html import embed_html, iframe_snippet, responsive_snippet

__all__ = ["embed_html", "iframe_snippet", "responsive_snippet"]
