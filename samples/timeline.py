"""A publication history for the demo's sample site: years of older reports, then several recent weeks.

The recent weeks (relative to `today`) hold a downgrade (Wessex: good to inadequate), an upgrade (Mercia Vale:
requires improvement to good), a monitoring visit with insufficient progress (Northmoor), a focused visit with
areas for priority action (Elmet), an area SEND inspection finding widespread and/or systemic failings (Anglia
Fens, after a written statement of action and a revisit), a JTAI (Elmet) and a few unchanged outcomes; the
older history gives each council earlier judgements to compare with. File ids are stable: the same publication
always has the same id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from samples.councils import COUNCILS, SampleCouncil, council
from samples.documents import (
    PRIORITY_ACTION_ITEMS,
    SEND_WEAKNESSES,
    Period,
    SampleDocument,
    area_send_letter,
    default_improvements,
    focused_visit_letter,
    ilacs_framework,
    ilacs_report,
    jtai_letter,
    monitoring_visit_letter,
    pre_sif_report,
    report_not_found_page,
    send_revisit_letter,
    sif_report,
)

INSPECTION_LABEL = "Children's services inspection"
MONITORING_LABEL = "Monitoring visit"
FOCUSED_LABEL = "Focused visit"
JTAI_LABEL = "Joint targeted area inspection"
SEND_LABEL = "Area SEND inspection"
SEND_REVISIT_LABEL = "Area SEND revisit"

# The recent weeks are dated back from `today`; the older history has fixed dates that must lie before them.
EARLIEST_TODAY = date(2024, 1, 1)
_FIRST_FILE_ID = 5_000_001
_EXTRA_FILE_ID = 5_900_000


@dataclass(frozen=True)
class SamplePublication:
    """One publication as a provider page lists it; `content` is the file the site serves for it."""

    file_id: str
    council: SampleCouncil
    label: str
    published: date
    document: SampleDocument

    @property
    def provider_urn(self) -> str:
        return self.council.urn

    @property
    def provider_name(self) -> str:
        return self.council.title

    @cached_property
    def content(self) -> bytes:
        return self.document.to_bytes()


def _ilacs_grades(leaders: str, help_: str, in_care: str, care_leavers: str | None = None) -> dict[str, str]:
    return {
        "leaders": leaders,
        "help_and_protection": help_,
        "in_care": in_care,
        "care_leavers": care_leavers or in_care,
    }


def _on_site(published: date, days: int, weeks_before: int = 6) -> list[Period]:
    """An inspection of `days` calendar days ending `weeks_before` weeks before publication."""
    end = published - timedelta(weeks=weeks_before)
    return [(end - timedelta(days=days - 1), end)]


def _ilacs(
    la: SampleCouncil, published: date, days: int, overall: str, grades: dict[str, str], **params: Any
) -> SampleDocument:
    # Each council is asked for something else first (items 1, 4, 7, 0, ...; never item 5, which JTAI letters ask
    # first), so the demo digest's quotes differ from entry to entry.
    params.setdefault("improvements", default_improvements(4, offset=3 * COUNCILS.index(la) + 1))
    periods = _on_site(published, days)
    # An inspection from April 2026 makes no overall judgement: the council's `overall` is what it would have been.
    graded = overall if ilacs_framework(periods[0][0]).grades_overall else None
    return ilacs_report(la, periods, grades=grades, overall=graded, **params)


# Since 2025 each improvement cites the National Framework, in wordings that vary from report to report.
NATIONAL_FRAMEWORK_REFERENCES = (
    ("(Outcome 4, national framework)", "outcome_4"),
    ("(Enabler 2: Leaders drive conditions for effective practice)", "enabler_2"),
    ("(outcome three, National Framework)", "outcome_3"),
    ("(National Framework, Outcome 1)", "outcome_1"),
)

# Each entry: (council name, label, publication date, document builder taking that date).
_Entry = tuple[str, str, date, Callable[[date], SampleDocument]]


def _history() -> list[_Entry]:
    """Older publications, on fixed dates between 2012 and 2023."""
    wessex, mercia, northmoor = council("Wessex"), council("Mercia Vale"), council("Northmoor")
    lyonesse, elmet, kingsmarsh, fens = (
        council("Isles of Lyonesse"),
        council("Elmet"),
        council("Kingsmarsh"),
        council("Anglia Fens"),
    )
    sif_ri = {
        "help_and_protection": "requires_improvement",
        "looked_after_permanence": "requires_improvement",
        "adoption": "good",
        "care_leavers": "requires_improvement",
        "leadership_management_governance": "requires_improvement",
    }
    return [
        ("Anglia Fens", INSPECTION_LABEL, date(2012, 10, 19), lambda _: report_not_found_page()),
        (
            "Anglia Fens",
            INSPECTION_LABEL,
            date(2013, 7, 12),
            lambda day: pre_sif_report(fens, [(date(2013, 6, 3), date(2013, 6, 7))], published=day),
        ),
        (
            "Wessex",
            INSPECTION_LABEL,
            date(2015, 6, 22),
            lambda day: sif_report(
                wessex,
                [(date(2015, 3, 30), date(2015, 4, 23))],
                published=day,
                overall="good",
                grades=dict.fromkeys(sif_ri, "good"),
                lscb="good",
                overall_style="services_in",
            ),
        ),
        (
            "Isles of Lyonesse",
            INSPECTION_LABEL,
            date(2016, 6, 27),
            lambda day: sif_report(
                lyonesse,
                [(date(2016, 4, 11), date(2016, 4, 28))],
                published=day,
                overall="good",
                grades={**dict.fromkeys(sif_ri, "good"), "adoption": None, "care_leavers": None},
                lscb="good",
                overall_style="judgement_is",
                date_style="numeric",
            ),
        ),
        (
            "Northmoor",
            INSPECTION_LABEL,
            date(2016, 9, 20),
            lambda day: sif_report(
                northmoor,
                [(date(2016, 6, 13), date(2016, 7, 7))],
                published=day,
                overall="requires_improvement",
                grades=sif_ri,
                lscb="requires_improvement",
            ),
        ),
        (
            "Anglia Fens",
            INSPECTION_LABEL,
            date(2017, 6, 13),
            lambda day: sif_report(
                fens,
                [(date(2017, 3, 6), date(2017, 3, 30))],
                published=day,
                overall="inadequate",
                grades={**sif_ri, "help_and_protection": "inadequate"},
                lscb="requires_improvement",
                overall_style="singular",
            ),
        ),
        (
            "Anglia Fens",
            MONITORING_LABEL,
            date(2018, 2, 9),
            lambda day: monitoring_visit_letter(
                fens,
                [(date(2017, 12, 12), date(2017, 12, 13))],
                letter_date=day - timedelta(days=5),
                number=1,
                progress="sufficient",
                prior_judgement_month=date(2017, 3, 1),
            ),
        ),
        (
            "Anglia Fens",
            SEND_LABEL,
            date(2018, 3, 20),
            lambda day: area_send_letter(
                fens,
                [(date(2018, 1, 15), date(2018, 1, 19))],
                letter_date=day - timedelta(days=11),
                outcome="wsoa_required",
            ),
        ),
        (
            "Kingsmarsh",
            JTAI_LABEL,
            date(2019, 4, 30),
            lambda day: jtai_letter(
                kingsmarsh, [(date(2019, 3, 4), date(2019, 3, 8))], letter_date=day - timedelta(days=5)
            ),
        ),
        (
            "Wessex",
            INSPECTION_LABEL,
            date(2019, 7, 23),
            lambda day: _ilacs(wessex, day, 12, "good", _ilacs_grades("good", "good", "good")),
        ),
        (
            "Kingsmarsh",
            INSPECTION_LABEL,
            date(2019, 10, 1),
            lambda day: _ilacs(kingsmarsh, day, 12, "outstanding", _ilacs_grades(*["outstanding"] * 3)),
        ),
        (
            "Anglia Fens",
            SEND_REVISIT_LABEL,
            date(2019, 11, 28),
            lambda day: send_revisit_letter(
                fens,
                [(date(2019, 10, 15), date(2019, 10, 17))],
                letter_date=day - timedelta(days=6),
                weaknesses=list(zip(SEND_WEAKNESSES[:3], ("sufficient", "insufficient", "sufficient"), strict=True)),
                wsoa_issued=date(2018, 3, 9),
            ),
        ),
        (
            "Anglia Fens",
            INSPECTION_LABEL,
            date(2019, 12, 19),
            lambda day: _ilacs(
                fens,
                day,
                12,
                "requires_improvement",
                _ilacs_grades("requires_improvement", "requires_improvement", "good"),
                grid_style="last_line",
            ),
        ),
        (
            "Elmet",
            INSPECTION_LABEL,
            date(2020, 3, 6),
            lambda day: _ilacs(elmet, day, 5, "good", _ilacs_grades("good", "good", "good"), date_style="dash_tight"),
        ),
        (
            "Isles of Lyonesse",
            INSPECTION_LABEL,
            date(2022, 8, 25),
            lambda day: _ilacs(lyonesse, day, 5, "good", _ilacs_grades("good", "good", "good")),
        ),
        (
            "Mercia Vale",
            INSPECTION_LABEL,
            date(2022, 11, 25),
            lambda day: _ilacs(
                mercia,
                day,
                12,
                "requires_improvement",
                _ilacs_grades("requires_improvement", "requires_improvement", "good"),
                inspector_style="hmi",
            ),
        ),
    ]


def _recent(today: date) -> list[_Entry]:
    """The last months, dated back from `today`: the changes the demo's digest reports."""
    wessex, mercia, northmoor = council("Wessex"), council("Mercia Vale"), council("Northmoor")
    elmet, kingsmarsh, fens = council("Elmet"), council("Kingsmarsh"), council("Anglia Fens")
    inadequate_published = today - timedelta(days=300)
    inadequate_month = (inadequate_published - timedelta(weeks=6)).replace(day=1)
    return [
        (
            "Northmoor",
            INSPECTION_LABEL,
            inadequate_published,
            lambda day: _ilacs(
                northmoor, day, 12, "inadequate", _ilacs_grades("inadequate", "inadequate", "requires_improvement")
            ),
        ),
        (
            "Northmoor",
            MONITORING_LABEL,
            today - timedelta(days=150),
            lambda day: monitoring_visit_letter(
                northmoor,
                [(day - timedelta(days=30), day - timedelta(days=29))],
                letter_date=day - timedelta(days=4),
                number=1,
                progress="sufficient",
                focus="children in need of help and protection",
                prior_judgement_month=inadequate_month,
            ),
        ),
        (
            "Anglia Fens",
            SEND_LABEL,
            today - timedelta(days=38),
            lambda day: area_send_letter(
                fens, _on_site(day, 5, weeks_before=5), letter_date=day - timedelta(days=3), outcome="systemic_failings"
            ),
        ),
        (
            "Kingsmarsh",
            INSPECTION_LABEL,
            today - timedelta(days=31),
            lambda day: _ilacs(kingsmarsh, day, 5, "outstanding", _ilacs_grades(*["outstanding"] * 4)),
        ),
        (
            "Wessex",
            INSPECTION_LABEL,
            today - timedelta(days=24),
            lambda day: _ilacs(
                wessex,
                day,
                12,
                "inadequate",
                _ilacs_grades("inadequate", "inadequate", "requires_improvement", "requires_improvement"),
            ),
        ),
        (
            "Elmet",
            FOCUSED_LABEL,
            today - timedelta(days=17),
            lambda day: focused_visit_letter(
                elmet,
                _on_site(day, 2, weeks_before=5),
                letter_date=day - timedelta(days=3),
                priority_actions=PRIORITY_ACTION_ITEMS,
                deterioration=True,
                last_inspection_year=2020,
            ),
        ),
        (
            "Elmet",
            JTAI_LABEL,
            today - timedelta(days=13),
            lambda day: jtai_letter(
                elmet,
                _on_site(day, 5),
                letter_date=day - timedelta(days=4),
                theme="children and families who need help",
            ),
        ),
        (
            "Mercia Vale",
            INSPECTION_LABEL,
            today - timedelta(days=10),
            lambda day: _ilacs(
                mercia,
                day,
                12,
                "good",
                _ilacs_grades("good", "good", "good", "outstanding"),
                national_framework=NATIONAL_FRAMEWORK_REFERENCES,
                footnote_marker="glued",
            ),
        ),
        (
            "Northmoor",
            MONITORING_LABEL,
            today - timedelta(days=3),
            lambda day: monitoring_visit_letter(
                northmoor,
                [(day - timedelta(days=30), day - timedelta(days=29))],
                letter_date=day - timedelta(days=3),
                number=2,
                progress="insufficient",
                prior_judgement_month=inadequate_month,
                deterioration=True,
            ),
        ),
    ]


def demo_publications(today: date) -> list[SamplePublication]:
    """Every publication of the sample site, oldest first, the latest three days before `today`."""
    if today < EARLIEST_TODAY:
        raise ValueError(f"the sample history needs today >= {EARLIEST_TODAY}, got {today}")
    entries = _history() + _recent(today)
    return [
        SamplePublication(
            file_id=str(_FIRST_FILE_ID + index),
            council=council(name),
            label=label,
            published=published,
            document=make(published),
        )
        for index, (name, label, published, make) in enumerate(entries)
    ]


def additional_publication(today: date, sequence: int = 1) -> SamplePublication:
    """A publication that is not in `demo_publications`, dated `today`, for tests of polling for new files.

    Each `sequence` gives a different council and file id, so a test can add several in turn.
    """
    if sequence < 1:
        raise ValueError("sequence counts from 1")
    current = [la for la in COUNCILS if not la.valid_to]
    la = current[(sequence - 1) % len(current)]
    document = focused_visit_letter(
        la,
        _on_site(today, 2, weeks_before=4),
        letter_date=today - timedelta(days=2),
        focus="children in care",
    )
    return SamplePublication(
        file_id=str(_EXTRA_FILE_ID + sequence), council=la, label=FOCUSED_LABEL, published=today, document=document
    )
