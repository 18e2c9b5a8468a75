"""Area SEND outcomes and JTAI themes from the warehouse to the digest: deteriorations of their own, a move back
up as an improvement, themes and outcomes in the entries, and a report without an outcome in data quality.

Records are loaded by tasks.load after the real GX suite checked them, into a real DuckDB file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from common.authorities import EXTRA_REFERENCE_ENV
from common.record import AreaSend, Jtai, LocalAuthorityRef, Record, SendWeakness
from reports.digest import load_digest
from reports.model import AreaChange, DigestData
from reports.period import iso_week
from reports.render import render_html, render_text
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.extract import extract_document
from tasks.load import DocumentMeta, load_document
from tasks.validate import validate_records
from warehouse.db import connect

FILES = "https://files.ofsted.gov.uk/v1/file/"
WEEK = "2026-W47"  # 16 to 22 November 2026
WESSEX = LocalAuthorityRef("Wessex", "990")
MERCIA_VALE = LocalAuthorityRef("Mercia Vale", "991")
NORTHMOOR = LocalAuthorityRef("Northmoor", "992")
LYONESSE = LocalAuthorityRef("Isles of Lyonesse", "993")
ELMET = LocalAuthorityRef("Elmet", "994")
KINGSMARSH = LocalAuthorityRef("Kingsmarsh", "995")
ANGLIA_FENS = LocalAuthorityRef("Anglia Fens", "996")
FAILINGS = documents.SEND_OUTCOME_SENTENCES["systemic_failings"][0]
MERCIA_VALE_URN = "9990002"
WEAK_PLANS, WEAK_OFFER = documents.SEND_WEAKNESSES[1], documents.SEND_WEAKNESSES[3]


def send(la: LocalAuthorityRef, end: date, outcome: str | None, **fields: object) -> Record:
    framework = "2016" if outcome in ("wsoa_required", "no_wsoa") or fields.get("revisit") else "2023"
    text = documents.SEND_OUTCOME_SENTENCES.get(outcome or "", [None])[0]
    return Record(
        file=f"{la.name}-send-{end}.pdf",
        kind="area_send",
        local_authority=la,
        inspection_start=end - timedelta(days=4),
        inspection_end=end,
        letter_date=end + timedelta(days=30),
        area_send=AreaSend(**{"framework": framework, "outcome": outcome, "outcome_text": text, **fields}),  # type: ignore[arg-type]
    )


def load_all(con: duckdb.DuckDBPyConnection, batch: list[tuple[int, date, Record, str | None]]) -> list[str]:
    """Validate the records as one batch (as the flows do), then load each document."""
    checked = validate_records([record for _, _, record, _ in batch], today=date(2026, 11, 23))
    statuses = []
    for (file_id, published, record, urn), failures in zip(batch, checked, strict=True):
        meta = DocumentMeta(
            document_id=f"{FILES}{file_id}",
            content_hash=hashlib.sha256(str(file_id).encode()).hexdigest(),
            size_bytes=1000,
            published=published,
            site_label="Area SEND inspection",
            provider_urn=urn,
        )
        statuses.append(load_document(con, meta, record, failures).status)
    return statuses


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(EXTRA_REFERENCE_ENV, str(SAMPLE_REFERENCE_CSV))
        yield build(tmp_path_factory.mktemp("send") / "send.duckdb")


def build(path: Path) -> Path:
    con = connect(path)
    wsoa = send(KINGSMARSH, date(2018, 1, 19), "wsoa_required", wsoa_required=True,
                outcome_text=documents.WSOA_SENTENCE, weaknesses=[SendWeakness(WEAK_PLANS)])  # fmt: skip
    revisit = send(ELMET, date(2026, 10, 14), "insufficient_progress", revisit=True, weaknesses=[
        SendWeakness(documents.SEND_WEAKNESSES[0], "sufficient"),
        SendWeakness(WEAK_PLANS, "insufficient"),
        SendWeakness(WEAK_OFFER, "insufficient"),
    ])  # fmt: skip
    jtai = Record(file="jtai.pdf", kind="jtai", local_authority=WESSEX, inspection_start=date(2026, 9, 14),
                  inspection_end=date(2026, 9, 18), letter_date=date(2026, 10, 30),
                  jtai=Jtai("serious youth violence", ["police", "local_authority", "youth_justice"]))  # fmt: skip
    unread = extract_document(documents.variant("contact_referral_letter").to_bytes(), "ucra.pdf")
    statuses = load_all(con, [
        (401, date(2018, 3, 20), wsoa, None),
        (402, date(2024, 1, 10), send(NORTHMOOR, date(2023, 11, 10), "inconsistent"), None),
        (501, date(2026, 11, 16), send(ANGLIA_FENS, date(2026, 10, 9), "systemic_failings"), None),
        (502, date(2026, 11, 17), send(KINGSMARSH, date(2026, 10, 2), "positive"), None),
        (503, date(2026, 11, 18), send(NORTHMOOR, date(2026, 10, 16), "systemic_failings"), None),
        (504, date(2026, 11, 19), revisit, None),
        (505, date(2026, 11, 20), jtai, None),
        (506, date(2026, 11, 20), unread, MERCIA_VALE_URN),
        (507, date(2026, 11, 21), send(LYONESSE, date(2026, 10, 23), None), None),
    ])  # fmt: skip
    con.close()
    assert statuses == ["loaded"] * 7 + ["not_outcome", "quarantined"]
    return path


@pytest.fixture()
def week(warehouse: Path) -> DigestData:
    con = connect(warehouse, read_only=True)
    try:
        return load_digest(con, iso_week(WEEK))
    finally:
        con.close()


def test_send_deteriorations_have_reasons_of_their_own(warehouse: Path) -> None:
    con = connect(warehouse, read_only=True)
    rows = con.execute(
        "SELECT document_id, reason, send_outcome, previous_send_outcome, previous_date, detail, area, grade "
        "FROM deteriorations ORDER BY document_id, detail"
    ).fetchall()
    con.close()
    assert rows == [
        (f"{FILES}401", "wsoa_required", "wsoa_required", None, None, documents.WSOA_SENTENCE, None, None),
        (f"{FILES}501", "systemic_failings", "systemic_failings", None, None, FAILINGS, None, None),
        (f"{FILES}503", "systemic_failings", "systemic_failings", "inconsistent", date(2023, 11, 10), FAILINGS,
         None, None),
        (f"{FILES}504", "weakness_insufficient_progress", "insufficient_progress", None, None, WEAK_OFFER, None,
         None),
        (f"{FILES}504", "weakness_insufficient_progress", "insufficient_progress", None, None, WEAK_PLANS, None,
         None),
    ]  # fmt: skip


def test_send_outcomes_over_time_and_the_latest_of_each_la(warehouse: Path) -> None:
    con = connect(warehouse, read_only=True)
    history = con.execute(
        "SELECT local_authority, outcome, previous_outcome, direction FROM send_outcome_history "
        "ORDER BY local_authority, event_date"
    ).fetchall()
    latest = con.execute("SELECT la_code, outcome FROM latest_send_outcomes ORDER BY la_code").fetchall()
    weaknesses = con.execute("SELECT document_id, position, progress FROM send_weaknesses ORDER BY ALL").fetchall()
    jtai = con.execute("SELECT jtai_theme, jtai_partners FROM events WHERE kind = 'jtai'").fetchall()
    con.close()
    assert history == [
        ("Anglia Fens", "systemic_failings", None, None),
        ("Elmet", "insufficient_progress", None, None),
        ("Kingsmarsh", "wsoa_required", None, None),
        ("Kingsmarsh", "positive", "wsoa_required", "better"),
        ("Northmoor", "inconsistent", None, None),
        ("Northmoor", "systemic_failings", "inconsistent", "worse"),
    ]
    assert latest == [("992", "systemic_failings"), ("994", "insufficient_progress"),
                      ("995", "positive"), ("996", "systemic_failings")]  # fmt: skip
    assert weaknesses == [
        (f"{FILES}401", 0, None),
        (f"{FILES}504", 0, "sufficient"),
        (f"{FILES}504", 1, "insufficient"),
        (f"{FILES}504", 2, "insufficient"),
    ]
    assert jtai == [("serious youth violence", ["police", "local_authority", "youth_justice"])]


def test_the_digest_places_send_and_jtai_entries(week: DigestData) -> None:
    assert [e.document.url for e in week.deteriorations] == [f"{FILES}{n}" for n in (501, 503, 504)]
    anglia, northmoor, elmet = week.deteriorations
    assert (anglia.send_outcome, anglia.areas, anglia.quote) == ("systemic_failings", (), FAILINGS)
    assert anglia.concerns == ("systemic_failings",)
    # A first SEND outcome has no table row; a later one is the area `area_send` against the LA's previous one.
    assert northmoor.areas == (
        AreaChange("area_send", "systemic_failings", "inconsistent", date(2023, 11, 10), date(2026, 10, 16)),
    )
    assert northmoor.areas_down == ("area_send",) and northmoor.concerns == ("systemic_failings",)
    assert (elmet.send_outcome, elmet.weaknesses) == ("insufficient_progress", (WEAK_PLANS, WEAK_OFFER))
    assert elmet.concerns == ("weakness_insufficient_progress",)
    # Back up from a written statement of action: no concern, the outcome up, so an improvement.
    (kingsmarsh,) = week.improvements
    assert kingsmarsh.areas == (
        AreaChange("area_send", "positive", "wsoa_required", date(2018, 1, 19), date(2026, 10, 2)),
    )
    assert (kingsmarsh.areas_up, kingsmarsh.concerns) == (("area_send",), ())
    # Both published on 20 November: in the LAs' order.
    unread, jtai = week.publications
    assert (jtai.kind, jtai.theme, jtai.send_outcome, jtai.overall) == ("jtai", "serious youth violence", None, None)
    assert unread.authority is not None and unread.authority.name == "Mercia Vale"
    assert unread.note == (
        "Not read: an Ofsted publication of a kind ofsted-watch does not read, 'Inspection of contact, referral "
        "and assessment arrangements within Northmoor Metropolitan Borough Council children's services'"
    )
    (problem,) = week.data_problems
    assert (problem.status, problem.reason) == ("quarantined", "no area SEND outcome found")


def test_the_rendered_digest_shows_outcomes_themes_and_weaknesses(week: DigestData) -> None:
    text, html = render_text(week), render_html(week)
    # Every fictional council's five neighbours are uninspected in this warehouse of SEND letters and a JTAI.
    neighbours = "  Statistical neighbours: 5 not inspected yet\n"
    for line in (
        "* Anglia Fens (East of England): Area SEND inspection ending 9 October 2026\n"
        f'{neighbours}  Area SEND outcome: Widespread and/or systemic failings\n  "{FAILINGS}"\n',
        "  - Area SEND outcome, down: Inconsistent experiences and outcomes (10 November 2023) -> Widespread "
        "and/or systemic failings (16 October 2026)\n",
        f"  Insufficient progress in 2 areas of significant weakness:\n  - {WEAK_PLANS}\n  - {WEAK_OFFER}\n",
        "  Last judged in 2018, more than 5 years before.\n"
        "  - Area SEND outcome, up: Written statement of action required (19 January 2018) -> Positive experiences "
        "and outcomes (2 October 2026)\n",
        f"* Wessex (South West): Joint targeted area inspection ending 18 September 2026\n{neighbours}"
        "  Theme: serious youth violence\n",
        "  Quarantined: no area SEND outcome found\n",
    ):
        assert line in text, line
    # The outcome stands in a line of its own only where no table row shows it.
    assert text.count("  Area SEND outcome: ") == 2  # Anglia Fens and Elmet, their first outcomes
    assert "Area SEND outcome: <b" in html and "Theme: serious youth violence</p>" in html
    assert 'background-color:#d4351c;">Widespread and/or systemic failings</b>' in html
    assert "send_outcome_present" not in text + html
