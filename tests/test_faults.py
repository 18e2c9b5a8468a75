"""HTML layout drift on the reports site, served by a real proxy on 127.0.0.1 that renames the site's markup.

The other server faults (503 bursts, 429 with Retry-After, resets, slow answers, persistent 500s, truncated
files, a provider page without its list, duplicate listings, disappearing and replaced publications) are in
test_flows.py and test_fetch.py; drift on a single provider page is the provider page without its list there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pipeline_helpers import RewritingProxy, backfill, poll, statuses, warehouse

from samples.site import SampleSite
from samples.timeline import additional_publication, demo_publications
from tasks.discover import PROVIDER_LINK, PUBLICATION_LABEL, PUBLICATION_LINK

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

TODAY = date(2026, 11, 23)


@pytest.fixture()
def site() -> Iterator[SampleSite]:
    with SampleSite(demo_publications(TODAY), provider_rows=4) as running:
        yield running


@pytest.mark.parametrize(
    ("renames", "missing"),
    [
        ({'href="/provider/44/': 'href="/providers/44/'}, f"no provider links ({PROVIDER_LINK}) on the first search"),
        ({'class="publication-link"': 'class="publication-download"'}, f"no publication list ({PUBLICATION_LINK})"),
        ({'class="nonvisual"': 'class="govuk-visually-hidden"'}, f"without href or {PUBLICATION_LABEL}"),
    ],
    ids=["search-provider-links", "publication-link-class", "publication-label-class"],
)
def test_layout_drift_stops_the_poll_with_exit_2_naming_the_page_and_the_next_poll_catches_up(
    ingest_env: Path, site: SampleSite, renames: dict[str, str], missing: str
) -> None:
    with RewritingProxy(site, {}) as proxy:
        assert backfill(proxy) == 0
        before = statuses(ingest_env)
        news = additional_publication(TODAY + timedelta(days=1))
        site.add(news)

        proxy.replacements.update({old.encode(): new.encode() for old, new in renames.items()})
        site.reset_counts()
        assert poll(proxy) == 2  # never "nothing new"
        assert statuses(ingest_env) == before and site.file_requests() == 0
        with warehouse(ingest_env) as con:
            run = con.execute("SELECT status, notes FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        assert run is not None and run[0] == "failed"
        assert missing in run[1] and f"{proxy.url}/" in run[1]  # what was missing, on which page
        assert "layout may have changed" in run[1]

        proxy.replacements.clear()  # the parser is fixed (here: the layout is back)
        assert poll(proxy) == 0
        assert statuses(ingest_env)[site.file_url(news.file_id)] == "loaded"
