"""The suite for extracted records: one frame row per record, every rule checked on the whole batch at once."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from common.frameworks import FORMAT_CHANGED_WORDS, UNKNOWN_FRAMEWORK, Framework, framework_by_code, frameworks
from common.record import (
    AREAS,
    FRAMEWORK_FIELD,
    FULL_INSPECTION_KINDS,
    GRADES,
    JTAI_PARTNERS,
    OUTCOME_KINDS,
    PROGRESS,
    SEND_OUTCOMES,
    SEND_OUTCOMES_2016,
    SEND_OUTCOMES_2023,
    SEND_REVISIT_OUTCOMES,
    VISIT_KINDS,
    WEAKNESS_PROGRESS,
    AreaSend,
    Record,
)
from expectations.core import ROW, Failure, Rule, run_rules

if TYPE_CHECKING:
    import pandas as pd

EARLIEST = date(2005, 1, 1)  # before the frameworks this project reads
EVENT_KEY = ("la_code", "kind", "inspection_start", "event_date")
UNIQUE_EVENT = "unique_event"


def _in_set(name: str, column: str, allowed: Collection[str], reason: str) -> Rule:
    return Rule(name, (column,), reason, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": list(allowed)})


def _present(name: str, column: str, reason: str, when: tuple[str, Any] | None = None) -> Rule:
    return Rule(name, (column,), reason, "ExpectColumnValuesToNotBeNull", {"column": column}, when)


def _null(name: str, column: str, reason: str) -> Rule:
    """A rule on a column the frame fills only when something is wrong (and with what)."""
    return Rule(name, (column,), reason, "ExpectColumnValuesToBeNull", {"column": column})


def _date_in_range(column: str, today: date) -> Rule:
    import pandas as pd

    return Rule(
        "date_in_range",
        (column,),
        f"a date before {EARLIEST.isoformat()} or in the future",
        "ExpectColumnValuesToBeBetween",
        {"column": column, "min_value": pd.Timestamp(EARLIEST), "max_value": pd.Timestamp(today)},
    )


def event_rules(la_codes: Collection[str], today: date, date_columns: Sequence[str]) -> list[Rule]:
    """Rules that hold for an extracted record and for a row of the events table alike. A record fails only
    when it cannot be placed or holds a value outside its set: dates out of order (Ofsted prints a wrong date
    now and then) are a finding of `check` (`dates_in_order`), and a JTAI without a theme or a focused visit
    without a focus loads with a warning."""
    return [
        _in_set("kind_in_set", "kind", OUTCOME_KINDS, "not a kind of Ofsted outcome"),
        _in_set("grade_in_set", "overall", GRADES, "not a grade"),
        _present("la_known", "la_code", "no local authority found"),
        _in_set("la_known", "la_code", la_codes, "not a local authority of the reference table"),
        _present("event_date_present", "event_date", "no inspection or letter date found"),
        *(_date_in_range(column, today) for column in date_columns),
        # Only a framework that grades overall effectiveness must give one (none has since April 2026).
        _present("overall_present", "overall", "no overall grade found", ("grades_overall", True)),
        # A letter without a verdict we can read still loads (its findings may be prose): the verdict is empty,
        # with a warning on the record, and the digest and the site say "not stated". Only a wrong value fails.
        _in_set("visit_verdict", "visit_progress", PROGRESS, "not a monitoring visit verdict"),
        Rule(
            UNIQUE_EVENT,
            EVENT_KEY,
            "another document holds an event of this kind for this LA and dates",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(EVENT_KEY)},
        ),
        _present("send_outcome_present", "send_outcome", "no area SEND outcome found", ("is_area_send", True)),
        _in_set("send_outcome_in_set", "send_outcome", SEND_OUTCOMES, "not an area SEND outcome"),
    ]


def record_rules(la_codes: Collection[str], today: date) -> list[Rule]:
    dates = ("inspection_start", "inspection_end", "letter_date", "published", "event_date")
    return [
        *event_rules(la_codes, today, dates),
        *(_in_set("grade_in_set", area, GRADES, "not a grade") for area in AREAS),
        _null("area_in_set", "unknown_areas", "judgement areas outside the known set"),
        _present(
            "inspection_dates_present", "inspection_start", "no inspection dates found", ("is_full_inspection", True)
        ),
        _present(
            "inspection_dates_present", "inspection_end", "no inspection dates found", ("is_full_inspection", True)
        ),
        *(
            _present(
                "required_areas",
                area,
                f"no {area} grade found (every {framework.code} inspection has one)",
                ("framework", framework.code),
            )
            for framework in frameworks()
            for area in framework.required_areas
        ),
        _null(
            UNKNOWN_FRAMEWORK,
            UNKNOWN_FRAMEWORK,
            f"a full inspection no known framework fits: {FORMAT_CHANGED_WORDS}",
        ),
        _null("area_in_framework", "outside_framework", "graded where its framework makes no such judgement"),
        _present("visit_present", "visit_progress_or_actions", "no visit findings found", ("is_visit", True)),
        _null(
            "send_outcome_consistent", "send_conflict", "the area SEND outcome disagrees with the rest of the record"
        ),
        _null("weakness_progress_in_set", "weakness_progress_unread", "a revisit's weakness without its progress"),
        _null("jtai_partners_in_set", "unknown_partners", "partner agencies outside the known set"),
    ]


def record_frame(records: Sequence[Record], site_published: Sequence[date | None]) -> pd.DataFrame:
    import pandas as pd

    rows = [
        _record_row(row, record, site) for row, (record, site) in enumerate(zip(records, site_published, strict=True))
    ]
    frame = pd.DataFrame(rows)
    for column in ("inspection_start", "inspection_end", "letter_date", "published", "event_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _record_row(row: int, record: Record, site_published: date | None) -> dict[str, Any]:
    visit, send, jtai = record.visit, record.area_send, record.jtai
    unknown = sorted(set(record.judgements) - set(AREAS))
    known = framework_by_code().get(record.framework or "")
    return {
        ROW: row,
        "kind": record.kind,
        "framework": record.framework,
        "grades_overall": known.grades_overall if known else None,
        UNKNOWN_FRAMEWORK: _unknown_framework(record, known),
        "outside_framework": _outside(record, known),
        "is_full_inspection": record.kind in FULL_INSPECTION_KINDS,
        "is_visit": record.kind in VISIT_KINDS,
        "is_monitoring_visit": record.kind == "monitoring_visit",
        "la_code": record.local_authority.la_code if record.local_authority else None,
        "overall": record.overall,
        **{area: record.judgements.get(area) for area in AREAS},
        "unknown_areas": ", ".join(unknown) or None,
        "inspection_start": record.inspection_start,
        "inspection_end": record.inspection_end,
        "letter_date": record.letter_date,
        "published": record.published or site_published,
        "event_date": event_date(record),
        "visit_progress": visit.progress if visit else None,
        # A focused visit's finding is its priority actions or none; a missing visit block is a parse failure.
        "visit_progress_or_actions": "present" if visit else None,
        "is_area_send": record.kind == "area_send",
        "send_outcome": send.outcome if send else None,
        "send_conflict": _send_conflict(send) if send else None,
        "weakness_progress_unread": _unread_progress(send) if send and send.revisit else None,
        "unknown_partners": ", ".join(sorted(set(jtai.partners) - set(JTAI_PARTNERS))) or None if jtai else None,
    }


def _unknown_framework(record: Record, known: Framework | None) -> str | None:
    """Why a full inspection fits no known framework: what its grid showed (the record's warning), or no grid."""
    if record.kind not in FULL_INSPECTION_KINDS or known is not None:
        return None
    said = [warning for warning in record.warnings if warning.startswith(f"{FRAMEWORK_FIELD}: ")]
    return said[0].removeprefix(f"{FRAMEWORK_FIELD}: ") if said else "no judgement grid of a known framework found"


def _outside(record: Record, known: Framework | None) -> str | None:
    """Grades the record's framework does not give: an overall grade since April 2026, an ILACS area in a SIF."""
    if known is None:
        return None
    graded = {*(set(record.judgements) & set(AREAS)), *(("overall",) if record.overall else ())}
    return ", ".join(sorted(graded - known.judged - {c for _, cs in known.combined_areas for c in cs})) or None


def _unread_progress(send: AreaSend) -> str | None:
    """A revisit's weaknesses that lack a verdict (a WSOA's list has none: its weaknesses are not yet judged)."""
    return ", ".join(w.weakness[:60] for w in send.weaknesses if w.progress not in WEAKNESS_PROGRESS) or None


def _send_conflict(send: AreaSend) -> str | None:
    """What in an area SEND block contradicts its outcome: the framework's outcomes, the WSOA, the weaknesses."""
    if send.outcome is None:
        return None  # send_outcome_present says so
    allowed: tuple[str, ...]
    if send.revisit:
        allowed = SEND_REVISIT_OUTCOMES
        insufficient = any(w.progress == "insufficient" for w in send.weaknesses)
        if (send.outcome == "insufficient_progress") != insufficient:
            return f"{send.outcome}, but weaknesses with insufficient progress: {insufficient}"
    else:
        allowed = SEND_OUTCOMES_2023 if send.framework == "2023" else SEND_OUTCOMES_2016
        if send.framework == "2016" and send.wsoa_required != (send.outcome == "wsoa_required"):
            return f"{send.outcome}, but wsoa_required is {send.wsoa_required}"
    return None if send.outcome in allowed else f"{send.outcome} is not an outcome of the {send.framework} framework"


def event_date(record: Record) -> date | None:
    """The inspection's last day; a letter's date when no visit date is stated."""
    return record.inspection_end or record.letter_date


def validate_record_batch(
    records: Sequence[Record], site_published: Sequence[date | None], la_codes: Collection[str], today: date
) -> list[list[Failure]]:
    """Failures per record, in input order. Of records sharing an event key, the first is not a duplicate."""
    if not records:
        return []
    frame = record_frame(records, site_published)
    by_row = run_rules("records", record_rules(la_codes, today), frame)
    _exempt_first_duplicates(frame, by_row)
    return [by_row.get(row, []) for row in range(len(records))]


def _exempt_first_duplicates(frame: pd.DataFrame, by_row: dict[int, list[Failure]]) -> None:
    """GX flags every copy of a duplicated key; the first copy that passes every other rule is the event."""
    flagged = [row for row, failures in by_row.items() if any(f.rule == UNIQUE_EVENT for f in failures)]
    # Clean copies first, then input order: the kept copy is the one that can load.
    flagged.sort(key=lambda row: (any(f.rule != UNIQUE_EVENT for f in by_row[row]), row))
    keys = frame.set_index(ROW).loc[flagged, list(EVENT_KEY)]
    for row in keys[~keys.duplicated(keep="first")].index:
        by_row[row] = [f for f in by_row[row] if f.rule != UNIQUE_EVENT]
        if not by_row[row]:
            del by_row[row]
