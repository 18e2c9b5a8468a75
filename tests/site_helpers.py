"""A warehouse for the site's tests: the digest's week 2026-W47 (tests/test_digest_warehouse.py) plus what only
the site shows, all for fictional councils loaded through tasks.load:

- a former council with its record (Mercia Vale County, abolished 2021, replaced by Mercia Vale);
- a council never inspected (Isles of Lyonesse);
- a council whose name holds markup (`<script>…`, a reference row of its own), with a SIF judgement;
- a quarantined document whose LA could not be identified;
- Elmet's and Northmoor's newest documents are quarantined and unreadable (from the week itself).

Every document's address is on Ofsted's file host, as on the live site.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

from test_digest_warehouse import FILES, _ilacs, _load, build_week_db

from expectations.core import Failure
from ofsted_watch.record import LocalAuthorityRef, Record
from ofsted_watch.samples.councils import SAMPLE_REFERENCE_CSV
from warehouse.db import connect

HOSTILE_NAME = '<script>alert("x")</script> & Co'
HOSTILE = LocalAuthorityRef(HOSTILE_NAME, "989")
MERCIA_VALE_COUNTY = LocalAuthorityRef("Mercia Vale County", "997")
TODAY = date(2026, 11, 30)
NOW_TEXT = "30 November 2026"


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
        )
        _load(con, 402, date(2016, 7, 20), sif, urn="9990099")
        nobody = Record(file="nobody.pdf", kind="ilacs_standard", overall="good")
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


def report_url(file_id: int) -> str:
    return f"{FILES}{file_id}"
