"""Extract one verified record from one document: read text, classify, then read each field next to its label.

Never raises on bad input and never guesses: a field it cannot read with confidence stays empty with a warning.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from functools import cache
from pathlib import Path

from common.authorities import EXTRA_REFERENCE_ENV, REFERENCE_CSV, LocalAuthority, authority_index
from common.record import FRAMEWORK_FIELD, FULL_INSPECTION_KINDS, VISIT_KINDS, LocalAuthorityRef, Record, Visit
from tasks.classify import classify, is_round_up
from tasks.parsing import visits
from tasks.parsing.authority import authorities_named, authority_from_text
from tasks.parsing.dates import SINGLE_DATE, Period, find_expression, parse_date, parse_periods
from tasks.parsing.focus import visit_focus
from tasks.parsing.inspectors import lead_inspector, signatory
from tasks.parsing.jtai import read_jtai
from tasks.parsing.judgements import read_judgements
from tasks.parsing.lists import ListItem, report_improvements, section_items
from tasks.parsing.national_framework import split_reference
from tasks.parsing.passages import Passage, split_passages
from tasks.parsing.send import previous_inspections, read_area_send
from tasks.parsing.text import flat
from tasks.read_text import DocumentText, read_document

_DATE_LABEL = re.compile(r"\b(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\b\s*:?", re.IGNORECASE)
_VISIT_DATES = re.compile(r"(?:visit|inspection)\b[^.]{0,160}?\b(?:on|between|from)\s+(?=\d)", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:report\s+)?(?:published|publication\s+date)\s*:\s*", re.IGNORECASE)
# Letters' lists of improvements; full reports have their own reading (`report_improvements`).
_IMPROVEMENT_HEADINGS = (
    r"what\s+needs\s+to\s+improve|what\s+does\s+the\s+local\s+authority\s+need\s+to\s+improve|"
    r"areas\s+for\s+(?:improvement|development)|recommendations"
)
_PROVIDER_FOLDER = re.compile(r"^(\d{5,8})_")


def extractor_version() -> str:
    """Which extractor reads documents now: a fingerprint of its code and of the LA reference it resolves names
    with (OFSTED_WATCH_LA_REFERENCE's extra table included). Recorded with each record, so a warehouse knows
    which of its records an upgrade would read differently (`ofsted-watch reprocess`)."""
    extra = os.environ.get(EXTRA_REFERENCE_ENV)
    extra_hash = hashlib.sha256(Path(extra).read_bytes()).hexdigest()[:16] if extra else "none"
    return f"{_code_fingerprint()}-{extra_hash}"


@cache
def _code_fingerprint() -> str:
    """Changes whenever extraction could give a different record: its code, the record, the shipped reference."""
    package = Path(__file__).parent
    sources = [package / "extract.py", package / "read_text.py", package / "classify.py"]
    sources += sorted((package / "parsing").rglob("*.py"))
    sources += [REFERENCE_CSV, package.parent / "common" / "record.py", package.parent / "common" / "text.py"]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extract_path(path: Path) -> Record:
    """Extract a file; a parent folder named `<URN>_<name>` (the reports site's provider) gives the LA."""
    try:
        data = path.read_bytes()
    except OSError as error:
        record = Record(file=str(path))
        record.warn("document", f"cannot read file: {error.strerror or error}")
        return record
    return extract_document(data, str(path), provider_urn_from_path(path))


def provider_urn_from_path(path: Path) -> str | None:
    match = _PROVIDER_FOLDER.match(path.parent.name)
    return match.group(1) if match else None


def extract_document(data: bytes, file: str, provider_urn: str | None = None) -> Record:
    """The record alone: `extract` and `eval` need no passages, so none are split."""
    return _read_and_extract(data, file, provider_urn)[0]


def extract_with_passages(data: bytes, file: str, provider_urn: str | None = None) -> tuple[Record, list[Passage]]:
    """The record, and the passages of an Ofsted outcome's text (none for anything else): the text is read
    once for both."""
    record, document = _read_and_extract(data, file, provider_urn)
    if document is None or document.error or not record.is_ofsted_outcome:
        return record, []
    try:
        return record, split_passages(document.pages)
    except Exception:  # the record stands without its passages; the passages expectation reports the gap
        return record, []


def _read_and_extract(data: bytes, file: str, provider_urn: str | None) -> tuple[Record, DocumentText | None]:
    """The record, and the text it was read from (None when extraction failed)."""
    record = Record(file=file)
    try:
        document = read_document(data)
        _extract_into(record, document, provider_urn)
    except Exception as error:  # a parser bug must cost one record, never the run
        record.kind = "unknown"
        record.warn("document", f"extraction failed: {type(error).__name__}: {error}")
        return record, None
    return record, document


def _extract_into(record: Record, document: DocumentText, provider_urn: str | None) -> None:
    record.page_count = document.page_count
    if document.error:
        record.warn("document", document.error)
        return
    text = document.text
    report_periods = _labelled_periods(text)
    record.kind, kind_warning = classify(text, report_periods)
    if kind_warning:
        record.warn("kind", kind_warning)
    if record.kind == "press_release":
        record.local_authority = _article_authority(record, text, provider_urn)
    if not record.is_ofsted_outcome:
        return
    is_letter = record.kind in (*VISIT_KINDS, "jtai", "area_send")
    periods = (_visit_periods(text) or report_periods) if is_letter else report_periods
    if record.kind == "area_send":
        # A report labels its own dates; a sentence about the previous inspection must not stand in for them.
        periods = report_periods or periods
    _set_dates(record, text, periods, is_letter)
    record.local_authority = _authority(record, text, provider_urn)
    record.lead_inspector = lead_inspector(text) or (signatory(text) if is_letter else None)
    if record.lead_inspector is None and record.kind not in ("jtai", "area_send"):
        # Joint inspections are signed by several inspectorates and may name no lead.
        record.warn("lead_inspector", "no lead inspector named")
    if record.kind in FULL_INSPECTION_KINDS or record.kind == "lscb_review":
        judgements = read_judgements(record.kind, text)
        record.overall = judgements.overall
        record.judgements = judgements.grades
        record.combined_judgements = judgements.combined
        record.framework = judgements.framework
        if judgements.unknown_framework:
            record.warn(FRAMEWORK_FIELD, judgements.unknown_framework)
        for problem in judgements.problems:
            record.warnings.append(problem)
    if record.kind in VISIT_KINDS:
        record.visit = _visit(record, text)
    if record.kind == "area_send":
        record.area_send, problems = read_area_send(text)
        record.warnings += problems
        record.area_send.previous_inspection, record.area_send.previous_revisit = previous_inspections(text)
    if record.kind == "jtai":
        record.jtai, problems = read_jtai(text)
        record.warnings += problems
    _set_improvements(record, _improvements(record, text))


def _set_improvements(record: Record, items: list[ListItem]) -> None:
    """Each item without the National Framework reference that ends it; the reference's code beside it."""
    references = [split_reference(item.text) for item in items]
    record.improvements = [reference.text for reference in references]
    record.improvements_priority = [item.priority for item in items]
    if any(reference.code or reference.unread for reference in references):
        record.improvements_national_framework = [reference.code for reference in references]
    for position, reference in enumerate(references, 1):
        if reference.unread:
            record.warn(
                "improvements", f"item {position}: a National Framework reference not understood: {reference.unread!r}"
            )


def _improvements(record: Record, text: str) -> list[ListItem]:
    """What the document asks to improve, in its order; a visit's priority actions first, as priorities."""
    if record.kind in FULL_INSPECTION_KINDS:
        return report_improvements(text)
    listed = [ListItem(item) for item in section_items(text, _IMPROVEMENT_HEADINGS)]
    actions = record.visit.priority_actions if record.visit else []
    return [ListItem(action, priority=True) for action in actions] + listed


def _labelled_periods(text: str) -> list[Period]:
    """The dates after the first 'Inspection date(s)' label that reads as dates (skips running headers)."""
    for match in _DATE_LABEL.finditer(text[:20000]):
        periods = _periods_after(flat(text[match.end() : match.end() + 200]))
        if periods:
            return periods
    return []


def _visit_periods(text: str) -> list[Period]:
    """'…the findings of the focused visit … on 17 July 2019' / '… on 4 and 5 March 2020'."""
    head = flat(text[:8000])
    for match in _VISIT_DATES.finditer(head):
        periods = _periods_after(head[match.end() : match.end() + 120])
        if periods:
            # '4 and 5 March' is one visit over two days, not two periods.
            return [Period(periods[0].start, periods[-1].end)]
    return []


def _periods_after(text: str) -> list[Period]:
    """The periods of the date expression that `text` starts with; empty when it starts with none."""
    expression = find_expression(text)
    return parse_periods(expression) if expression else []


def _set_dates(record: Record, text: str, periods: list[Period], is_letter: bool) -> None:
    if periods:
        record.inspection_start = periods[0].start
        record.inspection_end = periods[-1].end
    else:
        record.warn("inspection_start", "no inspection or visit dates found")
    published = _PUBLISHED.search(text[:20000])
    if published:
        record.published = parse_date(_first_date(text[published.end() : published.end() + 60]) or "")
    if is_letter:
        record.letter_date = _letter_date(text)


def _first_date(text: str) -> str | None:
    match = SINGLE_DATE.search(flat(text))
    return match.group(0) if match else None


def _letter_date(text: str) -> date | None:
    """A letter's date: a line that is only a date, before the salutation."""
    head = text[: text.find("Dear ")] if "Dear " in text[:4000] else text[:1500]
    for line in head.split("\n"):
        candidate = line.strip().strip("*#_ ")
        if candidate and SINGLE_DATE.fullmatch(candidate):
            return parse_date(candidate)
    return None


def _authority(record: Record, text: str, provider_urn: str | None) -> LocalAuthorityRef | None:
    named = authority_from_text(text)
    provider = authority_index().by_urn.get(provider_urn) if provider_urn else None
    if provider is None:
        if named is None:
            record.warn("local_authority", "no local authority named in the title or opening text")
        return named.ref if named else None
    if named is not None and not _same_or_related(named, provider):
        record.warn("local_authority", f"document names {named.name} but the site lists it under {provider.name}")
    return provider.ref


def _article_authority(record: Record, text: str, provider_urn: str | None) -> LocalAuthorityRef | None:
    """An article's LA: the site's provider; a round-up of several councils' visits names no one LA."""
    if provider_urn is None and is_round_up(text[:8000]) and len(authorities_named(text[:8000])) > 1:
        return None
    return _authority(record, text, provider_urn)


def _same_or_related(a: LocalAuthority, b: LocalAuthority) -> bool:
    return a.la_code == b.la_code or a.la_code in (*b.predecessors, *b.successors)


def _visit(record: Record, text: str) -> Visit:
    """A visit's findings. What is not read stays empty with a warning: the letter still loads (docs/checks.md)."""
    monitoring = record.kind == "monitoring_visit"
    visit = Visit(
        number=visits.visit_number(text) if monitoring else None,
        progress=visits.progress(text) if monitoring else None,
        priority_actions=visits.priority_actions(text),
        deterioration=visits.reports_deterioration(text),
    )
    visit.prior_judgement, visit.prior_judgement_date = _prior_judgement(record, text)
    visit.prior_judgement_area = visits.prior_judgement_area(text) if visit.prior_judgement else None
    if not monitoring:
        visit.focus, problems = visit_focus(text)
        record.warnings += problems
    if monitoring and visit.progress is None:
        record.warn("visit_progress", "no monitoring visit verdict found")
    if monitoring and visit.number is None:
        record.warn("visit_number", "no monitoring visit number found")
    return visit


def _prior_judgement(record: Record, text: str) -> tuple[str | None, date | None]:
    """The last full inspection's judgement as the letter states it; a 'prior' judgement dated on or after the
    visit is this visit's own findings misread, so it is dropped."""
    grade, month = visits.prior_judgement(text)
    start = record.inspection_start or record.letter_date
    if month is not None and start is not None and month > start:
        record.warn("prior_judgement", f"a judgement of {month:%B %Y} is not before the visit: not read")
        return None, None
    if grade is None and record.kind == "monitoring_visit":
        # Every monitoring visit follows an inadequate judgement and its letter says when; a focused visit's
        # letter often states none, which is no fault (the warehouse fills it: docs/checks.md).
        record.warn("prior_judgement", "the letter states no prior judgement we can read")
    return grade, month
