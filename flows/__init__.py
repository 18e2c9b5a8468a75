"""Prefect flows: each composes tasks from `tasks/`, with the orchestration policy (retries, caching, limits)."""
