"""Area SEND inspections and revisits: the outcome as one code and as printed, the WSOA, each weakness's progress.

Three kinds of publication (docs/ofsted-letters.md describes their wording):
- from 2023, an area SEND inspection report stating one of three outcomes;
- 2016-2022, a joint local area SEND inspection letter, which says when a written statement of action (WSOA)
  is required;
- 2018-2022, a revisit letter after a WSOA, which says for each area of significant weakness whether the area
  has made sufficient progress in addressing it.
An outcome is read only from its own sentence: a report that states none, or several, has none (and a warning).
"""

from __future__ import annotations

import re
from datetime import date

from common.record import AreaSend, SendWeakness
from tasks.parsing.dates import first_periods
from tasks.parsing.text import flat

_SUBJECT = r"(?:(?:the\s+)?local\s+area\s+partnership['’]?s?\s+(?:send\s+)?)?arrangements\s+"
_OUTCOMES_2023 = (
    (
        "positive",
        re.compile(rf"{_SUBJECT}typically\s+lead\s+to\s+positive\s+experiences\s+and\s+outcomes[^.]*\.", re.I),
    ),
    ("inconsistent", re.compile(rf"{_SUBJECT}lead\s+to\s+inconsistent\s+experiences\s+and\s+outcomes[^.]*\.", re.I)),
    (
        "systemic_failings",
        re.compile(
            r"(?:there\s+(?:are|is)\s+)?widespread\s+and\s*/\s*or\s+systemic\s+failings\s+leading\s+to\s+significant\s+"
            r"concerns[^.]*\.",
            re.I,
        ),
    ),
)
_PARTNERSHIP = re.compile(r"area\s+send\s+inspection\s+of\s+.{0,80}?local\s+area\s+partnership", re.I)
_REVISIT = re.compile(r"joint\s+local\s+area\s+send\s+revisit|\brevisited\s+the\s+(?:local\s+)?area\b", re.I)
_FULL_2016 = re.compile(
    r"joint\s+local\s+area\s+send\s+inspection|judge\s+the\s+effectiveness\s+of\s+the\s+(?:local\s+)?area\s+in\s+"
    r"implementing",
    re.I,
)
_WSOA = re.compile(r"written\s+statement\s+of\s+action\s+(?:\(wsoa\)\s+)?(?P<no>is\s+not|is)\s+required", re.I)
# '… tackle the following areas of significant weakness:' and a bulleted list.
_LISTED_WEAKNESSES = re.compile(r"areas?\s+of\s+significant\s+weakness(?:es)?\s*:[ \t]*\n", re.I)
_NO_WSOA = re.compile(r"not\s+required\s+to\s+(?:produce|submit)\s+a\s+written\s+statement\s+of\s+action", re.I)
# One verdict per area of significant weakness, closing its section of the revisit letter.
_WEAKNESS_VERDICT = re.compile(
    r"\bthe\s+(?:local\s+)?area\s+has\s+(?P<no>not\s+)?made\s+sufficient\s+progress\s+in\s+addressing\s+this\s+"
    r"(?:area\s+of\s+)?(?:significant\s+)?weakness[^.\n]*\.?",
    re.I,
)
# The opening summary: 'has made sufficient progress in addressing two of the three significant weaknesses'.
_SUMMARY = re.compile(
    r"made\s+sufficient\s+progress\s+in\s+addressing\s+(?P<made>\w+)\s+of\s+the\s+(?P<total>\w+)\s+"
    r"(?:areas?\s+of\s+)?significant\s+weakness",
    re.I,
)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_BULLET = re.compile(r"^\s*(?:[•▪◦●\-*–]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z‘“'\"(]|\s*$)")


# 'Dates of previous inspection: 23 to 27 January 2017', or 'The previous full inspection was on 19 March 2018.
# There was a subsequent revisit on 24 March 2020.': dates of earlier inspections, never the report's own.
_PREVIOUS = re.compile(
    r"dates?\s+of\s+(?:the\s+)?previous\s+inspections?\s*:?(?P<said>.{0,300}?)(?=inspection\s+outcome|$)", re.I
)
_REVISIT_SAID = re.compile(r"\brevisit(?:ed)?\b", re.I)


def read_area_send(text: str) -> tuple[AreaSend, list[str]]:
    """What the publication concluded, and warnings for what could not be read."""
    body = flat(text)
    if _REVISIT.search(body[:3000]):
        return _revisit(text, body)
    stated = {code: match for code, pattern in _OUTCOMES_2023 if (match := pattern.search(body))}
    if len(stated) > 1:
        return AreaSend(framework="2023"), [f"area_send: the report states several outcomes ({', '.join(stated)})"]
    if stated:
        ((code, match),) = stated.items()
        return AreaSend(framework="2023", outcome=code, outcome_text=_printed(match.group(0))), []
    if _PARTNERSHIP.search(body[:3000]):
        return AreaSend(framework="2023"), ["area_send: no area SEND outcome found"]
    if _FULL_2016.search(body):
        return _full_2016(text, body), []
    return AreaSend(), ["area_send: no area SEND outcome found"]


def previous_inspections(text: str) -> tuple[date | None, date | None]:
    """The first day of the previous full inspection and of its revisit, as a report's 'Dates of previous
    inspection' line gives them (None for what it does not give, or 'Not previously inspected')."""
    stated = _PREVIOUS.search(flat(text[:6000]))
    if not stated:
        return None, None
    said = stated.group("said")
    revisit = _REVISIT_SAID.search(said)
    full = first_periods(said[: revisit.start()] if revisit else said)
    revisited = first_periods(said[revisit.end() :]) if revisit else []
    return (full[0].start if full else None), (revisited[0].start if revisited else None)


def _full_2016(text: str, body: str) -> AreaSend:
    """A WSOA is stated when required, with the areas of significant weakness it must tackle; a 2016-framework
    letter that states none required none."""
    match = _WSOA.search(body)
    if match and "not" not in match.group("no").lower():
        listed = _LISTED_WEAKNESSES.search(text)
        weaknesses = [SendWeakness(item) for item in _bullets(text[listed.end() :])] if listed else []
        return AreaSend(
            framework="2016",
            outcome="wsoa_required",
            outcome_text=_sentence(body, match),
            wsoa_required=True,
            weaknesses=weaknesses,
        )
    declined = match or _NO_WSOA.search(body)
    printed = _sentence(body, declined) if declined else None
    return AreaSend(framework="2016", outcome="no_wsoa", outcome_text=printed, wsoa_required=False)


def _revisit(text: str, body: str) -> tuple[AreaSend, list[str]]:
    weaknesses = _weaknesses(text)
    send = AreaSend(framework="2016", revisit=True, weaknesses=weaknesses)
    if not weaknesses:
        return send, ["area_send: no verdict on any area of significant weakness found"]
    summary = _SUMMARY.search(body)
    if summary:
        made, total = (_count(summary.group(name)) for name in ("made", "total"))
        sufficient = sum(w.progress == "sufficient" for w in weaknesses)
        if None not in (made, total) and (made, total) != (sufficient, len(weaknesses)):
            send.weaknesses = []
            return send, [
                f"area_send: the letter sums up {summary.group('made')} of {summary.group('total')} weaknesses "
                f"addressed, but its sections give {sufficient} of {len(weaknesses)}"
            ]
        send.outcome_text = _sentence(body, summary)
    insufficient = any(w.progress == "insufficient" for w in weaknesses)
    send.outcome = "insufficient_progress" if insufficient else "sufficient_progress"
    return send, []


def _weaknesses(text: str) -> list[SendWeakness]:
    """Each verdict closes a section that opens with the weakness, as a bullet (or the section's first line)."""
    found = []
    section_start = 0
    for verdict in _WEAKNESS_VERDICT.finditer(text):
        statement = _statement(text[section_start : verdict.start()])
        if statement:
            progress = "insufficient" if verdict.group("no") else "sufficient"
            found.append(SendWeakness(weakness=statement, progress=progress))
        section_start = verdict.end()
    return found


def _statement(section: str) -> str | None:
    """The section's first bullet: the weakness it reports on."""
    lines = section.split("\n")
    first = next((index for index, line in enumerate(lines) if _BULLET.match(line)), None)
    items = _bullets("\n".join(lines[first:])) if first is not None else []
    return items[0] if items else None


def _bullets(text: str) -> list[str]:
    """The bulleted items `text` starts with, each over its wrapped lines up to the end of its sentence."""
    items: list[list[str]] = []
    for line in text.split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            items.append([line[bullet.end() :].strip()])
        elif items and line.strip() and not items[-1][-1].endswith((".", ":", ";")):
            items[-1].append(line.strip())
        elif items or line.strip():
            break
    return [cleaned for item in items if (cleaned := _printed(" ".join(item)).rstrip(".:;"))]


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _COUNTS.get(word.lower())


def _sentence(body: str, match: re.Match[str]) -> str:
    """The whole sentence around a match in flat text, as printed."""
    start = 0
    for end in _SENTENCE_END.finditer(body, 0, match.start()):
        start = end.end()
    close = _SENTENCE_END.search(body, match.end())
    return _printed(body[start : close.end() if close else len(body)])


def _printed(text: str) -> str:
    """The text with its line breaks undone."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split())).strip()
