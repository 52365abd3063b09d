/*
 * Logwarden dashboard. Talks only to the public REST API (/api/v1/...) and the WebSocket whose URL
 * GET /api/v1/streaming/status announces.
 *
 * Load discipline (the pipeline can push ~1,000 score messages a second):
 *  - WebSocket handlers only update in-memory state and mark what is dirty; one render pass runs at
 *    most every RENDER_EVERY_MS (timer + requestAnimationFrame), so the DOM and the chart are touched
 *    at most ~10 times a second however fast messages arrive;
 *  - every buffer is bounded: the chart keeps one point per source per CHART_BUCKET_MS bucket in a
 *    fixed ring (the highest score of the bucket wins, so peaks survive), at most MAX_SOURCES sources;
 *    alerts are kept up to MAX_ALERTS in memory and MAX_ALERT_ROWS rows in the DOM.
 */
(function () {
  'use strict';

  const RENDER_EVERY_MS = 100;
  const CHART_SPAN_MS = 5 * 60 * 1000;
  const CHART_BUCKET_MS = 250;
  const CHART_SLOTS = CHART_SPAN_MS / CHART_BUCKET_MS; // 1,200 buckets
  const MAX_SOURCES = 8;
  const MAX_ALERTS = 1000;
  const MAX_ALERT_ROWS = 200;
  // logwarden.scoring.alert defaults to 7; the status endpoint may announce the configured value as
  // scorer.alert_threshold, which then wins.
  const DEFAULT_THRESHOLD = 7;
  const STATUS_EVERY_MS = 5000;
  const BACKOFF_FIRST_S = 1;
  const BACKOFF_MAX_S = 30;
  const OFFLINE_AFTER_FAILURES = 4;
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
    lastAlertId: 0,
    everConnected: false,
    alerts: new Map(),          // id -> normalised alert
    alertRows: new Map(),       // id -> <li>
    expanded: new Set(),
    sources: new Set(),
    stats: null,
    scoresReceived: 0,
    paused: false,
    dirty: { chart: false, alerts: false, stats: false, sources: false },
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

  function addAlert(raw) {
    const a = normaliseAlert(raw);
    if (a.id == null) return;
    state.alerts.set(a.id, a);
    if (a.id > state.lastAlertId) state.lastAlertId = a.id;
    noteSource(a.source);
    if (state.alerts.size > MAX_ALERTS) {
      // ids grow with time: drop the oldest
      const oldest = Math.min(...state.alerts.keys());
      state.alerts.delete(oldest);
      state.expanded.delete(oldest);
    }
    state.dirty.alerts = true;
    schedule();
  }

  async function loadAlerts(afterId) {
    // history on open (afterId 0), or everything raised since the last alert we saw after a reconnect
    const size = 500;
    let page = 0;
    try {
      for (;;) {
        const query = '/api/v1/alerts?size=' + size + '&page=' + page + (afterId > 0 ? '&after_id=' + afterId : '');
        const answer = await api('GET', query);
        answer.alerts.forEach(addAlert);
        page++;
        // history: the newest page is enough; catch-up: follow every page so nothing is missed
        if (afterId === 0 || page >= answer.total_pages || page >= 20) break;
      }
      $('alerts-error').textContent = '';
    } catch (e) {
      $('alerts-error').textContent = 'Could not load alerts: ' + e.message;
    }
  }

  async function acknowledge(id, button) {
    button.disabled = true;
    try {
      const answer = await api('POST', '/api/v1/alerts/' + id + '/ack');
      addAlert(answer);
    } catch (e) {
      button.disabled = false;
      $('alerts-error').textContent = 'Acknowledge failed: ' + e.message;
    }
  }

  // ---------- chart state: a fixed ring of buckets ----------
  const ring = new Array(CHART_SLOTS).fill(null); // slot -> {bucket, points: Map(source -> point)}
  const sourceOrder = []; // chart series, first seen first, at most MAX_SOURCES

  function addScore(s) {
    state.scoresReceived++;
    state.dirty.stats = true;
    noteSource(s.source);
    let seriesIndex = sourceOrder.indexOf(s.source);
    if (seriesIndex < 0) {
      if (sourceOrder.length >= MAX_SOURCES) { schedule(); return; }
      sourceOrder.push(s.source);
      rebuildChart = true;
    }
    // placed by arrival time, not the server's timestamp, so a skewed clock cannot push points off the chart
    const bucket = Math.floor(Date.now() / CHART_BUCKET_MS);
    const slot = bucket % CHART_SLOTS;
    let cell = ring[slot];
    if (!cell || cell.bucket !== bucket) {
      cell = { bucket, points: new Map() };
      ring[slot] = cell;
    }
    const previous = cell.points.get(s.source);
    if (!previous || s.score >= previous.score) {
      cell.points.set(s.source, {
        score: s.score, severity: s.severity, alert: !!s.alert, sequence: s.sequence || [],
        templates: s.templates || [], reason: s.reason || '', lastLine: s.lastLine,
      });
    }
    state.dirty.chart = true;
    schedule();
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
    const timeAxis = Object.assign({}, axis, { space: 90, values: (u, splits) => splits.map((v) => new Date(v * 1000).toLocaleTimeString([], clock)) });
    plot = new uPlot({
      width: chartWidth(),
      height: 260,
      series,
      scales: { x: { time: true }, y: { range: [0, 10] } },
      axes: [timeAxis, Object.assign({}, axis, { size: 36 })],
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      legend: { live: false },
      hooks: { setCursor: [showTip] },
    }, emptyData(series.length), $('chart'));
    rebuildChart = false;
  }

  function emptyData(n) { return Array.from({ length: n }, () => []); }

  function chartData() {
    const newest = Math.floor(Date.now() / CHART_BUCKET_MS);
    const oldest = newest - CHART_SLOTS + 1;
    const cells = ring.filter((c) => c && c.bucket >= oldest).sort((a, b) => a.bucket - b.bucket);
    const x = [];
    const perSource = sourceOrder.map(() => []);
    const threshold = [];
    const bySeverity = { MEDIUM: [], HIGH: [], CRITICAL: [] };
    for (const cell of cells) {
      x.push(cell.bucket * CHART_BUCKET_MS / 1000);
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
    // keep the x range the full 5 minutes even while the ring is filling
    if (x.length === 0 || x[0] > oldest * CHART_BUCKET_MS / 1000) {
      x.unshift(oldest * CHART_BUCKET_MS / 1000);
      perSource.forEach((s) => s.unshift(null));
      threshold.unshift(state.threshold);
      Object.values(bySeverity).forEach((s) => s.unshift(null));
      chartCells = [null].concat(cells);
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
      ' ', text('span', new Date(cell.bucket * CHART_BUCKET_MS).toLocaleTimeString()));
    tip.append(head);
    if (best.reason) tip.append(text('div', best.reason));
    const list = document.createElement('ol');
    best.sequence.forEach((id, i) => {
      const li = text('li', '[' + id + '] ' + (best.templates[i] || ''));
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
    if (state.dirty.alerts) { renderAlerts(); state.dirty.alerts = false; }
    if (state.dirty.chart && !state.paused) {
      if (rebuildChart || !plot) buildChart();
      plot.setData(chartData());
      state.dirty.chart = false;
    }
  }

  // the chart scrolls even when nothing arrives, so an idle source visibly goes quiet
  setInterval(() => { if (!document.hidden) { state.dirty.chart = true; schedule(); } }, 1000);

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

  // ---------- alerts list ----------
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

  function visibleAlerts() {
    const severity = $('filter-severity').value;
    const source = $('filter-source').value;
    const unacked = $('filter-unacked').checked;
    const ids = [...state.alerts.keys()].sort((a, b) => b - a);
    const result = [];
    for (const id of ids) {
      const a = state.alerts.get(id);
      if (severity && a.severity !== severity) continue;
      if (source && a.source !== source) continue;
      if (unacked && a.acknowledged) continue;
      result.push(a);
      if (result.length >= MAX_ALERT_ROWS) break;
    }
    return result;
  }

  function renderAlerts() {
    const list = $('alerts');
    const wanted = visibleAlerts();
    const wantedIds = new Set(wanted.map((a) => a.id));
    // rows that leave the list are dropped (and forgotten, so the DOM stays bounded)
    for (const [id, row] of state.alertRows) {
      if (!wantedIds.has(id)) { row.remove(); state.alertRows.delete(id); }
    }
    // existing rows are updated in place and never moved, so a focused button keeps its focus
    wanted.forEach((a, i) => {
      let row = state.alertRows.get(a.id);
      if (!row) { row = createAlertRow(a); state.alertRows.set(a.id, row); }
      else updateAlertRow(row, a);
      if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null);
    });
    $('alerts-empty').hidden = wanted.length > 0;
    $('alerts-empty').textContent = state.alerts.size ? 'No alert matches the filter.' : 'No alerts yet.';
  }

  function createAlertRow(a) {
    const row = document.createElement('li');
    row.className = 'alert-row';
    row.dataset.id = a.id;
    const line = document.createElement('div');
    line.className = 'alert-line';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.setAttribute('aria-expanded', 'false');
    // the judged template last; long windows are cut from the left so the row stays on one line
    const ids = a.sequence.length > 5 ? '… ' + a.sequence.slice(-5).join(' ') : a.sequence.join(' ');
    toggle.textContent = 'Window ' + ids;
    toggle.setAttribute('aria-label', 'Window of ' + a.sequence.length + ' templates: ' + a.sequence.join(' '));
    toggle.title = 'show the templates and lines of this window';
    toggle.addEventListener('click', () => {
      if (state.expanded.has(a.id)) state.expanded.delete(a.id); else state.expanded.add(a.id);
      updateAlertRow(row, state.alerts.get(a.id));
    });
    const ack = document.createElement('button');
    ack.type = 'button';
    ack.className = 'ack';
    ack.addEventListener('click', () => acknowledge(a.id, ack));
    const actions = document.createElement('span');
    actions.className = 'alert-actions';
    actions.append(toggle, ack);
    line.append(badge(a.severity), text('span', a.score.toFixed(2), 'alert-score'),
      text('span', shortName(a.source), 'alert-source'), text('time', formatTime(a.createdAt), 'alert-time'), actions);
    line.querySelector('.alert-source').title = a.source;
    row.append(line, text('p', a.reason, 'alert-reason'));
    updateAlertRow(row, a);
    return row;
  }

  function updateAlertRow(row, a) {
    row.classList.toggle('acked', a.acknowledged);
    const ack = row.querySelector('.ack');
    ack.textContent = a.acknowledged ? 'Acknowledged' : 'Acknowledge';
    ack.disabled = a.acknowledged;
    const toggle = row.querySelector('.toggle');
    const open = state.expanded.has(a.id);
    toggle.setAttribute('aria-expanded', String(open));
    let details = row.querySelector('.window');
    if (open && !details) row.append(windowDetails(a));
    if (!open && details) details.remove();
  }

  function windowDetails(a) {
    const box = document.createElement('div');
    box.className = 'window';
    const table = document.createElement('table');
    const head = document.createElement('tr');
    ['id', 'template', 'line'].forEach((h) => head.append(text('th', h)));
    table.append(head);
    a.sequence.forEach((id, i) => {
      const tr = document.createElement('tr');
      if (i === a.sequence.length - 1) tr.className = 'judged';
      tr.append(text('td', String(id), 'mono'), text('td', a.templates[i] || '', 'mono'),
        text('td', a.sampleLines[i] || '', 'mono sample'));
      table.append(tr);
    });
    const lines = a.lastLine > 0 ? 'lines ' + a.firstLine + '–' + a.lastLine + ', ' : '';
    box.append(text('h3', 'Window (' + lines + 'judged line last, scorer ' + a.scorer + ')'), table);
    if (a.expected.length) {
      box.append(text('h3', 'Expected instead'));
      const list = document.createElement('ul');
      a.expected.forEach((p) => list.append(text('li',
        '[' + p.templateId + '] ' + (p.template || '') + ' (' + (100 * (p.probability || 0)).toFixed(1) + ' %)', 'mono')));
      box.append(list);
    }
    return box;
  }

  // ---------- files and status ----------
  async function refreshStatus() {
    try {
      const status = await api('GET', '/api/v1/streaming/status');
      state.wsUrl = status.websocket && status.websocket.url;
      if (status.scorer && typeof status.scorer.alert_threshold === 'number') {
        state.threshold = status.scorer.alert_threshold;
        $('threshold').textContent = String(state.threshold);
      }
      renderFiles(status.files || []);
      renderScorer(status.scorer);
      if (!state.stats && status.totals) { state.stats = status.totals; state.dirty.stats = true; schedule(); }
      $('files-error').textContent = '';
      return status;
    } catch (e) {
      $('files-error').textContent = 'Status unavailable: ' + e.message;
      return null;
    }
  }

  function renderFiles(files) {
    const body = $('files').tBodies[0];
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.file : null;
    body.replaceChildren();
    files.forEach((f) => {
      noteSource(f.log_file);
      const tr = document.createElement('tr');
      tr.dataset.file = f.log_file;
      const path = text('td', shortName(f.log_file), 'path mono');
      path.title = f.log_file + (f.last_error ? '\nlast error: ' + f.last_error : '');
      const stop = document.createElement('button');
      stop.type = 'button';
      stop.className = 'stop';
      stop.dataset.file = f.log_file;
      stop.textContent = 'Stop';
      stop.setAttribute('aria-label', 'Stop following ' + f.log_file);
      stop.addEventListener('click', () => stopFile(f.log_file, stop));
      const actions = document.createElement('td');
      actions.append(stop);
      tr.append(path, text('td', f.state), text('td', numberFormat.format(f.lines), 'num'),
        text('td', numberFormat.format(f.sequences), 'num'), text('td', numberFormat.format(f.alerts), 'num'),
        text('td', Number(f.throughput || 0).toFixed(1), 'num'), actions);
      body.append(tr);
      if (focused === f.log_file) stop.focus();
    });
    $('files-empty').hidden = files.length > 0;
    $('files').hidden = files.length === 0;
  }

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
  }

  async function connect() {
    state.retryTimer = null;
    setConnection('connecting', 'connecting…');
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
    let ws;
    try {
      ws = new WebSocket(state.wsUrl + (state.wsUrl.indexOf('?') < 0 ? '?' : '&') + 'ticket=' + encodeURIComponent(ticket.ticket));
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
      setConnection('live', 'live');
      // whatever was raised while we were away (or since the history load) comes from the database
      loadAlerts(state.lastAlertId);
      if (reconnect) refreshStatus();
    };
    ws.onmessage = (event) => {
      state.lastMessageAt = Date.now();
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
      case 'alert': addAlert(message.data); break;
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
  setInterval(() => { if (!document.hidden) refreshStatus(); }, STATUS_EVERY_MS);
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
  function shortName(source) {
    if (!source) return '';
    const parts = source.split('/');
    return parts.length > 2 ? '…/' + parts.slice(-2).join('/') : source;
  }
  function formatTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleString();
  }

  // ---------- wiring ----------
  ['filter-severity', 'filter-source', 'filter-unacked'].forEach((id) =>
    $(id).addEventListener('change', () => { state.dirty.alerts = true; schedule(); }));
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

  // test hook: the browser tests read the counters and bounds here, and feed synthetic load through
  // receive(), the same path WebSocket messages take
  window.logwarden = { state, ring, sourceOrder, receive, alertRows: () => $('alerts').children.length };

  (async function start() {
    buildChart();
    await loadAlerts(0);
    loadModels();
    connect();
  })();
})();
