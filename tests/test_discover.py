"""Discovery: the site's markup parsed exactly, layout drift failing loudly, folders read with their layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tasks.discover import (
    LayoutChanged,
    Provider,
    Publication,
    discover_folder,
    discover_site,
    parse_provider_page,
    parse_search_page,
    select,
)

PAGE = "https://reports.ofsted.gov.uk/provider/44/9990001"
WESSEX = Provider(urn="9990001", name="Wessex County Council", url=PAGE)


def provider_html(items: str, pagination: str = "") -> str:
    return f"<html><body><h1>Wessex County Council</h1><ul>{items}</ul>{pagination}</body></html>"


def link(file_id: str, text: str) -> str:
    return (
        f'<li><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/{file_id}">'
        f'<span class="nonvisual">{text}</span>Report</a></li>'
    )


def test_provider_page_gives_label_date_and_absolute_file_link() -> None:
    html = provider_html(
        link("50123", "Children's services inspection - 19 November 2021, pdf")
        + link("50124", "Focused visit - Local authority children's services - 3 Feb 2020, pdf"),
        '<ul class="pagination"><li class="next"><a href="?page=2">Next</a></li></ul>',
    )
    publications, next_url = parse_provider_page(html, PAGE, WESSEX)
    assert [(p.label, p.published, p.location) for p in publications] == [
        ("Children's services inspection", date(2021, 11, 19), "https://files.ofsted.gov.uk/v1/file/50123"),
        (
            "Focused visit - Local authority children's services",
            date(2020, 2, 3),
            "https://files.ofsted.gov.uk/v1/file/50124",
        ),
    ]
    assert publications[0].provider_urn == "9990001"
    assert next_url == f"{PAGE}?page=2"


def test_a_provider_page_without_its_list_names_the_page() -> None:
    with pytest.raises(LayoutChanged, match=r"provider/44/9990001: no publication list \(a.publication-link\)"):
        parse_provider_page(provider_html("<li>Nothing here</li>"), PAGE, WESSEX)


def test_a_label_that_no_longer_reads_label_dash_date_names_the_label() -> None:
    with pytest.raises(LayoutChanged, match='label "Children\'s services inspection, pdf" is not'):
        parse_provider_page(provider_html(link("1", "Children's services inspection, pdf")), PAGE, WESSEX)


def test_search_page_gives_urn_and_name() -> None:
    html = '<ul><li><h3><a href="/provider/44/80467">East Sussex County Council</a></h3></li></ul>'
    assert parse_search_page(html, "https://reports.ofsted.gov.uk/search?start=0") == [
        Provider("80467", "East Sussex County Council", "https://reports.ofsted.gov.uk/provider/44/80467")
    ]


def test_a_search_with_no_providers_fails_loudly_instead_of_finding_nothing_new() -> None:
    with pytest.raises(LayoutChanged, match=r"search\?.*no provider links"):
        discover_site(lambda url: "<html><body>Service unavailable</body></html>", "https://example.test")


def test_one_broken_provider_page_is_a_recorded_failure_not_a_lost_run() -> None:
    pages = {
        "search?": '<a href="/provider/44/1">One</a><a href="/provider/44/2">Two</a>',
        "/provider/44/1": provider_html(link("11", "Children's services inspection - 1 May 2024, pdf")),
        "/provider/44/2": provider_html(""),
    }

    def read_page(url: str) -> str:
        if "start=100" in url:
            return "<html></html>"
        return next(html for key, html in pages.items() if key in url)

    found = discover_site(read_page, "https://example.test")
    assert [p.location for p in found.publications] == ["https://files.ofsted.gov.uk/v1/file/11"]
    assert [f.url for f in found.failures] == ["https://example.test/provider/44/2"]
    assert "no publication list" in found.failures[0].reason


def test_duplicate_listings_are_one_publication() -> None:
    item = link("11", "Children's services inspection - 1 May 2024, pdf")
    found = discover_site(
        lambda url: '<a href="/provider/44/1">One</a>' if "search" in url else provider_html(item + item),
        "https://example.test",
    )
    assert len(found.publications) == 1


def test_folder_layout_gives_urn_label_and_date(tmp_path: Path) -> None:
    provider = tmp_path / "9990001_wessex"
    provider.mkdir()
    (provider / "children's services inspection - 08 august 2014.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "loose letter.txt").write_text("A letter")
    (tmp_path / "notes.csv").write_text("not a document")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    found = discover_folder(tmp_path).publications
    assert [(p.file, p.label, p.published, p.provider_urn) for p in found] == [
        (
            "9990001_wessex/children's services inspection - 08 august 2014.pdf",
            "children's services inspection",
            date(2014, 8, 8),
            "9990001",
        ),
        ("loose letter.txt", "loose letter", None, None),
    ]
    assert found[0].location == str((provider / "children's services inspection - 08 august 2014.pdf").resolve())


def test_select_by_dates_and_la(monkeypatch: pytest.MonkeyPatch) -> None:
    def made(urn: str | None, day: date | None) -> Publication:
        return Publication(f"/x/{urn}/{day}", "f", "label", day, urn, None)

    barnsley, bedford, unknown_la, undated = (
        made("80426", date(2024, 1, 10)),
        made("80428", date(2024, 2, 10)),
        made(None, date(2024, 1, 20)),
        made("80426", None),
    )
    every = [barnsley, bedford, unknown_la, undated]
    assert select(every, date(2024, 1, 1), date(2024, 1, 31), []) == [barnsley, unknown_la]
    assert select(every, None, None, ["370"]) == [barnsley, unknown_la, undated]
