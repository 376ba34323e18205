"""The map page in real headless Chromium: layers, filter, popups, offline, and untrusted text."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from geoinc.mapping import render_map
from geoinc.model import Incident, SourceRef

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]
PAYLOADS = [
    line.rstrip("\n")
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
] + ["\u2028</script>\u2029<script>window.__xss=99</script>"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class OpenedMap:
    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_map(browser: Browser, path: Path, init_script: str | None = None) -> OpenedMap:
    """Open the page with the network cut: every request is recorded, and only the file itself loads."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    if init_script:
        page.add_init_script(init_script)
    opened = OpenedMap(page)

    def route(request_route) -> None:
        url = request_route.request.url
        opened.requests.append(url)
        if url == path.as_uri():
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.console_errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    wait_until(page, "!!(window.geoinc && (window.geoinc.ready || window.geoinc.error))")
    assert page.evaluate("window.geoinc.error") is None
    return opened


def wait_until(page: Page, expression: str, timeout: float = 30.0) -> None:
    """Poll from Python: the page's policy forbids the eval that page.wait_for_function relies on."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def settle(page: Page) -> None:
    """Filter changes apply after the next paint (coalesced): wait until the map is updated."""
    page.evaluate("geoinc.settled()")
    assert page.evaluate("geoinc.updating") is False


def make(n: int, actor: str, day: int | None, lat: float | None, lon: float | None, **extra) -> Incident:
    inc = Incident(
        event_date=dt.date(2024, 1, 1) + dt.timedelta(days=day) if day is not None else None,
        time_precision=1 if day is not None else 0,
        attack_type=extra.pop("attack_type", "rocket"),
        actor1=actor,
        attribution=extra.pop("attribution", "claimed"),
        target=extra.pop("target", f"US forces at site {n}"),
        location=extra.pop("location", f"Site {n}"),
        country="IQ",
        geo_precision=extra.pop("geo_precision", 1 if lat is not None else None),
        latitude=lat,
        longitude=lon,
        sources=extra.pop("sources", [SourceRef(f"art-{n}", f"Report {n}", f"https://news.example.org/{n}")]),
        notes=extra.pop("notes", f"Rockets hit site {n} on day {day}."),
        **extra,
    )
    inc.assign_id()
    return inc


def sample_incidents() -> list[Incident]:
    incidents = []
    for i in range(12):  # Kataib Hezbollah: spread over Iraq, days 0..110
        incidents.append(make(i, "Kataib Hezbollah", i * 10, 30.5 + i * 0.5, 40.0 + i * 0.6, attack_type="drone"))
    for i in range(6):  # United States strikes, two with imprecise places
        incidents.append(make(100 + i, "United States", 5 + i * 20, 34.0 + i * 0.3, 41.0 + i * 0.2,
                              attack_type="airstrike", geo_precision=2 if i < 2 else 1))
    for i in range(4):  # four attacks on one base: identical points
        incidents.append(make(200 + i, "Islamic Resistance in Iraq", 30 + i, 33.7856, 42.4412, location="Ain al-Asad Air Base"))
    incidents.append(make(300, "Islamic Resistance in Iraq", None, 36.19, 44.01, location="Erbil"))  # undated
    incidents.append(make(301, "Islamic Resistance in Iraq", 60, 36.3, 43.1, launch_location="Tal Afar",
                          launch_latitude=36.37, launch_longitude=42.45, attack_type="missile",
                          attributed_by="a US defence official", fatalities=0, injured=3))
    incidents.append(make(400, "Unattributed", 70, None, None, place_text="Wadi Nowhere"))  # not placed
    incidents.append(make(401, "Kataib Hezbollah", None, None, None, place_text=""))  # not placed, undated
    return incidents


@pytest.fixture(scope="session")
def sample_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Incident]]:
    incidents = sample_incidents()
    return render_map(incidents, tmp_path_factory.mktemp("map") / "sample.html", title="Sample incidents"), incidents


@pytest.fixture()
def opened(browser: Browser, sample_map: tuple[Path, list[Incident]]) -> Iterator[OpenedMap]:
    result = open_map(browser, sample_map[0])
    yield result
    result.page.close()


def test_marker_count_per_layer_equals_the_data(opened: OpenedMap, sample_map) -> None:
    expected = Counter(i.actor1 for i in sample_map[1] if i.is_mappable)
    layers = opened.page.evaluate("geoinc.layers()")
    assert {layer["label"]: layer["visible"] for layer in layers if layer["count"]} == dict(expected)
    assert {layer["label"]: layer["count"] for layer in layers if layer["count"]} == dict(expected)
    assert opened.page.locator("#geoinc-layers .geoinc-layer").count() == len({i.actor1 for i in sample_map[1]})
    assert opened.page.inner_text("#geoinc-summary").startswith("26 incidents \u00b7 24 on the map \u00b7 2 not placed")
    assert "4 groups" in opened.page.inner_text("#geoinc-summary")
    assert opened.page.evaluate("geoinc.visibleLines()") == 1


def test_unticking_a_layer_hides_its_markers(opened: OpenedMap) -> None:
    row = opened.page.locator(".geoinc-layer", has_text="Kataib Hezbollah")
    assert row.locator(".geoinc-count").inner_text() == "12"
    row.locator("input").uncheck()
    settle(opened.page)
    layers = {layer["label"]: layer for layer in opened.page.evaluate("geoinc.layers()")}
    assert layers["Kataib Hezbollah"]["visible"] == 0 and not layers["Kataib Hezbollah"]["on"]
    assert layers["United States"]["visible"] == 6
    assert row.locator(".geoinc-count").inner_text() == "0 / 12"
    row.locator("input").check()
    settle(opened.page)
    assert opened.page.evaluate("geoinc.visibleCount()") == 24


def test_a_layer_unticked_while_loading_is_applied_once_loaded(browser: Browser, sample_map) -> None:
    # DOMContentLoaded comes after the page's scripts have built the panel and before loading has finished
    untick_first = "document.addEventListener('DOMContentLoaded', () => document.querySelector('#geoinc-layers input').click());"
    opened = open_map(browser, sample_map[0], init_script=untick_first)
    page = opened.page
    settle(page)
    layers = {layer["label"]: layer for layer in page.evaluate("geoinc.layers()")}
    assert not layers["Kataib Hezbollah"]["on"] and layers["Kataib Hezbollah"]["visible"] == 0
    assert page.evaluate("geoinc.visibleCount()") == 12 and len(in_view(page)) == 12
    assert opened.console_errors == []
    page.close()


def test_date_filter_changes_the_visible_count_and_keeps_undated(opened: OpenedMap) -> None:
    page = opened.page
    assert page.evaluate("geoinc.visibleCount()") == 24
    page.fill("#geoinc-date-from", "2024-01-01")
    page.fill("#geoinc-date-to", "2024-01-31")
    page.locator("#geoinc-date-to").dispatch_event("change")
    settle(page)
    # days 0..30: KH days 0,10,20,30 (4), US days 5,25 (2), IRI base day 30 (1), plus the undated Erbil attack
    assert page.evaluate("geoinc.visibleCount()") == 8
    layers = {layer["label"]: layer["visible"] for layer in page.evaluate("geoinc.layers()")}
    assert layers["Kataib Hezbollah"] == 4 and layers["United States"] == 2 and layers["Islamic Resistance in Iraq"] == 2
    assert page.evaluate("geoinc.visibleLines()") == 0  # the launch line's attack is on day 60
    page.locator("#geoinc-show-undated").uncheck()
    settle(page)
    assert page.evaluate("geoinc.visibleCount()") == 7
    page.click("#geoinc-date-reset")
    settle(page)
    page.locator("#geoinc-show-undated").check()
    settle(page)
    assert page.evaluate("geoinc.visibleCount()") == 24


def test_popup_shows_the_incidents_facts(opened: OpenedMap, sample_map) -> None:
    incident = next(i for i in sample_map[1] if i.launch_location)
    page = opened.page
    assert page.evaluate("id => geoinc.openPopup(geoinc.indexOf(id))", incident.id)
    popup = page.locator(".leaflet-popup-content .geoinc-popup")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    for expected in ("Missile", "Islamic Resistance in Iraq", "2024-03-01 (exact day)", "claimed, by a US defence official",
                     "US forces at site 301", "Fatalities\t0", "Injured\t3", "Site 301, IQ (precision 1: the named site or town)",
                     "Launched from\tTal Afar", "Rockets hit site 301 on day 60."):
        assert expected in text
    assert popup.locator("a").get_attribute("href") == "https://news.example.org/301"
    assert popup.locator("a").inner_text() == "art-301: Report 301"


def test_clicking_a_marker_opens_its_popup(opened: OpenedMap, sample_map) -> None:
    page = opened.page
    incident = next(i for i in sample_map[1] if i.location == "Site 11")
    page.evaluate("([lat, lon]) => { geoinc.map.setView([lat, lon], 12, {animate: false}); }", [incident.latitude, incident.longitude])
    page.wait_for_timeout(300)
    x, y = page.evaluate("([lat, lon]) => { const p = geoinc.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
                         [incident.latitude, incident.longitude])
    box = page.locator("#geoinc-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator(".leaflet-popup-content").wait_for(timeout=5000)
    assert "Rockets hit site 11 on day 110." in page.inner_text(".leaflet-popup-content")


def test_identical_points_spiderfy(opened: OpenedMap) -> None:
    page = opened.page
    page.evaluate("() => { geoinc.map.setView([33.7856, 42.4412], 18, {animate: false}); }")
    page.wait_for_timeout(300)
    cluster = page.locator(".geoinc-cluster", has_text="4")
    cluster.click()
    page.wait_for_timeout(500)
    positions = page.evaluate(
        "geoinc.map._layers ? Object.values(geoinc.map._layers).filter(l => l.geoincRecord && l._point)"
        ".map(l => [Math.round(l._point.x), Math.round(l._point.y)]) : []"
    )
    assert len({tuple(p) for p in positions}) >= 4  # the four markers on one base now sit apart


def test_unplaced_list_and_no_console_errors_and_no_requests(opened: OpenedMap, sample_map) -> None:
    page = opened.page
    page.click("#geoinc-unplaced summary")
    assert page.inner_text("#geoinc-unplaced-summary") == "2 incidents could not be placed"
    items = page.locator("#geoinc-unplaced-list > li")
    assert items.count() == 2
    assert "place as written: \u201cWadi Nowhere\u201d" in page.inner_text("#geoinc-unplaced-list")
    assert opened.console_errors == []
    assert opened.requests == [sample_map[0].as_uri()]
    assert opened.dialogs == []


def unplaced_texts(page: Page) -> list[str]:
    return page.locator("#geoinc-unplaced-list .geoinc-headline").all_inner_texts()


def set_dates(page: Page, start: str, end: str) -> None:
    page.fill("#geoinc-date-from", start)
    page.fill("#geoinc-date-to", end)
    page.locator("#geoinc-date-to").dispatch_event("change")
    settle(page)


def test_unplaced_list_follows_the_layer_and_date_filters(opened: OpenedMap) -> None:
    page = opened.page
    page.click("#geoinc-unplaced summary")
    assert unplaced_texts(page) == ["2024-03-11 \u00b7 Rocket \u00b7 Unattributed", "undated \u00b7 Rocket \u00b7 Kataib Hezbollah"]
    page.locator(".geoinc-layer", has_text="Kataib Hezbollah").locator("input").uncheck()
    settle(page)
    assert unplaced_texts(page) == ["2024-03-11 \u00b7 Rocket \u00b7 Unattributed"]
    assert page.inner_text("#geoinc-unplaced-summary") == "1 of 2 incidents that could not be placed match the filters"
    page.locator(".geoinc-layer", has_text="Kataib Hezbollah").locator("input").check()
    settle(page)
    set_dates(page, "2024-01-01", "2024-01-31")  # day 70 is out; the undated one stays while undated are shown
    assert unplaced_texts(page) == ["undated \u00b7 Rocket \u00b7 Kataib Hezbollah"]
    page.locator("#geoinc-show-undated").uncheck()
    settle(page)
    assert unplaced_texts(page) == []
    assert page.inner_text("#geoinc-unplaced-summary") == "0 of 2 incidents that could not be placed match the filters"
    page.click("#geoinc-date-reset")
    settle(page)
    page.locator("#geoinc-show-undated").check()
    settle(page)
    assert len(unplaced_texts(page)) == 2 and page.inner_text("#geoinc-unplaced-summary") == "2 incidents could not be placed"


def in_view(page: Page) -> list[str]:
    return page.locator("#geoinc-inview-list .geoinc-item strong").all_inner_texts()


def test_incidents_in_view_list_follows_filters_and_the_map_view(opened: OpenedMap) -> None:
    page = opened.page
    items = in_view(page)
    assert len(items) == 24 and page.inner_text("#geoinc-inview-status") == "24 incidents in the map view, newest first."
    assert items[0] == "2024-04-20 \u00b7 Drone \u00b7 Kataib Hezbollah"  # day 110, the newest
    assert items[1] == "2024-04-15 \u00b7 Airstrike \u00b7 United States"  # day 105
    assert items[-1] == "undated \u00b7 Rocket \u00b7 Islamic Resistance in Iraq"  # Erbil, no date: last
    assert [i[:10] for i in items[:-1]] == sorted((i[:10] for i in items[:-1]), reverse=True)
    page.locator(".geoinc-layer", has_text="Kataib Hezbollah").locator("input").uncheck()
    settle(page)
    assert len(in_view(page)) == 12 and not any("Kataib" in i for i in in_view(page))
    set_dates(page, "2024-01-25", "2024-02-05")  # US day 25; IRI base days 30..33; KH (unticked) day 30
    assert in_view(page) == [f"2024-{day} \u00b7 Rocket \u00b7 Islamic Resistance in Iraq" for day in ("02-03", "02-02", "02-01", "01-31")] + [
        "2024-01-26 \u00b7 Airstrike \u00b7 United States", "undated \u00b7 Rocket \u00b7 Islamic Resistance in Iraq"]
    page.click("#geoinc-date-reset")
    settle(page)
    page.locator(".geoinc-layer", has_text="Kataib Hezbollah").locator("input").check()
    settle(page)
    page.evaluate("() => { geoinc.map.setView([33.7856, 42.4412], 13, {animate: false}); }")  # only the base in view
    assert page.locator("#geoinc-inview-list .geoinc-item-place").all_inner_texts() == ["Ain al-Asad Air Base, IQ"] * 4
    assert page.inner_text("#geoinc-inview-status") == "4 incidents in the map view, newest first."


def focused(page: Page) -> str:
    return page.evaluate("""(() => { const a = document.activeElement;
        return a.id || (a.className && typeof a.className === 'string' ? '.' + a.className.split(' ')[0] : '')
            || (a.tagName === 'SUMMARY' ? 'summary:' + a.parentElement.id : a.tagName + ':' + (a.type || '')); })()""")


def test_keyboard_reaches_controls_and_incidents_and_escape_closes_the_popup(opened: OpenedMap, sample_map) -> None:
    page = opened.page
    assert page.get_by_role("checkbox", name="Kataib Hezbollah 12 markers shown", exact=True).count() == 1
    assert page.get_by_role("button", name="Hide all layers").count() == 1
    assert page.get_by_role("region", name="Incident map").count() == 1
    assert page.get_by_role("list", name="Incidents in the map view, newest first").get_by_role("button").count() == 24
    page.keyboard.press("Tab")
    assert focused(page) == ".geoinc-skip"
    page.keyboard.press("Enter")  # the skip link jumps over the map and its controls
    page.keyboard.press("Tab")
    assert focused(page) == "summary:geoinc-layers-box"
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1] == ".geoinc-item":
            break
    assert "INPUT:checkbox" in seen and "geoinc-date-from" in seen and "geoinc-date-to" in seen
    assert "summary:geoinc-legend-box" in seen and "geoinc-all-on" in seen and seen[-1] == ".geoinc-item"
    outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")
    assert outline == ["solid", "3px"]  # a visible focus ring
    label = page.evaluate("document.activeElement.innerText")
    assert label.startswith("2024-04-20 \u00b7 Drone \u00b7 Kataib Hezbollah")
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.dataset.index")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .geoinc-popup")
    popup.wait_for(timeout=5000)
    second_newest = next(i for i in sample_map[1] if i.location == "Site 105")  # the US strike on day 105
    assert second == str(page.evaluate("id => geoinc.indexOf(id)", second_newest.id))
    assert "Rockets hit site 105 on day 105." in popup.inner_text() and "Airstrike \u2014 United States" in popup.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('geoinc-popup')")  # focus moved into the popup
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)  # faded out, then removed
    assert page.evaluate("document.activeElement.dataset.index") == second  # back where the user was
    page.wait_for_timeout(600)  # the popup's own pan has ended: the list the user is in has not been rebuilt
    assert page.evaluate("document.activeElement.dataset.index") == second and len(in_view(page)) == 24
    assert page.inner_text("#geoinc-inview-status").endswith("the list follows the map again from its next move.)")
    page.keyboard.press("Tab")
    assert focused(page) == ".geoinc-item"
    page.focus("#geoinc-map")
    page.keyboard.press("ArrowLeft")  # the user moves the map: the list follows the view again
    wait_until(page, "!document.getElementById('geoinc-inview-status').textContent.includes('Listed before')", timeout=5)
    assert len(in_view(page)) < 24


def test_list_item_inside_a_cluster_of_one_base_opens_its_own_popup(opened: OpenedMap) -> None:
    page = opened.page
    button = page.locator("#geoinc-inview-list .geoinc-item", has_text="Ain al-Asad Air Base").first
    button.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .geoinc-popup")
    popup.wait_for(timeout=5000)
    assert "Ain al-Asad Air Base, IQ" in popup.inner_text() and "Rockets hit site 203 on day 33." in popup.inner_text()
    assert page.evaluate("geoinc.map.getZoom()") == 18  # four attacks on one point: fanned out at the deepest zoom
    fanned = page.evaluate("Object.values(geoinc.map._layers).filter(l => l.geoincRecord && l._point).length")
    assert fanned >= 4


def test_offline_page_still_draws_country_outlines(opened: OpenedMap) -> None:
    counts = opened.page.evaluate(
        "(() => { let n = 0; geoinc.map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.iso_a3) n++; }); return n; })()"
    )
    assert counts > 150
    assert opened.page.locator("#geoinc-basemaps input[type=radio]").count() == 3


def test_layers_by_attack_type(browser: Browser, tmp_path: Path) -> None:
    path = render_map(sample_incidents(), tmp_path / "types.html", layers_by="attack_type")
    opened = open_map(browser, path)
    layers = {layer["label"]: layer["visible"] for layer in opened.page.evaluate("geoinc.layers()")}
    assert layers == {"Airstrike": 6, "Drone": 12, "Missile": 1, "Rocket": 5}
    opened.page.close()


def test_map_with_nothing_placed_still_lists_everything(browser: Browser, tmp_path: Path) -> None:
    incidents = [make(i, "Houthis", i, None, None, place_text=f"Wadi {i}") for i in range(3)]
    opened = open_map(browser, render_map(incidents, tmp_path / "none.html"))
    page = opened.page
    assert page.evaluate("geoinc.visibleCount()") == 0
    assert page.inner_text("#geoinc-inview-status") == "No incident in the map view matches the layers and dates chosen."
    assert page.inner_text("#geoinc-unplaced-summary") == "3 incidents could not be placed"
    page.click("#geoinc-unplaced summary")
    assert page.locator("#geoinc-unplaced-list .geoinc-headline").all_inner_texts()[0] == "2024-01-03 \u00b7 Rocket \u00b7 Houthis"
    assert opened.console_errors == []
    page.close()


def test_packed_map_renders_every_marker(browser: Browser, tmp_path: Path) -> None:
    incidents = [make(i, ("Houthis", "Iran", "Islamic State")[i % 3], i % 300, 12 + (i % 97) * 0.2, 42 + (i % 89) * 0.2)
                 for i in range(5000)]
    opened = open_map(browser, render_map(incidents, tmp_path / "packed.html", packed=True))
    assert opened.page.evaluate("geoinc.visibleCount()") == 5000
    assert {layer["label"]: layer["visible"] for layer in opened.page.evaluate("geoinc.layers()")} == {
        "Houthis": 1667, "Iran": 1667, "Islamic State": 1666}
    page = opened.page
    assert page.inner_text("#geoinc-inview-status") == "Showing 100 of 5,000 incidents in the map view, newest first."
    assert len(in_view(page)) == 100 and in_view(page)[0].startswith("2024-10-26")  # day 299
    page.click("#geoinc-inview-more")
    assert len(in_view(page)) == 200 and page.inner_text("#geoinc-inview-status").startswith("Showing 200 of 5,000")
    assert page.evaluate("document.activeElement.dataset.index") == page.locator(".geoinc-item").nth(100).get_attribute("data-index")
    page.locator(".geoinc-layer", has_text="Iran").locator("input").uncheck()
    settle(page)
    assert page.inner_text("#geoinc-inview-status") == "Showing 100 of 3,333 incidents in the map view, newest first."
    updates = page.evaluate("geoinc.timings.filter(t => t.step === 'filter').length")
    assert page.evaluate("() => { document.getElementById('geoinc-all-off').click(); document.getElementById('geoinc-all-on').click(); return geoinc.updating; }")
    settle(page)
    assert page.evaluate("geoinc.timings.filter(t => t.step === 'filter').length") == updates + 1  # two clicks, one update
    assert page.evaluate("geoinc.visibleCount()") == 5000
    assert page.evaluate("geoinc.timings.filter(t => t.step === 'filter').map(t => t.index)") == ["built", "reused"]
    page.locator(".geoinc-layer", has_text="Iran").locator("input").uncheck()  # back to the previous filters: no re-clustering
    settle(page)
    assert page.evaluate("geoinc.timings.filter(t => t.step === 'filter').map(t => t.index)") == ["built", "reused", "reused"]
    assert page.evaluate("geoinc.visibleCount()") == 3333
    assert opened.console_errors == [] and len(opened.requests) == 1
    opened.page.close()


def test_xss_payloads_in_every_text_field_never_run(browser: Browser, tmp_path: Path) -> None:
    assert len(PAYLOADS) >= 50
    incidents = []
    for n, payload in enumerate(PAYLOADS):
        placed = n % 5 != 0
        incidents.append(make(
            n, payload, n % 40 if n % 7 else None, 33 + (n % 10) * 0.3 if placed else None, 44 + (n // 10) * 0.3 if placed else None,
            attack_type=payload if n % 2 else "drone", attribution=payload, attributed_by=payload, target=payload,
            location=payload, place_text=payload, admin1=payload, actor2=payload, actor1_category=payload,
            date_text=payload, event_type=payload, sub_event_type=payload, gazetteer_id=payload, launch_location=payload,
            notes=payload, review_reasons=[payload], needs_review=True,
            sources=[SourceRef(payload, payload, payload), SourceRef(f"s{n}", payload, "javascript:window.__xss=77")],
        ))
    path = render_map(incidents, tmp_path / "xss.html", title=" ".join(PAYLOADS[:60]))
    opened = open_map(browser, path)
    page = opened.page
    page.click("#geoinc-unplaced summary")
    page.click("#geoinc-legend-box summary")
    for index in range(len(incidents)):
        if page.evaluate("i => geoinc.openPopup(i)", index):
            page.locator(".leaflet-popup-content .geoinc-popup").wait_for(timeout=5000)
    items = page.locator("#geoinc-inview-list .geoinc-item")
    assert items.count() > 20
    for k in range(0, items.count(), 7):  # the keyboard list: every string in it is text too
        items.nth(k).focus()
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content .geoinc-popup").wait_for(timeout=5000)
        page.keyboard.press("Escape")
    listed = page.inner_text("#geoinc-inview-list") + page.inner_text("#geoinc-unplaced-list")
    assert "<script>window.__xss=1</script>" in listed and "<button autofocus onfocus=window.__xss=91>list item</button>" in listed
    page.wait_for_timeout(300)
    flags = page.evaluate("Object.keys(window).filter(k => k.startsWith('__xss'))")
    assert flags == []
    assert opened.dialogs == []
    assert opened.requests == [path.as_uri()]
    injected = page.evaluate("""() => {
        const bad = [];
        for (const node of document.querySelectorAll('*')) {
            for (const attr of node.attributes) {
                if (/^on/i.test(attr.name)) bad.push(node.tagName + ' ' + attr.name);
                if (/^\\s*(javascript|vbscript|data):/i.test(attr.value) && attr.name !== 'content') bad.push(node.tagName + ' ' + attr.value);
            }
        }
        const tags = ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'VIDEO', 'AUDIO', 'FORM', 'LINK', 'META[http-equiv=refresh]'];
        for (const t of tags) if (document.querySelector(t.toLowerCase())) bad.push('element ' + t);
        bad.push(...[...document.scripts].filter(s => !s.type && !s.textContent.includes('geoinc') && !s.textContent.includes('Leaflet') && !s.textContent.includes('Supercluster')).map(s => 'script ' + s.textContent.slice(0, 40)));
        return bad;
    }""")
    assert injected == []
    assert page.title() == " ".join(" ".join(PAYLOADS[:60]).split())  # shown as text, whitespace collapsed
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert all(href.startswith(("http://", "https://", path.as_uri() + "#")) for href in links), links
    assert opened.console_errors == []
    page.close()
