/* geoinc map renderer: draws every incident from the page's embedded GeoJSON.
 * All text from the data reaches the page through textContent / createElement, never innerHTML;
 * only http(s) URLs become links. Markers are canvas-drawn shapes in one cluster group, so 100,000
 * incidents stay light, and layers and the date filter simply add or remove markers from that group. */
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
      dashArray: p.geo_precision === 3 ? '4 3' : null
    };
  }
  function makeRecord(feature, index) {
    var p = feature.properties || {}, layerIndex = config.layer_of[index], color = config.layers[layerIndex].color;
    var rec = { feature: feature, index: index, layer: layerIndex, date: dateOf(p), marker: null, line: null, shown: false };
    var g = feature.geometry;
    if (g && g.type === 'Point') {
      var latlng = L.latLng(g.coordinates[1], g.coordinates[0]);
      rec.marker = new ShapeMarker(latlng, styleFor(p, color));
      rec.marker.geoincRecord = rec;
      if (typeof p.launch_latitude === 'number' && typeof p.launch_longitude === 'number') {
        rec.line = L.polyline([[p.launch_latitude, p.launch_longitude], latlng], { color: color, weight: 2, opacity: 0.8, dashArray: '6 4' });
        rec.line.geoincRecord = rec;
      }
    }
    return rec;
  }
  function isVisible(rec) {
    if (!layers[rec.layer].on) return false;
    if (!rec.date) return state.undated;
    return (!state.from || rec.date >= state.from) && (!state.to || rec.date <= state.to);
  }

  // ---- map ----------------------------------------------------------------------------------------
  var map = L.map('geoinc-map', { preferCanvas: true, minZoom: 1, maxZoom: 18, worldCopyJump: true });
  hook.map = map;
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

  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyOnMaxZoom: true,
    removeOutsideVisibleBounds: true,
    spiderLegPolylineOptions: { weight: 1.5, color: '#222', opacity: 0.6 },
    iconCreateFunction: clusterIcon,
    chunkedLoading: true,  // big additions run in slices, so the page stays responsive while clustering
    chunkInterval: 100,
    chunkDelay: 5,
    chunkProgress: function (done, total) {
      if (done === total && whenAdded) { var resolve = whenAdded; whenAdded = null; resolve(); }
    }
  });
  var whenAdded = null;
  function addMarkers(markers) {
    return new Promise(function (resolve) {
      if (!markers.length) { resolve(); return; }
      whenAdded = resolve;
      cluster.addLayers(markers);
    });
  }
  var lines = L.layerGroup();
  map.addLayer(lines);
  map.addLayer(cluster);

  function clusterIcon(c) {
    var counts = {}, markers = c.getAllChildMarkers(), total = markers.length;
    for (var i = 0; i < total; i++) { var l = markers[i].geoincRecord.layer; counts[l] = (counts[l] || 0) + 1; }
    var stops = [], at = 0;
    Object.keys(counts).sort(function (a, b) { return a - b; }).forEach(function (l) {
      var end = at + (counts[l] / total) * 100;
      stops.push(config.layers[l].color + ' ' + at.toFixed(2) + '% ' + end.toFixed(2) + '%');
      at = end;
    });
    var size = Math.round(26 + 7 * Math.log10(total)), wrap = document.createElement('div');
    wrap.style.background = 'conic-gradient(' + stops.join(', ') + ')';
    el('span', null, wrap, c.getChildCount());
    return L.divIcon({ html: wrap, className: 'geoinc-cluster', iconSize: L.point(size, size) });
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
  function showPopup(rec) {
    popup.setLatLng(rec.marker.getLatLng()).setContent(popupNode(rec)).openOn(map);
  }
  cluster.on('click', function (e) { if (e.layer && e.layer.geoincRecord) showPopup(e.layer.geoincRecord); });
  lines.on('click', function (e) { if (e.layer && e.layer.geoincRecord) showPopup(e.layer.geoincRecord); });

  // ---- visibility -----------------------------------------------------------------------------------
  function syncLine(rec) {
    if (!rec.line) return;
    if (rec.shown && !lines.hasLayer(rec.line)) lines.addLayer(rec.line);
    else if (!rec.shown && lines.hasLayer(rec.line)) lines.removeLayer(rec.line);
  }
  function applyFilters() {
    if (!hook.ready && !loaded) return;  // the end of loading applies the filters
    var add = [], remove = [], shownTotal = 0;
    layers.forEach(function (l) { l.shown = 0; });
    records.forEach(function (rec) {
      if (!rec.marker) return;
      var want = isVisible(rec);
      if (want !== rec.shown) (want ? add : remove).push(rec.marker);
      rec.shown = want;
      if (want) { layers[rec.layer].shown++; shownTotal++; }
      syncLine(rec);
    });
    if (remove.length > shownTotal) {  // a big cut: rebuilding the clusters is cheaper than removing
      cluster.clearLayers();
      cluster.addLayers(records.filter(function (r) { return r.shown; }).map(function (r) { return r.marker; }));
    } else {
      if (remove.length) cluster.removeLayers(remove);
      if (add.length) cluster.addLayers(add);
    }
    updateCounts();
  }
  function updateCounts() {
    var shown = 0;
    layers.forEach(function (l) {
      shown += l.shown;
      if (l.row) l.row.count.textContent = l.shown === l.def.count ? String(l.def.count) : l.shown + ' / ' + l.def.count;
    });
    var mapped = records.filter(function (r) { return r.marker; }).length;
    document.getElementById('geoinc-visible').textContent = shown + ' of ' + mapped + ' mapped incidents shown';
  }

  // ---- panel: layers, basemaps, dates, legend, unplaced list, summary ------------------------------
  function buildLayerPanel() {
    var box = document.getElementById('geoinc-layers');
    el('div', 'geoinc-muted', box, 'One layer per ' + ({ actor1: 'attributed group', attack_type: 'attack type', year: 'year', country: 'country' }[config.layers_by] || config.layers_by) + ' (markers on the map)');
    layers.forEach(function (l, i) {
      var label = el('label', 'geoinc-layer', box), box2 = el('input', null, label);
      box2.type = 'checkbox'; box2.checked = true; box2.dataset.layer = String(i);
      var swatch = el('span', 'geoinc-swatch', label); swatch.style.background = l.def.color;
      el('span', 'geoinc-layer-label', label, l.def.label);
      l.row = { input: box2, count: el('span', 'geoinc-count', label, l.def.count) };
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
      item.appendChild(shapeIcon(SYMBOLS[key].shape, '#777777', false));
      el('span', null, item, SYMBOLS[key].label);
    });
    el('h4', null, box, 'Colour = layer (see Layers)');
    el('h4', null, box, 'Style');
    var styles = el('ul', null, box);
    [['circle', false, 'filled: the named site or town (precision 1)'],
     ['circle', true, 'ring: near a town or only a region (precision 2\u20133)']].forEach(function (s) {
      var item = el('li', null, styles);
      item.appendChild(shapeIcon(s[0], '#777777', s[1]));
      el('span', null, item, s[2]);
    });
    el('li', null, styles, 'white centre: no date known');
    el('li', null, styles, 'dashed line: from launch site to target');
    el('li', null, styles, 'pie circles: clusters, coloured by layer share');
  }
  function buildUnplacedList(unplaced) {
    document.getElementById('geoinc-unplaced-summary').textContent = unplaced.length + ' incident' + (unplaced.length === 1 ? '' : 's') + ' could not be placed';
    var list = document.getElementById('geoinc-unplaced-list');
    unplaced.forEach(function (rec) {
      var p = rec.feature.properties || {}, item = el('li', null, list);
      el('strong', null, item, (p.event_date ? dateOf(p) : 'undated') + ' \u00b7 ' + (p.actor1 || '') + ' \u00b7 ' + symbolFor(p.attack_type).label);
      var where = p.place_text ? 'place as written: \u201c' + p.place_text + '\u201d' : 'no place named';
      if (p.country) where += ' (country ' + p.country + ')';
      el('div', null, item, where);
      incidentDetails(rec, item);
    });
  }
  function summarise() {
    var dates = [], groups = {}, undated = 0, unplaced = [];
    records.forEach(function (rec) {
      var p = rec.feature.properties || {};
      if (rec.date) dates.push(rec.date); else undated++;
      groups[p.actor1 || ''] = true;
      if (!rec.marker) unplaced.push(rec);
    });
    dates.sort();
    var span = dates.length ? [dates[0], dates[dates.length - 1]] : null;
    var parts = [records.length + ' incident' + (records.length === 1 ? '' : 's'),
      (records.length - unplaced.length) + ' on the map', unplaced.length + ' not placed',
      span ? (span[0] === span[1] ? span[0] : span[0] + ' to ' + span[1]) : 'no dates',
      Object.keys(groups).length + ' group' + (Object.keys(groups).length === 1 ? '' : 's')];
    if (undated) parts.push(undated + ' undated');
    document.getElementById('geoinc-summary').textContent = parts.join(' \u00b7 ');
    return { span: span, undated: undated, unplaced: unplaced };
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
    var batch = [];
    features.forEach(function (f) {
      var rec = makeRecord(f, records.length);
      records.push(rec);
      if (rec.marker && isVisible(rec)) { rec.shown = true; layers[rec.layer].shown++; batch.push(rec.marker); syncLine(rec); }
    });
    return batch;
  }
  function timed(i, step) {
    var started = performance.now();
    return step().then(function (features) {
      var decoded = performance.now(), batch = ingest(features);
      hook.timings.push({ part: i, features: features.length, decode_ms: Math.round(decoded - started), ingest_ms: Math.round(performance.now() - decoded) });
      return batch;
    });
  }
  // The first slice is clustered and painted at once; the rest is decoded, then clustered in one go
  // (one big markercluster addition costs far less than several).
  function load() {
    var steps = featureSources(), rest = [];
    hook.timings = [];
    var chain = timed(0, steps[0] || function () { return Promise.resolve([]); })
      .then(addMarkers)
      .then(afterPaint)
      .then(function () { hook.firstPaintMs = performance.now(); updateCounts(); });
    steps.slice(1).forEach(function (step, i) {
      chain = chain.then(function () { return timed(i + 1, step); }).then(function (batch) { rest = rest.concat(batch); });
    });
    return chain.then(function () {
      var started = performance.now();
      return addMarkers(rest).then(function () { hook.timings.push({ part: 'cluster', markers: rest.length, ms: Math.round(performance.now() - started) }); });
    });
  }

  buildLayerPanel();
  buildBasemapChooser();
  buildLegend();
  setupDownload();
  var loaded = false;
  load().then(function () {
    loaded = true;
    var facts = summarise();
    buildDateFilter(facts.span, facts.undated);
    buildUnplacedList(facts.unplaced);
    applyFilters();
    hook.readyMs = performance.now();
    hook.ready = true;
  }).catch(function (err) {
    hook.error = String(err);
    document.getElementById('geoinc-summary').textContent = 'Could not load the incidents: ' + err;
  });

  // ---- test and scripting hook -----------------------------------------------------------------------
  hook.layers = function () {
    return layers.map(function (l, i) {
      var visible = 0;
      records.forEach(function (r) { if (r.layer === i && r.marker && cluster.hasLayer(r.marker)) visible++; });
      return { label: l.def.label, color: l.def.color, count: l.def.count, total: l.def.total, on: l.on, visible: visible };
    });
  };
  hook.visibleCount = function () {
    return records.filter(function (r) { return r.marker && cluster.hasLayer(r.marker); }).length;
  };
  hook.visibleLines = function () { return lines.getLayers().length; };
  hook.openPopup = function (index) {
    var rec = records[index];
    if (!rec || !rec.marker || !rec.shown) return false;
    return reveal(rec, function () { showPopup(rec); });
  };
  // markercluster's zoomToShowLayer waits for an icon that canvas markers never get, hence our own
  function reveal(rec, done) {
    var marker = rec.marker, parent = marker.__parent;
    if (!parent) return false;
    var unclusteredZoom = parent._zoom + 1, maxZoom = map.getMaxZoom();
    if (unclusteredZoom <= maxZoom) {
      map.setView(marker.getLatLng(), Math.max(unclusteredZoom, map.getZoom()), { animate: false });
      done();
      return true;
    }
    map.setView(marker.getLatLng(), maxZoom, { animate: false });
    var visible = cluster.getVisibleParent(marker);
    if (visible && visible !== marker && visible.spiderfy) {
      cluster.once('spiderfied', function () { done(); });
      visible.spiderfy();
    } else {
      done();
    }
    return true;
  }
  hook.indexOf = function (id) {
    for (var i = 0; i < records.length; i++) if (records[i].feature.id === id) return i;
    return -1;
  };
})();
