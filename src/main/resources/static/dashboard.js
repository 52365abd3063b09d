/*
 * Logwarden dashboard. Talks only to the public REST API (/api/v1/...) and the WebSocket whose URL
 * GET /api/v1/streaming/status announces.
 *
 * Load discipline (the pipeline can push ~1,000 score messages a second):
 *  - WebSocket handlers only update in-memory state and mark what is dirty; one render pass runs at
 *    most every RENDER_EVERY_MS (timer + requestAnimationFrame), so the DOM and the chart are touched
 *    at most ~10 times a second however fast messages arrive;
 *  - every buffer is bounded: the chart keeps one point per source per bucket (its range / CHART_SLOTS) in a
 *    fixed ring (the highest score of the bucket wins, so peaks survive; the mean is kept beside it), at most
 *    MAX_SOURCES sources; what happened before the page opened comes from GET /api/v1/scores/aggregate;
 *    at most MAX_INCIDENT_ROWS incident rows are shown and MAX_PENDING new ones counted behind the "N new" bar;
 *    incident messages never fetch per message: one request a second at most asks the server for the first page.
 */
(function () {
  'use strict';

  const RENDER_EVERY_MS = 100;
  const CHART_SLOTS = 300; // buckets across the chart's range: 3 s for 15 minutes, 12 s for an hour
  const CHART_RANGES = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 24 * 3600e3 };
  const CHART_DEFAULT_RANGE = '15m';
  const MAX_SOURCES = 8;
  const INCIDENT_PAGE = 50;
  const MAX_INCIDENT_ROWS = 500;
  const MAX_PENDING = 500;
  const PEEK_AFTER_MS = 1000;
  const SCORE_HELP = 'Score 0-10: how unexpected the line is after the lines before it. 0-3 usual, '
    + '7 and above raises an alert (the dashed line on the chart); 10: a pattern never seen. '
    + 'Severity grows with the score: LOW, MEDIUM, HIGH, CRITICAL.';
  // logwarden.scoring.alert defaults to 7; the status endpoint may announce the configured value as
  // scorer.alert_threshold, which then wins.
  const DEFAULT_THRESHOLD = 7;
  const STATUS_EVERY_MS = 5000;
  const BACKOFF_FIRST_S = 1;
  const BACKOFF_MAX_S = 30;
  const OFFLINE_AFTER_FAILURES = 4;
  const CHART_QUIET_MS = 30000; // a source without a score for this long may leave the chart for a new one
  const SILENCE_LIMIT_MS = 15000; // stats arrive every second; this much silence means a dead socket
  const PING_EVERY_MS = 10000;
  const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

  const $ = (id) => document.getElementById(id);
  const state = {
    threshold: DEFAULT_THRESHOLD,
    ws: null,
    wsUrl: null,
    failures: 0,
    retryAt: 0,
    retryTimer: null,
    lastMessageAt: 0,
    everConnected: false,
    everStatus: false,
    lastUpdateAt: 0,
    alertsReceived: 0,
    sources: new Set(),
    stats: null,
    scoresReceived: 0,
    paused: false,
    dirty: { chart: false, incidents: false, stats: false, sources: false },
    renderPending: false,
    lastRender: 0,
    renders: 0,
  };

  // ---------- REST helpers ----------
  // The session cookie logs us in; state-changing calls also send the CSRF token Spring Security puts in the
  // XSRF-TOKEN cookie (a page of another site can neither read it nor make the service accept a call without it).
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }
  function loginExpired() {
    window.location.assign('/login');
  }
  const logoutForm = document.getElementById('logout-form');
  if (logoutForm) {
    logoutForm.addEventListener('submit', () => { document.getElementById('logout-csrf').value = csrfToken(); });
  }
  async function api(method, path, body) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') {
      init.headers['X-XSRF-TOKEN'] = csrfToken();
    }
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'the service cannot be reached (' + e.message + ')');
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: reported below */ }
    if (response.status === 401) {
      loginExpired();
    }
    if (!response.ok) {
      const message = json && json.message ? json.message : (response.status + ' ' + (response.statusText || 'error'));
      throw new ApiError(response.status, json && json.error, message);
    }
    return json;
  }
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  // ---------- alerts: one shape for REST (camelCase entity) and WebSocket (snake_case) ----------
  function normaliseAlert(a) {
    return {
      id: a.id,
      severity: a.severity,
      score: a.score,
      source: a.source,
      labels: a.labels || null,
      createdAt: a.created_at || a.createdAt,
      sequence: a.sequence || [],
      templates: a.templates || [],
      sampleLines: a.sample_lines || a.sampleLines || [],
      expected: a.expected || [],
      reason: a.reason || '',
      scorer: a.scorer || '',
      firstLine: a.first_line != null ? a.first_line : a.firstLine,
      lastLine: a.last_line != null ? a.last_line : a.lastLine,
      acknowledged: !!a.acknowledged,
    };
  }

  // ---------- incidents: the server filters, pages and searches; the page keeps its list still ----------
  // inc.order is what the list shows, in the order it was loaded. Changes to a shown incident update its
  // row in place; incidents that are new to the list wait in inc.pending behind the "N new" bar until the
  // user asks for them, so a row never moves under the pointer.
  const inc = {
    views: new Map(),     // id -> incident view (snake_case, as the API and the WebSocket send it)
    order: [],            // ids shown, top to bottom
    rows: new Map(),      // id -> <li>
    pending: new Map(),   // id -> view of incidents the list does not show yet
    dirty: new Set(),     // ids whose row needs an update
    expanded: new Set(),
    selected: new Set(),
    details: new Map(),   // id -> answer of GET /incidents/{id}
    next: null,           // next_cursor of the last page loaded: where "older" reads on
    total: 0,
    loaded: false,
    peekTimer: null,
    rebuild: false,
    generation: 0,        // bumped by every reload: answers to an older question are dropped
  };

  const RANGES = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };
  const STATE_FILTERS = { active: 'open,acknowledged', open: 'open', acknowledged: 'acknowledged', snoozed: 'snoozed',
    resolved: 'resolved', all: '' };
  const FILTER_DEFAULTS = { state: 'active', min_severity: '', source: '', q: '', range: '' };
  const FILTER_CONTROLS = { state: 'filter-state', min_severity: 'filter-severity', source: 'filter-source', q: 'filter-text',
    range: 'filter-range' };

  function filters() {
    const f = {};
    for (const [name, id] of Object.entries(FILTER_CONTROLS)) f[name] = $(id).value.trim();
    return f;
  }

  // from the top, or after a cursor: pages read by cursor never repeat or skip a row while a storm adds incidents
  function incidentQuery(cursor) {
    const f = filters();
    const q = new URLSearchParams({ size: String(INCIDENT_PAGE) });
    if (cursor) q.set('cursor', cursor);
    const states = STATE_FILTERS[f.state] != null ? STATE_FILTERS[f.state] : STATE_FILTERS.active;
    if (states) q.set('state', states);
    if (f.min_severity) q.set('min_severity', f.min_severity);
    if (f.source) q.set('source', f.source);
    if (f.q) q.set('q', f.q);
    if (RANGES[f.range]) q.set('since', new Date(Date.now() - RANGES[f.range]).toISOString());
    return '/api/v1/incidents?' + q.toString();
  }

  // the view lives in the address: a reload or a shared link shows the same filters (and open incident)
  function writeUrl() {
    const f = filters();
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(f)) if (value && value !== FILTER_DEFAULTS[name]) q.set(name, value);
    const open = [...inc.expanded];
    if (open.length === 1) q.set('incident', String(open[0]));
    if (chart.range !== CHART_DEFAULT_RANGE) q.set('chart', chart.range);
    if (chart.range === 'custom') {
      q.set('chart_from', new Date(chart.from).toISOString());
      q.set('chart_to', new Date(chart.to).toISOString());
    }
    const search = q.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
  }

  function readUrl() {
    const q = new URLSearchParams(location.search);
    for (const [name, id] of Object.entries(FILTER_CONTROLS)) {
      const value = q.get(name);
      if (value == null) continue;
      const control = $(id);
      if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === value)) {
        const option = document.createElement('option'); // e.g. a source this page has not seen yet
        option.value = value;
        option.textContent = value;
        control.append(option);
      }
      control.value = value;
    }
    const linked = Number(q.get('incident'));
    if (linked > 0) inc.expanded.add(linked);
    const range = q.get('chart');
    const from = Date.parse(q.get('chart_from') || '');
    const to = Date.parse(q.get('chart_to') || '');
    if (range === 'custom' && from < to) return { range, from, to };
    return { range: CHART_RANGES[range] ? range : CHART_DEFAULT_RANGE };
  }

  async function reloadIncidents() {
    const generation = ++inc.generation;
    try {
      const answer = await api('GET', incidentQuery(null));
      if (generation !== inc.generation) return; // the filters changed meanwhile: a newer reload answers
      inc.views.clear();
      inc.pending.clear();
      inc.order = [];
      answer.incidents.forEach((v) => { inc.views.set(v.id, v); inc.order.push(v.id); });
      // a linked incident outside the filters still opens: it is fetched and shown first
      for (const id of inc.expanded) {
        if (!inc.views.has(id)) {
          try {
            const one = await api('GET', '/api/v1/incidents/' + id);
            inc.views.set(id, one.incident);
            inc.order.unshift(id);
            inc.details.set(id, one);
          } catch (e) {
            inc.expanded.delete(id);
            $('incidents-error').textContent = 'Incident ' + id + ': ' + e.message;
          }
        }
      }
      // an incident opened by the address (or open before a reload) shows its detail again
      for (const id of inc.expanded) if (!inc.details.has(id)) loadDetail(id);
      inc.next = answer.next_cursor;
      inc.total = answer.total;
      inc.loaded = true;
      inc.rebuild = true;
      $('incidents-error').textContent = '';
    } catch (e) {
      $('incidents-error').textContent = 'Could not load incidents: ' + e.message;
    }
    state.dirty.incidents = true;
    schedule();
  }

  async function loadOlder(button) {
    button.disabled = true;
    const generation = inc.generation;
    try {
      const answer = await api('GET', incidentQuery(inc.next));
      if (generation !== inc.generation) { button.disabled = false; return; }
      inc.next = answer.next_cursor; // its total counts what follows the cursor: the first page's stays
      answer.incidents.forEach((v) => {
        if (!inc.views.has(v.id) && inc.order.length < MAX_INCIDENT_ROWS) { inc.views.set(v.id, v); inc.order.push(v.id); }
      });
      $('incidents-error').textContent = '';
    } catch (e) {
      $('incidents-error').textContent = 'Could not load older incidents: ' + e.message;
    }
    button.disabled = false;
    state.dirty.incidents = true;
    schedule();
  }

  // the first page as the server has it now: shown incidents are updated, the others wait behind "N new"
  async function peekIncidents() {
    inc.peekTimer = null;
    if (!inc.loaded) return;
    openIncidentCount();
    const generation = inc.generation;
    try {
      const answer = await api('GET', incidentQuery(null));
      if (generation !== inc.generation) return;
      answer.incidents.forEach((v) => {
        if (inc.views.has(v.id)) { inc.views.set(v.id, v); inc.dirty.add(v.id); }
        else if (inc.pending.size < MAX_PENDING || inc.pending.has(v.id)) inc.pending.set(v.id, v);
      });
      inc.total = answer.total;
      $('incidents-error').textContent = '';
    } catch (e) {
      $('incidents-error').textContent = 'Could not check for new incidents: ' + e.message;
    }
    state.dirty.incidents = true;
    schedule();
  }

  function schedulePeek() {
    // at most one request a second however many incident messages arrive
    if (!inc.peekTimer) inc.peekTimer = setTimeout(peekIncidents, PEEK_AFTER_MS);
  }

  function onIncidentEvent(event) {
    const v = event && event.incident;
    if (!v || v.id == null) return;
    noteSource(v.source);
    if (inc.views.has(v.id)) {
      inc.views.set(v.id, v);
      inc.dirty.add(v.id);
      if (inc.details.has(v.id)) inc.details.get(v.id).incident = v;
      state.dirty.incidents = true;
      schedule();
    } else {
      schedulePeek();
    }
  }

  function applyIncident(v) {
    if (!v || v.id == null) return;
    if (inc.views.has(v.id)) { inc.views.set(v.id, v); inc.dirty.add(v.id); }
    if (inc.details.has(v.id)) inc.details.get(v.id).incident = v;
    state.dirty.incidents = true;
    schedule();
  }

  async function incidentAction(id, action, body, errorBox, button) {
    if (button) button.disabled = true;
    errorBox.textContent = '';
    try {
      const answer = await api('POST', '/api/v1/incidents/' + id + '/' + action, body || {});
      applyIncident(answer);
      return true;
    } catch (e) {
      errorBox.textContent = ACTION_LABELS[action] + ' failed: ' + e.message;
      if (button) button.disabled = false;
      return false;
    }
  }

  async function bulkAction(action) {
    const ids = [...inc.selected];
    const result = $('bulk-result');
    const error = $('bulk-error');
    result.textContent = '';
    error.textContent = '';
    if (ids.length === 0) { error.textContent = 'Select incidents first (the box at the start of each row).'; return; }
    const body = { ids };
    const comment = $('bulk-comment').value.trim();
    if (comment) body.comment = comment;
    if (action === 'snooze') body.for = $('bulk-snooze-for').value;
    document.querySelectorAll('#bulk button').forEach((b) => { b.disabled = true; });
    try {
      const answer = await api('POST', '/api/v1/incidents/' + action, body);
      (answer.incidents || []).forEach(applyIncident);
      result.textContent = answer.updated + ' incident' + (answer.updated === 1 ? '' : 's') + ' ' + ACTION_DONE[action] + '.';
      inc.selected.clear();
      $('bulk-comment').value = '';
      inc.order.forEach((id) => inc.dirty.add(id));
    } catch (e) {
      error.textContent = ACTION_LABELS[action] + ' failed: ' + e.message;
    }
    document.querySelectorAll('#bulk button').forEach((b) => { b.disabled = false; });
    renderBulk();
  }

  async function loadDetail(id) {
    try {
      const answer = await api('GET', '/api/v1/incidents/' + id);
      inc.details.set(id, answer);
      applyIncident(answer.incident);
    } catch (e) {
      inc.details.set(id, { error: e.message });
    }
    inc.dirty.add(id);
    state.dirty.incidents = true;
    schedule();
  }

  async function openIncidentCount() {
    try {
      const answer = await api('GET', '/api/v1/incidents?state=open&size=1');
      $('stat-open').textContent = numberFormat.format(answer.total);
    } catch (e) { /* the tile keeps its last value; greyed while offline */ }
  }

  // ---------- chart state: a fixed ring of buckets over the chosen time range ----------
  // chart.range is 15m, 1h, 24h (ending now: live scores append) or custom (chart.from..chart.to, fixed; live
  // scores append only while "to" is still ahead). The stored history fills the ring first.
  const chart = { range: CHART_DEFAULT_RANGE, from: 0, to: 0, bucketMs: 3000, generation: 0, request: null, answer: null };
  const ring = new Array(CHART_SLOTS + 2).fill(null); // slot -> {bucket, points: Map(source -> point)}
  const sourceOrder = []; // chart series, first seen first, at most MAX_SOURCES
  const sourceSeen = new Map(); // source -> when its last score arrived
  const notDrawn = new Set(); // sources left out while MAX_SOURCES busy ones are drawn; the page says so
  const finished = new Set(); // stopped files and finished uploads: off the chart until they score again

  function chartWindow() {
    if (chart.range === 'custom') return [chart.from, chart.to];
    const to = Date.now();
    return [to - CHART_RANGES[chart.range], to];
  }
  function chartFollowsNow() { return chart.range !== 'custom' || chart.to > Date.now(); }
  function bucketFor(span) { return Math.max(1000, Math.ceil(span / CHART_SLOTS / 1000) * 1000); }

  // a place among the drawn series, or false when MAX_SOURCES busier ones hold them all
  function placeSource(source, seenAt) {
    if (sourceOrder.indexOf(source) >= 0) return true;
    if (finished.has(source)) return false;
    if (sourceOrder.length >= MAX_SOURCES) {
      // a stopped file or a finished upload gives its place to a source that is scoring now
      const quietest = sourceOrder.reduce((q, src) => (sourceSeen.get(src) || 0) < (sourceSeen.get(q) || 0) ? src : q, sourceOrder[0]);
      if (seenAt - (sourceSeen.get(quietest) || 0) < CHART_QUIET_MS) {
        if (!notDrawn.has(source) && notDrawn.size < 1000) { notDrawn.add(source); state.dirty.chartNote = true; }
        return false;
      }
      sourceOrder.splice(sourceOrder.indexOf(quietest), 1);
      sourceSeen.delete(quietest);
    }
    notDrawn.delete(source);
    state.dirty.chartNote = true;
    sourceOrder.push(source);
    rebuildChart = true;
    return true;
  }

  function sourceFinished(source) {
    if (finished.has(source) || finished.size >= 1000) return;
    finished.add(source);
    const i = sourceOrder.indexOf(source);
    if (i >= 0) {
      sourceOrder.splice(i, 1);
      sourceSeen.delete(source);
      rebuildChart = true;
      state.dirty.chart = true;
    }
    notDrawn.delete(source);
    state.dirty.chartNote = true;
    schedule();
  }
  function sourceRunning(source) {
    if (finished.delete(source)) { state.dirty.chartNote = true; schedule(); }
  }

  function cellAt(bucket) {
    const slot = bucket % ring.length;
    let cell = ring[slot];
    if (!cell || cell.bucket !== bucket) {
      cell = { bucket, points: new Map() };
      ring[slot] = cell;
    }
    return cell;
  }

  function addScore(s) {
    state.scoresReceived++;
    state.dirty.stats = true;
    noteSource(s.source);
    if (!chartFollowsNow()) { schedule(); return; }
    const now = Date.now();
    sourceSeen.set(s.source, now);
    if (!placeSource(s.source, now)) { schedule(); return; }
    // placed by arrival time, not the server's timestamp, so a skewed clock cannot push points off the chart
    const cell = cellAt(Math.floor(now / chart.bucketMs));
    let p = cell.points.get(s.source);
    if (!p) { p = { score: -1, sum: 0, count: 0, stored: 0 }; cell.points.set(s.source, p); }
    p.sum += s.score;
    p.count++;
    if (s.score >= p.score) {
      Object.assign(p, { score: s.score, severity: s.severity, alert: !!s.alert, sequence: s.sequence || [],
        templates: s.templates || [], reason: s.reason || '', lastLine: s.lastLine });
    }
    state.dirty.chart = true;
    schedule();
  }

  // the stored history of the range: the highest and mean alert score per source and bucket
  async function loadHistory() {
    const generation = ++chart.generation;
    const [from, to] = chartWindow();
    // aligned to the bucket, so the server's buckets are the ring's buckets
    const alignedFrom = Math.floor(from / chart.bucketMs) * chart.bucketMs;
    const q = new URLSearchParams({ from: new Date(alignedFrom).toISOString(), to: new Date(to).toISOString(),
      bucket: String(chart.bucketMs / 1000) });
    chart.request = '/api/v1/scores/aggregate?' + q.toString();
    $('chart-history').textContent = 'Loading stored scores…';
    let answer;
    try {
      answer = await api('GET', chart.request);
    } catch (e) {
      if (generation === chart.generation) $('chart-history').textContent = 'Stored scores unavailable: ' + e.message;
      return;
    }
    if (generation !== chart.generation) return; // the range changed meanwhile
    chart.answer = answer;
    let stored = 0;
    for (const series of answer.series || []) {
      for (const b of series.buckets) {
        const at = Date.parse(b.start);
        const seen = Math.max(sourceSeen.get(series.source) || 0, at);
        if (!placeSource(series.source, seen)) break;
        sourceSeen.set(series.source, seen);
        const cell = cellAt(Math.floor(at / chart.bucketMs));
        let p = cell.points.get(series.source);
        if (!p) { p = { score: -1, sum: 0, count: 0, stored: 0, alert: true }; cell.points.set(series.source, p); }
        p.sum += b.mean * b.count;
        p.count += b.count;
        p.stored += b.count;
        if (b.max > p.score) Object.assign(p, { score: b.max, severity: b.severity, alert: true });
        stored += b.count;
      }
    }
    $('chart-history').textContent = 'Before this page opened the chart shows stored alerts only ('
      + numberFormat.format(stored) + ' in this range, highest score per ' + bucketWords(chart.bucketMs)
      + '); since then, every score.';
    state.dirty.chart = true;
    schedule();
  }

  function bucketWords(ms) {
    const sec = ms / 1000;
    return sec % 60 === 0 ? (sec / 60) + ' min' : sec + ' s';
  }

  function setChartRange(range, from, to) {
    chart.range = range;
    if (range === 'custom') { chart.from = from; chart.to = to; }
    const [f, t] = chartWindow();
    chart.bucketMs = bucketFor(t - f);
    ring.fill(null);
    sourceOrder.length = 0;
    sourceSeen.clear();
    notDrawn.clear();
    state.dirty.chartNote = true;
    rebuildChart = true;
    state.dirty.chart = true;
    $('chart-range').value = range;
    $('chart-custom').hidden = range !== 'custom';
    if (range === 'custom') { $('chart-from').value = localInput(from); $('chart-to').value = localInput(to); }
    schedule();
    return loadHistory();
  }

  // <input type=datetime-local> speaks local time without a zone
  function localInput(ms) {
    const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60e3);
    return d.toISOString().slice(0, 16);
  }

  let plot = null;
  let rebuildChart = true;
  let chartCells = []; // cells behind the current chart's x positions, for the hover tooltip

  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

  function chartWidth() { return Math.max(280, $('chart').clientWidth); }

  function pointsOnly(color) {
    return { show: true, size: 9, stroke: color, fill: color, width: 1 };
  }

  function buildChart() {
    if (plot) { plot.destroy(); plot = null; }
    const series = [{}];
    sourceOrder.forEach((source, i) => {
      series.push({
        label: shortName(source), stroke: css('--s' + (i % 8)), width: 1.5, spanGaps: true,
        points: { show: false },
      });
    });
    series.push({ label: 'threshold', stroke: css('--threshold'), width: 1, dash: [6, 4], points: { show: false } });
    ['MEDIUM', 'HIGH', 'CRITICAL'].forEach((sev) => {
      const color = css('--sev-' + sev.toLowerCase());
      series.push({ label: 'alert ' + sev, stroke: color, paths: () => null, points: pointsOnly(color) });
    });
    const axis = { stroke: css('--muted'), grid: { stroke: css('--chart-grid'), width: 1 }, ticks: { stroke: css('--chart-grid') } };
    const clock = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
    const [from, to] = chartWindow();
    const withDate = to - from > 20 * 3600e3;
    const timeAxis = Object.assign({}, axis, { space: withDate ? 110 : 90, values: (u, splits) => splits.map((v) => withDate
      ? new Date(v * 1000).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
      : new Date(v * 1000).toLocaleTimeString([], clock)) });
    plot = new uPlot({
      width: chartWidth(),
      height: 260,
      series,
      scales: { x: { time: true }, y: { range: [0, 10] } },
      axes: [timeAxis, Object.assign({}, axis, { size: 36 })],
      // dragging across the chart zooms into that time (a custom range asked of the server)
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      legend: { live: false },
      hooks: { setCursor: [showTip], setSelect: [zoomToSelection] },
    }, emptyData(series.length), $('chart'));
    rebuildChart = false;
  }

  function emptyData(n) { return Array.from({ length: n }, () => []); }

  function zoomToSelection(u) {
    if (u.select.width < 6) return;
    const from = u.posToVal(u.select.left, 'x') * 1000;
    const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
    u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    setChartRange('custom', Math.floor(from), Math.ceil(to));
    writeUrl();
  }

  function chartData() {
    const [from, to] = chartWindow();
    const newest = Math.floor(to / chart.bucketMs);
    const oldest = Math.floor(from / chart.bucketMs);
    const cells = ring.filter((c) => c && c.bucket >= oldest && c.bucket <= newest).sort((a, b) => a.bucket - b.bucket);
    const x = [];
    const perSource = sourceOrder.map(() => []);
    const threshold = [];
    const bySeverity = { MEDIUM: [], HIGH: [], CRITICAL: [] };
    for (const cell of cells) {
      x.push(cell.bucket * chart.bucketMs / 1000);
      threshold.push(state.threshold);
      let alertSeverity = null, alertScore = null;
      sourceOrder.forEach((source, i) => {
        const p = cell.points.get(source);
        perSource[i].push(p ? p.score : null);
        if (p && p.alert && (alertScore === null || p.score > alertScore)) { alertScore = p.score; alertSeverity = p.severity; }
      });
      for (const sev of Object.keys(bySeverity)) bySeverity[sev].push(alertSeverity === sev ? alertScore : null);
    }
    chartCells = cells;
    // the x axis spans the whole range even where no bucket has a score
    if (x.length === 0 || x[0] > oldest * chart.bucketMs / 1000) {
      x.unshift(oldest * chart.bucketMs / 1000);
      perSource.forEach((s) => s.unshift(null));
      threshold.unshift(state.threshold);
      Object.values(bySeverity).forEach((s) => s.unshift(null));
      chartCells = [null].concat(chartCells);
    }
    if (x[x.length - 1] < newest * chart.bucketMs / 1000) {
      x.push(newest * chart.bucketMs / 1000);
      perSource.forEach((s) => s.push(null));
      threshold.push(state.threshold);
      Object.values(bySeverity).forEach((s) => s.push(null));
      chartCells = chartCells.concat([null]);
    }
    return [x, ...perSource, threshold, bySeverity.MEDIUM, bySeverity.HIGH, bySeverity.CRITICAL];
  }

  function showTip(u) {
    const tip = $('chart-tip');
    const idx = u.cursor.idx;
    const cell = idx == null ? null : chartCells[idx];
    if (!cell) { tip.hidden = true; return; }
    // the highest-scoring source in this bucket explains the moment best
    let best = null, bestSource = null;
    cell.points.forEach((p, source) => { if (!best || p.score > best.score) { best = p; bestSource = source; } });
    if (!best) { tip.hidden = true; return; }
    tip.replaceChildren();
    const head = document.createElement('div');
    head.innerHTML = '';
    head.append(badge(best.severity), ' ', text('strong', best.score.toFixed(2)), ' ', text('span', shortName(bestSource)),
      ' ', text('span', new Date(cell.bucket * chart.bucketMs).toLocaleString()));
    tip.append(head);
    if (best.count > 1 || best.stored) {
      tip.append(text('div', 'highest ' + best.score.toFixed(2) + ', mean ' + (best.sum / best.count).toFixed(2) + ' of '
        + best.count + (best.stored === best.count ? ' stored alert' : ' score') + (best.count === 1 ? '' : 's')
        + ' in ' + bucketWords(chart.bucketMs)));
    }
    if (best.reason) tip.append(text('div', best.reason));
    const list = document.createElement('ol');
    (best.sequence || []).forEach((id, i) => {
      const li = text('li', best.templates[i] || '');
      if (i === best.sequence.length - 1) li.className = 'newest';
      list.append(li);
    });
    tip.append(list);
    const left = u.cursor.left + u.over.offsetLeft;
    const top = u.cursor.top + u.over.offsetTop;
    tip.hidden = false;
    const width = tip.offsetWidth;
    const cardWidth = $('chart').parentElement.clientWidth;
    tip.style.left = Math.max(8, Math.min(left + 16, cardWidth - width - 8)) + 'px';
    tip.style.top = (top + 40) + 'px';
  }

  // ---------- render loop ----------
  function schedule() {
    if (state.renderPending) return;
    state.renderPending = true;
    const wait = Math.max(0, RENDER_EVERY_MS - (performance.now() - state.lastRender));
    setTimeout(() => requestAnimationFrame(render), wait);
  }

  function render() {
    state.renderPending = false;
    state.lastRender = performance.now();
    state.renders++;
    if (state.dirty.stats) { renderStats(); state.dirty.stats = false; }
    if (state.dirty.sources) { renderSourceFilter(); state.dirty.sources = false; }
    if (state.dirty.chartNote) {
      // a left-out source that went quiet is no longer "scoring"
      const quietSince = Date.now() - CHART_QUIET_MS;
      for (const src of notDrawn) if ((sourceSeen.get(src) || 0) < quietSince) { notDrawn.delete(src); sourceSeen.delete(src); }
      const notes = [];
      if (notDrawn.size) notes.push(notDrawn.size + ' more source' + (notDrawn.size === 1 ? '' : 's')
        + ' scoring but not drawn: the chart shows ' + MAX_SOURCES + ' at most');
      if (finished.size) notes.push(finished.size + ' stopped or finished source' + (finished.size === 1 ? '' : 's')
        + ' left the chart');
      $('chart-note').textContent = notes.join('; ');
      state.dirty.chartNote = false;
    }
    if (state.dirty.incidents) { renderIncidents(); state.dirty.incidents = false; }
    if (state.dirty.chart && !state.paused) {
      if (rebuildChart || !plot) buildChart();
      plot.setData(chartData());
      state.dirty.chart = false;
    }
  }

  // the chart scrolls even when nothing arrives, so an idle source visibly goes quiet
  setInterval(() => {
    if (!document.hidden) { state.dirty.chart = true; state.dirty.chartNote = notDrawn.size > 0; schedule(); }
  }, 1000);

  // ---------- stats ----------
  const numberFormat = new Intl.NumberFormat();
  function renderStats() {
    const s = state.stats;
    if (s) {
      $('stat-processed').textContent = numberFormat.format(s.processed);
      $('stat-alerts').textContent = numberFormat.format(s.alerts);
      $('stat-errors').textContent = numberFormat.format(s.errors);
      $('stat-unseen').textContent = numberFormat.format(s.unseen_templates || 0);
      $('stat-throughput').textContent = Number(s.throughput || 0).toFixed(1);
    }
    $('stat-scores').textContent = numberFormat.format(state.scoresReceived);
  }

  // ---------- sources (filter choices) ----------
  function noteSource(source) {
    if (source && !state.sources.has(source) && state.sources.size < 200) {
      state.sources.add(source);
      state.dirty.sources = true;
    }
  }

  function renderSourceFilter() {
    const select = $('filter-source');
    const have = new Set(Array.from(select.options).map((o) => o.value));
    [...state.sources].sort().forEach((source) => {
      if (!have.has(source)) {
        const option = document.createElement('option');
        option.value = source;
        option.textContent = source;
        select.append(option);
      }
    });
  }

  // ---------- incidents list ----------
  const ACTION_LABELS = { ack: 'Acknowledge', resolve: 'Resolve', snooze: 'Snooze', reopen: 'Reopen' };
  const ACTION_DONE = { ack: 'acknowledged', resolve: 'resolved', snooze: 'snoozed', reopen: 'reopened' };
  const STATE_WORDS = { OPEN: 'open', ACKNOWLEDGED: 'acknowledged', SNOOZED: 'snoozed', RESOLVED: 'resolved' };

  function renderIncidents() {
    const list = $('incidents');
    if (inc.rebuild) {
      // a reload (the user asked for it): rows are rebuilt in the server's order
      inc.rows.forEach((row) => row.remove());
      inc.rows.clear();
      inc.rebuild = false;
    }
    const wanted = new Set(inc.order);
    for (const [id, row] of inc.rows) {
      if (!wanted.has(id)) { row.remove(); inc.rows.delete(id); }
    }
    inc.order.forEach((id, i) => {
      let row = inc.rows.get(id);
      if (!row) { row = createIncidentRow(id); inc.rows.set(id, row); updateIncidentRow(row, id); }
      else if (inc.dirty.has(id)) updateIncidentRow(row, id);
      if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null);
    });
    inc.dirty.clear();
    for (const id of [...inc.selected]) if (!wanted.has(id)) inc.selected.delete(id);
    const empty = $('incidents-empty');
    empty.hidden = inc.order.length > 0 || !inc.loaded;
    empty.textContent = isFiltered() ? 'No incident matches these filters.' : 'No incidents: nothing unusual has been seen.';
    const pending = inc.pending.size;
    const bar = $('new-bar');
    bar.hidden = pending === 0;
    bar.textContent = (pending >= MAX_PENDING ? MAX_PENDING + '+' : pending) + ' new incident' + (pending === 1 ? '' : 's')
      + ' — show (key n)';
    const more = !!inc.next && inc.order.length < MAX_INCIDENT_ROWS;
    $('older').hidden = !more;
    $('incidents-count').textContent = inc.loaded ? 'showing ' + numberFormat.format(inc.order.length) + ' of '
      + numberFormat.format(inc.total) : '';
    renderBulk();
  }

  function isFiltered() {
    const f = filters();
    return Object.keys(FILTER_DEFAULTS).some((k) => f[k] && f[k] !== FILTER_DEFAULTS[k]);
  }

  function renderBulk() {
    const n = inc.selected.size;
    $('bulk-selected').textContent = n === 0 ? 'none selected' : n + ' selected';
    const all = $('select-all');
    all.checked = n > 0 && n === inc.order.length;
    all.indeterminate = n > 0 && n < inc.order.length;
  }

  function createIncidentRow(id) {
    const row = document.createElement('li');
    row.className = 'incident-row';
    row.dataset.id = id;
    const line = document.createElement('div');
    line.className = 'incident-line';
    const select = document.createElement('input');
    select.type = 'checkbox';
    select.className = 'select';
    select.setAttribute('aria-label', 'Select incident ' + id);
    select.addEventListener('change', () => {
      if (select.checked) inc.selected.add(id); else inc.selected.delete(id);
      renderBulk();
    });
    const ack = document.createElement('button');
    ack.type = 'button';
    ack.className = 'ack';
    ack.addEventListener('click', () => incidentAction(id, 'ack', {}, row.querySelector('.row-error'), ack));
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.textContent = 'Details';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', () => {
      if (inc.expanded.has(id)) inc.expanded.delete(id);
      else { inc.expanded.add(id); loadDetail(id); }
      writeUrl();
      updateIncidentRow(row, id);
    });
    const actions = document.createElement('span');
    actions.className = 'incident-actions';
    actions.append(ack, toggle);
    const score = text('span', '', 'incident-score');
    score.title = SCORE_HELP;
    line.append(select, text('span', '', 'badge-slot'), text('span', '', 'state'), text('span', '', 'count'),
      text('span', '', 'incident-source mono'), text('span', '', 'incident-time'), score, actions);
    row.append(line, text('p', '', 'templates mono'), text('p', '', 'row-error inline-error'));
    return row;
  }

  function updateIncidentRow(row, id) {
    const v = inc.views.get(id);
    if (!v) return;
    row.dataset.state = v.state;
    row.classList.toggle('settled', v.state !== 'OPEN');
    row.querySelector('.select').checked = inc.selected.has(id);
    row.querySelector('.badge-slot').replaceChildren(badge(v.severity));
    const stateText = STATE_WORDS[v.state] || String(v.state).toLowerCase();
    row.querySelector('.state').textContent = v.state === 'SNOOZED' && v.snoozed_until
      ? 'snoozed until ' + clock(v.snoozed_until) : stateText;
    row.querySelector('.state').className = 'state state-' + v.state;
    row.querySelector('.count').textContent = numberFormat.format(v.alert_count) + (v.alert_count === 1 ? ' alert' : ' alerts');
    const source = row.querySelector('.incident-source');
    // a kubelet log name ends in a 64-digit container id: the workload tells the operator more
    source.textContent = workload(v.labels) || shortName(v.source);
    source.title = v.source;
    const time = row.querySelector('.incident-time');
    time.textContent = v.alert_count > 1 ? clock(v.first_seen) + ' – ' + clock(v.last_seen) : clock(v.last_seen);
    time.title = 'first seen ' + formatTime(v.first_seen) + ', last seen ' + formatTime(v.last_seen);
    row.querySelector('.incident-score').textContent = 'worst ' + Number(v.highest_score).toFixed(1) + ' / 10';
    const templates = v.templates || [];
    row.querySelector('.templates').textContent = templates.length
      ? 'Unusual: ' + templates.slice(0, 3).join('  ·  ') + (templates.length > 3 ? '  (+' + (templates.length - 3) + ' more)' : '')
      : '';
    const ack = row.querySelector('.ack');
    ack.hidden = v.state !== 'OPEN' && v.state !== 'ACKNOWLEDGED';
    ack.textContent = v.state === 'ACKNOWLEDGED' ? 'Acknowledged' : 'Acknowledge';
    ack.disabled = v.state !== 'OPEN';
    ack.setAttribute('aria-label', (v.state === 'ACKNOWLEDGED' ? 'Acknowledged' : 'Acknowledge') + ' incident ' + id);
    const open = inc.expanded.has(id);
    row.querySelector('.toggle').setAttribute('aria-expanded', String(open));
    row.querySelector('.toggle').setAttribute('aria-label', (open ? 'Hide' : 'Show') + ' details of incident ' + id);
    const old = row.querySelector('.detail');
    if (!open) { if (old) old.remove(); return; }
    const detail = incidentDetail(id, v, old);
    if (detail !== old) { if (old) old.remove(); row.append(detail); }
  }

  function incidentDetail(id, v, old) {
    const answer = inc.details.get(id);
    const box = (answer && answer.box) || document.createElement('div');
    box.className = 'detail';
    if (!answer) { box.replaceChildren(text('p', 'Loading…', 'hint')); return box; }
    if (answer.error) { box.replaceChildren(text('p', 'Could not load the incident: ' + answer.error, 'inline-error')); return box; }
    // built once per answer (the context lines and feedback results are filled in later); later changes
    // of the incident only change which actions are offered
    if (answer.box) { setActionStates(answer.box, v); return answer.box; }
    answer.box = box;
    const alerts = answer.alerts.map(normaliseAlert);
    const worst = alerts.reduce((best, a) => (!best || a.score > best.score ? a : best), null);
    box.replaceChildren();
    box.append(text('h3', 'What happened'));
    const span = v.alert_count > 1 ? 'between ' + formatTime(v.first_seen) + ' and ' + formatTime(v.last_seen) : 'at ' + formatTime(v.last_seen);
    box.append(text('p', numberFormat.format(v.alert_count) + ' unusual ' + (v.alert_count === 1 ? 'moment' : 'moments') + ' in '
      + v.source + ' ' + span + '. The most unusual scored ' + Number(v.highest_score).toFixed(1) + ' of 10 ('
      + String(v.severity).toLowerCase() + ').', 'explain'));
    if (worst && worst.reason) box.append(text('p', 'Why: ' + worst.reason, 'explain'));

    const actions = document.createElement('div');
    actions.className = 'detail-actions';
    const error = text('p', '', 'inline-error detail-error');
    const status = text('p', '', 'ok detail-status');
    status.setAttribute('role', 'status');
    const stateButton = (action, label, body) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'action-' + action;
      b.textContent = label;
      b.addEventListener('click', async () => {
        if (await incidentAction(id, action, body, error, b)) status.textContent = 'Incident ' + ACTION_DONE[action] + '.';
      });
      return b;
    };
    actions.append(
      stateButton('resolve', 'Resolve'), stateButton('snooze', 'Snooze 1 h', { for: '1h' }), stateButton('reopen', 'Reopen'));
    const feedback = document.createElement('div');
    feedback.className = 'detail-actions feedback';
    feedback.append(text('span', 'Was this right?', 'hint'));
    [['normal', 'This is normal'], ['anomaly', 'Real anomaly']].forEach(([verdict, label]) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'feedback-' + verdict;
      b.textContent = label;
      b.title = verdict === 'normal'
        ? 'Teach the model: the sequences that broke here are normal; no alert for them from now on (can be undone under the model).'
        : 'Confirm: this was a real problem (kept as a labelled example).';
      b.addEventListener('click', async () => {
        b.disabled = true;
        error.textContent = '';
        try {
          await api('POST', '/api/v1/incidents/' + id + '/feedback', { verdict });
          status.textContent = verdict === 'normal'
            ? 'Thanks: marked normal. These sequences raise no alert from now on.'
            : 'Thanks: marked as a real anomaly.';
        } catch (e) {
          error.textContent = 'Feedback failed: ' + e.message;
        }
        b.disabled = false;
      });
      feedback.append(b);
    });
    box.append(actions, feedback, status, error);

    if (worst) {
      box.append(text('h3', 'Log lines around the most unusual line (' + (workload(worst.labels) || shortName(worst.source)) + ', line ' + worst.lastLine + ')'));
      const context = document.createElement('div');
      context.className = 'context';
      context.append(text('p', 'Loading the lines…', 'hint'));
      box.append(context);
      loadContext(worst, context);
    }
    box.append(text('h3', 'Alerts (' + answer.alerts_shown + ' of ' + numberFormat.format(v.alert_count) + ' shown)'));
    const list = document.createElement('ol');
    list.className = 'incident-alerts';
    alerts.forEach((a) => list.append(alertItem(a)));
    box.append(list);
    setActionStates(box, v);
    return box;
  }

  function setActionStates(box, v) {
    const enable = (cls, on) => { const b = box.querySelector('.' + cls); if (b) b.disabled = !on; };
    enable('action-resolve', v.state !== 'RESOLVED');
    enable('action-snooze', v.state !== 'RESOLVED');
    enable('action-reopen', v.state !== 'OPEN');
  }

  async function loadContext(alert, box) {
    try {
      const answer = await api('GET', '/api/v1/alerts/' + alert.id + '/context?lines=5');
      box.replaceChildren();
      const pre = document.createElement('div');
      pre.className = 'lines mono';
      pre.tabIndex = 0; // a long line scrolls sideways: the keyboard can scroll it too
      pre.setAttribute('role', 'region');
      pre.setAttribute('aria-label', 'log lines, the judged line marked');
      if (answer.available) {
        answer.lines.forEach((l) => {
          const row = text('div', '', l.judged ? 'line judged' : 'line');
          row.append(text('span', String(l.line), 'lineno'), text('span', l.text, 'linetext'));
          pre.append(row);
        });
      } else {
        box.append(text('p', 'The file no longer has these lines (' + answer.reason + '); the alert\'s own lines:', 'hint'));
        (answer.window || []).forEach((t, i, all) => {
          pre.append(text('div', t, i === all.length - 1 ? 'line judged' : 'line'));
        });
      }
      box.append(pre);
    } catch (e) {
      box.replaceChildren(text('p', 'Could not load the lines: ' + e.message, 'inline-error'));
    }
  }

  function alertItem(a) {
    const li = document.createElement('li');
    li.className = 'alert-item';
    li.dataset.alertId = a.id;
    const head = document.createElement('div');
    head.className = 'alert-line';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'window-toggle';
    toggle.textContent = 'Show lines';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', 'Show the lines of alert ' + a.id);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') === 'true';
      toggle.setAttribute('aria-expanded', String(!open));
      toggle.textContent = open ? 'Show lines' : 'Hide lines';
      const shown = li.querySelector('.window');
      if (open && shown) shown.remove();
      if (!open && !shown) li.append(windowDetails(a));
    });
    const score = text('span', a.score.toFixed(2) + ' / 10', 'alert-score');
    score.title = SCORE_HELP;
    head.append(badge(a.severity), score, text('time', formatTime(a.createdAt), 'alert-time'),
      text('span', a.lastLine > 0 ? 'line ' + a.lastLine : '', 'alert-time'));
    if (a.labels) {
      const labels = text('span', workload(a.labels), 'alert-labels mono');
      labels.title = a.source;
      head.append(labels);
    }
    head.append(toggle);
    li.append(head, text('p', a.reason, 'alert-reason'));
    return li;
  }

  function windowDetails(a) {
    const box = document.createElement('div');
    box.className = 'window';
    const scroll = document.createElement('div');
    scroll.className = 'table-scroll';
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-label', 'lines of alert ' + a.id);
    const table = document.createElement('table');
    const head = document.createElement('tr');
    ['pattern', 'log line'].forEach((h) => head.append(text('th', h)));
    table.append(head);
    a.sequence.forEach((id, i) => {
      const tr = document.createElement('tr');
      if (i === a.sequence.length - 1) tr.className = 'judged';
      const pattern = text('td', a.templates[i] || '', 'mono');
      pattern.title = 'pattern #' + id;
      tr.append(pattern, text('td', a.sampleLines[i] || '', 'mono sample'));
      table.append(tr);
    });
    scroll.append(table);
    const lines = a.lastLine > 0 ? 'lines ' + a.firstLine + '–' + a.lastLine + '; ' : '';
    box.append(text('h4', 'The lines judged together (' + lines + 'the judged line is last, in bold; scored by ' + a.scorer + ')'), scroll);
    if (a.expected.length) {
      box.append(text('h4', 'What the model expected instead'));
      const list = document.createElement('ul');
      a.expected.forEach((p) => list.append(text('li',
        (p.template || '#' + p.templateId) + ' (' + (100 * (p.probability || 0)).toFixed(1) + ' %)', 'mono')));
      box.append(list);
    }
    return box;
  }

  // ---------- files and status ----------
  // refreshes overlap (timer, start, stop, reconnect): an answer older than the one shown is dropped,
  // or a stopped file would flip back to running until the next refresh
  let statusAsked = 0, statusShown = 0;
  async function refreshStatus() {
    const asked = ++statusAsked;
    try {
      const status = await api('GET', '/api/v1/streaming/status');
      if (asked < statusShown) return status;
      statusShown = asked;
      state.wsUrl = status.websocket && status.websocket.url;
      if (status.scorer && typeof status.scorer.alert_threshold === 'number') {
        state.threshold = status.scorer.alert_threshold;
        $('threshold').textContent = String(state.threshold);
      }
      renderFiles(status.files || []);
      renderUploads(status.uploads || []);
      renderScorer(status.scorer);
      if (!state.stats && status.totals) { state.stats = status.totals; state.dirty.stats = true; schedule(); }
      state.everStatus = true;
      if (!live()) state.lastUpdateAt = Date.now();
      $('files-error').textContent = '';
      return status;
    } catch (e) {
      // while the service starts (no answer, 404 or 503 before its routes are up) that is what the page says
      if (!state.everStatus && (e.status === 0 || e.status === 404 || e.status === 502 || e.status === 503)) {
        $('files-empty').textContent = 'The service is starting…';
        $('files-error').textContent = '';
      } else {
        $('files-error').textContent = 'Status unavailable: ' + e.message;
      }
      return null;
    }
  }

  const stopAsked = new Map(); // followed file -> until when a second click on Stop confirms
  let followedBefore = new Set(); // files of the previous status, to notice the ones stopped since

  // a file no longer followed, or whose route is stopped, leaves the chart (room for the sources still scoring)
  function noteStoppedSources(files) {
    const now = new Set();
    files.forEach((f) => {
      now.add(f.log_file);
      if (f.state === 'Started') sourceRunning(f.log_file);
      else if (f.state === 'Stopped' || f.state === 'Suspended') sourceFinished(f.log_file);
    });
    followedBefore.forEach((file) => { if (!now.has(file)) sourceFinished(file); });
    followedBefore = now;
  }

  function fileButton(f, className, label, ariaLabel) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    button.dataset.file = f.log_file;
    button.textContent = label;
    button.setAttribute('aria-label', ariaLabel);
    return button;
  }

  function startButton(f) {
    const start = fileButton(f, 'start', 'Start', 'Start following ' + f.log_file + ' again');
    start.addEventListener('click', async () => {
      start.disabled = true;
      try {
        await api('POST', '/api/v1/streaming/start', { log_file: f.log_file });
        $('files-error').textContent = '';
      } catch (e) {
        $('files-error').textContent = e.message;
        start.disabled = false;
      }
      refreshStatus();
    });
    return start;
  }

  function stopButton(f) {
    const stop = fileButton(f, 'stop', 'Stop', 'Stop following ' + f.log_file);
    // the table is rebuilt every few seconds: a pending "Really stop?" lives in stopAsked, not in the button
    if ((stopAsked.get(f.log_file) || 0) > Date.now()) stop.textContent = 'Really stop?';
    stop.addEventListener('click', () => {
      // one click must not end a follow by accident: a second click within 5 s confirms
      if ((stopAsked.get(f.log_file) || 0) <= Date.now()) {
        stopAsked.set(f.log_file, Date.now() + 5000);
        stop.textContent = 'Really stop?';
        setTimeout(() => { if ((stopAsked.get(f.log_file) || 0) <= Date.now()) stop.textContent = 'Stop'; }, 5100);
        return;
      }
      stopAsked.delete(f.log_file);
      stopFile(f.log_file, stop);
    });
    return stop;
  }

  const FILE_STATES = { Started: 'following', Stopped: 'stopped', Suspended: 'paused' };

  function renderFiles(files) {
    const body = $('files').tBodies[0];
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.file : null;
    body.replaceChildren();
    $('files-empty').textContent = 'No file is followed.';
    noteStoppedSources(files);
    files.forEach((f) => {
      noteSource(f.log_file);
      const tr = document.createElement('tr');
      tr.dataset.file = f.log_file;
      const path = text('td', shortName(f.log_file), 'path mono');
      path.dataset.label = 'File';
      path.title = f.log_file + (f.last_error ? '\nlast error: ' + f.last_error : '');
      // stopped outside the page (Hawtio, JMX): Start runs it again through POST /streaming/start
      const stopped = f.state === 'Stopped' || f.state === 'Suspended';
      const button = stopped ? startButton(f) : stopButton(f);
      const actions = document.createElement('td');
      actions.append(button);
      tr.append(path, text('td', FILE_STATES[f.state] || f.state), text('td', numberFormat.format(f.lines), 'num'),
        text('td', numberFormat.format(f.sequences), 'num'), text('td', numberFormat.format(f.alerts), 'num'),
        text('td', Number(f.throughput || 0).toFixed(1), 'num'), actions);
      body.append(tr);
      if (focused === f.log_file) button.focus();
    });
    $('files-empty').hidden = files.length > 0;
    $('files').hidden = files.length === 0;
  }

  const LOG_TIME_MISSING = {
    no_timestamps_in_format: 'no timestamps in this format',
    timestamps_not_understood: 'timestamps not understood',
  };

  // uploads are read once: listed apart from the followed files, with the time span their own lines give
  function renderUploads(uploads) {
    const body = $('uploads').tBodies[0];
    body.replaceChildren();
    uploads.forEach((u) => {
      // a finished upload scores no more: it leaves the chart for the sources still scoring
      if (u.state === 'finished' && (sourceOrder.includes(u.source) || notDrawn.has(u.source))) sourceFinished(u.source);
      const tr = document.createElement('tr');
      tr.dataset.source = u.source;
      const name = text('td', u.name, 'path mono');
      name.title = u.source;
      const span = document.createElement('td');
      span.className = 'log-time';
      if (u.log_time) {
        span.append(text('span', logTime(u.log_time.first), 'log-first mono'), text('span', '– ' + logTime(u.log_time.last), 'log-last mono'));
        // the log's own clock, not this browser's: most logs name no zone, syslog not even the year
        span.title = 'as the log writes it' + (u.log_time.year_assumed ? '; syslog lines carry no year: the year is assumed' : '');
      } else {
        span.append(text('span', LOG_TIME_MISSING[u.log_time_missing] || 'no timestamps', 'log-none'));
      }
      tr.append(name, text('td', u.state), text('td', numberFormat.format(u.lines), 'num'),
        text('td', numberFormat.format(u.alerts), 'num'), span);
      body.append(tr);
    });
    $('uploads-empty').hidden = uploads.length > 0;
    $('uploads').hidden = uploads.length === 0;
  }

  function logTime(iso) { return iso.replace('T', ' '); }

  function renderScorer(scorer) {
    if (!scorer) return;
    $('model-name').textContent = scorer.scorer + ' · ' + scorer.state + (scorer.reason ? ' (' + scorer.reason + ')' : '');
  }

  async function stopFile(path, button) {
    button.disabled = true;
    try {
      await api('POST', '/api/v1/streaming/stop', { log_file: path });
      $('files-error').textContent = '';
    } catch (e) {
      $('files-error').textContent = e.message;
      button.disabled = false;
    }
    refreshStatus();
  }

  $('start-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { log_file: $('start-path').value.trim(), from: $('start-from').value };
    const size = $('start-window').value.trim();
    if (size) body.window_size = Number(size);
    $('start-error').textContent = '';
    $('start-result').textContent = '';
    $('start-submit').disabled = true;
    try {
      const answer = await api('POST', '/api/v1/streaming/start', body);
      $('start-result').textContent = answer.message || answer.status;
    } catch (e) {
      $('start-error').textContent = e.message; // the server's own words, e.g. why a path is refused
    } finally {
      $('start-submit').disabled = false;
    }
    refreshStatus();
  });

  // ---------- upload ----------
  function upload(file) {
    const progress = $('upload-progress');
    $('upload-summary').textContent = '';
    $('upload-error').textContent = '';
    progress.hidden = false;
    progress.value = 0;
    const form = new FormData();
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/streaming/upload');
    xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken());
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      progress.hidden = true;
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch (e) { /* reported below */ }
      if (xhr.status >= 200 && xhr.status < 300 && json) {
        sourceFinished(json.source);
        refreshStatus();
        $('upload-summary').textContent = json.source + ': ' + numberFormat.format(json.lines) + ' lines, '
          + numberFormat.format(json.sequences) + ' windows, ' + numberFormat.format(json.alerts) + ' alerts, '
          + numberFormat.format(json.templates) + ' templates, ' + json.errors + ' errors in ' + Number(json.seconds).toFixed(2) + ' s';
      } else {
        $('upload-error').textContent = (json && json.message) || ('upload failed: HTTP ' + xhr.status);
      }
    });
    xhr.addEventListener('error', () => { progress.hidden = true; $('upload-error').textContent = 'upload failed: the service cannot be reached'; });
    xhr.send(form);
  }
  $('upload-file').addEventListener('change', (e) => { if (e.target.files[0]) upload(e.target.files[0]); e.target.value = ''; });
  const drop = $('dropzone');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
  });

  // ---------- models (optional endpoint) ----------
  async function loadModels() {
    let answer;
    try {
      answer = await api('GET', '/api/v1/models');
    } catch (e) {
      if (e.status !== 404) $('model-error').textContent = 'models: ' + e.message;
      return; // 404: this service has no model management; the scorer name from status is all there is
    }
    const select = $('model-select');
    select.replaceChildren();
    (answer.models || []).forEach((m) => {
      const option = document.createElement('option');
      option.value = m.name;
      option.textContent = m.name;
      option.selected = m.name === answer.active;
      select.append(option);
    });
    select.hidden = select.options.length === 0;
  }
  $('model-select').addEventListener('change', async (e) => {
    $('model-error').textContent = '';
    try {
      await api('POST', '/api/v1/models/' + encodeURIComponent(e.target.value) + '/activate');
    } catch (err) {
      $('model-error').textContent = err.message;
    }
    loadModels();
    refreshStatus();
  });

  // ---------- WebSocket with exponential backoff ----------
  function setConnection(kind, label) {
    const pill = $('conn-state');
    pill.className = 'pill pill-' + kind;
    pill.dataset.state = kind;
    pill.textContent = label;
    // live values that no longer update are greyed, and the page says since when they are stale
    const stale = kind !== 'live' && state.everConnected;
    document.body.classList.toggle('stale', stale);
    $('offline-banner').hidden = !stale;
    if (stale) $('last-update').textContent = state.lastUpdateAt ? clock(state.lastUpdateAt) : 'never';
  }

  function live() { return state.ws && state.ws.readyState === WebSocket.OPEN; }

  function retryNow() {
    if (state.retryTimer) { clearTimeout(state.retryTimer); state.retryTimer = null; }
    if (!live()) connect();
  }

  async function connect() {
    state.retryTimer = null;
    setConnection('connecting', state.everStatus ? 'connecting…' : 'starting…');
    const status = await refreshStatus();
    if (!status || !state.wsUrl) { retryLater(); return; }
    // the WebSocket port cannot see the login: a single-use ticket from the REST API opens it
    let ticket;
    try {
      ticket = await api('GET', '/api/v1/streaming/ws-ticket');
    } catch (e) {
      retryLater();
      return;
    }
    let url = state.wsUrl;
    // a page served over https (behind a TLS proxy) may only open wss://
    if (location.protocol === 'https:' && url.startsWith('ws:')) url = 'wss:' + url.slice(3);
    let ws;
    try {
      ws = new WebSocket(url + (url.indexOf('?') < 0 ? '?' : '&') + 'ticket=' + encodeURIComponent(ticket.ticket));
    } catch (e) {
      retryLater();
      return;
    }
    state.ws = ws;
    ws.onopen = () => {
      const reconnect = state.everConnected;
      state.everConnected = true;
      state.failures = 0;
      state.lastMessageAt = Date.now();
      state.lastUpdateAt = Date.now();
      setConnection('live', 'live');
      // whatever changed while we were away comes from the database: shown incidents update in place,
      // incidents new to the list wait behind the "N new" bar
      if (reconnect) { peekIncidents(); refreshStatus(); openIncidentCount(); }
    };
    ws.onmessage = (event) => {
      state.lastMessageAt = Date.now();
      state.lastUpdateAt = state.lastMessageAt;
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      receive(message);
    };
    ws.onclose = () => {
      if (state.ws === ws) { state.ws = null; retryLater(); }
    };
    ws.onerror = () => { /* onclose follows and schedules the retry */ };
  }

  function receive(message) {
    switch (message.type) {
      case 'score': addScore(message.data); break;
      case 'alert': state.alertsReceived++; noteSource(message.data && message.data.source); break;
      case 'incident': onIncidentEvent(message.data); break;
      case 'stats': state.stats = message.data; state.dirty.stats = true; schedule(); break;
      default: break; // connection, pong, error: nothing to show
    }
  }

  function retryLater() {
    if (state.retryTimer) return;
    state.failures++;
    const delay = Math.min(BACKOFF_MAX_S, BACKOFF_FIRST_S * Math.pow(2, state.failures - 1));
    // a little jitter so a room full of dashboards does not reconnect in lockstep
    state.retryAt = Date.now() + delay * 1000 * (0.85 + 0.3 * Math.random());
    state.retryTimer = setTimeout(connect, state.retryAt - Date.now());
    showCountdown();
  }

  function showCountdown() {
    if (!state.retryTimer) return;
    const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
    const offline = !navigator.onLine || state.failures >= OFFLINE_AFTER_FAILURES;
    setConnection(offline ? 'offline' : 'reconnecting', (offline ? 'offline · retrying in ' : 'reconnecting in ') + seconds + ' s');
  }

  setInterval(() => {
    showCountdown();
    const ws = state.ws;
    if (ws && ws.readyState === WebSocket.OPEN) {
      if (Date.now() - state.lastMessageAt > SILENCE_LIMIT_MS) ws.close(); // half-open socket: start over
    }
  }, 1000);
  setInterval(() => {
    const ws = state.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
  }, PING_EVERY_MS);
  setInterval(() => { if (!document.hidden) { refreshStatus(); if (live()) openIncidentCount(); } }, STATUS_EVERY_MS);
  window.addEventListener('online', () => { if (state.retryTimer) { clearTimeout(state.retryTimer); connect(); } });

  // ---------- small helpers ----------
  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value == null ? '' : String(value);
    if (className) el.className = className;
    return el;
  }
  function badge(severity) {
    const sev = SEVERITIES.includes(severity) ? severity : 'LOW';
    return text('span', sev, 'badge sev-' + sev);
  }
  /** namespace/pod/container of a kubelet container log, from the labels the API derives from the source; '' without. */
  function workload(labels) {
    return labels ? [labels.namespace, labels.pod, labels.container].join('/') : '';
  }
  function shortName(source) {
    if (!source) return '';
    const parts = source.split('/');
    return parts.length > 2 ? '…/' + parts.slice(-2).join('/') : source;
  }
  function clock(when) {
    const d = new Date(when);
    return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }
  function formatTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleString();
  }

  // ---------- wiring ----------
  // every filter asks the server; the address keeps the view
  Object.values(FILTER_CONTROLS).forEach((id) => $(id).addEventListener('change', () => { writeUrl(); reloadIncidents(); }));
  $('filter-form').addEventListener('submit', (e) => { e.preventDefault(); writeUrl(); reloadIncidents(); });
  $('new-bar').addEventListener('click', () => reloadIncidents());
  $('older').addEventListener('click', (e) => loadOlder(e.target));
  $('select-all').addEventListener('change', (e) => {
    inc.order.forEach((id) => { if (e.target.checked) inc.selected.add(id); else inc.selected.delete(id); inc.dirty.add(id); });
    state.dirty.incidents = true;
    schedule();
  });
  ['ack', 'resolve', 'snooze'].forEach((action) => $('bulk-' + action).addEventListener('click', () => bulkAction(action)));
  $('retry-now').addEventListener('click', retryNow);
  // keyboard: "/" search, "n" show new incidents, "f" follow a file; never while typing in a field
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (e.key === '/') { e.preventDefault(); $('filter-text').focus(); }
    else if (e.key === 'n' && inc.pending.size > 0) { e.preventDefault(); reloadIncidents(); $('incidents-title').focus(); }
    else if (e.key === 'f') { e.preventDefault(); $('start-path').focus(); }
  });
  $('pause-chart').addEventListener('click', (e) => {
    state.paused = !state.paused;
    e.target.textContent = state.paused ? 'Resume' : 'Pause';
    e.target.setAttribute('aria-pressed', String(state.paused));
    if (!state.paused) { state.dirty.chart = true; schedule(); }
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (plot) plot.setSize({ width: chartWidth(), height: 260 }); }, 150);
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { rebuildChart = true; state.dirty.chart = true; schedule(); });
  $('chart').addEventListener('mouseleave', () => { $('chart-tip').hidden = true; });
  $('chart-range').addEventListener('change', (e) => {
    if (e.target.value === 'custom') {
      // starts as the range shown now; "Show" asks the server for the one typed in
      const [from, to] = chartWindow();
      $('chart-from').value = localInput(from);
      $('chart-to').value = localInput(to);
      $('chart-custom').hidden = false;
      $('chart-from').focus();
      return;
    }
    setChartRange(e.target.value);
    writeUrl();
  });
  $('chart-custom').addEventListener('submit', (e) => {
    e.preventDefault();
    const from = new Date($('chart-from').value).getTime();
    const to = new Date($('chart-to').value).getTime();
    if (!(from < to)) { $('chart-custom-error').textContent = '"From" must be before "To".'; return; }
    $('chart-custom-error').textContent = '';
    setChartRange('custom', from, to);
    writeUrl();
  });

  // test hook: the browser tests read the counters and bounds here, and feed synthetic load through
  // receive(), the same path WebSocket messages take
  window.logwarden = { state, inc, chart, ring, sourceOrder, sourceSeen, notDrawn, finished, receive, refreshStatus, incidentRows: () => $('incidents').children.length };

  (async function start() {
    const view = readUrl();
    setChartRange(view.range, view.from, view.to);
    await reloadIncidents();
    openIncidentCount();
    loadModels();
    connect();
  })();
})();
