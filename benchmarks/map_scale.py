"""Our map vs geopandas ``explore()`` built from the same synthetic incidents; prints JSON.

For each size: build seconds, file bytes, time to first painted markers and to all markers clustered in
headless Chromium (Debian's /usr/bin/chromium), the longest main-thread task while loading (how long the
page can freeze), the time one layer toggle and one zoom-in take once loaded, and JS heap once done. explore() pages load Leaflet etc. from CDNs,
so they are opened with the network allowed, and their paint time is reported as not measurable when
the CDN is unreachable. Targets at 100k (issue 5): first markers <= 3 s; file and build time <= 0.5x
those of explore().

    python benchmarks/map_scale.py                      # 1k, 10k, 100k
    python benchmarks/map_scale.py --sizes 1000000 --no-explore
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from geoinc.mapping import render_map
from geoinc.model import Incident, SourceRef

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--enable-precise-memory-info",
]
ACTORS = ("Kataib Hezbollah", "Islamic Resistance in Iraq", "United States", "Harakat al-Nujaba", "Unattributed",
          "Islamic State", "Iran-backed militias", "Houthis")
ATTACK_TYPES = ("drone", "rocket", "missile", "ballistic_missile", "airstrike", "artillery", "ied", "gunfire", "other", "unknown")
PAINT_TIMEOUT_S = 120


def synthetic_incidents(n: int, seed: int = 7) -> list[Incident]:
    """Wire-report-like incidents over Iraq and Syria: 10% undated, 3% unplaced, 10% with a launch site."""
    rng = random.Random(seed)
    incidents = []
    for k in range(n):
        date = None if rng.random() < 0.1 else dt.date(2023, 10, 1) + dt.timedelta(days=rng.randrange(450))
        placed = rng.random() > 0.03
        lat, lon = (rng.uniform(29, 37.5), rng.uniform(38.5, 48.5)) if placed else (None, None)
        launch = placed and rng.random() < 0.1
        incident = Incident(
            event_date=date, time_precision=1 if date else 0, attack_type=rng.choice(ATTACK_TYPES),
            sub_event_type="Air/drone strike", actor1=rng.choice(ACTORS),
            attribution=rng.choice(("claimed", "attributed", "suspected", "unattributed")),
            attributed_by=rng.choice(("", "CENTCOM", "a US official")), target=f"US forces at site {rng.randrange(500)}",
            location=f"Place {rng.randrange(2000)}", admin1="Anbar", country="IQ", place_text=f"place {k}",
            geo_precision=rng.choice((1, 1, 1, 2, 3)) if placed else None, gazetteer_id=f"geonames:{rng.randrange(10**6)}",
            latitude=lat, longitude=lon,
            launch_location="Launch point" if launch else "", launch_latitude=lat + 0.3 if launch else None,
            launch_longitude=lon - 0.3 if launch else None,
            fatalities=rng.choice((None, 0, 1, 2)), injured=rng.choice((None, 0, 3)),
            sources=[SourceRef(f"art-{k // 3}", "Drones strike base in western Iraq, officials say",
                               f"https://news.example.com/2024/{k // 3}")],
            notes="Two drones struck the base on Thursday, a US official said, causing minor damage and no casualties.",
            confidence=0.7,
        )
        incident.assign_id()
        incidents.append(incident)
    return incidents


def build_ours(incidents: list[Incident], path: Path) -> float:
    start = time.perf_counter()
    render_map(incidents, path, title="benchmark")
    return time.perf_counter() - start


def build_explore(incidents: list[Incident], path: Path) -> float:
    """What an analyst would do with geopandas: a GeoDataFrame of the same features, explore(), save."""
    import geopandas

    start = time.perf_counter()
    features = [i.to_feature() for i in incidents if i.is_mappable]
    frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame.explore(column="actor1").save(str(path))
    return time.perf_counter() - start


def cdn_reachable() -> bool:
    try:
        urllib.request.urlopen("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", timeout=5)
        return True
    except Exception:  # any failure means: no CDN from here
        return False


# Registered before the page's own scripts run (init scripts are exempt from the page's CSP).
LONG_TASK_PROBE = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({ type: 'longtask', buffered: true });
"""


def interaction_times(page) -> dict[str, float]:
    """Milliseconds until the map is updated after unticking then re-ticking the first layer, and for one zoom-in step."""
    toggle = page.evaluate("""async () => {
        const box = document.querySelector('#geoinc-layers input'), t0 = performance.now();
        box.click();
        await geoinc.settled();
        const t1 = performance.now();
        box.click();
        await geoinc.settled();
        return [t1 - t0, performance.now() - t1];
    }""")
    zoom = page.evaluate("""() => {
        const t0 = performance.now();
        geoinc.map.setZoom(geoinc.map.getZoom() + 1, { animate: false });
        return performance.now() - t0;
    }""")
    return {"layer_off_ms": round(toggle[0]), "layer_on_ms": round(toggle[1]), "zoom_in_ms": round(zoom)}


def measure_page(browser, path: Path, ours: bool) -> dict[str, object]:
    """Open the page; seconds until markers are painted, JS heap after, requests made."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.add_init_script(LONG_TASK_PROBE)
    start = time.perf_counter()
    result: dict[str, object] = {}
    try:
        page.goto(path.as_uri(), timeout=PAINT_TIMEOUT_S * 1000, wait_until="commit")
        probe = ("window.geoinc && window.geoinc.firstPaintMs" if ours else
                 "document.querySelectorAll('path.leaflet-interactive, .leaflet-marker-icon').length > 0 && performance.now()")
        done = "window.geoinc && window.geoinc.ready" if ours else probe
        painted = None
        while time.perf_counter() - start < PAINT_TIMEOUT_S:
            painted = page.evaluate(f"(() => {{ try {{ return {probe} || null; }} catch (e) {{ return null; }} }})()")
            if painted:
                break
            time.sleep(0.02)
        result["first_markers_s"] = round(painted / 1000, 3) if painted else None
        while ours and painted and not page.evaluate(done) and time.perf_counter() - start < PAINT_TIMEOUT_S:
            time.sleep(0.05)
        if ours and painted:
            ready_ms = page.evaluate("window.geoinc.readyMs")
            result["all_markers_s"] = round(ready_ms / 1000, 3) if ready_ms else f"not done within {PAINT_TIMEOUT_S} s"
            if ready_ms:
                result.update(interaction_times(page))
        result["longest_task_ms"] = page.evaluate("Math.round(Math.max(0, ...(window.__longTasks || [])))")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        result["js_heap_mb"] = round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)
    except Exception as err:  # a page too big to open is a result, not a crash
        result["error"] = str(err).splitlines()[0]
    result["requests_outside_file"] = sum(1 for url in requests if not url.startswith("file:"))
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--no-explore", action="store_true", help="Skip geopandas explore() (1M points would not finish).")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    online = cdn_reachable()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n in args.sizes:
            incidents = synthetic_incidents(n)
            ours_path = Path(tmp) / f"ours-{n}.html"
            row: dict[str, object] = {"incidents": n, "ours": {"build_s": round(build_ours(incidents, ours_path), 2),
                                                               "bytes": ours_path.stat().st_size}}
            row["ours"].update(measure_page(browser, ours_path, ours=True))
            ours_path.unlink()
            if not args.no_explore:
                explore_path = Path(tmp) / f"explore-{n}.html"
                try:
                    row["explore"] = {"build_s": round(build_explore(incidents, explore_path), 2), "bytes": explore_path.stat().st_size}
                    if online:
                        row["explore"].update(measure_page(browser, explore_path, ours=False))
                    else:
                        row["explore"]["first_markers_s"] = "not measurable: CDN unreachable, the page shows nothing offline"
                    row["ratio_bytes"] = round(row["ours"]["bytes"] / row["explore"]["bytes"], 3)
                    row["ratio_build"] = round(row["ours"]["build_s"] / row["explore"]["build_s"], 3)
                except ImportError as err:
                    row["explore"] = {"error": f"explore() unavailable: {err}"}
                explore_path.unlink(missing_ok=True)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        browser.close()
    print(json.dumps({"benchmark": "map_scale", "cdn_reachable": online, "targets_at_100k": {
        "first_markers_s": 3.0, "ratio_bytes": 0.5, "ratio_build": 0.5}, "results": rows}, indent=2))


if __name__ == "__main__":
    main()
