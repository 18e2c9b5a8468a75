"""Validate a batch of extracted records against the Great Expectations suite: failures per record.

Only Ofsted outcomes are validated; a press release or an unknown document has nothing to check and is
recorded as such by the loader. GX is imported on the first call (it takes seconds), never at import.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from common.authorities import authority_index
from common.record import Record
from expectations.core import Failure

__all__ = ["Failure", "validate_records"]


def validate_records(
    records: Sequence[Record],
    site_published: Sequence[date | None] | None = None,
    la_codes: Collection[str] | None = None,
    today: date | None = None,
) -> list[list[Failure]]:
    """One list of failures per record, in input order; empty when the record passed every rule.

    `site_published` holds the reports site's publication date of each record's document, where known;
    `la_codes` defaults to the LA reference (`authority_index()`); `today` bounds dates from above.
    """
    from expectations.records import validate_record_batch

    published = list(site_published) if site_published is not None else [None] * len(records)
    outcomes = [i for i, record in enumerate(records) if record.is_ofsted_outcome]
    checked = validate_record_batch(
        [records[i] for i in outcomes],
        [published[i] for i in outcomes],
        la_codes if la_codes is not None else authority_index().by_code.keys(),
        today or date.today(),
    )
    failures: list[list[Failure]] = [[] for _ in records]
    for i, found in zip(outcomes, checked, strict=True):
        failures[i] = found
    return failures
