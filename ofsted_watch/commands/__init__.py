"""Command implementations behind the CLI: one module per area, each importing only what it needs."""
