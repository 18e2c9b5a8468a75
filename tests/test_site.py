"""The sample reports site: real HTTP on 127.0.0.1, the real site's markup, counters and faults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import requests

from samples.pdf import write_pdf
from samples.site import Fault, SampleSite, SitePublication, folder_publications, one_page_publication
from tasks.discover import parse_provider_page, parse_search_page, search_url

pytestmark = pytest.mark.integration


def publication(file_id: str, urn: str = "9990001", day: int = 1) -> SitePublication:
    return one_page_publication(file_id, urn, date(2024, 3, day))


def test_search_pages_list_every_provider_across_pages() -> None:
    with SampleSite([publication(str(i), urn=f"99900{i:02d}") for i in range(5)], search_rows=2) as site:
        first = parse_search_page(requests.get(search_url(site.url, 0)).text, site.url)
        third = parse_search_page(requests.get(search_url(site.url, 4)).text, site.url)
        beyond = parse_search_page(requests.get(search_url(site.url, 6)).text, site.url)
    assert [p.urn for p in first] == ["9990000", "9990001"]
    assert [p.urn for p in third] == ["9990004"]
    assert beyond == []


def test_provider_page_lists_newest_first_and_paginates() -> None:
    with SampleSite([publication(str(i), day=i) for i in range(1, 4)], provider_rows=2) as site:
        providers = parse_search_page(requests.get(search_url(site.url, 0)).text, site.url)
        first, next_url = parse_provider_page(requests.get(providers[0].url).text, providers[0].url, providers[0])
        assert next_url is not None
        second, last = parse_provider_page(requests.get(next_url).text, next_url, providers[0])
    assert [p.published for p in first] == [date(2024, 3, 3), date(2024, 3, 2)]
    assert [p.location.rsplit("/", 1)[-1] for p in second] == ["1"]
    assert last is None


def test_files_answer_conditional_requests_and_count_downloads() -> None:
    with SampleSite([publication("7")]) as site:
        first = requests.get(site.file_url("7"))
        again = requests.get(site.file_url("7"), headers={"If-None-Match": first.headers["ETag"]})
        assert first.content.startswith(b"%PDF") and again.status_code == 304
        site.replace_content("7", write_pdf([["A corrected report"]]))
        changed = requests.get(site.file_url("7"), headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.content != first.content
    assert site.requests["/v1/file/7"] == 3
    assert site.downloads["/v1/file/7"] == 2


def test_faults_apply_the_given_number_of_times() -> None:
    with SampleSite([publication("7")]) as site:
        site.inject("/v1/file/7", Fault(status=429, retry_after=3, times=2))
        answers = [requests.get(site.file_url("7")) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "3"


def test_hidden_publications_leave_the_listing_until_shown() -> None:
    with SampleSite([publication("1", day=1), publication("2", day=2)]) as site:
        provider_url = f"{site.url}/provider/44/9990001"
        site.hide("2")
        hidden = requests.get(provider_url).text
        gone = requests.get(site.file_url("2")).status_code
        site.show("2")
        shown = requests.get(provider_url).text
    assert "/v1/file/2" not in hidden and gone == 404
    assert "/v1/file/2" in shown


def test_truncate_serves_half_the_file_as_if_whole() -> None:
    with SampleSite([publication("7")]) as site:
        whole = requests.get(site.file_url("7")).content
        site.inject("/v1/file/7", Fault(truncate=True))
        cut = requests.get(site.file_url("7")).content
    assert cut == whole[: len(whole) // 2]


def test_a_folder_in_the_corpus_layout_is_served_as_a_site(tmp_path: Path) -> None:
    provider = tmp_path / "9990001_wessex"
    provider.mkdir()
    pdf = write_pdf([["A report"]])
    (provider / "children's services inspection - 08 august 2014.pdf").write_bytes(pdf)
    (tmp_path / "undated.pdf").write_bytes(pdf)
    with SampleSite(folder_publications(tmp_path)) as site:
        providers = parse_search_page(requests.get(search_url(site.url, 0)).text, site.url)
        listed, _ = parse_provider_page(requests.get(providers[0].url).text, providers[0].url, providers[0])
        served = requests.get(listed[0].location).content
    assert [(p.urn, p.name) for p in providers] == [("9990001", "wessex")]
    assert [(p.label, p.published) for p in listed] == [("Children's services inspection", date(2014, 8, 8))]
    assert served == pdf
