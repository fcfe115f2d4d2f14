"""newsgraph's web workspace: a Datasette plugin (hooks in `plugin`, `failures`, `security`) and `newsgraph serve`.

This package is the plugin Datasette loads (entry point `datasette`), so that Datasette finds its
`templates/` and `static/` folders beside this file.
"""

from .failures import handle_exception
from .plugin import extra_css_urls, menu_links, prepare_jinja2_environment, register_routes, render_cell
from .security import asgi_wrapper

__all__ = ["asgi_wrapper", "extra_css_urls", "handle_exception", "menu_links", "prepare_jinja2_environment",
           "register_routes", "render_cell"]
