"""Fetching against a real server on 127.0.0.1: retries, Retry-After, resets, timeouts, the allow-list, the cap."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from common import USER_AGENT
from common.config import Settings, load_settings
from samples.site import Fault, SampleSite, one_page_publication
from tasks.fetch import FetchError, HttpClient, read_local
from tasks.store import RawStore, content_hash

pytestmark = pytest.mark.integration

FILE = "/v1/file/501"


@pytest.fixture()
def site() -> Iterator[SampleSite]:
    with SampleSite([one_page_publication("501", "9990001", date(2024, 5, 1))]) as running:
        yield running


def settings_for(site: SampleSite, home: Path, **overrides: object) -> Settings:
    options: dict[str, object] = {"max_rps": 50.0, "timeout_seconds": 2.0, **overrides}
    return load_settings({}, home=home, source=site.url, **options)


def client_for(site: SampleSite, home: Path, **overrides: object) -> HttpClient:
    return HttpClient(settings_for(site, home, **overrides), backoff_seconds=0.01)


def test_fetch_stores_the_bytes_under_their_hash_and_says_they_are_a_pdf(site: SampleSite, home: Path) -> None:
    fetched = client_for(site, home).fetch(site.file_url("501"))
    stored = RawStore(home / "raw").get(fetched.sha256)
    assert stored.startswith(b"%PDF") and content_hash(stored) == fetched.sha256
    assert (fetched.format, fetched.size, fetched.not_modified) == ("pdf", len(stored), False)
    assert site.user_agents == {USER_AGENT}


def test_second_fetch_is_conditional_and_downloads_nothing(site: SampleSite, home: Path) -> None:
    client = client_for(site, home)
    first = client.fetch(site.file_url("501"))
    second = client.fetch(site.file_url("501"))
    assert second.not_modified and second.sha256 == first.sha256
    assert site.requests[FILE] == 2 and site.downloads[FILE] == 1


def test_replaced_content_at_the_same_url_is_fetched_again(site: SampleSite, home: Path) -> None:
    client = client_for(site, home)
    first = client.fetch(site.file_url("501"))
    site.replace_content("501", one_page_publication("501", "9990001", date(2024, 5, 1), "Corrected").content)
    second = client.fetch(site.file_url("501"))
    assert not second.not_modified and second.sha256 != first.sha256


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=500, times=2),
        Fault(status=503, times=3),
        Fault(status=429, retry_after=0, times=2),
        Fault(reset=True, times=1),
        Fault(delay=1.5, times=1),
    ],
    ids=["500-burst", "503-burst", "429", "reset-mid-body", "slow"],
)
def test_transient_faults_are_retried_until_the_file_arrives(site: SampleSite, home: Path, fault: Fault) -> None:
    attempts = 1 + (fault.times or 0)
    site.inject(FILE, replace(fault))
    fetched = client_for(site, home, timeout_seconds=0.5).fetch(site.file_url("501"))
    assert fetched.format == "pdf"
    assert site.requests[FILE] == attempts and site.downloads[FILE] == 1


def test_retry_after_is_honoured(site: SampleSite, home: Path) -> None:
    """The server asks for one second; the client's own backoff (10 ms) would have retried sooner."""
    site.inject(FILE, Fault(status=429, retry_after=1, times=1))
    client = client_for(site, home)
    client.fetch(site.file_url("501"))
    assert client.waited_seconds >= 1.0


def test_a_fault_that_persists_is_a_fetch_error_with_the_reason(site: SampleSite, home: Path) -> None:
    site.inject(FILE, Fault(status=503, times=None))
    with pytest.raises(FetchError, match=r"HTTP 503 after 4 attempts"):
        client_for(site, home).fetch(site.file_url("501"))
    assert site.requests[FILE] == 4


def test_a_server_asking_to_wait_too_long_fails_now_to_be_retried_next_run(site: SampleSite, home: Path) -> None:
    site.inject(FILE, Fault(status=429, retry_after=3600, times=None))
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        client_for(site, home).fetch(site.file_url("501"))
    assert site.requests[FILE] == 1


def test_redirects_off_the_allow_list_are_refused(site: SampleSite, home: Path) -> None:
    site.inject(FILE, Fault(redirect="http://203.0.113.9/elsewhere.pdf"))
    with pytest.raises(FetchError, match="host not allowed"):
        client_for(site, home).fetch(site.file_url("501"))


def test_redirects_within_the_site_are_followed(site: SampleSite, home: Path) -> None:
    site.inject("/v1/file/moved", Fault(redirect=f"{site.url}{FILE}"))
    assert client_for(site, home).fetch(f"{site.url}/v1/file/moved").format == "pdf"


def test_links_to_other_hosts_are_refused_without_a_request(site: SampleSite, home: Path) -> None:
    with pytest.raises(FetchError, match="host not allowed"):
        client_for(site, home).fetch("http://203.0.113.9/v1/file/1")
    assert sum(site.requests.values()) == 0


def test_files_over_the_size_cap_are_refused(site: SampleSite, home: Path) -> None:
    with pytest.raises(FetchError, match="over the download cap of 100"):
        client_for(site, home, max_download_bytes=100).fetch(site.file_url("501"))
    assert not any((home / "raw" / "sha256").glob("*/*"))


def test_an_html_page_under_a_pdf_link_is_reported_as_html(site: SampleSite, home: Path) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Report not found</h1></body></html>"
    site.replace_content("501", page)
    assert client_for(site, home).fetch(site.file_url("501")).format == "html"


def test_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 same")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 same")
    first = read_local(tmp_path / "a.pdf", store, 1000)
    second = read_local(tmp_path / "b.pdf", store, 1000)
    assert first.sha256 == second.sha256
    assert len(list((tmp_path / "raw" / "sha256").glob("*/*"))) == 1
