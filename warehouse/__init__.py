"""The DuckDB warehouse: the schema as numbered SQL files, and every query the rest of the code runs."""
