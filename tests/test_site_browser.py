"""The site as people see it: Debian's Chromium driven by Playwright, the site served on 127.0.0.1.

Every page type loads with no console error, no failed or refused request and nothing asked of another host,
and axe-core finds no WCAG 2.2 A/AA violation; the table sorts and filters (and is whole without scripts);
the map's hexagons are links, named on hover and keyboard focus; the site works from file:// and a sub-path.
On a phone (320 and 390 CSS px) and at 200 % zoom, no page scrolls sideways, a table wider than the screen scrolls
in its own labelled, focusable region, no grade is cut off and every chart's text is 12 px high or more.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from site_helpers import NO_SNAPSHOT, TODAY, report_url

from reports.site.build import BuiltSite, build_site
from reports.site.serve import serving
from samples.digest_preview import chromium_path

pytestmark = pytest.mark.integration
playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

# Debian's build of Chromium's headless shell, which is what Playwright itself runs for headless tests: the same
# Blink as the `chromium` package without the desktop browser around it. This module takes half the CPU with it
# (measured: 158 -> 76 CPU-s, 91 -> 56 s). `make chromium` installs it; without it, the full browser.
HEADLESS_SHELL = "chromium-headless-shell"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE_TYPES = {
    "home": "index.html",
    "all LAs": "authorities.html",
    "LA": "la/wessex.html",
    "LA never inspected": "la/barnsley.html",
    "former LA": "la/mercia-vale-county.html",
    "LA with a name holding markup": "la/script-alert-x-script-co.html",
    "LA with area SEND outcomes and a revisit": "la/kingsmarsh.html",
    "LA with a JTAI and a combined judgement": "la/mercia-vale.html",
    "region": "region/south-west.html",
    "changes": "changes/index.html",
    "week": "changes/2026-W47.html",
    "week with area SEND deteriorations": "changes/2026-W46.html",
    "data": "data.html",
    "map by the impact of leaders": "map/leaders.html",
    "National Framework": "national-framework.html",
    "search": "search.html?q=private+fostering",
    "visit tables": "visits.html",
}
# Every page type as a phone opens it (WCAG 2.2 1.4.10: reflow at 320 CSS px; 390 px is a common phone; 640 px is
# a 1280 px window zoomed to 200 %, as a browser's zoom narrows the page). Read from the site built with two
# documents per LA page, so an LA's older documents have a page of their own. A new page type is one line here.
PHONE_PAGES = {
    "home": "index.html",
    "all LAs": "authorities.html",
    "LA": "la/wessex.html",
    "LA with an area no longer graded": "la/elmet.html",
    "LA with a JTAI and a combined judgement": "la/mercia-vale.html",
    "LA documents": "la/wessex-documents-2.html",
    "region": "region/south-west.html",
    "changes": "changes/index.html",
    "week": "changes/2026-W47.html",
    "data": "data.html",
    "map by care leavers": "map/care_leavers.html",
    "National Framework": "national-framework.html",
    "search": "search.html?q=private+fostering",
    "visit tables": "visits.html",
}
PHONE_WIDTHS = (320, 390, 640)
# A chart's text (the SVGs' <text>) must render at least this many CSS px high.
MIN_CHART_TEXT_PX = 12

# What a person would see go wrong at a width, measured in the page: the page wider than the window; an element
# that scrolls sideways without being a labelled, focusable region; a grade's tag cut off; a chart's text too small
# to read (only text that is rendered: a chart replaced on a narrow screen is display: none).
REFLOW_PROBLEMS = """() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push(`page ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
  }
  for (const element of document.querySelectorAll('body *')) {
    const overflow = getComputedStyle(element).overflowX;
    if ((overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth) {
      const named = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
      if (element.getAttribute('role') !== 'region' || element.getAttribute('tabindex') !== '0' || !named) {
        problems.push(`scrolls without a labelled, focusable region: ${element.outerHTML.slice(0, 80)}`);
      }
    }
  }
  for (const tag of document.querySelectorAll('.tag')) {
    const box = tag.getBoundingClientRect();
    if (box.width === 0) continue;
    const inRegion = tag.closest('[role=region]');
    if (tag.scrollWidth > tag.clientWidth + 1 || (!inRegion && box.right > width + 1)) {
      problems.push(`grade cut off: ${tag.textContent}`);
    }
  }
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    if (box.height > 0 && box.height < MIN) {
      problems.push(`chart text ${box.height.toFixed(1)} px high: ${text.textContent}`);
    }
  }
  return problems;
}""".replace("MIN", str(MIN_CHART_TEXT_PX))


@dataclass
class Trouble:
    """What a visitor would hit: console errors, script errors, failed or refused requests, error answers."""

    site: str
    problems: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", lambda message: message.type == "error" and self.problems.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda response: response.status >= 400 and self.problems.append(f"{response.status}: {response.url}"),
        )

    def _failed(self, request: Any) -> None:
        # A request the browser dropped because the page moved on (a favicon still loading when a link is
        # followed) is not a fault; a missing file fails with its own error (ERR_FILE_NOT_FOUND, or a 404).
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} {request.failure}")

    def refuse_other_hosts(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.site):
            route.continue_()
        else:
            self.problems.append(f"asked another host: {url}")
            route.abort()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=shutil.which(HEADLESS_SHELL) or chromium_path())
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    with serving(built_site.path) as url:
        yield url


def open_page(browser: Any, url: str, path: str, javascript: bool = True, width: int = 1280) -> tuple[Any, Trouble]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
    trouble = Trouble(url)
    context.route("**/*", trouble.refuse_other_hosts)
    page = context.new_page()
    trouble.watch(page)
    page.goto(url + path)
    page.wait_for_load_state("load")
    if javascript and path.startswith("search.html?"):
        wait_for_search(page)
    return page, trouble


def wait_for_search(page: Any) -> str:
    """The search page's announcement once its results are drawn (it says "Searching…" until then)."""
    status = page.locator("#search-status")
    page.wait_for_function("() => /hold|could not/.test(document.getElementById('search-status').textContent)")
    return str(status.inner_text())


def axe_violations(page: Any) -> list[str]:
    # resultTypes: axe lists every node only for violations (passes and the rest get one each), which is all
    # that is read here; axe-core documents it for speed on large pages such as the all-LAs table.
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    result = axe_api.Axe().run(page, options=options)
    return [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result.response["violations"]
    ]


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_page_loads_clean_and_axe_finds_nothing(browser: Any, site_url: str, path: str) -> None:
    page, trouble = open_page(browser, site_url, path)
    try:
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == []
        assert trouble.problems == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def paged_site_url(site_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with two documents per LA page: an LA's older documents go on to pages of their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reports.site.render.DOCUMENTS_PER_PAGE", 2)
        paged = build_site(site_db, NO_SNAPSHOT, tmp_path_factory.mktemp("paged") / "site", today=TODAY)
    with serving(paged.path) as url:
        yield url


def test_an_la_s_older_documents_page_through_and_axe_finds_nothing(browser: Any, paged_site_url: str) -> None:
    page, trouble = open_page(browser, paged_site_url, "la/wessex.html")
    try:
        page.get_by_role("link", name="Older documents").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("la/wessex-documents-2.html")
        assert page.locator("h1").inner_text() == "Documents 3 to 4 of 5"
        assert axe_violations(page) == []
        page.get_by_role("link", name="Newer documents").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("la/wessex.html")
        assert trouble.problems == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("path", list(PHONE_PAGES.values()), ids=list(PHONE_PAGES))
def test_every_page_reads_on_a_phone_without_scrolling_sideways(
    browser: Any, paged_site_url: str, path: str, width: int
) -> None:
    page, trouble = open_page(browser, paged_site_url, path, width=width)
    try:
        assert page.evaluate(REFLOW_PROBLEMS) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(page) == []
        assert trouble.problems == []
    finally:
        page.context.close()


def visible_chart_text(page: Any) -> list[float]:
    """The rendered height of every chart text shown (a chart replaced on a narrow screen is not rendered)."""
    return page.eval_on_selector_all(
        "svg text", "texts => texts.map(t => t.getBoundingClientRect().height).filter(height => height > 0)"
    )


@pytest.mark.parametrize("width", (320, 390))
def test_on_a_phone_the_charts_are_readable_or_replaced_by_something_readable(
    browser: Any, site_url: str, width: int
) -> None:
    home, trouble = open_page(browser, site_url, "index.html", width=width)
    try:
        heights = visible_chart_text(home)
        # The map's letters (it pans inside its region instead of shrinking) and the small charts' labels.
        assert len(heights) > 100 and min(heights) >= MIN_CHART_TEXT_PX
        assert home.get_by_text("The map is wider than the screen").is_visible()
        assert trouble.problems == []
    finally:
        home.context.close()
    la, trouble = open_page(browser, site_url, "la/wessex.html", width=width)
    try:
        # The grade history's drawing would shrink its labels to a few px: one row per area takes its place.
        assert not la.locator("figure.chart").is_visible() and visible_chart_text(la) == []
        steps = la.locator(".grade-steps")
        assert steps.is_visible()
        assert steps.locator("dt").all_inner_texts()[0] == "Overall effectiveness"
        assert steps.locator("dd").first.locator("li").all_inner_texts() == [
            "Good\n10 Mar 2023, Standard inspection (ILACS)",
            "Inadequate\n9 Oct 2026, Standard inspection (ILACS)",
        ]
        assert trouble.problems == []
    finally:
        la.context.close()
    wide, _ = open_page(browser, site_url, "la/wessex.html")
    try:  # at 1280 px the drawing is back, its labels 12 px or more, and the rows are not shown twice
        assert wide.locator("figure.chart").is_visible() and not wide.locator(".grade-steps").is_visible()
        assert min(visible_chart_text(wide)) >= MIN_CHART_TEXT_PX
    finally:
        wide.context.close()


def rank_order(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#authorities tbody tr:not([hidden])", "rows => rows.map(row => row.getAttribute('data-rank'))"
    )


def test_the_table_sorts_by_a_column_both_ways_with_the_ungraded_last(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, "authorities.html")
    try:
        heading = page.locator("#authorities th", has_text="Overall effectiveness")
        heading.get_by_role("button").click()
        assert heading.get_attribute("aria-sort") == "ascending"
        ranks = rank_order(page)
        graded = [int(rank) for rank in ranks if rank != "9"]
        assert graded == sorted(graded) and len(set(graded)) > 1
        assert ranks[len(graded) :] == ["9"] * (len(ranks) - len(graded))  # not yet inspected: last
        heading.get_by_role("button").press("Enter")  # from the keyboard too
        assert heading.get_attribute("aria-sort") == "descending"
        descending = [int(rank) for rank in rank_order(page) if rank != "9"]
        assert descending == sorted(graded, reverse=True) and rank_order(page)[-1] == "9"
        assert page.locator("#authorities th", has_text="Local authority").get_attribute("aria-sort") is None
        page.locator("#authorities th", has_text="Local authority").get_by_role("button").click()
        names = page.eval_on_selector_all("#authorities tbody th", "cells => cells.map(c => c.textContent.trim())")
        assert names == sorted(names, key=str.lower)
        assert trouble.problems == []
    finally:
        page.context.close()


def test_the_table_filters_by_region_and_grade_and_says_how_many(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, "authorities.html")
    try:
        total = page.locator("#authorities tbody tr").count()
        page.get_by_label("Region").select_option("South West")
        regions = page.eval_on_selector_all(
            "#authorities tbody tr:not([hidden])", "rows => rows.map(r => r.getAttribute('data-region'))"
        )
        assert regions and set(regions) == {"South West"}
        assert page.locator(".filter-status").text_content() == f"Showing {len(regions)} of {total} local authorities"
        page.get_by_label("Overall effectiveness").select_option("4")
        shown = page.eval_on_selector_all(
            "#authorities tbody tr:not([hidden]) th", "cells => cells.map(c => c.textContent.trim())"
        )
        assert shown == ["Wessex"]
        page.get_by_label("Region").select_option("")
        page.get_by_label("Overall effectiveness").select_option("")
        assert page.locator("#authorities tbody tr:not([hidden])").count() == total
        assert trouble.problems == []
    finally:
        page.context.close()


def test_without_scripts_the_table_is_whole_and_the_filters_hidden(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, "authorities.html", javascript=False)
    try:
        assert page.locator("#authorities tbody tr").count() == 161
        assert page.locator("#authorities tbody tr:visible").count() == 161
        assert not page.locator("form.filters").is_visible()
        assert page.locator("#authorities thead button").count() == 0
        assert trouble.problems == []
    finally:
        page.context.close()


def test_a_hexagon_names_its_la_on_hover_and_focus_and_opens_its_page(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, "index.html")
    try:
        wessex = page.locator('a.hex[href="la/wessex.html"]')
        box = wessex.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
        tip = page.locator(".hexmap-tip")
        page.locator('a.hex[href="la/elmet.html"]').hover()
        assert tip.is_visible() and tip.text_content() == "Elmet: Requires improvement to be good (29 September 2023)"
        # The pointer leaves the map: the page scrolls as focus moves, and a pointer resting on the map would
        # then hover another hexagon, whose name the tip would rightly show.
        page.mouse.move(0, 0)
        for _ in range(60):  # Tab from the top of the page into the map (its region first, then its hexagons)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('hex')"):
                break
        focused = page.evaluate("document.activeElement.getAttribute('data-label')")
        assert focused and tip.is_visible() and tip.text_content() == focused
        wessex.focus()
        assert tip.text_content() == "Wessex: Inadequate (9 October 2026)"
        page.keyboard.press("Enter")
        page.wait_for_url("**/la/wessex.html")
        assert page.locator("h1").text_content() == "Wessex"
        assert trouble.problems == []
    finally:
        page.context.close()


def test_every_report_link_on_la_pages_points_at_ofsteds_site(
    browser: Any, site_url: str, built_site: BuiltSite
) -> None:
    checked = 0
    for path in ("la/wessex.html", "la/elmet.html", "la/mercia-vale-county.html", "la/script-alert-x-script-co.html"):
        page, trouble = open_page(browser, site_url, path)
        try:
            links = page.eval_on_selector_all("a.report-link", "links => links.map(a => a.href)")
            assert links and all(link.startswith("https://files.ofsted.gov.uk/v1/file/") for link in links), links
            provider = page.eval_on_selector_all("a[href*='reports.ofsted.gov.uk']", "links => links.map(a => a.href)")
            assert all(link.startswith("https://reports.ofsted.gov.uk/provider/44/") for link in provider)
            checked += len(links)
            assert trouble.problems == []
        finally:
            page.context.close()
    page, _ = open_page(browser, site_url, "la/wessex.html")
    try:
        assert report_url(301) in page.eval_on_selector_all("a.report-link", "links => links.map(a => a.href)")
    finally:
        page.context.close()
    assert checked >= 6


def test_the_site_works_from_a_file_and_from_a_sub_path(browser: Any, built_site: BuiltSite, tmp_path: Path) -> None:
    page, trouble = open_page(browser, built_site.path.as_uri() + "/", "index.html")
    try:
        page.get_by_role("link", name="All local authorities").first.click()
        page.wait_for_url("**/authorities.html")
        page.get_by_role("link", name="Wessex", exact=True).click()
        assert page.locator("h1").text_content() == "Wessex"
        assert trouble.problems == []
    finally:
        page.context.close()
    hosted = tmp_path / "www"
    shutil.copytree(built_site.path, hosted / "council" / "ofsted")
    with serving(hosted) as url:
        page, trouble = open_page(browser, url, "council/ofsted/changes/2026-W47.html")
        try:
            page.get_by_role("link", name="Wessex", exact=True).first.click()
            page.wait_for_url("**/council/ofsted/la/wessex.html")
            page.get_by_role("link", name="Home").first.click()
            page.wait_for_url("**/council/ofsted/index.html")
            assert trouble.problems == []
        finally:
            page.context.close()


def test_these_checks_catch_what_they_look_for(browser: Any, site_url: str) -> None:
    """An image from another host without a text alternative, and a script error: each check reports it."""
    page, trouble = open_page(browser, site_url, "data.html")
    try:
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"https://example.org/x.png\">');"
            "setTimeout(() => { throw new Error('boom'); }, 0);"
        )
        page.wait_for_timeout(300)
        assert any(violation.startswith("image-alt") for violation in axe_violations(page))
        assert "asked another host: https://example.org/x.png" in trouble.problems
        assert any("boom" in problem for problem in trouble.problems), trouble.problems
    finally:
        page.context.close()


def test_the_reflow_checks_catch_what_they_look_for(browser: Any, site_url: str) -> None:
    """A page pushed wider than a phone, a scroller that is no region, a cut-off grade and tiny chart text."""
    page, _ = open_page(browser, site_url, "data.html", width=320)
    try:
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            '\'<div style="width:500px">wide</div>'
            '<div style="overflow-x:auto"><div style="width:900px">x</div></div>'
            '<strong class="tag" style="white-space:nowrap;overflow:hidden;width:40px">'
            "Requires improvement</strong>"
            '<svg viewBox="0 0 720 40" style="width:200px"><text y="20" font-size="12">2015</text></svg>\');'
        )
        problems = page.evaluate(REFLOW_PROBLEMS)
        assert problems[0].startswith("page ") and "320 px window" in problems[0]
        assert any(problem.startswith("scrolls without a labelled, focusable region") for problem in problems)
        assert "grade cut off: Requires improvement" in problems
        assert any(problem.startswith("chart text") and problem.endswith("2015") for problem in problems)
    finally:
        page.context.close()


SEARCH = "search.html?q=private+fostering"
FOSTERING_FILTERED = "1 section of a report holds the phrase “private fostering”; none hold its words apart (filtered)."
KINGSMARSH_2022 = "Kingsmarsh: Standard inspection (ILACS), 21 January 2022"
SIF_2016 = '<script>alert("x")</script> & Co: Single inspection (SIF), 2 June 2016'


def search_results(page: Any) -> list[tuple[str, str, str]]:
    """Each result's heading, its link's address and its report link's address."""
    return [
        (
            item.locator("h2").inner_text(),
            str(item.locator("h2 a").get_attribute("href")),
            str(item.get_by_role("link", name="PDF").get_attribute("href")),
        )
        for item in page.locator("#search-results > li").all()
    ]


@pytest.mark.parametrize("width", (1280, 390))
def test_a_search_on_load_shows_passages_linking_to_the_la_page_and_the_pdf_page(
    browser: Any, site_url: str, width: int
) -> None:
    page, trouble = open_page(browser, site_url, SEARCH, width=width)
    try:
        status = page.locator("#search-status").inner_text()
        assert status == "3 sections of reports hold the phrase “private fostering”; none hold its words apart.", (
            trouble.problems
        )
        results = {heading: (link, pdf) for heading, link, pdf in search_results(page)}
        wessex = "Wessex: Standard inspection (ILACS), 9 October 2026"
        assert set(results) == {
            wessex,
            "Kingsmarsh: Standard inspection (ILACS), 21 January 2022",
            '<script>alert("x")</script> & Co: Single inspection (SIF), 2 June 2016',
        }
        link, pdf = results[wessex]
        assert pdf == report_url(301) + "#page=3"
        assert link.startswith("la/wessex.html?passage=1#doc-")
        first = page.locator("#search-results > li").filter(has_text="Wessex")
        assert first.locator("mark").all_inner_texts() == ["Private", "fostering"]
        assert "Overall: Inadequate · page 3 · Findings" in first.inner_text()
        # The passage's own markup stays text.
        hostile = page.locator("#search-results > li").filter(has_text="Single inspection")
        assert "were <b>late</b> & incomplete" in hostile.inner_text() and hostile.locator("b").count() == 0
        assert page.locator("#search-q").input_value() == "private fostering"
        assert axe_violations(page) == []
        page.get_by_role("link", name=wessex).click()
        page.wait_for_load_state("load")
        assert page.url == site_url + link
        anchor = link.split("#")[1]
        assert page.locator(f"[id='{anchor}']").count() == 1
        assert report_url(301) in page.locator(f"[id='{anchor}']").inner_html()
        assert trouble.problems == []
    finally:
        page.context.close()


def test_a_result_shows_the_passage_holding_the_words_and_links_the_pdf_at_its_page(
    browser: Any, site_url: str
) -> None:
    """Wessex's findings are one section over pages 3 and 5: "care leavers" is only in its passage on page 5."""
    page, trouble = open_page(browser, site_url, "search.html?q=care+leavers")
    try:
        [(heading, link, pdf)] = search_results(page)
        assert heading == "Wessex: Standard inspection (ILACS), 9 October 2026"
        assert pdf == report_url(301) + "#page=5"
        assert link.startswith("la/wessex.html?passage=1#doc-")
        result = page.locator("#search-results > li")
        assert result.locator("mark").all_inner_texts() == ["Care", "leavers"]
        assert result.locator(".excerpt").inner_text() == "Care leavers have a personal adviser who knows them well."
        assert "Overall: Inadequate · page 5 · Findings" in result.inner_text()
        assert trouble.problems == []
    finally:
        page.context.close()


def test_the_filters_narrow_a_search_and_stay_in_its_address(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, SEARCH)
    try:
        assert page.get_by_label("Overall grade").locator("option").all_inner_texts() == [
            "Any", "Good", "Requires improvement to be good", "Inadequate",
        ]  # fmt: skip
        page.get_by_label("Overall grade").select_option("Good")
        page.get_by_role("button", name="Search", exact=True).last.click()
        page.wait_for_load_state("load")
        assert wait_for_search(page) == FOSTERING_FILTERED
        assert "grade=Good" in page.url
        assert [heading for heading, _, _ in search_results(page)] == [
            "Kingsmarsh: Standard inspection (ILACS), 21 January 2022"
        ]
        page.goto(site_url + SEARCH + "&region=South+West&year=2016")
        assert wait_for_search(page) == FOSTERING_FILTERED
        assert page.get_by_label("Region").input_value() == "South West"
        page.goto(site_url + "search.html?q=adviser&kind=Single+inspection+%28SIF%29")
        assert wait_for_search(page) == "No section of a report holds “adviser” (filtered)."
        page.goto(site_url + "search.html?q=%22care+leavers%22")
        assert wait_for_search(page) == "1 section of a report holds the phrase “care leavers”."
        assert trouble.problems == []
    finally:
        page.context.close()


def test_words_typed_together_rank_the_sections_holding_them_as_a_phrase_first(browser: Any, site_url: str) -> None:
    """Kingsmarsh's section says "county lines"; the SIF's holds "county" and "lines" apart, and more often."""
    page, trouble = open_page(browser, site_url, "search.html?q=county+lines")
    try:
        status = page.locator("#search-status").inner_text()
        assert status == "1 section of a report holds the phrase “county lines”; 1 more holds its words apart."
        assert [heading for heading, _, _ in search_results(page)] == [KINGSMARSH_2022, SIF_2016]
        first = page.locator("#search-results > li").first
        assert first.locator("mark").all_inner_texts() == ["county", "lines"]
        assert "page 8" in first.inner_text()
        # Pagefind alone ranks the section holding the words more often first.
        plain = page.evaluate(
            """() => import(new URL("pagefind/" + document.getElementById("search-form").dataset.shards.split(" ")[0]
                + "/pagefind.js", document.baseURI).href)
              .then((pagefind) => pagefind.search("county lines"))
              .then((found) => Promise.all(found.results.map((result) => result.data())))
              .then((items) => items.map((item) => item.meta.title))"""
        )
        assert plain == ['<script>alert("x")</script> & Co', "Kingsmarsh"]
        # In quotes, the phrase only; a phrase and a word, the sections holding both.
        page.goto(site_url + "search.html?q=%22county+lines%22")
        assert wait_for_search(page) == "1 section of a report holds the phrase “county lines”."
        assert [heading for heading, _, _ in search_results(page)] == [KINGSMARSH_2022]
        page.goto(site_url + "search.html?q=%E2%80%9Cprivate+fostering%E2%80%9D+schools")
        assert wait_for_search(page) == "1 section of a report holds “private fostering” and “schools”."
        assert [heading for heading, _, _ in search_results(page)] == [KINGSMARSH_2022]
        assert trouble.problems == []
    finally:
        page.context.close()


def test_every_page_s_header_searches(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, "la/wessex.html", width=320)
    try:
        box = page.get_by_role("searchbox", name="Search the reports")
        box.fill("care leavers")
        box.press("Enter")
        page.wait_for_load_state("load")
        assert page.url == site_url + "search.html?q=care+leavers"
        assert (
            wait_for_search(page) == "1 section of a report holds the phrase “care leavers”; none hold its words apart."
        )
        assert trouble.problems == []
    finally:
        page.context.close()


def test_without_scripts_the_search_page_says_it_needs_them(browser: Any, site_url: str) -> None:
    page, trouble = open_page(browser, site_url, SEARCH, javascript=False)
    try:
        assert "Search needs JavaScript" in page.locator("main").inner_text()
        assert not page.locator("#search-form").is_visible()
        assert page.get_by_role("link", name="the downloads").get_attribute("href") == "data.html#downloads"
        assert trouble.problems == []
    finally:
        page.context.close()
