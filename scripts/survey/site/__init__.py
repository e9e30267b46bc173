"""The book: every generated page (one module per kind of page), its charts, and the addresses and labels
the pages and the site's script (`_static/survey/site.js`) rely on."""
