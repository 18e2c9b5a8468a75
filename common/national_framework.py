"""The Children's Social Care: National Framework (DfE statutory guidance, December 2023): the outcomes, enablers
and principles that ILACS reports from about April 2025 tag each area for improvement with.

Codes are `outcome_1`..`outcome_4`, `enabler_1`..`enabler_3`, `principle_1`..`principle_6`. Names are given
where the guidance's wording is checked (STYLE.md); a principle after the first is shown by its number alone.
"""

from __future__ import annotations

# How many of each the framework names.
COUNTS = {"outcome": 4, "enabler": 3, "principle": 6}
NAMES = {
    "outcome_1": "children, young people and families stay together and get the help they need",
    "outcome_2": "children and young people are supported by their family network",
    "outcome_3": "children and young people are safe in and outside of their homes",
    "outcome_4": "children in care and care leavers have stable, loving homes",
    "enabler_1": "multi-agency working is prioritised and effective",
    "enabler_2": "leaders drive conditions for effective practice",
    "enabler_3": "the workforce is equipped and effective",
    "principle_1": "children's welfare is paramount",
}
CODES = tuple(f"{part}_{number}" for part, count in COUNTS.items() for number in range(1, count + 1))


def title(code: str) -> str:
    """'Outcome 4: children in care and care leavers have stable, loving homes'; 'Principle 3' where unnamed."""
    part, number = code.split("_")
    name = NAMES.get(code)
    return f"{part.capitalize()} {number}: {name}" if name else f"{part.capitalize()} {number}"
