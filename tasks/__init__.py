"""One pipeline step per module (discover, fetch, extract, classify, validate, load, send), as plain functions.

They import no Prefect: `flows/` wraps them as Prefect tasks, so the CLI commands that need no orchestration
(`extract`, `eval`) stay fast and the steps stay testable on their own.
"""
