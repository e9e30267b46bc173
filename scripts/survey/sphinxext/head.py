"""The site's navigation and page head, from two configuration values of `_config.yml`:

- `survey_feed`: the Atom feed's path from the site root (`feed.xml`); every HTML page's head links it
  (`<link rel="alternate" type="application/atom+xml">`), so feed readers find it from any page;
- `survey_sidebar_depth`: how many levels of the table of contents the sidebar shows (the book theme's
  `max_navbar_depth`, which Jupyter Book's `html:` settings do not expose); 0 leaves the theme's default.
  The survey shows two: the chapters, and the pages under "All papers" and the bibliography; the entry
  pages, one level further down, are in the book without being sidebar items.
"""
from __future__ import annotations

from html import escape


def set_sidebar_depth(app, config) -> None:
    if config.survey_sidebar_depth:
        config.html_theme_options = {**(config.html_theme_options or {}), "max_navbar_depth": config.survey_sidebar_depth}


def link_feed(app, pagename, templatename, context, doctree) -> None:
    feed = app.config.survey_feed
    if not feed or "pathto" not in context:
        return
    title = escape(f"{app.config.project}: new papers", quote=True)
    href = escape(context["pathto"](feed, 1), quote=True)
    context["metatags"] = context.get("metatags", "") + \
        f'\n<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}" />'


def connect(app) -> None:
    app.add_config_value("survey_feed", "", "html", types=[str])
    app.add_config_value("survey_sidebar_depth", 0, "html", types=[int])
    app.connect("config-inited", set_sidebar_depth)
    app.connect("html-page-context", link_feed)
