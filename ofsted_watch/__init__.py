"""ofsted-watch: watch Ofsted's publications about English local authority children's services."""

__version__ = "0.1.0"
USER_AGENT = (
    f"ofsted-watch/{__version__} (+https://github.com/ofsted-watch/ofsted-watch; children's services monitoring)"
)
