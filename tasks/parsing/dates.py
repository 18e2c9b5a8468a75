"""Dates as Ofsted prints them: '8 to 12 July and 7 to 8 August 2019', '12/09/2016 to 06/10/2016', '18 Feb 2014'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMERIC = r"\d{1,2}/\d{1,2}/\d{2,4}"
_WORDED = rf"{_DAY}(?:\s+{MONTH}(?:,?\s+\d{{4}})?)?"
_TOKEN = rf"(?:{_NUMERIC}|{_WORDED})"
# Every dash a PDF may set between two dates: hyphens, figure dash, en and em dashes, horizontal bar, minus sign
# and box-drawing lines (some reports' fonts map their dash to one of those).
DASHES = "-‐‑‒–—―−─━"
# A list may put a comma before its last 'and': '29 and 30 September, and 1 October 2020'.
_SEPARATOR = rf"\s*(?:,\s*(?:and|&)|to|until|till|through|[{DASHES}]|and|&|,)\s*"
DATE_EXPRESSION = re.compile(rf"{_TOKEN}(?:{_SEPARATOR}{_TOKEN})*", re.IGNORECASE)
SINGLE_DATE = re.compile(rf"\b{_DAY}\s+{MONTH},?\s+\d{{4}}\b|\b{_NUMERIC}\b", re.IGNORECASE)
_PART = re.compile(
    rf"(?P<numeric>{_NUMERIC})|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<month>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower()[:3])


def parse_date(text: str) -> date | None:
    """One full date ('3 February 2015', '1/06/2015'); None unless day, month and year are all there."""
    parts = _parts(text)
    if len(parts) != 1 or None in parts[0]:
        return None
    return _to_date(parts[0])


def parse_periods(text: str) -> list[Period]:
    """Periods of a date expression; split periods are joined by 'and'. Empty when any part is unreadable."""
    matches = list(_PART.finditer(text))
    dates = _complete([_part(m) for m in matches])
    if not dates:
        return []
    groups: list[list[date]] = [[dates[0]]]
    for previous, match, day in zip(matches, matches[1:], dates[1:], strict=False):
        between = text[previous.end() : match.start()]
        if re.search(r"and|&|,", between):
            groups.append([day])
        else:
            groups[-1].append(day)
    if any(len(group) > 2 or group[0] > group[-1] for group in groups):
        return []
    return [Period(group[0], group[-1]) for group in groups]


def find_expression(text: str) -> str | None:
    """The date expression at the start of `text` (after a label), or None."""
    match = DATE_EXPRESSION.match(text.lstrip(f" :.\n{DASHES}"))
    if not match:
        return None
    return match.group(0).rstrip(f" ,{DASHES}")


def first_periods(text: str) -> list[Period]:
    """The periods of the first date expression in `text` that reads as dates ('was on 19 March 2018')."""
    for digit in re.finditer(r"\b\d", text):
        expression = find_expression(text[digit.start() :])
        periods = parse_periods(expression) if expression else []
        if periods:
            return periods
    return []


Part = tuple[int | None, int | None, int | None]


def _parts(text: str) -> list[Part]:
    return [_part(match) for match in _PART.finditer(text)]


def _part(match: re.Match[str]) -> Part:
    if match.group("numeric"):
        day, month, short_or_full_year = (int(x) for x in match.group("numeric").split("/"))
        return (day, month, short_or_full_year + 2000 if short_or_full_year < 100 else short_or_full_year)
    month_word = match.group("month")
    year = match.group("year")
    return (
        int(match.group("day")),
        month_number(month_word) if month_word else None,
        int(year) if year else None,
    )


def _complete(parts: list[Part]) -> list[date]:
    """'8 to 12 July 2019': a part lacking month or year takes the next part's."""
    filled: list[Part] = []
    later_month: int | None = None
    later_year: int | None = None
    for day, month, year in reversed(parts):
        month = month or later_month
        year = year or later_year
        later_month, later_year = month, year
        filled.append((day, month, year))
    filled.reverse()
    dates = [_to_date(part) for part in filled]
    if any(d is None for d in dates):
        return []
    complete = [d for d in dates if d is not None]
    # '28 December to 8 January 2016' crosses a year end: a start with no year of its own is the year before.
    for index in range(len(complete) - 1):
        if complete[index] > complete[index + 1] and parts[index][2] is None:
            complete[index] = complete[index].replace(year=complete[index].year - 1)
    return complete


def _to_date(part: Part) -> date | None:
    day, month, year = part
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
