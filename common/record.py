"""The extracted record: one per document, the contract of `ofsted-watch extract --json`.

Every later step (validation, loading, the digest) reads these fields and nothing else of the document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

GRADES = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")
# Lower is better; `adequate` (pre-2018 frameworks) ranks with `requires_improvement`.
GRADE_RANK = {"outstanding": 1, "good": 2, "requires_improvement": 3, "adequate": 3, "inadequate": 4}

FULL_INSPECTION_KINDS = ("ilacs_standard", "ilacs_short", "sif", "pre_sif")
VISIT_KINDS = ("monitoring_visit", "focused_visit")
OUTCOME_KINDS = (*FULL_INSPECTION_KINDS, "lscb_review", *VISIT_KINDS, "jtai", "area_send")
KINDS = (*OUTCOME_KINDS, "press_release", "unknown")

ILACS_AREAS = ("leaders", "help_and_protection", "in_care", "care_leavers")
SIF_AREAS = (
    "help_and_protection",
    "looked_after_permanence",
    "adoption",
    "care_leavers",
    "leadership_management_governance",
    "lscb",
)
PRE_SIF_AREAS = ("capacity_to_improve",)
AREAS = tuple(dict.fromkeys((*ILACS_AREAS, *SIF_AREAS, *PRE_SIF_AREAS)))

# Monitoring visit verdicts, worst first.
PROGRESS = ("insufficient", "sufficient", "good")

# Area SEND outcomes, one code each (docs/reading-documents.md). The 2023 framework states one of three;
# the 2016-2022 framework said whether a written statement of action (WSOA) was required, and its revisits
# whether each significant weakness had been addressed.
SEND_OUTCOMES_2023 = ("positive", "inconsistent", "systemic_failings")
SEND_OUTCOMES_2016 = ("no_wsoa", "wsoa_required")
SEND_REVISIT_OUTCOMES = ("sufficient_progress", "insufficient_progress")
SEND_OUTCOMES = (*SEND_OUTCOMES_2023, *SEND_OUTCOMES_2016, *SEND_REVISIT_OUTCOMES)
# How an LA's area SEND outcomes compare over time (1 best), whatever framework gave them: the ranks of the
# warehouse's send_outcomes table (migration 005), which the digest's tables follow as they follow GRADE_RANK.
SEND_OUTCOME_RANK = {
    "positive": 1,
    "inconsistent": 2,
    "systemic_failings": 3,
    "no_wsoa": 1,
    "wsoa_required": 3,
    "sufficient_progress": 2,
    "insufficient_progress": 3,
}
SEND_FRAMEWORKS = ("2023", "2016")
# The field of the warning that says why a full inspection's grid fits no known framework (rule unknown_framework).
FRAMEWORK_FIELD = "framework"
# The warning (and so the documents.reason) of an Ofsted publication of a kind no parser reads: its title follows.
UNREAD_KIND = "an Ofsted publication of a kind not read here: "
# A revisit's verdict on one significant weakness.
WEAKNESS_PROGRESS = ("sufficient", "insufficient")
# The agencies a joint targeted area inspection looks at, as codes.
JTAI_PARTNERS = ("local_authority", "health", "police", "youth_justice", "probation", "education")

# Issue 35. What a focused visit looked at (docs/reading-documents.md): the ILACS framework's areas, and `covid`
# for the 2020-21 visits about practice in the pandemic that name no other.
VISIT_FOCUSES = (
    "front_door",
    "children_in_need_child_protection",
    "extra_familial_risk",
    "children_in_care",
    "permanence",
    "care_leavers",
    "older_children_placements",
    "covid",
)
# The inspectorates that carry out a JTAI, in the order they are listed.
JTAI_INSPECTORATES = ("ofsted", "cqc", "hmicfrs", "hmip")
# Which judgement a visit letter's prior judgement is: the overall one, or one area's.
PRIOR_JUDGEMENT_OVERALL = "overall"

RECORD_KEYS = (
    "file",
    "kind",
    "is_ofsted_outcome",
    "local_authority",
    "inspection_start",
    "inspection_end",
    "letter_date",
    "published",
    "lead_inspector",
    "overall",
    "judgements",
    "visit",
    "improvements",
    "warnings",
    "combined_judgements",
    "improvements_priority",
    "area_send",
    "jtai",
    "framework",
    "improvements_national_framework",
)


@dataclass
class LocalAuthorityRef:
    name: str
    la_code: str


@dataclass
class Visit:
    number: int | None = None
    progress: str | None = None
    prior_judgement: str | None = None
    # Letters state a month ("judged inadequate in May 2019"): stored as that month's first day.
    prior_judgement_date: date | None = None
    priority_actions: list[str] = field(default_factory=list)
    deterioration: bool = False
    # Issue 35: what a focused visit looked at (VISIT_FOCUSES), and which judgement `prior_judgement` is:
    # "overall", or the area the letter names (AREAS).
    focus: str | None = None
    prior_judgement_area: str | None = None


@dataclass
class SendWeakness:
    """One area of significant weakness a revisit looked at, as printed, and whether it was addressed."""

    weakness: str
    progress: str | None = None  # sufficient | insufficient


@dataclass
class AreaSend:
    """What an area SEND inspection or revisit concluded. `outcome` is one code of SEND_OUTCOMES (None when the
    document states none we can read: such a record is quarantined); `outcome_text` the sentence as printed."""

    framework: str | None = None  # "2023" (area SEND, local area partnership) or "2016" (joint local area SEND)
    revisit: bool = False
    outcome: str | None = None
    outcome_text: str | None = None
    # 2016 framework inspections only: whether HMCI required a written statement of action.
    wsoa_required: bool | None = None
    weaknesses: list[SendWeakness] = field(default_factory=list)
    # Issue 35: the earlier full inspection and its revisit a 2023-framework report names, never its own dates.
    previous_inspection: date | None = None
    previous_revisit: date | None = None


@dataclass
class Jtai:
    """A joint targeted area inspection's theme as printed, and the partner agencies named (JTAI_PARTNERS)."""

    theme: str | None = None
    partners: list[str] = field(default_factory=list)
    # Issue 35: the inspectorates that carried it out, in JTAI_INSPECTORATES order.
    inspectorates: list[str] = field(default_factory=list)


@dataclass
class Record:
    file: str
    kind: str = "unknown"
    local_authority: LocalAuthorityRef | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    letter_date: date | None = None
    published: date | None = None
    lead_inspector: str | None = None
    overall: str | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    visit: Visit | None = None
    improvements: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A grade in `judgements` that covers more areas than its key: ILACS reports before the 2023 framework grade
    # "the experiences and progress of children in care and care leavers" as one area, kept as `in_care`
    # (so `care_leavers` stays empty) and recorded here as {"in_care": ["care_leavers"]}.
    combined_judgements: dict[str, list[str]] = field(default_factory=dict)
    # One flag per item of `improvements`: a SIF 'Priority and immediate action' or a visit's priority action.
    # Empty means no item is a priority.
    improvements_priority: list[bool] = field(default_factory=list)
    area_send: AreaSend | None = None
    jtai: Jtai | None = None
    # A full inspection's framework (common/frameworks.py): None for other kinds, and for a full inspection whose
    # grid no known framework has (a warning says what was found).
    framework: str | None = None
    # One per item of `improvements`: the National Framework outcome, enabler or principle it cites
    # (common/national_framework.py), or None. Empty where no item cites one.
    improvements_national_framework: list[str | None] = field(default_factory=list)
    # Not part of the JSON contract: what the warehouse's `documents` row records about the file.
    page_count: int = 0

    @property
    def is_ofsted_outcome(self) -> bool:
        return self.kind in OUTCOME_KINDS

    def prioritised_improvements(self) -> list[tuple[str, bool]]:
        """Each improvement with whether it is a priority (none is where the record does not say)."""
        flags = self.improvements_priority or [False] * len(self.improvements)
        return list(zip(self.improvements, flags, strict=True))

    def warn(self, field_name: str, reason: str) -> None:
        self.warnings.append(f"{field_name}: {reason}")

    def to_json_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["is_ofsted_outcome"] = self.is_ofsted_outcome
        return {key: _jsonable(raw[key]) for key in RECORD_KEYS}

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Record:
        la = data.get("local_authority")
        visit = data.get("visit")
        improvements = list(data.get("improvements") or [])
        send = data.get("area_send")
        jtai = data.get("jtai")
        return cls(
            file=data["file"],
            kind=data["kind"],
            local_authority=LocalAuthorityRef(**la) if la else None,
            inspection_start=_date(data.get("inspection_start")),
            inspection_end=_date(data.get("inspection_end")),
            letter_date=_date(data.get("letter_date")),
            published=_date(data.get("published")),
            lead_inspector=data.get("lead_inspector"),
            overall=data.get("overall"),
            judgements=dict(data.get("judgements") or {}),
            visit=Visit(**{**visit, "prior_judgement_date": _date(visit.get("prior_judgement_date"))})
            if visit
            else None,
            improvements=improvements,
            warnings=list(data.get("warnings") or []),
            combined_judgements={k: list(v) for k, v in (data.get("combined_judgements") or {}).items()},
            # Records kept before priorities were read carry none: no item is a priority.
            improvements_priority=list(data.get("improvements_priority", [False] * len(improvements))),
            # Records stored before these keys existed have neither.
            area_send=_area_send(send) if send else None,
            jtai=Jtai(**jtai) if jtai else None,
            framework=data.get("framework"),
            improvements_national_framework=list(data.get("improvements_national_framework") or []),
        )


def _area_send(data: dict[str, Any]) -> AreaSend:
    return AreaSend(
        **{
            **data,
            "weaknesses": [SendWeakness(**w) for w in data.get("weaknesses") or []],
            "previous_inspection": _date(data.get("previous_inspection")),
            "previous_revisit": _date(data.get("previous_revisit")),
        }
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
