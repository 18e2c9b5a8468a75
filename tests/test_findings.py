"""What Ofsted found (issue 21, items 4 and 5), on synthetic reports loaded with their passages: the LA page folds
each document's headline findings under it, and a deterioration's quote in the digest and the alerts is the
report's finding about the area that went down, linked to its page, rather than the first improvement."""

from __future__ import annotations

import hashlib
import html
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from site_helpers import BUILT_AT, NO_SNAPSHOT, site_reference
from test_digest_warehouse import FILES, _ilacs, _load

from common.record import LocalAuthorityRef
from reports import alerts, render
from reports.digest import load_digest
from reports.period import week_of
from reports.site.build import build_site
from samples import documents
from samples.councils import council
from tasks.load import DocumentMeta, load_document
from tasks.parsing.passages import Passage, split_passages
from tasks.read_text import read_document
from warehouse.db import connect

__all__ = ["site_reference"]  # the fixture: OFSTED_WATCH_LA_REFERENCE names the site tests' reference

WESSEX = LocalAuthorityRef("Wessex", "990")
NEW_ID = f"{FILES}701"
LETTER_ID = f"{FILES}702"
PUBLISHED = date(2026, 11, 18)
TODAY = date(2026, 11, 30)
# Help and protection went from good to inadequate: what the report's part about it opens with (the samples' prose
# is seeded, so the same every time) is the quote, at the page that part starts on.
FINDING = "Partner agencies share information quickly when concerns about a child first arise."
FINDING_LINK = f"{NEW_ID}#page=2"
# The report's summary, under its grid of grades (the first of the samples' two summary paragraphs).
SUMMARY = (
    "Most children benefit from good relationships with their social workers.",
    "Recording is up to date in most cases",
)
# The monitoring visit letter's "Headline findings" (what it leads with, after its opening and what it covered):
# its first two passages make 786 characters, and a third would take the findings past 1,000.
HEADLINE = ("Most children benefit from good relationships", "Early help is available in every locality")


def _report() -> documents.SampleDocument:
    return documents.ilacs_report(
        council("Wessex"),
        [(date(2026, 9, 7), date(2026, 9, 18))],
        # September 2026: the framework in force makes no overall judgement.
        grades={"leaders": "good", "help_and_protection": "inadequate", "in_care": "good", "care_leavers": "good"},
    )


def _load_with_passages(db: Path) -> None:
    """An earlier inspection, all good, then the synthetic report, loaded as the pipeline loads it: with its
    passages, split from the text read from its PDF."""
    sample = _report()
    con = connect(db)
    try:
        earlier = _ilacs(WESSEX, date(2023, 5, 8), date(2023, 5, 19), "good", leaders="good",
                         help_and_protection="good", in_care="good", care_leavers="good")  # fmt: skip
        _load(con, 700, date(2023, 7, 1), earlier)
        meta = DocumentMeta(
            document_id=NEW_ID,
            content_hash=hashlib.sha256(b"701").hexdigest(),
            size_bytes=1701,
            published=PUBLISHED,
            site_label="Children's services inspection",
            provider_urn=None,
        )
        passages = split_passages(read_document(sample.to_pdf()).pages)
        load_document(con, meta, sample.expected_record("wessex-2026.pdf"), [], passages=passages)
        letter = _letter()
        load_document(
            con,
            replace(
                meta,
                document_id=LETTER_ID,
                content_hash=hashlib.sha256(b"702").hexdigest(),
                published=date(2026, 11, 2),
                site_label="Monitoring visit",
            ),
            letter.expected_record("wessex-visit.pdf"),
            [],
            passages=_longer_headline(split_passages(read_document(letter.to_pdf()).pages)),
        )
    finally:
        con.close()


def _letter() -> documents.SampleDocument:
    return documents.monitoring_visit_letter(
        council("Wessex"),
        [(date(2026, 10, 6), date(2026, 10, 7))],
        letter_date=date(2026, 10, 28),
        number=2,
        progress="insufficient",
        prior_judgement_month=date(2025, 5, 1),
        era="2021",
    )


def _longer_headline(passages: list[Passage]) -> list[Passage]:
    """The letter's passages with three more paragraphs of headline findings: more than an LA page shows."""
    extra = [
        Passage(len(passages) + number, 1, "Headline findings", None, documents.prose(f"headline-{number}", 4))
        for number in range(1, 4)
    ]
    return [*passages, *extra]


@pytest.fixture(scope="module")
def warehouse(site_reference: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("findings") / "warehouse.duckdb"
    _load_with_passages(db)
    return db


def test_the_sample_report_says_what_is_quoted() -> None:
    """The expected values are the report's own words: the finding opens its help and protection part, on page 2."""
    passages = split_passages(read_document(_report().to_pdf()).pages)
    part = [p for p in passages if p.area == "help_and_protection"]
    assert part[0].text.startswith(FINDING + " ")
    assert part[0].page == 2
    assert (part[0].section or "").endswith(": inadequate")


def test_a_deterioration_quotes_the_finding_about_the_area_that_went_down(warehouse: Path) -> None:
    con = connect(warehouse)
    try:
        digest = load_digest(con, week_of(PUBLISHED))
        found = alerts.load_alerts(con, [NEW_ID], TODAY)
    finally:
        con.close()
    (entry,) = digest.deteriorations
    assert [change.area for change in entry.areas if change.is_down] == ["help_and_protection"]
    assert entry.quote == FINDING
    assert entry.quote_link == FINDING_LINK
    # Not the first improvement, which was the quote before.
    assert not documents.IMPROVEMENT_ITEMS[0].startswith(entry.quote)

    text = render.render_text(digest)
    assert f'"{FINDING}"' in text
    assert f"(the report, page 2: {FINDING_LINK})" in text
    page = render.render_html(digest)
    assert f"&ldquo;{html.escape(FINDING)}&rdquo;" in page
    assert f'<a href="{FINDING_LINK}"' in page

    (alert,) = found
    assert alert.entry.quote == FINDING
    assert f"(the report, page 2: {FINDING_LINK})" in alerts.render_text(found, "England")
    assert f'<a href="{FINDING_LINK}"' in alerts.render_html(found, "England")
    assert f"> {FINDING} ([the report, page 2]({FINDING_LINK}))" in alerts.render_chat(found)


def test_the_la_page_folds_what_ofsted_found_under_each_document(
    warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(warehouse, NO_SNAPSHOT, out, today=TODAY, now=BUILT_AT)
    page = (out / "la" / "wessex.html").read_text(encoding="utf-8")
    blocks = [
        block.split("</details>")[0] for block in page.split('<details class="details improvements findings"')[1:]
    ]
    # The report, newest, open; the letter folded. The earlier inspection was loaded from a record alone (no text,
    # so no passages): nothing is folded under it.
    assert [block.startswith(" open>") for block in blocks] == [True, False]
    report, letter = blocks
    assert "<summary>What Ofsted found</summary>" in report
    assert report.index(f"<p>{SUMMARY[0]}") < report.index(f"<p>{SUMMARY[1]}")
    # The grid of grades and the title block run into the summary's first paragraph are no finding.
    assert "Inspection dates" not in report and "Overall effectiveness" not in report
    assert f'The whole report: <a class="report-link" href="{NEW_ID}#page=1">' in report

    assert "<summary>What Ofsted found: the first 2 of 5 paragraphs</summary>" in letter
    paragraphs = letter.split("<p>")[1:]
    assert len(paragraphs) == 2  # the first two of the five; the line linking to the rest is a <p class="meta">
    assert all(paragraph.startswith(start) for paragraph, start in zip(paragraphs, HEADLINE, strict=True))
    assert "This letter summarises" not in letter  # the letter's opening: its headline findings come first
    assert f'The rest of the summary, and the whole report: <a class="report-link" href="{LETTER_ID}#page=1">' in letter

    # The site's page of the week quotes the digest's entry: the finding, linked to its page.
    week = (out / "changes" / "2026-W47.html").read_text(encoding="utf-8")
    assert f'“{html.escape(FINDING)}” <a href="{FINDING_LINK}">(the report, page 2)</a>' in week
