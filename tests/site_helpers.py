"""A warehouse for the site's tests: the digest's week 2026-W47 (tests/test_digest_warehouse.py) plus what only
the site shows, all for fictional councils loaded through tasks.load:

- a former council with its record (Mercia Vale County, abolished 2021, replaced by Mercia Vale);
- a council never inspected (Isles of Lyonesse);
- a council whose name holds markup (`<script>…`, a reference row of its own), with a SIF judgement;
- a quarantined document whose LA could not be identified;
- Elmet's and Northmoor's newest documents are quarantined and unreadable (from the week itself);
- Wessex's area SEND inspections (no written statement of action in 2017, widespread or systemic failings in
  week 46: a SEND deterioration) and Kingsmarsh's revisit (progress on each weakness);
- Mercia Vale's JTAI (theme and partners), and the hostile council's improvements (a priority among them, with
  markup in its text).
England's real LAs are in the reference and hold no document: never inspected.

Every document's address is on Ofsted's file host, as on the live site.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from test_digest_send_jtai import send
from test_digest_warehouse import FILES, KINGSMARSH, MERCIA_VALE, WESSEX, _ilacs, _load, build_week_db

from common.record import Jtai, LocalAuthorityRef, Record, SendWeakness
from expectations.core import Failure
from reports.site.build import BuiltSite, build_site
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV
from warehouse.db import connect
from warehouse.store import replace_passages

HOSTILE_NAME = '<script>alert("x")</script> & Co'
HOSTILE = LocalAuthorityRef(HOSTILE_NAME, "989")
HOSTILE_IMPROVEMENTS = [
    "Improve <i>the timeliness</i> of assessments.",
    "Ensure that every child has a plan & a review.",
]
SEND_WEAKNESS = documents.SEND_WEAKNESSES[1]
MERCIA_VALE_COUNTY = LocalAuthorityRef("Mercia Vale County", "997")
TODAY = date(2026, 11, 30)
# The tests' warehouses are not busy, so the site reads them and never this snapshot (none is published here).
NO_SNAPSHOT = Path("/nonexistent/published/ofsted-watch.duckdb")
BUILT_AT = datetime(2026, 11, 30, 9, 15)


def write_reference(folder: Path) -> Path:
    """The sample councils, a council whose name holds markup, and the samples' hex layout beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    reference = folder / "local_authorities.csv"
    with SAMPLE_REFERENCE_CSV.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    rows.append(
        {
            **{key: "" for key in rows[0]},
            "la_code": "989",
            "name": HOSTILE_NAME,
            "ons_code": "E99000989",
            "urn": "9990099",
            "region": "South West",
            "la_type": "Unitary Authority",
        }
    )
    with reference.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copyfile(SAMPLE_REFERENCE_CSV.with_suffix(".hexjson"), reference.with_suffix(".hexjson"))
    return reference


def build_site_db(path: Path) -> Path:
    """The digest's week, then the site's own cases (OFSTED_WATCH_LA_REFERENCE must name write_reference's CSV)."""
    build_week_db(path)
    con = connect(path)
    try:
        county = _ilacs(MERCIA_VALE_COUNTY, date(2019, 1, 7), date(2019, 1, 18), "inadequate", leaders="inadequate")
        _load(con, 401, date(2019, 3, 1), county, urn="9990008")
        sif = Record(
            file="hostile.pdf",
            kind="sif",
            local_authority=HOSTILE,
            inspection_start=date(2016, 5, 9),
            inspection_end=date(2016, 6, 2),
            lead_inspector="<b>Bold</b> Inspector",
            overall="requires_improvement",
            judgements={
                "help_and_protection": "requires_improvement",
                "leadership_management_governance": "good",
                "looked_after_permanence": "requires_improvement",
            },
            improvements=HOSTILE_IMPROVEMENTS,
            improvements_priority=[False, True],
        )
        _load(con, 402, date(2016, 7, 20), sif, urn="9990099")
        _load(con, 404, date(2017, 4, 3), send(WESSEX, date(2017, 2, 24), "no_wsoa", wsoa_required=False))
        _load(con, 405, date(2026, 11, 10), send(WESSEX, date(2026, 10, 2), "systemic_failings"))
        revisit = send(KINGSMARSH, date(2026, 9, 11), "insufficient_progress", revisit=True, weaknesses=[
            SendWeakness(documents.SEND_WEAKNESSES[0], "sufficient"), SendWeakness(SEND_WEAKNESS, "insufficient"),
        ])  # fmt: skip
        _load(con, 406, date(2026, 11, 11), revisit)
        jtai = Record(file="jtai.pdf", kind="jtai", local_authority=MERCIA_VALE, inspection_start=date(2026, 9, 14),
                      inspection_end=date(2026, 9, 18), letter_date=date(2026, 10, 30),
                      jtai=Jtai("serious youth violence", ["police", "local_authority", "youth_justice"]))  # fmt: skip
        _load(con, 407, date(2026, 11, 12), jtai, "Joint targeted area inspection")
        nobody = Record(file="nobody.pdf", kind="ilacs_standard", overall="good")
        add_passages(con)
        _load(
            con,
            403,
            date(2026, 11, 10),
            nobody,
            failures=[Failure("la_known", "la_code", None, "no local authority named in the document")],
        )
    finally:
        con.close()
    return path


# Passages for the search page (file id, page, text): "private fostering" in Wessex's 2026 inspection (inadequate),
# Kingsmarsh's 2022 one (good) and the hostile council's SIF, whose passage holds markup that must stay text;
# "county lines" as a phrase in Kingsmarsh's, its words apart (and more often) in the SIF's.
PASSAGES = (
    (301, 3, "Private fostering arrangements are not identified, so children's living arrangements go unchecked."),
    (301, 5, "Care leavers have a personal adviser who knows them well."),
    (105, 7, "Leaders have raised awareness of private fostering with schools and health partners."),
    (
        105,
        8,
        "Leaders and partners have a clear understanding of how criminal gangs exploit children, including "
        "through county lines, and of the help that young people who are exploited need to be safe.",
    ),
    (402, 2, "Notifications of private fostering were <b>late</b> & incomplete."),
    (
        402,
        3,
        "The county council has set clear lines of accountability; the county and its partners share lines "
        "of communication.",
    ),
)


def add_passages(con: duckdb.DuckDBPyConnection) -> None:
    """PASSAGES, as the extract step would store them."""
    for file_id in sorted({file_id for file_id, _, _ in PASSAGES}):
        rows = [(n, page, "Findings", None, text) for n, (f, page, text) in enumerate(PASSAGES, 1) if f == file_id]
        replace_passages(con, report_url(file_id), rows, BUILT_AT)


def report_url(file_id: int) -> str:
    return f"{FILES}{file_id}"


@pytest.fixture(scope="module")
def site_reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """OFSTED_WATCH_LA_REFERENCE names the site tests' reference for the module."""
    reference = write_reference(tmp_path_factory.mktemp("reference"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFSTED_WATCH_LA_REFERENCE", str(reference))
        yield reference


@pytest.fixture(scope="module")
def site_db(site_reference: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_db(tmp_path_factory.mktemp("site-db") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def built_site(site_db: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(site_db, NO_SNAPSHOT, tmp_path_factory.mktemp("out") / "site", today=TODAY, now=BUILT_AT)
