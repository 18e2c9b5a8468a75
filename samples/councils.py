"""Fictional councils for the sample documents and the demo site (codes 990-999, URNs 99900xx), each current
one with statistical neighbours among the others.

`local_authorities.csv` beside this module is generated from `COUNCILS` (run `python -m
samples.councils`) and extends the shipped LA reference when OFSTED_WATCH_LA_REFERENCE names it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from common.authorities import LocalAuthority
from common.record import LocalAuthorityRef

SAMPLE_REFERENCE_CSV = Path(__file__).with_name("local_authorities.csv")


@dataclass(frozen=True)
class SampleCouncil:
    """A fictional LA: its reference row plus what its letters and reports print."""

    la_code: str
    name: str
    urn: str
    region: str
    la_type: str
    title: str  # the council's own name, as on the reports site and in letters
    director: str  # the director of children's services, to whom letters are addressed
    address: str
    variants: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    valid_from: str = ""
    valid_to: str = ""
    stat_neighbours: tuple[str, ...] = ()

    @property
    def ref(self) -> LocalAuthorityRef:
        return LocalAuthorityRef(name=self.name, la_code=self.la_code)

    @property
    def ons_code(self) -> str:
        # "E99" is no real ONS prefix, so these never collide with a real LA.
        return f"E99000{self.la_code}"

    def reference(self) -> LocalAuthority:
        return LocalAuthority(
            la_code=self.la_code,
            name=self.name,
            ons_code=self.ons_code,
            urn=self.urn,
            region=self.region,
            la_type=self.la_type,
            variants=(self.title, *self.variants),
            predecessors=self.predecessors,
            successors=self.successors,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            stat_neighbours=self.stat_neighbours,
        )


COUNCILS: tuple[SampleCouncil, ...] = (
    SampleCouncil(
        la_code="990",
        name="Wessex",
        urn="9990001",
        region="South West",
        la_type="County",
        title="Wessex County Council",
        director="Harriet Oakley",
        address="County Hall, Castle Street, Casterbridge WX1 1AA",
        variants=("Wessex Council",),
        stat_neighbours=("996", "993", "991", "994", "992"),
    ),
    SampleCouncil(
        la_code="991",
        name="Mercia Vale",
        urn="9990002",
        region="West Midlands",
        la_type="Unitary Authority",
        title="Mercia Vale Council",
        director="Tomasz Brennan",
        address="Civic Centre, Market Square, Tamford MV2 4BB",
        predecessors=("997",),
        valid_from="2021-04-01",
        stat_neighbours=("994", "996", "990", "992", "995"),
    ),
    SampleCouncil(
        la_code="992",
        name="Northmoor",
        urn="9990003",
        region="North East",
        la_type="Metropolitan District",
        title="Northmoor Metropolitan Borough Council",
        director="Aisha Rahman",
        address="Town Hall, Moor Road, Northmoor NM3 7CC",
        variants=("Northmoor Council",),
        stat_neighbours=("994", "991", "996", "990", "995"),
    ),
    SampleCouncil(
        la_code="993",
        name="Isles of Lyonesse",
        urn="9990004",
        region="South West",
        la_type="Unitary Authority",
        title="Council of the Isles of Lyonesse",
        director="Morwenna Trevail",
        address="Town Hall, Harbour Lane, St Elowen LY1 0DD",
        variants=("Lyonesse",),
        stat_neighbours=("990", "996", "994", "991", "992"),
    ),
    SampleCouncil(
        la_code="994",
        name="Elmet",
        urn="9990005",
        region="Yorkshire and the Humber",
        la_type="Unitary Authority",
        title="City of Elmet Council",
        director="Daniel Whitcombe",
        address="West Offices, Minster Row, Elmet EL5 2EE",
        variants=("Elmet City Council",),
        stat_neighbours=("992", "991", "996", "990", "995"),
    ),
    SampleCouncil(
        la_code="995",
        name="Kingsmarsh",
        urn="9990006",
        region="London",
        la_type="London Borough",
        title="Royal Borough of Kingsmarsh",
        director="Grace Adeyemi",
        address="Kingsmarsh Town Hall, High Street, London SE99 6FF",
        variants=("Kingsmarsh London Borough Council",),
        stat_neighbours=("994", "991", "992", "990", "996"),
    ),
    SampleCouncil(
        la_code="996",
        name="Anglia Fens",
        urn="9990007",
        region="East of England",
        la_type="County",
        title="Anglia Fens County Council",
        director="Peter Lindqvist",
        address="Shire Hall, Fen Causeway, Ely Reach AF7 3GG",
        stat_neighbours=("990", "991", "994", "993", "992"),
    ),
    SampleCouncil(
        la_code="997",
        name="Mercia Vale County",
        urn="9990008",
        region="West Midlands",
        la_type="County",
        title="Mercia Vale County Council",
        director="Helen Marsh",
        address="Shire Hall, Castle Hill, Tamford MV1 1HH",
        successors=("991",),
        valid_to="2021-03-31",
    ),
)

COUNCILS_BY_NAME = {council.name: council for council in COUNCILS}


def council(name: str) -> SampleCouncil:
    """The fictional council called `name` ('Wessex')."""
    return COUNCILS_BY_NAME[name]


def addressed_to(la_code: str) -> SampleCouncil:
    """A real LA of the shipped reference, with a fictional director and address: synthetic letters to it can be
    checked against the real reports of the corpus (tests/test_checks_corpus.py)."""
    from common.authorities import authority_index

    real = authority_index().by_code[la_code]
    return SampleCouncil(
        la_code=real.la_code,
        name=real.name,
        urn=real.urn,
        region=real.region,
        la_type=real.la_type,
        title=f"{real.name} Council",
        director="Morgan Example",
        address="Council Offices, 1 Example Street, Exampleton EX9 9ZZ",
    )


def reference_csv_text() -> str:
    """The reference CSV for the fictional councils, in the columns of the shipped LA reference."""
    buffer = io.StringIO()
    rows = [sample.reference().as_row() for sample in COUNCILS]
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


if __name__ == "__main__":
    SAMPLE_REFERENCE_CSV.write_text(reference_csv_text(), encoding="utf-8")
    print(f"wrote {SAMPLE_REFERENCE_CSV}")
