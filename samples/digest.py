"""A realistic week for fictional councils, for `make digest-preview` when there is no database to read."""

from __future__ import annotations

from datetime import date

from reports.model import (
    AreaChange,
    Authority,
    DataProblem,
    DigestData,
    Document,
    Entry,
    ExpectedInspection,
    GradeCount,
    NationalPicture,
    Period,
    RegionShare,
)
from samples.councils import council

# How a council's statistical neighbours stand, as an entry of the digest shows it.
NEIGHBOURS = (("outstanding", 1), ("good", 5), ("requires_improvement", 3), ("inadequate", 1))


def _authority(name: str, neighbours: tuple[tuple[str | None, int], ...] = NEIGHBOURS) -> Authority:
    """The fictional councils of the sample site, so the preview and the demo speak of the same places."""
    sample = council(name)
    return Authority(sample.la_code, sample.name, sample.region, neighbours)


NORTHMOOR = _authority("Northmoor")
WESSEX = _authority("Wessex")
ELMET = _authority("Elmet")
ANGLIA_FENS = _authority("Anglia Fens")
MERCIA_VALE = _authority("Mercia Vale")
KINGSMARSH = _authority("Kingsmarsh")


def _pdf(file_id: int, label: str, published: date) -> Document:
    return Document(label, f"https://files.ofsted.gov.uk/v1/file/{file_id}", published)


def sample_digest() -> DigestData:
    monday, sunday = date(2026, 11, 16), date(2026, 11, 22)
    northmoor_end, wessex_end, mercia_end = date(2026, 10, 9), date(2026, 10, 2), date(2026, 10, 16)
    return DigestData(
        period=Period(monday, sunday),
        national=NationalPicture(
            as_of=sunday,
            year_earlier=date(2025, 11, 22),
            counts=(
                GradeCount("outstanding", 24, 19),
                GradeCount("good", 68, 63),
                GradeCount("requires_improvement", 45, 51),
                GradeCount("inadequate", 14, 18),
            ),
            england=RegionShare("England", 151, 153, 60.9, 54.3),
            regions=tuple(
                RegionShare(region, judged, judged, now, before)
                for region, judged, now, before in (
                    ("East Midlands", 10, 60.0, 50.0),
                    ("East of England", 11, 63.6, 54.5),
                    ("London", 33, 84.8, 78.8),
                    ("North East", 12, 66.7, 58.3),
                    ("North West", 24, 41.7, 37.5),
                    ("South East", 19, 57.9, 52.6),
                    ("South West", 15, 46.7, 40.0),
                    ("West Midlands", 14, 42.9, 35.7),
                    ("Yorkshire and the Humber", 13, 61.5, 53.8),
                )
            ),
        ),
        deteriorations=(
            Entry(
                NORTHMOOR,
                "ilacs_standard",
                northmoor_end,
                _pdf(50210001, "Children's services inspection", date(2026, 11, 17)),
                overall=AreaChange("overall", "inadequate", "requires_improvement", date(2023, 3, 10), northmoor_end),
                areas=(
                    AreaChange("leaders", "inadequate", "good", date(2023, 3, 10), northmoor_end),
                    AreaChange(
                        "help_and_protection", "inadequate", "requires_improvement", date(2023, 3, 10), northmoor_end
                    ),
                ),
                quote="Too many children wait too long for help because referrals are not screened promptly.",
            ),
            Entry(
                ANGLIA_FENS,
                "monitoring_visit",
                date(2026, 10, 22),
                _pdf(50210002, "Monitoring visit", date(2026, 11, 19)),
                verdict="insufficient",
                number=4,
                concerns=("insufficient_progress",),
                quote="Since the last visit, leaders have not done enough to reduce social worker caseloads.",
            ),
            Entry(
                ELMET,
                "focused_visit",
                date(2026, 10, 29),
                _pdf(50210007, "Focused visit", date(2026, 11, 20)),
                priority_actions=(
                    "Leaders should make sure that children at risk of exploitation have a current plan.",
                    "Managers should check that strategy meetings include the police and health partners.",
                ),
                concerns=("priority_actions",),
            ),
            Entry(
                KINGSMARSH,
                "area_send",
                date(2026, 10, 16),
                _pdf(50210008, "Area SEND inspection", date(2026, 11, 20)),
                areas=(
                    AreaChange("area_send", "systemic_failings", "inconsistent", date(2023, 5, 12), date(2026, 10, 16)),
                ),
                concerns=("systemic_failings",),
                send_outcome="systemic_failings",
                quote="There are widespread and/or systemic failings leading to significant concerns about the "
                "experiences and outcomes of children and young people with special educational needs and/or "
                "disabilities (SEND), which the local area partnership must address urgently.",
            ),
        ),
        improvements=(
            # Mixed: overall up, care leavers down from the grade that covered children in care too (in care
            # stayed good, so it is not listed), and an area last judged by a SIF nine years before.
            Entry(
                WESSEX,
                "ilacs_short",
                wessex_end,
                _pdf(50210003, "Children's services inspection", date(2026, 11, 18)),
                overall=AreaChange("overall", "good", "requires_improvement", date(2022, 6, 17), wessex_end),
                areas=(
                    AreaChange(
                        "care_leavers",
                        "requires_improvement",
                        "good",
                        date(2022, 6, 17),
                        wessex_end,
                        previous_combined=True,
                    ),
                    AreaChange("help_and_protection", "good", "inadequate", date(2017, 3, 3), wessex_end),
                ),
                quote="Children in care live in stable homes and are helped to stay in touch with people who matter.",
            ),
        ),
        publications=(
            Entry(
                MERCIA_VALE,
                "ilacs_standard",
                mercia_end,
                _pdf(50210004, "Children's services inspection", date(2026, 11, 20)),
                overall=AreaChange("overall", "good", "good", date(2022, 6, 17), mercia_end),
            ),
            Entry(
                NORTHMOOR,
                "jtai",
                date(2026, 9, 25),
                _pdf(50210009, "Joint targeted area inspection", date(2026, 11, 21)),
                theme="serious youth violence",
            ),
        ),
        visits=(
            Entry(
                MERCIA_VALE,
                "monitoring_visit",
                date(2026, 10, 30),
                _pdf(50210005, "Monitoring visit", date(2026, 11, 20)),
                verdict="sufficient",
                number=2,
            ),
        ),
        data_problems=(
            DataProblem(
                _pdf(50210006, "Children's services inspection", date(2026, 11, 21)),
                "quarantined",
                "no overall grade found",
                _authority("Kingsmarsh", ()),
            ),
        ),
        expected_soon=(
            ExpectedInspection(
                _authority("Isles of Lyonesse", ()),
                "overdue",
                "ilacs_short",
                date(2025, 9, 10),
                date(2026, 9, 10),
                "ilacs_short",
                date(2023, 3, 10),
                "good",
            ),
            ExpectedInspection(
                _authority("Kingsmarsh", ()),
                "not_due",
                "ilacs_standard",
                date(2027, 1, 19),
                date(2028, 1, 19),
                "ilacs_standard",
                date(2024, 7, 19),
                "requires_improvement",
            ),
        ),
    )
