"""Re-reading what the warehouse already holds: each stored document as a publication, its bytes from the raw store.

`ofsted-watch reprocess` runs the stored documents an upgraded extractor would read differently through the
same extract, validate and load steps as a download, without the network: the same content, so the loader
records a new record version, never a new document version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.discover import PageFailure, Publication
from tasks.fetch import Fetched
from tasks.store import RawStore


def stored_publications(
    rows: Sequence[dict[str, Any]], raw: RawStore
) -> tuple[list[tuple[Publication, Fetched]], list[PageFailure]]:
    """Each row of `warehouse.queries.documents_to_reprocess` as the publication and fetch it came from; a
    document whose bytes are no longer in the raw store is a failure, and keeps what it has."""
    found: list[tuple[Publication, Fetched]] = []
    missing: list[PageFailure] = []
    for row in rows:
        if not raw.has(row["content_hash"]):
            missing.append(PageFailure(row["document_id"], f"not in the raw store ({raw.path(row['content_hash'])})"))
            continue
        publication = Publication(
            location=row["document_id"],
            file=row["file"] or Path(row["document_id"]).name,
            label=row["site_label"] or "",
            published=row["published"],
            provider_urn=row["provider_urn"],
            provider_name=None,
        )
        fetched_at = row["fetched_at"] or datetime.now()
        fetched = Fetched(
            url=row["document_id"],
            sha256=row["content_hash"],
            size=row["bytes"] or 0,
            format="stored",
            # The warehouse keeps local wall-clock times; a fetch reports an aware one.
            fetched_at=fetched_at.astimezone(UTC),
            not_modified=True,
        )
        found.append((publication, fetched))
    return found, missing
