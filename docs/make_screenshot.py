"""Make docs/map.png: the map of the bundled sample articles, photographed in headless Chromium.

    python docs/make_screenshot.py [--out docs/map.png]

Runs the real pipeline (extract + geocode) on examples/articles, renders the map, opens it with the
network cut (so the picture shows exactly what an offline analyst sees) and saves a PNG.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import geoinc
from geoinc.mapping import render_map

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def screenshot(html: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.route("**/*", lambda route: route.continue_() if route.request.url == html.as_uri() else route.abort())
        page.goto(html.as_uri())
        deadline = time.monotonic() + 30
        while not page.evaluate("!!(window.geoinc && window.geoinc.ready)"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{html}: the map did not finish loading")
            time.sleep(0.05)
        page.click("#geoinc-time-box summary")  # fold the dates: the panel then shows the incidents in view
        page.locator("#geoinc-inview-list .geoinc-item").first.click()  # the newest incident, as a keyboard user would open it
        page.locator(".leaflet-popup-content .geoinc-popup").wait_for(timeout=5000)
        page.evaluate("() => { const p = document.getElementById('geoinc-panel'); p.scrollTop = document.getElementById('geoinc-inview').offsetTop - p.offsetTop - 260; }")
        page.mouse.move(5, 5)  # no hover highlight in the picture
        page.wait_for_timeout(500)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshot of the sample-articles map for the README.")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "map.png")
    args = parser.parse_args()
    incidents = geoinc.extract([REPO / "examples" / "articles"])
    with tempfile.TemporaryDirectory() as tmp:
        html = render_map(incidents, Path(tmp) / "incidents.html", title="geoinc: incidents in the sample articles")
        screenshot(html, args.out)
    print(f"{args.out}: {len(incidents)} incidents")


if __name__ == "__main__":
    main()
