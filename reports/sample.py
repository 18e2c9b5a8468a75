"""A realistic week for fictional councils, for `make digest-preview` when there is no database to read."""

from __future__ import annotations

from datetime import date

from ofsted_watch.samples.councils import council
from reports.model import (
    AreaChange,
    Authority,
    DataProblem,
    DigestData,
    Document,
    Entry,
    GradeCount,
    NationalPicture,
    Period,
)


def _authority(name: str) -> Authority:
    """The fictional councils of the sample site, so the preview and the demo speak of the same places."""
    sample = council(name)
    return Authority(sample.la_code, sample.name, sample.region)


NORTHMOOR = _authority("Northmoor")
WESSEX = _authority("Wessex")
ELMET = _authority("Elmet")
ANGLIA_FENS = _authority("Anglia Fens")
MERCIA_VALE = _authority("Mercia Vale")


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
                "overall grade missing on a full inspection (rule: full_inspection_has_overall)",
                _authority("Kingsmarsh"),
            ),
        ),
    )
