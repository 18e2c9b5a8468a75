"""The ground floor: what every layer of ofsted-watch shares and which imports no other package of it.

The record and its vocabulary, settings, the local authority reference, subscribers, improvement themes and
the background HTTP server. Nothing here imports flows, tasks, reports, warehouse, expectations or the CLI.
"""

__version__ = "0.1.0"
USER_AGENT = (
    f"ofsted-watch/{__version__} (+https://github.com/ofsted-watch/ofsted-watch; children's services monitoring)"
)
