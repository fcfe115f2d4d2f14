"""newsgraph's web workspace: a Datasette plugin (hooks in `plugin`) and `newsgraph serve`.

This package is the plugin Datasette loads (entry point `datasette`), so that Datasette finds its
`templates/` and `static/` folders beside this file.
"""

from .plugin import extra_css_urls, menu_links, register_routes

__all__ = ["extra_css_urls", "menu_links", "register_routes"]
