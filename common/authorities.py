"""The LA reference table: canonical names, old DfE codes, URNs, variants, reorganisations, statistical neighbours.

Shipped as `data/local_authorities.csv` (built by scripts/build_la_reference.py from public data); an extra CSV of
the same columns can extend it (the demo's fictional councils), named by OFSTED_WATCH_LA_REFERENCE.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from common.record import LocalAuthorityRef

REFERENCE_CSV = Path(__file__).with_name("data") / "local_authorities.csv"
EXTRA_REFERENCE_ENV = "OFSTED_WATCH_LA_REFERENCE"

# Words around an LA's name in council titles: "Kingston Upon Hull City Council", "London Borough of Brent".
_COUNCIL_WORDS = re.compile(
    r"\b(the|london borough of|royal borough of|metropolitan borough council|metropolitan borough|"
    r"metropolitan district council|borough council|county borough council|county council|city council|"
    r"district council|city of|council|borough of|corporation|children'?s services)\b"
)


@dataclass(frozen=True)
class LocalAuthority:
    la_code: str
    name: str
    ons_code: str
    urn: str
    region: str
    la_type: str
    variants: tuple[str, ...]
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    valid_from: str
    valid_to: str
    # The DfE's statistical neighbours (la_codes), most similar first.
    stat_neighbours: tuple[str, ...] = ()

    @property
    def ref(self) -> LocalAuthorityRef:
        return LocalAuthorityRef(name=self.name, la_code=self.la_code)

    def as_row(self) -> dict[str, str]:
        return {
            "la_code": self.la_code,
            "name": self.name,
            "ons_code": self.ons_code,
            "urn": self.urn,
            "region": self.region,
            "la_type": self.la_type,
            "variants": ";".join(self.variants),
            "predecessors": ";".join(self.predecessors),
            "successors": ";".join(self.successors),
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "stat_neighbours": ";".join(self.stat_neighbours),
        }


def normalise_name(text: str) -> str:
    """Lower case, '&' as 'and', no council words or punctuation.

    'Kingston Upon Hull City Council' -> 'kingston upon hull'.
    """
    text = text.lower().replace("&", " and ").replace("’", "'").replace("st.", "st")
    text = _COUNCIL_WORDS.sub(" ", text)
    text = re.sub(r"[^a-z0-9' -]+", " ", text).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


class AuthorityIndex:
    """Look-ups by code, URN and any name variant."""

    def __init__(self, authorities: Iterable[LocalAuthority]) -> None:
        self.all = tuple(authorities)
        self.by_code = {la.la_code: la for la in self.all}
        self.by_urn = {la.urn: la for la in self.all if la.urn}
        self._by_name: dict[str, LocalAuthority] = {}
        for name, la in self.names():
            self._by_name.setdefault(normalise_name(name), la)

    def names(self) -> list[tuple[str, LocalAuthority]]:
        """Every name and variant with its LA, current LAs first: a name shared with a predecessor
        ('Dorset') means today's council."""
        return [
            (name, la) for la in sorted(self.all, key=lambda la: bool(la.valid_to)) for name in (la.name, *la.variants)
        ]

    def by_name(self, text: str) -> LocalAuthority | None:
        return self._by_name.get(normalise_name(text))


def read_reference(path: Path) -> list[LocalAuthority]:
    with path.open(encoding="utf-8") as handle:
        return [_from_row(row) for row in csv.DictReader(handle)]


def _from_row(row: dict[str, str]) -> LocalAuthority:
    def many(value: str | None) -> tuple[str, ...]:
        return tuple(part.strip() for part in (value or "").split(";") if part.strip())

    return LocalAuthority(
        la_code=row["la_code"].strip(),
        name=row["name"].strip(),
        ons_code=row.get("ons_code") or "",
        urn=row.get("urn") or "",
        region=row.get("region") or "",
        la_type=row.get("la_type") or "",
        variants=many(row.get("variants")),
        predecessors=many(row.get("predecessors")),
        successors=many(row.get("successors")),
        valid_from=row.get("valid_from") or "",
        valid_to=row.get("valid_to") or "",
        stat_neighbours=many(row.get("stat_neighbours")),
    )


@cache
def _index_for(extra: str | None) -> AuthorityIndex:
    authorities = read_reference(REFERENCE_CSV)
    if extra:
        authorities += read_reference(Path(extra))
    return AuthorityIndex(authorities)


def authority_index() -> AuthorityIndex:
    """The shipped reference, extended by the CSV named in OFSTED_WATCH_LA_REFERENCE if set."""
    return _index_for(os.environ.get(EXTRA_REFERENCE_ENV) or None)
