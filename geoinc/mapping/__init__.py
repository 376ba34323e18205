"""The self-contained HTML incident map: ``render_map(incidents, path)``.

Why these assets: the page must open with no network, so Leaflet 1.9 is inlined from the
``xstatic-leaflet`` package (read at render time) and Supercluster 8 (Mapbox's point clustering, with
KDBush) from its unminified npm build vendored in ``static/`` with its licences (see
``static/VENDORED.md``): it clusters 100,000 points about five times faster than Leaflet.markercluster.
folium's templates are not used: folium pulls jQuery, Bootstrap and fonts from CDNs and generates one
JS object per marker with random ids, which is neither offline, deterministic nor fast at 100,000
markers. Instead the page embeds the incidents once as GeoJSON and a ~800-line renderer
(``static/geoinc-map.js``) draws canvas markers from it. Country outlines come from Natural Earth's
1:110m countries shipped by ``pyogrio``; no dependency ships province outlines, so there are none.
"""

from geoinc.mapping.render import LAYER_FIELDS, render_map

__all__ = ["LAYER_FIELDS", "render_map"]
