/* geoinc map renderer: draws every incident from the page's embedded GeoJSON.
 * All text from the data reaches the page through textContent / createElement, never innerHTML;
 * only http(s) URLs become links. Markers are canvas-drawn shapes, clustered by a Supercluster index of
 * the incidents the layer and date filters let through; only what is in view is drawn, so 100,000
 * incidents stay light. The side panel's lists (incidents in view, incidents not placed) follow the same
 * filters and are the keyboard and screen-reader way to every incident. */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('geoinc-config').textContent);
  var SYMBOLS = config.symbols.attack_types;
  var hook = { ready: false, firstPaintMs: null, readyMs: null, error: null, featureCount: config.feature_count };
  window.geoinc = hook;

  // ---- shapes: unit polygons, scaled by the marker radius --------------------------------------
  function regular(n, rotation, scale) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = rotation + (2 * Math.PI * i) / n;
      pts.push([Math.cos(a) * scale, Math.sin(a) * scale]);
    }
    return pts;
  }
  function star() {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + (Math.PI * i) / 5, r = i % 2 ? 0.55 : 1.3;
      pts.push([Math.cos(a) * r, Math.sin(a) * r]);
    }
    return pts;
  }
  function plus(t, rotate) {
    var pts = [[-t, -1], [t, -1], [t, -t], [1, -t], [1, t], [t, t], [t, 1], [-t, 1], [-t, t], [-1, t], [-1, -t], [-t, -t]];
    if (!rotate) return pts.map(function (p) { return [p[0] * 1.15, p[1] * 1.15]; });
    var c = Math.SQRT1_2 * 1.3;
    return pts.map(function (p) { return [(p[0] - p[1]) * c, (p[0] + p[1]) * c]; });
  }
  var SHAPES = {
    circle: null,
    square: [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]],
    triangle: regular(3, -Math.PI / 2, 1.3),
    'triangle-down': regular(3, Math.PI / 2, 1.3),
    diamond: regular(4, 0, 1.25),
    pentagon: regular(5, -Math.PI / 2, 1.1),
    hexagon: regular(6, 0, 1.1),
    octagon: regular(8, Math.PI / 8, 1.05),
    star: star(),
    cross: plus(0.3, true),
    plus: plus(0.3, false)
  };
  function symbolFor(attackType) { return SYMBOLS[attackType] || SYMBOLS.unknown || { shape: 'circle', label: attackType }; }

  function tracePath(ctx, shape, x, y, r) {
    var pts = SHAPES[shape];
    ctx.beginPath();
    if (!pts) { ctx.arc(x, y, r, 0, Math.PI * 2, false); return; }
    ctx.moveTo(x + pts[0][0] * r, y + pts[0][1] * r);
    for (var i = 1; i < pts.length; i++) ctx.lineTo(x + pts[i][0] * r, y + pts[i][1] * r);
    ctx.closePath();
  }

  L.Canvas.include({
    _updateGeoincShape: function (layer) {
      if (!this._drawing || layer._empty()) return;
      var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
      tracePath(ctx, layer.options.shape, p.x, p.y, r);
      this._fillStroke(ctx, layer);
      if (layer.options.undated) {  // a white core marks an incident with no date
        ctx.beginPath();
        ctx.arc(p.x, p.y, Math.max(r * 0.35, 1.5), 0, Math.PI * 2, false);
        ctx.globalAlpha = 1;
        ctx.fillStyle = '#ffffff';
        ctx.fill();
      }
    }
  });
  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () { this._renderer._updateGeoincShape(this); }
  });

  // ---- small DOM helpers (text only) ----------------------------------------------------------
  function el(tag, className, parent, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  }
  function safeHttpUrl(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }
  function link(parent, url, text) {
    var safe = safeHttpUrl(url);
    if (!safe) return el('span', 'geoinc-muted', parent, text || url);
    var a = el('a', null, parent, text || safe);
    a.href = safe;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    return a;
  }
  function shapeIcon(shape, color, hollow) {
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '18'); svg.setAttribute('height', '18'); svg.setAttribute('viewBox', '-9 -9 18 18');
    var pts = SHAPES[shape], node;
    if (!pts) { node = document.createElementNS(ns, 'circle'); node.setAttribute('r', '6'); }
    else {
      node = document.createElementNS(ns, 'polygon');
      node.setAttribute('points', pts.map(function (p) { return (p[0] * 6).toFixed(2) + ',' + (p[1] * 6).toFixed(2); }).join(' '));
    }
    node.setAttribute('fill', color);
    node.setAttribute('fill-opacity', hollow ? '0.2' : '0.9');
    node.setAttribute('stroke', hollow ? color : '#1d1d1d');
    node.setAttribute('stroke-width', hollow ? '2' : '1');
    svg.appendChild(node);
    return svg;
  }

  // ---- records ----------------------------------------------------------------------------------
  var layers = config.layers.map(function (layer) { return { def: layer, on: true, shown: 0, row: null }; });
  var records = [];
  var state = { from: '', to: '', undated: true };

  function dateOf(p) { return p.event_date ? String(p.event_date).slice(0, 10) : ''; }
  function styleFor(p, color) {
    var imprecise = p.geo_precision === 2 || p.geo_precision === 3;
    return {
      shape: symbolFor(p.attack_type).shape,
      undated: !p.event_date,
      radius: imprecise ? 8 : 6,
      color: imprecise ? color : '#1d1d1d',
      weight: imprecise ? 2.5 : 1,
      opacity: 1,
      fillColor: color,
      fillOpacity: imprecise ? 0.2 : 0.9,
      dashArray: p.geo_precision === 3 ? '4 3' : null,
      bubblingMouseEvents: false  // a click on a fanned-out marker must not reach the map (which folds the fan)
    };
  }
  function makeRecord(feature, index) {
    var p = feature.properties || {}, g = feature.geometry;
    var rec = { feature: feature, index: index, layer: config.layer_of[index], date: dateOf(p), latlng: null, marker: null, line: null, shown: false };
    if (g && g.type === 'Point') rec.latlng = L.latLng(g.coordinates[1], g.coordinates[0]);
    return rec;
  }
  function colorOf(rec) { return config.layers[rec.layer].color; }
  // A marker is made the first time it is drawn (most of 100,000 never are), a launch line when first shown.
  function newMarker(rec, latlng) {
    var marker = new ShapeMarker(latlng, styleFor(rec.feature.properties || {}, colorOf(rec)));
    marker.geoincRecord = rec;
    return marker;
  }
  function markerOf(rec) { return rec.marker || (rec.marker = newMarker(rec, rec.latlng)); }
  function lineOf(rec) {
    var p = rec.feature.properties || {};
    if (rec.line === null && typeof p.launch_latitude === 'number' && typeof p.launch_longitude === 'number') {
      rec.line = L.polyline([[p.launch_latitude, p.launch_longitude], rec.latlng], { color: colorOf(rec), weight: 2, opacity: 0.8, dashArray: '6 4' });
      rec.line.geoincRecord = rec;
    }
    return rec.line;
  }
  function passesFilters(rec) {
    if (!layers[rec.layer].on) return false;
    if (!rec.date) return state.undated;
    return (!state.from || rec.date >= state.from) && (!state.to || rec.date <= state.to);
  }

  // ---- map ----------------------------------------------------------------------------------------
  var map = L.map('geoinc-map', { preferCanvas: true, minZoom: 1, maxZoom: 18, worldCopyJump: true });
  hook.map = map;
  map.getContainer().setAttribute('aria-describedby', 'geoinc-map-help');
  map.createPane('geoinc-outlines').style.zIndex = 250;
  var outlines = L.geoJSON(JSON.parse(document.getElementById('geoinc-basemap').textContent || '{"type":"FeatureCollection","features":[]}'), {
    pane: 'geoinc-outlines',
    renderer: L.canvas({ pane: 'geoinc-outlines' }),
    interactive: false,
    attribution: 'Outlines: Natural Earth',
    style: { color: '#8a8a8a', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 }
  });
  var basemaps = [{ name: 'Country outlines (offline)', layer: outlines }].concat(config.tiles.map(function (t) {
    return { name: t.name, layer: L.tileLayer(t.url, { maxZoom: t.max_zoom, attribution: '\u00a9 ' + t.attribution.replace(/^\u00a9 /, '') }) };
  }));
  outlines.addTo(map);
  if (config.bounds) map.fitBounds(config.bounds, { padding: [30, 30], maxZoom: 9 });
  else map.setView([25, 20], 2);

  // ---- clustering: a Supercluster index of the shown incidents, drawn for the current view ----------
  // Supercluster builds its whole zoom hierarchy in flat typed arrays (100,000 points in about a second),
  // where Leaflet.markercluster spent ~75 us per marker; only the clusters and points in view are drawn.
  var CLUSTER_RADIUS = 45;
  var index = null;
  var lines = L.layerGroup().addTo(map);
  var pointLayer = L.featureGroup().addTo(map);
  var clusterLayer = L.featureGroup().addTo(map);
  var drawn = {};  // key -> Leaflet layer currently on the map
  var spider = null;

  function shownPoints() {
    var points = [];
    records.forEach(function (rec) {
      if (rec.latlng && rec.shown) points.push({ properties: { i: rec.index, l: rec.layer }, geometry: { coordinates: [rec.latlng.lng, rec.latlng.lat] } });
    });
    return points;
  }
  function clusterOptions(minZoom) {
    return {
      radius: CLUSTER_RADIUS, extent: 256, minZoom: minZoom, maxZoom: map.getMaxZoom(),
      map: function (props) { var shares = {}; shares['L' + props.l] = 1; return shares; },
      reduce: function (acc, props) { for (var key in props) if (key.charAt(0) === 'L') acc[key] = (acc[key] || 0) + props[key]; }
    };
  }
  function useIndex(built) {
    index = built;
    unspiderfy();
    clusterLayer.clearLayers();
    pointLayer.clearLayers();
    drawn = {};
    redraw();
  }
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  // Supercluster#load builds every zoom level in one go (1-2 s at 100,000 points, a frozen page). This
  // builds the deepest level with load() and the others with the same internal steps load() runs
  // (vendored 8.0.1: _cluster, _createTree), a few levels per ~50 ms task, so the page stays usable.
  // A newer call supersedes an unfinished one, whose result is dropped (resolves false); otherwise it
  // resolves 'built', or 'reused' when an index for the same filters was still at hand.
  var indexGeneration = 0;
  // The two latest indexes, by filter state: going back (re-ticking a layer, "All dates") costs nothing.
  var recentIndexes = [];
  function filterKey() {
    return layers.map(function (l) { return l.on ? '1' : '0'; }).join('') + '|' + state.from + '|' + state.to + '|' + state.undated;
  }
  function remember(key, built) {
    recentIndexes = [{ key: key, index: built }].concat(recentIndexes.filter(function (r) { return r.key !== key; })).slice(0, 2);
  }
  function buildIndexInSlices() {
    var mine = ++indexGeneration, key = filterKey();
    var known = recentIndexes.filter(function (r) { return r.key === key; })[0];
    if (known) {
      remember(key, known.index);
      useIndex(known.index);
      return Promise.resolve('reused');
    }
    var top = map.getMaxZoom(), bottom = map.getMinZoom();
    var built = new Supercluster(clusterOptions(top)).load(shownPoints()), zoom = top - 1;
    function slice() {
      if (mine !== indexGeneration) return false;
      var end = performance.now() + 50;
      while (zoom >= bottom && performance.now() < end) {
        built.trees[zoom] = built._createTree(built._cluster(built.trees[zoom + 1], zoom));
        zoom--;
      }
      if (zoom >= bottom) return nextTask().then(slice);
      built.options.minZoom = bottom;
      remember(key, built);
      useIndex(built);
      return 'built';
    }
    return nextTask().then(slice);
  }
  function viewBox() {
    var b = map.getBounds().pad(0.3), west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    return [west, Math.max(b.getSouth(), -90), east, Math.min(b.getNorth(), 90)];
  }
  function redraw() {
    if (!index) return;
    var wanted = {}, zoom = Math.round(map.getZoom());
    index.getClusters(viewBox(), zoom).forEach(function (f) {
      var props = f.properties, key = props.cluster ? 'c' + props.cluster_id : 'p' + props.i;
      wanted[key] = true;
      if (drawn[key]) return;
      if (props.cluster) {
        drawn[key] = clusterMarker(f);
        clusterLayer.addLayer(drawn[key]);
      } else {
        drawn[key] = markerOf(records[props.i]);
        pointLayer.addLayer(drawn[key]);
      }
    });
    Object.keys(drawn).forEach(function (key) {
      if (wanted[key]) return;
      (key.charAt(0) === 'c' ? clusterLayer : pointLayer).removeLayer(drawn[key]);
      delete drawn[key];
    });
    if (spider && drawn[spider.key]) drawn[spider.key].setOpacity(0.3);
  }
  function clusterMarker(feature) {
    var props = feature.properties, total = props.point_count, stops = [], at = 0, parts = [];
    Object.keys(props).filter(function (k) { return /^L\d+$/.test(k); })
      .map(function (k) { return +k.slice(1); }).sort(function (a, b) { return a - b; })
      .forEach(function (l) {
        var members = props['L' + l], end = at + (members / total) * 100;
        stops.push(config.layers[l].color + ' ' + at.toFixed(2) + '% ' + end.toFixed(2) + '%');
        parts.push(members + ' ' + config.layers[l].label);
        at = end;
      });
    var size = Math.round(26 + 7 * Math.log10(total)), wrap = document.createElement('div');
    wrap.style.background = 'conic-gradient(' + stops.join(', ') + ')';
    el('span', null, wrap, total);
    wrap.setAttribute('role', 'img');
    wrap.setAttribute('aria-label', 'Cluster of ' + total + ' incidents: ' + parts.join(', '));
    var marker = L.marker(L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]), {
      icon: L.divIcon({ html: wrap, className: 'geoinc-cluster', iconSize: L.point(size, size) }),
      keyboard: false  // the "Incidents in view" list is the keyboard way in; hundreds of tab stops would bury it
    });
    marker.geoincCluster = feature;
    return marker;
  }
  function zoomIntoCluster(feature) {
    var center = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    var expansion = index.getClusterExpansionZoom(feature.properties.cluster_id), maxZoom = map.getMaxZoom();
    if (expansion <= maxZoom && map.getZoom() < maxZoom) {
      map.setView(center, Math.max(expansion, map.getZoom() + 1));
      return;
    }
    // points this close stay one cluster even at the deepest zoom: fan them out around it instead
    if (map.getZoom() < maxZoom) map.setView(center, maxZoom, { animate: false });
    spiderfy(feature);
  }
  clusterLayer.on('click', function (e) { if (e.layer.geoincCluster) zoomIntoCluster(e.layer.geoincCluster); });
  map.on('moveend', redraw);

  // ---- spiderfy: the members of a cluster that cannot split, fanned out around it -------------------
  function fanPositions(count, center) {
    var pts = [], i, angle, legLength;
    if (count < 9) {
      legLength = (25 * (2 + count)) / (Math.PI * 2);
      for (i = 0; i < count; i++) {
        angle = (Math.PI * 2 * i) / count;
        pts.push(L.point(center.x + legLength * Math.cos(angle), center.y + legLength * Math.sin(angle)));
      }
      return pts;
    }
    legLength = 11; angle = 0;
    for (i = 0; i < count; i++) {
      angle += 28 / legLength + i * 0.0005;
      pts.push(L.point(center.x + legLength * Math.cos(angle), center.y + legLength * Math.sin(angle)));
      legLength += (Math.PI * 2 * 5) / angle;
    }
    return pts;
  }
  function spiderfy(feature) {
    unspiderfy();
    var key = 'c' + feature.properties.cluster_id, center = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    var leaves = index.getLeaves(feature.properties.cluster_id, Infinity).map(function (leaf) { return records[leaf.properties.i]; });
    leaves.sort(function (a, b) { return a.index - b.index; });
    var positions = fanPositions(leaves.length, map.latLngToLayerPoint(center));
    spider = { key: key, layer: L.featureGroup(), at: {} };
    leaves.forEach(function (rec, k) {
      var latlng = map.layerPointToLatLng(positions[k]);
      spider.layer.addLayer(L.polyline([center, latlng], { weight: 1.5, color: '#222', opacity: 0.6, interactive: false }));
      spider.layer.addLayer(newMarker(rec, latlng));
      spider.at[rec.index] = latlng;
    });
    spider.layer.on('click', function (e) { if (e.layer.geoincRecord) showPopup(e.layer.geoincRecord, e.layer.getLatLng()); });
    spider.layer.addTo(map);
    if (drawn[key]) drawn[key].setOpacity(0.3);
  }
  function unspiderfy() {
    if (!spider) return;
    map.removeLayer(spider.layer);
    if (drawn[spider.key]) drawn[spider.key].setOpacity(1);
    spider = null;
  }
  map.on('zoomstart', unspiderfy);
  map.on('click', unspiderfy);

  // The zoom at which ``rec`` is its own point rather than part of a cluster (null: never, it spiderfies).
  function unclusteredZoom(rec) {
    var ll = rec.latlng, d = 1e-3;  // Supercluster keeps coordinates as 32-bit floats: search a small box
    for (var z = Math.round(map.getZoom()); z <= map.getMaxZoom(); z++) {
      var found = index.getClusters([ll.lng - d, ll.lat - d, ll.lng + d, ll.lat + d], z);
      for (var k = 0; k < found.length; k++) if (!found[k].properties.cluster && found[k].properties.i === rec.index) return z;
    }
    return null;
  }
  function clusterHolding(rec) {
    var here = map.latLngToLayerPoint(rec.latlng), keys = Object.keys(drawn);
    for (var k = 0; k < keys.length; k++) {
      var layer = drawn[keys[k]], feature = layer.geoincCluster;
      if (!feature || map.latLngToLayerPoint(layer.getLatLng()).distanceTo(here) > CLUSTER_RADIUS * 2) continue;
      var leaves = index.getLeaves(feature.properties.cluster_id, Infinity);
      for (var i = 0; i < leaves.length; i++) if (leaves[i].properties.i === rec.index) return feature;
    }
    return null;
  }
  // Bring ``rec`` on screen as a marker of its own (zooming in or fanning out a cluster); its position.
  function reveal(rec) {
    var zoom = unclusteredZoom(rec);
    if (zoom !== null) {
      map.setView(rec.latlng, zoom, { animate: false });
      return rec.latlng;
    }
    map.setView(rec.latlng, map.getMaxZoom(), { animate: false });
    redraw();
    if (spider && spider.at[rec.index]) return spider.at[rec.index];
    var cluster = clusterHolding(rec);
    if (cluster) spiderfy(cluster);
    return spider && spider.at[rec.index] ? spider.at[rec.index] : rec.latlng;
  }

  // ---- popups -------------------------------------------------------------------------------------
  var popup = L.popup({ maxWidth: 360, autoPanPadding: L.point(20, 20) });
  function precisionText(table, key, value) { var t = config.symbols[table][String(value)]; return t ? t : key; }
  function incidentDetails(rec, root) {
    var p = rec.feature.properties || {};
    var table = el('table', null, root), body = el('tbody', null, table);
    function row(label, value) {
      if (value === null || value === undefined || value === '') return;
      var tr = el('tr', null, body);
      el('th', null, tr, label);
      el('td', null, tr, value);
    }
    var when = p.event_date ? dateOf(p) + ' (' + precisionText('time_precision', 'precision ' + p.time_precision, p.time_precision) + ')' : 'undated';
    if (p.date_text) when += ' \u2014 \u201c' + p.date_text + '\u201d';
    row('Date', when);
    row('Event', [p.event_type, p.sub_event_type].filter(Boolean).join(' / '));
    row('Attack type', symbolFor(p.attack_type).label === p.attack_type ? p.attack_type : symbolFor(p.attack_type).label + ' (' + p.attack_type + ')');
    row('Actor', p.actor1 + (p.actor1_category ? ' (' + p.actor1_category + ')' : ''));
    row('Attribution', (p.attribution || 'unattributed') + (p.attributed_by ? ', by ' + p.attributed_by : ''));
    row('Target', p.target || p.actor2);
    row('Fatalities', p.fatalities === null || p.fatalities === undefined ? 'not reported' : p.fatalities);
    row('Injured', p.injured === null || p.injured === undefined ? 'not reported' : p.injured);
    var where = [p.location, p.admin1, p.country].filter(Boolean).join(', ');
    if (p.geo_precision) where += ' (precision ' + p.geo_precision + ': ' + precisionText('geo_precision', '', p.geo_precision) + ')';
    row('Location', where);
    row('As written', p.place_text);
    row('Launched from', p.launch_location);
    row('Gazetteer', p.gazetteer_id);
    row('Confidence', typeof p.confidence === 'number' ? Math.round(p.confidence * 100) + '%' : '');
    if (p.needs_review) el('p', null, root).appendChild(el('span', 'geoinc-flag', null, 'Needs review' + (p.review_reasons ? ': ' + p.review_reasons : '')));
    if (p.notes) el('blockquote', null, root, p.notes);
    sourceList(p, root);
    el('div', 'geoinc-muted', root, p.id || rec.feature.id || '');
  }
  function sourceList(p, root) {
    var labels = String(p.sources || '').split(' | ').filter(Boolean);
    var urls = String(p.source_urls || '').split(/\s+/).filter(Boolean);
    if (!labels.length && !urls.length) return;
    el('strong', null, root, 'Sources');
    var list = el('ul', null, root), paired = labels.length === urls.length;
    labels.forEach(function (label, i) {
      var item = el('li', null, list);
      if (paired) link(item, urls[i], label); else el('span', null, item, label);
    });
    if (!paired) urls.forEach(function (url) { link(el('li', null, list), url); });
  }
  function popupNode(rec) {
    var p = rec.feature.properties || {}, root = el('div', 'geoinc-popup');
    el('h3', null, root, symbolFor(p.attack_type).label + ' \u2014 ' + (p.actor1 || ''));
    incidentDetails(rec, root);
    return root;
  }
  var opener = null;  // the list button that opened the popup: focus goes back to it on Escape
  function showPopup(rec, latlng) {
    var content = popupNode(rec);
    content.setAttribute('tabindex', '-1');
    content.setAttribute('role', 'group');
    content.setAttribute('aria-label', 'Incident details');
    popup.setLatLng(latlng || rec.latlng).setContent(content).openOn(map);
    return content;
  }
  pointLayer.on('click', function (e) { if (e.layer.geoincRecord) showPopup(e.layer.geoincRecord, e.layer.getLatLng()); });
  lines.on('click', function (e) { if (e.layer.geoincRecord) showPopup(e.layer.geoincRecord); });
  function openFromList(rec, button) {
    opener = { index: rec.index, button: button };
    listFrozen = true;
    showPopup(rec, reveal(rec)).focus({ preventScroll: true });  // scrolling would shift Leaflet's panes
  }
  map.on('popupclose', function () {
    var back = opener;
    opener = null;
    if (!back) return;
    var note = ' (Listed before the map moved to the incident; the list follows the map again from its next move.)';
    if (staleView && inView.status.textContent.indexOf(note) < 0) inView.status.textContent += note;
    if (document.activeElement === document.body || map.getContainer().contains(document.activeElement)) {
      var button = document.querySelector('#geoinc-inview-list button[data-index="' + back.index + '"]');
      (button || back.button).focus();
    }
  });
  document.addEventListener('keydown', function (e) {  // capture: before Leaflet's own Escape handling
    if (e.key !== 'Escape') return;
    if (map.hasLayer(popup)) { map.closePopup(popup); e.preventDefault(); }
    else if (spider) unspiderfy();
  }, true);

  // ---- lists: incidents in view, incidents not placed (both follow the layer and date filters) -----
  var LIST_PAGE = 100;
  function count(n, word) { return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's'); }
  function headline(p) {
    return (p.event_date ? dateOf(p) : 'undated') + ' \u00b7 ' + symbolFor(p.attack_type).label + ' \u00b7 ' + (p.actor1 || '');
  }
  // One capped list: ``items`` all match; the first ``limit`` are shown, "Show more" adds a page.
  function PagedList(listId, statusId, moreId, renderItem, describe) {
    this.list = document.getElementById(listId);
    this.status = document.getElementById(statusId);
    this.more = document.getElementById(moreId);
    this.renderItem = renderItem;
    this.describe = describe;
    this.items = [];
    this.limit = LIST_PAGE;
    var self = this;
    this.more.addEventListener('click', function () {
      var first = self.list.children.length;
      self.limit += LIST_PAGE;
      self.render();
      var next = self.list.children[first];
      if (next) (next.querySelector('button') || next).focus();
    });
  }
  PagedList.prototype.show = function (items) {
    this.items = items;
    this.limit = LIST_PAGE;
    this.render();
  };
  PagedList.prototype.render = function () {
    var shown = Math.min(this.items.length, this.limit), fragment = document.createDocumentFragment();
    for (var i = 0; i < shown; i++) fragment.appendChild(this.renderItem(this.items[i]));
    this.list.textContent = '';
    this.list.appendChild(fragment);
    this.status.textContent = this.describe(shown, this.items.length);
    this.more.hidden = shown >= this.items.length;
    this.more.textContent = 'Show ' + Math.min(LIST_PAGE, this.items.length - shown) + ' more';
  };

  function inViewItem(rec) {
    var p = rec.feature.properties || {}, item = el('li'), button = el('button', 'geoinc-item', item);
    button.type = 'button';
    button.dataset.index = String(rec.index);
    var icon = button.appendChild(shapeIcon(symbolFor(p.attack_type).shape, colorOf(rec), p.geo_precision === 2 || p.geo_precision === 3));
    icon.setAttribute('aria-hidden', 'true');
    var text = el('span', null, button);
    el('strong', null, text, headline(p));
    el('span', 'geoinc-item-place', text, [p.location, p.country].filter(Boolean).join(', ') + (p.needs_review ? ' \u00b7 needs review' : ''));
    button.addEventListener('click', function () { openFromList(rec, button); });
    return item;
  }
  var inView = new PagedList('geoinc-inview-list', 'geoinc-inview-status', 'geoinc-inview-more', inViewItem, function (shown, total) {
    if (!total) return 'No incident in the map view matches the layers and dates chosen.';
    var what = count(total, 'incident') + ' in the map view';
    return (shown < total ? 'Showing ' + shown.toLocaleString('en') + ' of ' + what : what) + ', newest first.';
  });
  function inBox(latlng, box) {
    if (latlng.lat < box[1] || latlng.lat > box[3]) return false;
    if (box[2] - box[0] >= 360) return true;
    var lng = latlng.lng;
    while (lng < box[0]) lng += 360;
    while (lng > box[0] + 360) lng -= 360;
    return lng <= box[2];
  }
  // Records are in date order with the undated ones last, so newest first needs no sort.
  function newestFirst(keep) {
    var out = [], undated = [];
    for (var i = records.length - 1; i >= 0; i--) {
      var rec = records[i];
      if (keep(rec)) (rec.date ? out : undated).push(rec);
    }
    return out.concat(undated.reverse());
  }
  // Opening an incident from the list moves the map (and the popup pans it again, later): the list a
  // keyboard user is working through stays as it is until they move the map themselves.
  var staleView = false, listFrozen = false, MAP_KEYS = /^(Arrow(Up|Down|Left|Right)|[-+=_])$/;
  function userMovesMap(e) {
    if (e.type === 'keydown' && (e.target !== map.getContainer() || !MAP_KEYS.test(e.key))) return;
    if (!opener) listFrozen = false;
  }
  ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (type) {
    map.getContainer().addEventListener(type, userMovesMap, { passive: true });
  });
  function refreshInView(force) {
    if (!loaded) return;
    if (listFrozen && force !== true) { staleView = true; return; }
    staleView = false;
    var b = map.getBounds(), box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    inView.show(newestFirst(function (rec) { return rec.shown && rec.latlng && inBox(rec.latlng, box); }));
  }
  map.on('moveend', refreshInView);

  function unplacedItem(rec) {
    var p = rec.feature.properties || {}, item = el('li');
    el('strong', 'geoinc-headline', item, headline(p));
    var where = p.place_text ? 'place as written: \u201c' + p.place_text + '\u201d' : 'no place named';
    if (p.country) where += ' (country ' + p.country + ')';
    el('div', null, item, where);
    incidentDetails(rec, item);
    return item;
  }
  var unplacedTotal = 0;
  var unplaced = new PagedList('geoinc-unplaced-list', 'geoinc-unplaced-status', 'geoinc-unplaced-more', unplacedItem, function (shown, total) {
    return shown < total ? 'Showing ' + shown.toLocaleString('en') + ', newest first.' : '';
  });
  function refreshUnplaced() {
    var items = newestFirst(function (rec) { return !rec.latlng && rec.shown; });
    unplaced.show(items);
    document.getElementById('geoinc-unplaced-summary').textContent = items.length === unplacedTotal
      ? count(unplacedTotal, 'incident') + ' could not be placed'
      : items.length.toLocaleString('en') + ' of ' + count(unplacedTotal, 'incident') + ' that could not be placed match the filters';
  }

  // ---- visibility -----------------------------------------------------------------------------------
  function syncLine(rec) {
    var line = rec.latlng && lineOf(rec);
    if (!line) return;
    if (rec.shown && !lines.hasLayer(line)) lines.addLayer(line);
    else if (!rec.shown && lines.hasLayer(line)) lines.removeLayer(line);
  }
  // Filter changes are applied after the next paint, and changes made meanwhile join the same update:
  // re-clustering 100,000 incidents takes a second or two, so unticking three layers must cost one.
  var scheduled = false, latestUpdate = Promise.resolve();
  var changedWhileLoading = false;
  function applyFilters() {
    if (!loaded) { changedWhileLoading = true; return; }  // the end of loading applies them
    hook.updating = true;
    if (scheduled) return;
    scheduled = true;
    document.getElementById('geoinc-visible').textContent = 'Updating the map\u2026';
    latestUpdate = afterPaint().then(function () {
      scheduled = false;
      return updateEverything();
    });
  }
  function updateEverything() {
    var started = performance.now();
    layers.forEach(function (l) { l.shown = 0; });
    records.forEach(function (rec) {
      rec.shown = passesFilters(rec);
      if (rec.shown && rec.latlng) layers[rec.layer].shown++;
      syncLine(rec);
    });
    refreshInView(true);
    refreshUnplaced();
    return buildIndexInSlices().then(function (how) {
      if (!how) return;
      updateCounts();
      hook.timings.push({ step: 'filter', index: how, ms: Math.round(performance.now() - started) });
      if (!scheduled) hook.updating = false;
    });
  }
  function updateCounts() {
    var shown = 0;
    layers.forEach(function (l) {
      shown += l.shown;
      if (l.row) l.row.count.textContent = l.shown === l.def.count ? String(l.def.count) : l.shown + ' / ' + l.def.count;
    });
    var mapped = 0;
    records.forEach(function (r) { if (r.latlng) mapped++; });
    document.getElementById('geoinc-visible').textContent = shown.toLocaleString('en') + ' of ' + mapped.toLocaleString('en') + ' mapped incidents shown';
  }

  // ---- panel: layers, basemaps, dates, legend, summary ---------------------------------------------
  function buildLayerPanel() {
    var box = document.getElementById('geoinc-layers');
    el('div', 'geoinc-muted', box, 'One layer per ' + ({ actor1: 'attributed group', attack_type: 'attack type', year: 'year', country: 'country' }[config.layers_by] || config.layers_by) + ' (markers on the map)');
    layers.forEach(function (l, i) {
      var label = el('label', 'geoinc-layer', box), box2 = el('input', null, label);
      box2.type = 'checkbox'; box2.checked = true; box2.dataset.layer = String(i);
      var swatch = el('span', 'geoinc-swatch', label); swatch.style.background = l.def.color;
      el('span', 'geoinc-layer-label', label, l.def.label);
      l.row = { input: box2, count: el('span', 'geoinc-count', label, l.def.count) };
      el('span', 'geoinc-sr', label, ' markers shown');
      box2.addEventListener('change', function () { l.on = box2.checked; applyFilters(); });
    });
    function setAll(on) {
      layers.forEach(function (l) { l.on = on; l.row.input.checked = on; });
      applyFilters();
    }
    document.getElementById('geoinc-all-on').addEventListener('click', function () { setAll(true); });
    document.getElementById('geoinc-all-off').addEventListener('click', function () { setAll(false); });
  }
  function buildBasemapChooser() {
    var box = document.getElementById('geoinc-basemaps'), current = basemaps[0];
    basemaps.forEach(function (b, i) {
      var label = el('label', null, box), radio = el('input', null, label);
      radio.type = 'radio'; radio.name = 'geoinc-basemap'; radio.checked = i === 0;
      label.appendChild(document.createTextNode(' ' + b.name));
      radio.addEventListener('change', function () {
        if (!radio.checked || b === current) return;
        map.removeLayer(current.layer);
        map.addLayer(b.layer);
        current = b;
      });
    });
  }
  function buildDateFilter(span, undatedCount) {
    var from = document.getElementById('geoinc-date-from'), to = document.getElementById('geoinc-date-to');
    var undated = document.getElementById('geoinc-show-undated');
    if (span) { [from, to].forEach(function (input) { input.min = span[0]; input.max = span[1]; }); }
    document.getElementById('geoinc-undated-label').textContent = 'Undated incidents (' + undatedCount + ', white centre)';
    function read() { state.from = from.value; state.to = to.value; state.undated = undated.checked; applyFilters(); }
    [from, to, undated].forEach(function (input) { input.addEventListener('change', read); });
    document.getElementById('geoinc-date-reset').addEventListener('click', function () {
      from.value = ''; to.value = ''; read();
    });
  }
  function buildLegend() {
    var box = document.getElementById('geoinc-legend');
    el('h4', null, box, 'Symbol = attack type');
    var list = el('ul', null, box);
    Object.keys(SYMBOLS).forEach(function (key) {
      var item = el('li', null, list);
      item.appendChild(shapeIcon(SYMBOLS[key].shape, '#777777', false)).setAttribute('aria-hidden', 'true');
      el('span', null, item, SYMBOLS[key].label);
    });
    el('h4', null, box, 'Colour = layer (see Layers)');
    el('h4', null, box, 'Style');
    var styles = el('ul', null, box);
    [['circle', false, 'filled: the named site or town (precision 1)'],
     ['circle', true, 'ring: near a town or only a region (precision 2\u20133)']].forEach(function (s) {
      var item = el('li', null, styles);
      item.appendChild(shapeIcon(s[0], '#777777', s[1])).setAttribute('aria-hidden', 'true');
      el('span', null, item, s[2]);
    });
    el('li', null, styles, 'white centre: no date known');
    el('li', null, styles, 'dashed line: from launch site to target');
    el('li', null, styles, 'pie circles: clusters, coloured by layer share');
  }
  function summarise() {
    var dates = [], groups = {}, undated = 0, unplacedCount = 0;
    records.forEach(function (rec) {
      var p = rec.feature.properties || {};
      if (rec.date) dates.push(rec.date); else undated++;
      groups[p.actor1 || ''] = true;
      if (!rec.latlng) unplacedCount++;
    });
    dates.sort();
    var span = dates.length ? [dates[0], dates[dates.length - 1]] : null;
    var parts = [count(records.length, 'incident'), (records.length - unplacedCount).toLocaleString('en') + ' on the map',
      unplacedCount.toLocaleString('en') + ' not placed',
      span ? (span[0] === span[1] ? span[0] : span[0] + ' to ' + span[1]) : 'no dates', count(Object.keys(groups).length, 'group')];
    if (undated) parts.push(undated.toLocaleString('en') + ' undated');
    document.getElementById('geoinc-summary').textContent = parts.join(' \u00b7 ');
    return { span: span, undated: undated, unplaced: unplacedCount };
  }
  function setupDownload() {
    document.getElementById('geoinc-download').addEventListener('click', function () {
      var collection = { type: 'FeatureCollection', features: records.map(function (r) { return r.feature; }) };
      var url = URL.createObjectURL(new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }));
      var a = el('a', null, document.body);
      a.href = url; a.download = 'incidents.geojson'; a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  // ---- loading: plain FeatureCollection, or gzip+base64 parts --------------------------------------
  function decodePart(id) {
    var text = atob(document.getElementById(id).textContent), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  function featureSources() {
    if (!config.packed_parts) {
      var all = JSON.parse(document.getElementById('geoinc-incidents').textContent).features || [];
      var slices = [], start = 0, size = 2000;
      while (start < all.length) { slices.push(all.slice(start, start + size)); start += size; size = 10000; }
      return slices.map(function (s) { return function () { return Promise.resolve(s); }; });
    }
    var parts = [];
    for (var i = 0; i < config.packed_parts; i++) parts.push(decodePart.bind(null, 'geoinc-incidents-part-' + i));
    return parts;
  }
  function afterPaint() {
    return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
  }
  function ingest(features) {
    features.forEach(function (f) {
      var rec = makeRecord(f, records.length);
      records.push(rec);
      rec.shown = passesFilters(rec);
      if (rec.shown && rec.latlng) { layers[rec.layer].shown++; syncLine(rec); }
    });
  }
  function progress(text) { document.getElementById('geoinc-summary').textContent = text; }
  function timed(label, work) {
    var started = performance.now(), result = work();
    hook.timings.push({ step: label, ms: Math.round(performance.now() - started) });
    return result;
  }
  // The first slice is indexed and painted at once; the rest is decoded part by part (the page stays
  // responsive between parts), then the whole set is indexed in one go.
  function load() {
    var steps = featureSources(), total = config.feature_count;
    hook.timings = [];
    var chain = (steps[0] || function () { return Promise.resolve([]); })()
      .then(function (features) {
        timed('ingest part 0', function () { ingest(features); });
        timed('index first part', function () { useIndex(new Supercluster(clusterOptions(map.getMinZoom())).load(shownPoints())); });
        updateCounts();
        return afterPaint();
      })
      .then(function () { hook.firstPaintMs = performance.now(); });
    steps.slice(1).forEach(function (step, i) {
      chain = chain
        .then(function () { progress('Loading incidents\u2026 ' + records.length.toLocaleString('en') + ' of ' + total.toLocaleString('en')); return afterPaint(); })
        .then(function () { var started = performance.now(); return step().then(function (features) { return [started, features]; }); })
        .then(function (decoded) {
          hook.timings.push({ step: 'decode part ' + (i + 1), ms: Math.round(performance.now() - decoded[0]) });
          timed('ingest part ' + (i + 1), function () { ingest(decoded[1]); });
        });
    });
    if (steps.length > 1) {
      chain = chain
        .then(function () { progress('Clustering ' + total.toLocaleString('en') + ' incidents\u2026'); return afterPaint(); })
        .then(function () {
          var started = performance.now();
          return buildIndexInSlices().then(function () { hook.timings.push({ step: 'index all', ms: Math.round(performance.now() - started) }); });
        });
    }
    return chain;
  }

  buildLayerPanel();
  buildBasemapChooser();
  buildLegend();
  setupDownload();
  var loaded = false;
  load().then(function () {
    loaded = true;
    var facts = summarise();
    unplacedTotal = facts.unplaced;
    buildDateFilter(facts.span, facts.undated);
    updateCounts();
    refreshInView(true);
    refreshUnplaced();
    if (changedWhileLoading) {  // records read before the change were filtered the old way: start afresh
      recentIndexes = [];
      applyFilters();
    }
    hook.readyMs = performance.now();
    hook.ready = true;
  }).catch(function (err) {
    hook.error = String(err);
    progress('Could not load the incidents: ' + err);
  });

  // ---- test and scripting hook -----------------------------------------------------------------------
  hook.layers = function () {
    return layers.map(function (l, i) {
      var visible = 0;
      records.forEach(function (r) { if (r.layer === i && r.latlng && r.shown) visible++; });
      return { label: l.def.label, color: l.def.color, count: l.def.count, total: l.def.total, on: l.on, visible: visible };
    });
  };
  hook.visibleCount = function () {
    return index ? index.points.length : 0;
  };
  hook.visibleLines = function () { return lines.getLayers().length; };
  hook.updating = false;
  hook.settled = function () {  // resolves once every filter change so far is on the map
    return latestUpdate.then(function () { return hook.updating ? hook.settled() : undefined; });
  };
  hook.openPopup = function (i) {
    var rec = records[i];
    if (!rec || !rec.latlng || !rec.shown) return false;
    showPopup(rec, reveal(rec));
    return true;
  };
  hook.indexOf = function (id) {
    for (var i = 0; i < records.length; i++) if (records[i].feature.id === id) return i;
    return -1;
  };
})();
