"""The weekly digest: Jinja2 templates and their rendering."""
