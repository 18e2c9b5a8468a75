"""Who gets the digest and about which LAs: a TOML file named by OFSTED_WATCH_SUBSCRIBERS.

    [[subscriber]]
    email = "dcs@example.org"          # no filter: all England

    [[subscriber]]
    email = "analyst@example.org"
    region = "North West"               # a region as named in the LA reference

    [[subscriber]]
    email = "team@example.org"
    la_codes = ["931", "932"]           # three-digit DfE LA codes

A mistake in the file (an unknown region or LA code, both filters, a repeated address) stops the digest with a
message naming the subscriber, rather than silently sending someone the wrong councils.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ofsted_watch.authorities import authority_index

ALL_ENGLAND = "All England"


class SubscribersError(ValueError):
    """The subscribers file cannot be used as written."""


@dataclass(frozen=True)
class Audience:
    """All England (no region, no LAs), one region, or a list of LAs."""

    region: str | None = None
    la_codes: tuple[str, ...] = ()
    la_names: tuple[str, ...] = ()

    def includes(self, la_code: str, region: str) -> bool:
        if self.la_codes:
            return la_code in self.la_codes
        if self.region:
            return region == self.region
        return True

    def describe(self) -> str:
        if self.la_codes:
            return ", ".join(self.la_names or self.la_codes)
        return self.region or ALL_ENGLAND


@dataclass(frozen=True)
class Subscriber:
    email: str
    audience: Audience = Audience()


def recipients(subscribers_file: Path | None, to: list[str]) -> list[Subscriber]:
    """`--to` addresses (all England) when given, else the subscribers file, else nobody."""
    if to:
        bad = [address for address in to if "@" not in address]
        if bad:
            raise SubscribersError(f"--to needs an email address, got {', '.join(bad)}")
        return [Subscriber(address) for address in to]
    return load_subscribers(subscribers_file) if subscribers_file else []


def load_subscribers(path: Path) -> list[Subscriber]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubscribersError(f"subscribers file {path} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise SubscribersError(f"subscribers file {path} is not valid TOML: {error}") from None
    entries = raw.get("subscriber", [])
    if not isinstance(entries, list):
        raise SubscribersError(f"{path}: write each subscriber as a [[subscriber]] table")
    subscribers = [_subscriber(entry, f"{path}: subscriber {number}") for number, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for subscriber in subscribers:
        if subscriber.email.lower() in seen:
            raise SubscribersError(f"{path}: {subscriber.email} is listed more than once")
        seen.add(subscriber.email.lower())
    return subscribers


def _subscriber(entry: object, where: str) -> Subscriber:
    if not isinstance(entry, dict):
        raise SubscribersError(f"{where} is not a table")
    unknown = set(entry) - {"email", "region", "la_codes"}
    if unknown:
        raise SubscribersError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    email = entry.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SubscribersError(f"{where}: 'email' must be an address, got {email!r}")
    region, la_codes = entry.get("region"), entry.get("la_codes")
    if region is not None and la_codes is not None:
        raise SubscribersError(f"{where} ({email}): give a region or la_codes, not both")
    if region is not None:
        return Subscriber(email, Audience(region=_known_region(region, f"{where} ({email})")))
    if la_codes is not None:
        return Subscriber(email, _authorities_audience(la_codes, f"{where} ({email})"))
    return Subscriber(email)


def _known_region(region: object, where: str) -> str:
    regions = {la.region.lower(): la.region for la in authority_index().all if la.region}
    if not isinstance(region, str) or region.strip().lower() not in regions:
        raise SubscribersError(f"{where}: unknown region {region!r}; known: {', '.join(sorted(regions.values()))}")
    return regions[region.strip().lower()]


def _authorities_audience(la_codes: object, where: str) -> Audience:
    """An audience of the listed LA codes, each checked against the LA reference."""
    if not isinstance(la_codes, list) or not la_codes:
        raise SubscribersError(f"{where}: 'la_codes' must be a non-empty list of three-digit codes")
    index = authority_index()
    codes = [str(code).strip() for code in la_codes]
    unknown = [code for code in codes if code not in index.by_code]
    if unknown:
        raise SubscribersError(f"{where}: unknown LA code(s) {', '.join(unknown)}")
    return Audience(la_codes=tuple(codes), la_names=tuple(index.by_code[code].name for code in codes))
