/* report.js -- the report's explorer: the graph of #erg-data (explore.c)
 * in a graphology MultiGraph drawn by sigma.js, with search (erg_fold's
 * folding, redone here for the query), filters, a date window, an entity
 * panel, an ego view and shortest paths grouped by entity pair.  Filters
 * never rebuild the graph: they set visibility arrays that sigma's node and
 * edge reducers read, then refresh.  When the map is drawn, <html> gets
 * data-ready="true" and data-ready-ms (milliseconds since navigation). */
(function () {
'use strict';
var D = JSON.parse(document.getElementById('erg-data').textContent);
var N = D.n, R = D.r, nN = N.id.length, nR = R.a.length;
/* columns that no relationship fills come as null (explore.c) */
if (!R.k) R.k = new Int8Array(nR).fill(-1);
['src', 'ds', 'de'].forEach(function (c) { if (!R[c]) R[c] = new Array(nR).fill(null); });
var PAL = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#86bcb6', '#d37295', '#a0cbe8', '#8cd17d', '#b6992d', '#499894', '#79706e', '#d4a6c8', '#fabfd2'];
function color(t) { return PAL[t % PAL.length]; }
function $(id) { return document.getElementById(id); }
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
function el(tag, cls, html) { var e = document.createElement(tag); if (cls) e.className = cls; if (html !== undefined) e.innerHTML = html; return e; }
function fmt(v) { return Array.isArray(v) ? v.map(fmt).join('; ') : v === null ? '' : String(v); }

/* ---- folding: erg_fold's word form (core/store/fold.c) -------------------
 * NFKD, combining marks stripped, lower case, default-ignorable characters
 * dropped; the letters Unicode does not decompose spelled out as fold.c's
 * table does, and ß and final sigma as full case folding has them.  Dots
 * and apostrophes vanish; any other run of non-letters is one space. */
var SPELL = {'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ß': 'ss', 'ς': 'σ'};
var GONE = /[.'\u2018\u2019\u02bc\u2032\uff07\uff0e]/;
function fold(s) {
  s = String(s).normalize('NFKD').toLowerCase().normalize('NFKD')
    .replace(/\p{M}|\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/[æœøłđðþßς]/g, function (c) { return SPELL[c]; });
  var out = '';
  for (var ch of s) out += /[\p{L}\p{N}]/u.test(ch) ? ch : GONE.test(ch) ? '' : ' ';
  return out.replace(/ +/g, ' ').trim();
}
window.ergFold = fold; /* for the tests, which compare it with erg_fold */

/* ---- dates: spans in days; "2025" is the whole year ----------------------- */
function day(y, m, d) { return Date.UTC(y, m - 1, d) / 864e5; }
function span(s, end) {
  if (s === null || s === undefined) return end ? Infinity : -Infinity;
  var p = s.split('-').map(Number);
  if (!end) return day(p[0], p[1] || 1, p[2] || 1);
  if (p[2]) return day(p[0], p[1], p[2]);
  return p[1] ? day(p[0], p[1] + 1, 1) - 1 : day(p[0] + 1, 1, 1) - 1;
}
function dstr(d) { return new Date(d * 864e5).toISOString().slice(0, 10); }
var T0 = new Float64Array(nR), T1 = new Float64Array(nR), dmin = Infinity, dmax = -Infinity;
for (var j = 0; j < nR; j++) {
  T0[j] = span(R.ds[j], false); T1[j] = span(R.de[j], true);
  if (isFinite(T0[j])) { dmin = Math.min(dmin, T0[j]); dmax = Math.max(dmax, T0[j]); }
  if (isFinite(T1[j])) { dmin = Math.min(dmin, T1[j]); dmax = Math.max(dmax, T1[j]); }
}

/* ---- adjacency (CSR): the relationships of each entity ------------------- */
var deg = new Int32Array(nN + 1);
for (j = 0; j < nR; j++) { deg[R.a[j] + 1]++; if (R.b[j] !== R.a[j]) deg[R.b[j] + 1]++; }
for (var i = 0; i < nN; i++) deg[i + 1] += deg[i];
var adj = new Int32Array(deg[nN]), fill = deg.slice(0, nN);
for (j = 0; j < nR; j++) { adj[fill[R.a[j]]++] = j; if (R.b[j] !== R.a[j]) adj[fill[R.b[j]]++] = j; }
function other(j, u) { return R.a[j] === u ? R.b[j] : R.a[j]; }
function label(u) { return N.label[u]; }
/* attribute columns (explore.c): an array, or sparse {i: sorted indexes, v} */
function bsearch(a, x) { var lo = 0, hi = a.length - 1; while (lo <= hi) { var m = (lo + hi) >> 1; if (a[m] === x) return m; if (a[m] < x) lo = m + 1; else hi = m - 1; } return -1; }
function colget(cols, i) {
  var o = {};
  for (var k in cols) {
    var c = cols[k], v = null;
    if (Array.isArray(c)) v = c[i]; else { var p = bsearch(c.i, i); if (p >= 0) v = c.v[p]; }
    if (v !== null && v !== undefined) o[k] = v;
  }
  return o;
}
function entAttrs(u) { var a = colget(N.a, u), al = colget({aliases: N.al}, u); if (al.aliases) a.aliases = al.aliases; return a; }
function relAttrs(j) { var x = colget(R.x, j); x.id = R.id[j]; return x; }
function srcList(v) { return v === null ? [] : Array.isArray(v) ? v : [v]; }
var SRC = JSON.parse(document.getElementById('erg-sources').textContent);
function srcName(k) { var s = D.sources[k]; return s ? (s[1] || s[0]) : '?'; }
/* a source by title, linked when it has an http(s) url */
function srcHtml(k) {
  var s = D.sources[k], u = s && SRC[s[0]] && SRC[s[0]].url;
  return typeof u === 'string' && /^https?:\/\//i.test(u) ? '<a href="' + esc(u) + '" target="_blank" rel="noopener">' + esc(srcName(k)) + '</a>' : esc(srcName(k));
}

/* ---- state: what the filters and the view let through -------------------- */
var typeOn = D.etypes.map(function () { return true; }), rtypeOn = D.rtypes.map(function () { return true; });
var certOn = [true].concat(D.certs.map(function () { return true; })); /* [0]: no certainty */
var srcOn = [true].concat(D.sources.map(function () { return true; })); /* [0]: no source */
var win = [dmin, dmax], keepUndated = true;
var inView = new Uint8Array(nN), nodeOk = new Uint8Array(nN), relOk = new Uint8Array(nR);
var selected = -1, mark = null; /* mark: {nodes: Set, rels: Set} of a path result */
var viewMode = 'all', viewNote = '';

function relPasses(j) {
  if (!rtypeOn[R.t[j]] || !certOn[R.k[j] + 1]) return false;
  var ss = srcList(R.src[j]);
  if (ss.length ? !ss.some(function (k) { return srcOn[k + 1]; }) : !srcOn[0]) return false;
  if (!isFinite(T0[j]) && !isFinite(T1[j])) return keepUndated;
  return T0[j] <= win[1] && T1[j] >= win[0];
}
function nodePasses(u) { return typeOn[N.t[u]]; }

function apply() {
  var nn = 0, nr = 0;
  sync();
  for (var u = 0; u < nN; u++) { nodeOk[u] = inView[u] && nodePasses(u) ? 1 : 0; nn += nodeOk[u]; }
  for (var j = 0; j < nR; j++) { relOk[j] = nodeOk[R.a[j]] && nodeOk[R.b[j]] && relPasses(j) ? 1 : 0; nr += relOk[j]; }
  $('shown').textContent = 'Showing ' + nn + ' of ' + nN + ' entities and ' + nr + ' of ' + nR + ' relationships' +
    (viewNote ? ' (' + viewNote + ')' : '') + '.';
  $('shown').dataset.entities = nn; $('shown').dataset.relationships = nr;
  if (sig) sig.refresh();
}

/* ---- views: everything, the largest component, the top entities, an ego -- */
var order = Array.from({length: nN}, function (_, u) { return u; })
  .sort(function (a, b) { return (N.s[b] || 0) - (N.s[a] || 0) || a - b; });
function setView(mode, arg) {
  viewMode = mode; inView.fill(0); mark = null;
  var top = D.top, u, k;
  if (mode === 'all') { inView.fill(1); viewNote = ''; }
  else if (mode === 'component' || mode === 'auto') {
    for (k = 0, u = 0; k < nN; k++) if (N.c[order[k]] === 0 && (mode === 'component' || u < top)) { inView[order[k]] = 1; u++; }
    viewNote = 'the largest component' + (mode === 'auto' && u === top ? ', its top ' + top + ' by ' + D.measure : '');
  } else if (mode === 'top') {
    for (k = 0; k < nN && k < top; k++) inView[order[k]] = 1;
    viewNote = 'the top ' + Math.min(top, nN) + ' by ' + D.measure;
  } else if (mode === 'ego') {
    var hops = arg.hops, dist = new Int32Array(nN).fill(-1), q = [arg.node];
    dist[arg.node] = 0;
    for (var h = 0; h < q.length; h++) {
      var x = q[h];
      if (dist[x] >= hops) continue;
      for (var p = deg[x]; p < deg[x + 1]; p++) {
        var j = adj[p], y = other(j, x);
        if (dist[y] < 0 && relPasses(j) && nodePasses(y)) { dist[y] = dist[x] + 1; q.push(y); }
      }
    }
    q.forEach(function (y) { inView[y] = 1; });
    viewNote = hops + '-hop neighbourhood of ' + label(arg.node);
  }
  document.querySelectorAll('#views button').forEach(function (b) { b.classList.toggle('on', b.dataset.mode === mode); });
  apply();
}

/* ---- the graph and sigma -------------------------------------------------- */
var G = new graphology.MultiGraph({type: 'mixed', allowSelfLoops: true});
var smax = 0;
for (i = 0; i < nN; i++) smax = Math.max(smax, N.s[i] || 0);
/* The graph holds the entities of the view and the relationships among
 * them, no more: sigma's cost grows with what the graph holds, hidden or
 * not, so a 100,000-relationship page opening on 2000 entities draws only
 * theirs.  Entities leaving the view keep their (perhaps ForceAtlas2-moved)
 * positions for when they return. */
function nodeAttrs(u) {
  return {x: N.x[u], y: -N.y[u], label: N.label[u], color: color(N.t[u]),
    size: 2.5 + 12 * Math.sqrt(smax > 0 ? (N.s[u] || 0) / smax : 0)};
}
function addRel(j) {
  var k = String(j), attr = {label: D.rtypes[R.t[j]], size: 1, color: '#c8c8c8', type: R.d[j] ? 'arrow' : 'line'};
  if (G.hasEdge(k)) return;
  if (R.d[j]) G.addDirectedEdgeWithKey(k, String(R.a[j]), String(R.b[j]), attr);
  else G.addUndirectedEdgeWithKey(k, String(R.a[j]), String(R.b[j]), attr);
}
function sync() {
  var added = [], u, k;
  for (u = 0; u < nN; u++) {
    k = String(u);
    var has = G.hasNode(k);
    if (inView[u] && !has) { G.addNode(k, nodeAttrs(u)); added.push(u); }
    else if (!inView[u] && has) { var a = G.getNodeAttributes(k); N.x[u] = a.x; N.y[u] = -a.y; G.dropNode(k); }
  }
  added.forEach(function (u) {
    for (var p = deg[u]; p < deg[u + 1]; p++) { var j = adj[p]; if (inView[other(j, u)]) addRel(j); }
  });
}
var sig = null, SigmaClass = typeof Sigma === 'function' ? Sigma : Sigma.Sigma;
var near = new Set();
/* Labels are chosen here, not by sigma's grid, so that no two overlap: after
 * each frame, entities on screen are taken in order (the selected one and
 * a path's, whose highlighted labels sigma draws anyway, then the selected
 * one's neighbours, then by importance: the ranking measure), and a label
 * is kept when its box (measured in the label font) meets no box kept
 * before.  The chosen set is drawn through forceLabel; when it changed the
 * frame is drawn again.  window.ergLabelBoxes holds the boxes kept. */
var labelled = new Set(), byImportance = null, labelFont = 'Helvetica, Arial, sans-serif', labelPx = 14;
var measure = document.createElement('canvas').getContext('2d'), widths = new Map();
function labelWidth(u) {
  var w = widths.get(u);
  if (w === undefined) { measure.font = labelPx + 'px ' + labelFont; w = measure.measureText(N.label[u]).width; widths.set(u, w); }
  return w;
}
function chooseLabels() {
  if (!byImportance) {
    byImportance = [];
    for (var i = 0; i < nN; i++) byImportance.push(i);
    byImportance.sort(function (a, b) { return (N.s[b] || 0) - (N.s[a] || 0) || a - b; });
  }
  var dim = sig.getDimensions(), cell = 64, grid = new Map(), boxes = [], chosen = new Set(), looked = 0;
  function cells(b, f) {
    for (var cx = Math.floor(b.l / cell); cx <= Math.floor(b.r / cell); cx++)
      for (var cy = Math.floor(b.t / cell); cy <= Math.floor(b.b / cell); cy++) if (f(cx + ':' + cy)) return true;
    return false;
  }
  function meets(b) {
    return cells(b, function (k) {
      var l = grid.get(k);
      return l && l.some(function (o) { return b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b; });
    });
  }
  function take(u, always) {
    if (chosen.has(u) || !N.label[u]) return;
    var k = String(u);
    if (!G.hasNode(k) || !nodeOk[u]) return;
    var d = sig.getNodeDisplayData(k);
    if (!d || d.hidden) return;
    var p = sig.framedGraphToViewport(d), x = p.x + sig.scaleSize(d.size) + 3;
    var b = {l: x - 1, r: x + labelWidth(u) + 1, t: p.y - labelPx * 0.8, b: p.y + labelPx * 0.35, u: u};
    if (b.r < 0 || b.l > dim.width || b.b < 0 || b.t > dim.height) return;
    /* sigma draws no label of an entity farther off screen than this */
    if (p.x < -150 || p.x > dim.width + 150 || p.y < -50 || p.y > dim.height + 50) return;
    looked++;
    if (!always && meets(b)) return;
    chosen.add(u);
    boxes.push(b);
    cells(b, function (k) { var l = grid.get(k); if (l) l.push(b); else grid.set(k, [b]); return false; });
  }
  if (selected >= 0) take(selected, true);
  if (mark) mark.nodes.forEach(function (u) { take(u, true); });
  else {
    near.forEach(function (u) { take(u, false); });
    /* at most 400 labels, from the 5000 most important entities on screen */
    for (var j = 0; j < byImportance.length && boxes.length < 400 && looked < 5000; j++) take(byImportance[j], false);
  }
  window.ergLabelBoxes = boxes;
  /* only the entities whose label comes or goes are reduced again */
  var changed = [];
  chosen.forEach(function (u) { if (!labelled.has(u)) changed.push(String(u)); });
  labelled.forEach(function (u) { if (!chosen.has(u) && G.hasNode(String(u))) changed.push(String(u)); });
  labelled = chosen;
  if (changed.length) sig.refresh({partialGraph: {nodes: changed}, skipIndexation: true, schedule: true});
}
function nodeReducer(key, d) {
  var u = +key, r;
  if (!nodeOk[u]) return Object.assign({}, d, {hidden: true});
  if (mark) r = mark.nodes.has(u) ? Object.assign({}, d, {highlighted: true, zIndex: 1})
    : Object.assign({}, d, {color: '#e4e4e4', label: '', zIndex: 0});
  else if (u === selected) r = Object.assign({}, d, {highlighted: true, zIndex: 2});
  else if (near.has(u)) r = Object.assign({}, d, {zIndex: 1});
  else r = Object.assign({}, d);
  r.forceLabel = labelled.has(u);
  return r;
}
function edgeReducer(key, d) {
  var j = +key;
  if (!relOk[j]) return Object.assign({}, d, {hidden: true});
  if (mark) return mark.rels.has(j) ? Object.assign({}, d, {color: '#d62728', size: 3, forceLabel: true, zIndex: 1})
    : Object.assign({}, d, {color: '#f0f0f0', label: ''});
  /* relationship types on hover (the tooltip) and along a path: written
   * on every edge, they would cover the entities' labels */
  if (selected >= 0 && (R.a[j] === selected || R.b[j] === selected))
    return Object.assign({}, d, {color: '#555', size: 2, label: '', zIndex: 1});
  return Object.assign({}, d, {label: ''});
}

/* ---- the entity panel ------------------------------------------------------- */
var SKIP = {aliases: 1, source: 1, evidence: 1, id: 1};
function entLink(u) { return '<a class="ent" data-n="' + u + '">' + esc(label(u)) + '</a>'; }
function relHtml(j) {
  var a = R.a[j], b = R.b[j], x = relAttrs(j), h = '<div class="rel' + (relOk[j] ? '' : ' off') + '" data-rel="' + esc(x.id) + '">';
  var arrow = R.d[j] ? '→' : '—';
  h += entLink(a) + ' <b>' + esc(D.rtypes[R.t[j]]) + '</b> ' + arrow + ' ' + entLink(b);
  var meta = [];
  if (R.k[j] >= 0) meta.push('certainty: ' + esc(D.certs[R.k[j]]));
  if (R.ds[j] || R.de[j]) meta.push(R.ds[j] === R.de[j] ? esc(R.ds[j]) : esc(R.ds[j] || '…') + ' to ' + esc(R.de[j] || '…'));
  Object.keys(x).forEach(function (k) { if (!SKIP[k] && k !== 'date' && k !== 'as_of' && k !== 'start' && k !== 'end') meta.push(esc(k) + ': ' + esc(fmt(x[k]))); });
  if (meta.length) h += '<div class="meta">' + meta.join(' · ') + '</div>';
  if (x.evidence) h += '<div class="ev">' + esc(x.evidence) + '</div>';
  var ss = srcList(R.src[j]);
  if (ss.length) h += '<div class="src">Source: ' + ss.map(srcHtml).join('; ') + '</div>';
  return h + '</div>';
}
function show(u) {
  selected = u; mark = null; near = new Set();
  for (var p = deg[u]; p < deg[u + 1]; p++) near.add(other(adj[p], u));
  var a = entAttrs(u), h = '<h2>' + esc(label(u)) + '</h2><p><span class="sw" style="background:' + color(N.t[u]) +
    '"></span>' + esc(D.etypes[N.t[u]]) + ' · <code>' + esc(N.id[u]) + '</code></p>';
  if (a.aliases) h += '<p>Also: ' + esc(a.aliases.join(', ')) + '</p>';
  if (a.evidence) h += '<p class="ev">' + esc(a.evidence) + '</p>';
  if (a.source) h += '<p class="src">Source: ' + srcList(a.source).map(function (s) {
    var k = D.sources.findIndex(function (x) { return x[0] === s; }); return k >= 0 ? srcHtml(k) : esc(s); }).join('; ') + '</p>';
  var rows = '';
  Object.keys(a).forEach(function (k) { if (!SKIP[k]) rows += '<tr><td>' + esc(k) + '</td><td>' + esc(fmt(a[k])) + '</td></tr>'; });
  if (rows) h += '<table>' + rows + '</table>';
  h += '<div class="ego">Ego view: <input id="ego-hops" type="number" min="1" max="6" value="1" aria-label="hops"> hops ' +
    '<button id="ego-go">Show</button> <button id="path-from">Path from here</button></div>';
  var n = deg[u + 1] - deg[u];
  h += '<h3>' + n + ' relationship' + (n === 1 ? '' : 's') + '</h3>';
  for (p = deg[u]; p < deg[u + 1] && p < deg[u] + 300; p++) h += relHtml(adj[p]);
  if (n > 300) h += '<p>and ' + (n - 300) + ' more.</p>';
  var panel = $('panel');
  panel.innerHTML = h; panel.dataset.entity = N.id[u]; panel.scrollTop = 0;
  $('ego-go').onclick = function () { setView('ego', {node: u, hops: Math.max(1, Math.min(6, +$('ego-hops').value || 1))}); };
  $('path-from').onclick = function () { pick('path-a', u); $('path-b-in').focus(); };
  if (!inView[u]) { inView[u] = 1; apply(); }
  if (sig) {
    sig.refresh();
    var dd = sig.getNodeDisplayData(String(u));
    if (dd) sig.getCamera().animate({x: dd.x, y: dd.y, ratio: Math.min(sig.getCamera().ratio, 0.6)}, {duration: 300});
  }
}

/* ---- search with suggestions (shared by the path box) ---------------------- */
var KEYS = N.f.map(function (f) { return f ? f.split('\n') : []; });
function find(q, limit) {
  q = fold(q);
  if (!q) return [];
  var hits = [];
  for (var u = 0; u < nN; u++) {
    var best = 0;
    for (var k of KEYS[u]) {
      var s = k === q ? 4 : k.startsWith(q) ? 3 : k.indexOf(' ' + q) >= 0 ? 2 : k.indexOf(q) >= 0 ? 1 : 0;
      if (s > best) best = s;
    }
    if (best) hits.push([best, N.s[u] || 0, u]);
  }
  hits.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || a[2] - b[2]; });
  return hits.slice(0, limit).map(function (h) { return h[2]; });
}
function suggest(input, list, onPick) {
  var items = [];
  function close() { list.innerHTML = ''; list.hidden = true; }
  input.addEventListener('input', function () {
    items = find(input.value, 10);
    list.innerHTML = items.map(function (u, k) {
      return '<li data-n="' + u + '"' + (k ? '' : ' class="on"') + '>' + esc(label(u)) + ' <span class="ty">' +
        esc(D.etypes[N.t[u]]) + '</span></li>'; }).join('');
    list.hidden = !items.length;
  });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && items.length) { ev.preventDefault(); onPick(items[0]); close(); }
    if (ev.key === 'Escape') close();
  });
  list.addEventListener('mousedown', function (ev) {
    var li = ev.target.closest('li'); if (!li) return;
    ev.preventDefault(); onPick(+li.dataset.n); close();
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
  close();
}

/* ---- how is A connected to B: all shortest paths over what the filters
 * show (the view aside), entity by entity, so that parallel relationships
 * between the same two entities are one hop listing them all, as `erg path`
 * groups them.  BFS from A records every predecessor at the shortest
 * distance; paths are read back from B, at most MAXP of them. */
var MAXP = 50, ends = {'path-a': -1, 'path-b': -1};
function pick(which, u) { ends[which] = u; $(which + '-in').value = label(u); }
function between(u, v) {
  var out = [];
  for (var p = deg[u]; p < deg[u + 1]; p++) { var j = adj[p]; if (other(j, u) === v && relPasses(j)) out.push(j); }
  return out;
}
function paths(A, B) {
  var dist = new Int32Array(nN).fill(-1), pred = new Array(nN), q = [A];
  dist[A] = 0;
  for (var h = 0; h < q.length; h++) {
    var x = q[h];
    if (dist[B] >= 0 && dist[x] >= dist[B]) break;
    for (var p = deg[x]; p < deg[x + 1]; p++) {
      var j = adj[p], y = other(j, x);
      if (y === x || !relPasses(j) || !nodePasses(y)) continue;
      if (dist[y] < 0) { dist[y] = dist[x] + 1; q.push(y); pred[y] = [x]; }
      else if (dist[y] === dist[x] + 1 && pred[y].indexOf(x) < 0) pred[y].push(x);
    }
  }
  var found = [], truncated = false;
  if (A === B || dist[B] < 0) return {paths: found, truncated: false};
  (function walk(y, tail) {
    if (found.length >= MAXP) { truncated = true; return; }
    if (y === A) { found.push([A].concat(tail)); return; }
    for (var x of pred[y]) walk(x, [y].concat(tail));
  })(B, []);
  return {paths: found, truncated: truncated};
}
function runPaths() {
  var A = ends['path-a'], B = ends['path-b'], out = $('path-out');
  if (A < 0 || B < 0) { out.innerHTML = '<p>Choose two entities.</p>'; return; }
  var res = paths(A, B), ps = res.paths;
  if (!ps.length) {
    mark = null; out.innerHTML = '<p class="none">No path from ' + esc(label(A)) + ' to ' + esc(label(B)) +
      ' through what the filters show.</p>'; apply(); return;
  }
  var hops = ps[0].length - 1, h = '<p class="sum">' + ps.length + (res.truncated ? '+' : '') + ' shortest path' +
    (ps.length === 1 ? '' : 's') + ' of ' + hops + ' hop' + (hops === 1 ? '' : 's') + (res.truncated ? ' (the first ' + MAXP + ')' : '') + '</p>';
  mark = {nodes: new Set(), rels: new Set()};
  ps.forEach(function (path, k) {
    h += '<div class="path"><b>' + (k + 1) + '.</b> ' + path.map(entLink).join(' → ');
    for (var i = 0; i + 1 < path.length; i++) {
      var rs = between(path[i], path[i + 1]);
      h += '<div class="hop"><div class="hop-h">' + esc(label(path[i])) + ' – ' + esc(label(path[i + 1])) + ': ' + rs.length +
        ' relationship' + (rs.length === 1 ? '' : 's') + '</div>' + rs.map(function (j) { mark.rels.add(j); return relHtml(j); }).join('') + '</div>';
    }
    path.forEach(function (u) { mark.nodes.add(u); inView[u] = 1; });
    h += '</div>';
  });
  out.innerHTML = h;
  var m = mark; apply(); mark = m; if (sig) sig.refresh();
}

/* ---- the side bar: views, legend and filters, dates, paths, layout ------- */
function counts(n, key) { var c = new Array(n).fill(0); for (var k = 0; k < key.length; k++) c[key[k] + 1]++; return c; }
function checks(title, id, names, on, cnt, swatch) {
  var h = '<details open><summary>' + esc(title) + '</summary><div class="checks" id="' + id + '">';
  names.forEach(function (nm, k) {
    h += '<label><input type="checkbox" data-k="' + k + '"' + (on[k] ? ' checked' : '') + '>' +
      (swatch ? '<span class="sw" style="background:' + color(k) + '"></span>' : '') + esc(nm) + ' <span class="ct">' + cnt[k] + '</span></label>';
  });
  return h + '</div></details>';
}
function buildSide() {
  var side = $('side'), h = '';
  h += '<div id="views"><b>Show</b> <button data-mode="all">All</button><button data-mode="component">Largest component</button>' +
    '<button data-mode="top">Top ' + D.top + '</button></div>';
  var ec = new Array(D.etypes.length).fill(0); N.t.forEach(function (t) { ec[t]++; });
  var rc = new Array(D.rtypes.length).fill(0); R.t.forEach(function (t) { rc[t]++; });
  var cc = counts(D.certs.length + 1, R.k), sc = new Array(D.sources.length + 1).fill(0);
  R.src.forEach(function (v) { var l = srcList(v); if (!l.length) sc[0]++; l.forEach(function (k) { sc[k + 1]++; }); });
  h += checks('Entity types', 'f-etype', D.etypes, typeOn, ec, true);
  h += checks('Relationship types', 'f-rtype', D.rtypes, rtypeOn, rc, false);
  if (D.certs.length) h += checks('Certainty', 'f-cert', ['(none)'].concat(D.certs), certOn, cc, false);
  if (D.sources.length) h += checks('Sources', 'f-src', ['(none)'].concat(D.sources.map(function (s) { return s[1] || s[0]; })), srcOn, sc, false);
  if (isFinite(dmin)) {
    h += '<details open id="dates"><summary>Dates</summary><label>From <input id="date-from" type="range" min="' + dmin + '" max="' + dmax +
      '" step="1" value="' + dmin + '"></label><label>To <input id="date-to" type="range" min="' + dmin + '" max="' + dmax +
      '" step="1" value="' + dmax + '"></label><div id="date-shown"></div><label><input id="undated" type="checkbox" checked> ' +
      'keep relationships without dates</label></details>';
  }
  h += '<details open id="pathbox"><summary>How is A connected to B?</summary><div class="find"><input id="path-a-in" placeholder="From" ' +
    'autocomplete="off"><ul class="suggest" id="path-a-list"></ul></div><div class="find"><input id="path-b-in" placeholder="To" ' +
    'autocomplete="off"><ul class="suggest" id="path-b-list"></ul></div><button id="path-go">Find paths</button> ' +
    '<button id="path-clear">Clear</button><div id="path-out"></div></details>';
  h += '<details><summary>Layout</summary><p>Positions: igraph ' + esc(D.layout) + '. <button id="fa2">Refine with ForceAtlas2</button></p></details>';
  side.innerHTML = h;
  side.addEventListener('change', function (ev) {
    var t = ev.target, box = t.closest('.checks');
    if (box && t.dataset.k !== undefined) {
      var arr = {'f-etype': typeOn, 'f-rtype': rtypeOn, 'f-cert': certOn, 'f-src': srcOn}[box.id];
      arr[+t.dataset.k] = t.checked; apply();
    }
    if (t.id === 'undated') { keepUndated = t.checked; apply(); }
  });
  $('views').addEventListener('click', function (ev) { var b = ev.target.closest('button'); if (b) setView(b.dataset.mode); });
  if (isFinite(dmin)) {
    var dateInput = function () {
      var a = +$('date-from').value, b = +$('date-to').value;
      win = [Math.min(a, b), Math.max(a, b)];
      $('date-shown').textContent = dstr(win[0]) + ' to ' + dstr(win[1]);
      apply();
    };
    $('date-from').addEventListener('input', dateInput); $('date-to').addEventListener('input', dateInput);
    $('date-shown').textContent = dstr(dmin) + ' to ' + dstr(dmax);
  }
  suggest($('path-a-in'), $('path-a-list'), function (u) { pick('path-a', u); });
  suggest($('path-b-in'), $('path-b-list'), function (u) { pick('path-b', u); });
  $('path-go').onclick = runPaths;
  $('path-clear').onclick = function () { mark = null; $('path-out').innerHTML = ''; if (sig) sig.refresh(); };
  $('fa2').onclick = refine;
  if (D.pairs.length) { pick('path-a', D.pairs[0][0]); pick('path-b', D.pairs[0][1]); }
}

/* ForceAtlas2 from igraph's positions, a few iterations a frame so the
 * page stays responsive; nodes keep their new places. */
function refine() {
  var btn = $('fa2'), left = nR > 50000 ? 20 : 100, settings = ergForceAtlas2.inferSettings(G);
  btn.disabled = true;
  (function step() {
    ergForceAtlas2.assign(G, {iterations: 5, settings: settings});
    left -= 5;
    if (left > 0) requestAnimationFrame(step); else btn.disabled = false;
  })();
}

/* ---- start ------------------------------------------------------------------ */
buildSide();
suggest($('search'), $('search-list'), show);
$('panel').addEventListener('click', function (ev) { var a = ev.target.closest('a.ent'); if (a) show(+a.dataset.n); });
$('side').addEventListener('click', function (ev) { var a = ev.target.closest('a.ent'); if (a) show(+a.dataset.n); });
document.querySelectorAll('section a.ent').forEach(function (a) {
  a.addEventListener('click', function () { var k = N.id.indexOf(a.dataset.id); if (k >= 0) { show(k); $('map').scrollIntoView(); } });
});
var start = D.open === 'auto' && nN <= D.top ? 'all' : D.open;
setView(start);
try {
  sig = new SigmaClass(G, $('map'), {
    nodeReducer: nodeReducer, edgeReducer: edgeReducer, renderEdgeLabels: true, enableEdgeEvents: true,
    defaultEdgeType: 'line', labelRenderedSizeThreshold: Infinity, /* chooseLabels picks them */
    labelFont: labelFont, labelSize: labelPx, zIndex: true, hideEdgesOnMove: nR > 20000
  });
} catch (e) {
  $('map').innerHTML = '<p class="none">This browser cannot draw the map (WebGL: ' + esc(e.message) + ').</p>';
}
if (sig) {
  var tip = $('tip');
  sig.on('clickNode', function (e) { show(+e.node); });
  sig.on('afterRender', chooseLabels);
  /* parallel relationships lie on one line: the tooltip names them all,
   * counted by type and direction ("Acme donated_to → Party ×290") */
  sig.on('enterEdge', function (e) {
    var j = +e.edge, rs = between(R.a[j], R.b[j]), seen = new Map(), lines = [];
    if (rs.indexOf(j) < 0) rs = [j];
    rs.forEach(function (x) {
      var t = label(R.a[x]) + ' ' + D.rtypes[R.t[x]] + (R.d[x] ? ' → ' : ' — ') + label(R.b[x]);
      seen.set(t, (seen.get(t) || 0) + 1);
    });
    seen.forEach(function (n, t) { lines.push(n > 1 ? t + ' ×' + n : t); });
    tip.hidden = false;
    tip.textContent = lines.slice(0, 8).join('\n') + (lines.length > 8 ? '\n…' : '');
    tip.dataset.count = String(rs.length);
  });
  sig.on('leaveEdge', function () { tip.hidden = true; });
  $('map').addEventListener('mousemove', function (ev) { tip.style.left = ev.clientX + 12 + 'px'; tip.style.top = ev.clientY + 12 + 'px'; });
  window.ergSigma = sig;
}
$('entity-count').textContent = String(nN);
requestAnimationFrame(function () {
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
  document.documentElement.dataset.ready = sig ? 'true' : 'no-webgl';
});
})();
