"""Who gets the digest and the same-day alerts, and about which LAs: a TOML file named by OFSTED_WATCH_SUBSCRIBERS.

    [[subscriber]]
    email = "dcs@example.org"          # no filter: all England
    alerts = true                       # also same-day alerts of deteriorations (by email)

    [[subscriber]]
    email = "analyst@example.org"
    region = "North West"               # a region as named in the LA reference

    [[subscriber]]
    email = "team@example.org"
    la_codes = ["931", "932"]           # three-digit DfE LA codes

    [[subscriber]]
    name = "North West team channel"    # alerts only (no email, so no digest)
    region = "North West"
    alerts = ["inadequate", "deterioration"]
    notify = ["workflows://...", "json://hooks.example.org/ofsted"]   # Apprise URLs

A mistake in the file (an unknown region, LA code or alert trigger, both filters, a repeated address or name,
an Apprise URL that does not parse, alerts with nowhere to go) stops the run with a message naming the
subscriber, rather than silently sending someone the wrong councils. URLs hold secrets (webhook tokens): a
message names a subscriber by its name or email, and a URL only as `safe_url` shows it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from common.authorities import authority_index

ALL_ENGLAND = "All England"
# What a subscriber's alerts are about: any row of the `deteriorations` view, an overall inadequate, or every new
# publication in their filter.
DETERIORATION, INADEQUATE, ALL = "deterioration", "inadequate", "all"
TRIGGERS = (DETERIORATION, INADEQUATE, ALL)
_KEYS = {"name", "email", "region", "la_codes", "alerts", "notify"}


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
    """An address for the digest and alerts, and/or Apprise URLs for alerts only. `alerts`: the triggers, none
    for no alerts."""

    email: str | None
    audience: Audience = Audience()
    alerts: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()
    name: str | None = None

    @property
    def key(self) -> str:
        """How runs and the `alert_sends` table name the subscriber: its name, else its email, else its first
        notify URL as `safe_url` shows it."""
        return self.name or self.email or safe_url(self.notify[0])


def safe_url(url: str) -> str:
    """An Apprise URL fit to print, log or store: Apprise's own masking of its secrets (passwords, tokens), less
    the query, where custom headers and parameters (json:// `+X-Token=...`) stay in clear even when masked."""
    import apprise  # only where a subscriber has notify URLs

    plugin = apprise.Apprise.instantiate(url)
    masked = plugin.url(privacy=True) if plugin else f"{urlsplit(url).scheme}://(unparsable)"
    return masked.split("?", 1)[0]


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
        names = {subscriber.key.lower(), (subscriber.email or subscriber.key).lower()}
        if names & seen:
            raise SubscribersError(f"{path}: {subscriber.key} is listed more than once (give each a distinct name)")
        seen |= names
    return subscribers


def _subscriber(entry: object, where: str) -> Subscriber:
    if not isinstance(entry, dict):
        raise SubscribersError(f"{where} is not a table")
    unknown = set(entry) - _KEYS
    if unknown:
        raise SubscribersError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    email, name = entry.get("email"), entry.get("name")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise SubscribersError(f"{where}: 'email' must be an address, got {email!r}")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise SubscribersError(f"{where}: 'name' must be a non-empty string")
    where = f"{where} ({name or email or 'no name or email'})"
    notify = _notify_urls(entry.get("notify", []), where)
    if email is None and not notify:
        raise SubscribersError(f"{where}: nothing to send to: give an 'email', 'notify' URLs, or both")
    alerts = _triggers(entry.get("alerts", False), where)
    if notify and not alerts:
        raise SubscribersError(f"{where}: 'notify' URLs receive alerts only: set 'alerts' too")
    region, la_codes = entry.get("region"), entry.get("la_codes")
    if region is not None and la_codes is not None:
        raise SubscribersError(f"{where}: give a region or la_codes, not both")
    audience = Audience()
    if region is not None:
        audience = Audience(region=_known_region(region, where))
    elif la_codes is not None:
        audience = _authorities_audience(la_codes, where)
    return Subscriber(email, audience, alerts, notify, name.strip() if name else None)


def _triggers(alerts: object, where: str) -> tuple[str, ...]:
    """`false` (no alerts), `true` (deteriorations), or a list of TRIGGERS."""
    if isinstance(alerts, bool):
        return (DETERIORATION,) if alerts else ()
    if not isinstance(alerts, list) or not alerts:
        raise SubscribersError(f"{where}: 'alerts' must be true, false or a list of {', '.join(TRIGGERS)}")
    unknown = [str(trigger) for trigger in alerts if trigger not in TRIGGERS]
    if unknown:
        raise SubscribersError(f"{where}: unknown alert trigger(s) {', '.join(unknown)}; use {', '.join(TRIGGERS)}")
    return tuple(dict.fromkeys(str(trigger) for trigger in alerts))


def _notify_urls(urls: object, where: str) -> tuple[str, ...]:
    """Apprise URLs, each of which Apprise can parse; an error names a URL only by its scheme (it holds secrets)."""
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise SubscribersError(f"{where}: 'notify' must be a list of Apprise URLs")
    if not urls:
        return ()
    import apprise  # only where a subscriber has notify URLs

    for number, url in enumerate(urls, 1):
        if not apprise.Apprise().add(url):
            scheme = urlsplit(url).scheme or "no scheme"
            raise SubscribersError(
                f"{where}: notify URL {number} ({scheme}://…) is not one Apprise can use; see Apprise's list of "
                "services (Microsoft Teams is workflows://, not the retired msteams://)"
            )
    return tuple(urls)


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
