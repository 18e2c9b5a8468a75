"""A realistic week for fictional councils, for `make digest-preview` when there is no database to read."""

from __future__ import annotations

from datetime import date

from ofsted_watch.samples.councils import council
from reports.model import (
    AreaChange,
    Authority,
    ChangedEvent,
    DataProblem,
    DigestData,
    Document,
    GradeCount,
    NationalPicture,
    Period,
    Publication,
    VisitReport,
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
KINGSMARSH = _authority("Kingsmarsh")


def _pdf(file_id: int, label: str, published: date) -> Document:
    return Document(label, f"https://files.ofsted.gov.uk/v1/file/{file_id}", published)


def sample_digest() -> DigestData:
    monday, sunday = date(2026, 11, 16), date(2026, 11, 22)
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
            ChangedEvent(
                NORTHMOOR,
                "ilacs_standard",
                date(2026, 10, 9),
                _pdf(50210001, "Children's services inspection", date(2026, 11, 17)),
                areas=(
                    AreaChange("overall", "inadequate", "requires_improvement", date(2023, 3, 10)),
                    AreaChange("help_and_protection", "inadequate", "requires_improvement", date(2023, 3, 10)),
                    AreaChange("leaders", "inadequate", "good", date(2023, 3, 10)),
                ),
                quote="Too many children wait too long for help because referrals are not screened promptly.",
            ),
            ChangedEvent(
                ANGLIA_FENS,
                "monitoring_visit",
                date(2026, 10, 22),
                _pdf(50210002, "Monitoring visit", date(2026, 11, 19)),
                verdict="insufficient",
                number=4,
                quote="Since the last visit, leaders have not done enough to reduce social worker caseloads.",
            ),
            ChangedEvent(
                ELMET,
                "focused_visit",
                date(2026, 10, 29),
                _pdf(50210007, "Focused visit", date(2026, 11, 20)),
                priority_actions=(
                    "Leaders should make sure that children at risk of exploitation have a current plan.",
                    "Managers should check that strategy meetings include the police and health partners.",
                ),
            ),
            ChangedEvent(
                KINGSMARSH,
                "area_send",
                date(2026, 10, 16),
                _pdf(50210008, "Area SEND inspection", date(2026, 11, 20)),
                areas=(AreaChange("area_send", "systemic_failings", "inconsistent", date(2023, 5, 12)),),
                send_outcome="systemic_failings",
                quote="There are widespread and/or systemic failings leading to significant concerns about the "
                "experiences and outcomes of children and young people with special educational needs and/or "
                "disabilities (SEND), which the local area partnership must address urgently.",
            ),
        ),
        improvements=(
            ChangedEvent(
                WESSEX,
                "ilacs_short",
                date(2026, 10, 2),
                _pdf(50210003, "Children's services inspection", date(2026, 11, 18)),
                areas=(
                    AreaChange("overall", "good", "requires_improvement", date(2022, 6, 17)),
                    AreaChange("in_care", "good", "requires_improvement", date(2022, 6, 17)),
                ),
                quote="Children in care live in stable homes and are helped to stay in touch with people who matter.",
            ),
        ),
        publications=(
            Publication(
                MERCIA_VALE,
                "ilacs_standard",
                date(2026, 10, 16),
                _pdf(50210004, "Children's services inspection", date(2026, 11, 20)),
                overall="good",
            ),
            Publication(
                NORTHMOOR,
                "jtai",
                date(2026, 9, 25),
                _pdf(50210009, "Joint targeted area inspection", date(2026, 11, 21)),
                theme="serious youth violence",
            ),
        ),
        visits=(
            VisitReport(
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
                _authority("Kingsmarsh"),
            ),
        ),
    )
