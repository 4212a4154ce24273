/**
 * The dashboard's one script, served as /assets/dashboard.js (no inline
 * scripts: the pages' Content-Security-Policy allows only 'self'). It draws
 * the usage charts with uPlot and drives the import button.
 */
export const DASHBOARD_JS = `
(function () {
  'use strict';
  function number(n) { return Math.round(n).toLocaleString('en-US'); }
  function compact(n) {
    var abs = Math.abs(n);
    if (abs >= 1e9) return (n / 1e9).toFixed(1) + 'B';
    if (abs >= 1e6) return (n / 1e6).toFixed(1) + 'M';
    if (abs >= 1e3) return (n / 1e3).toFixed(1) + 'k';
    return String(Math.round(n));
  }
  var COLORS = ['#2457c5', '#1a7f37', '#bf8700', '#8250df', '#b42318'];
  var SERIES = [
    ['inputTokens', 'input'],
    ['outputTokens', 'output'],
    ['cacheWriteTokens', 'cache write'],
    ['cacheReadTokens', 'cache read'],
  ];

  function width(el) { return Math.max(300, el.clientWidth - 16); }

  function dayChart(el, rows) {
    var xs = rows.map(function (r) { return Date.parse(r.group + 'T00:00:00Z') / 1000; });
    var data = [xs];
    var series = [{}];
    SERIES.forEach(function (s, i) {
      data.push(rows.map(function (r) { return r[s[0]]; }));
      series.push({ label: s[1], stroke: COLORS[i], width: 2, points: { show: true, size: 6 } });
    });
    return new uPlot({
      width: width(el), height: 300, series: series,
      scales: { x: { time: true } },
      axes: [{}, { values: function (u, splits) { return splits.map(compact); }, size: 60 }],
    }, data, el);
  }

  function barChart(el, rows) {
    var labels = rows.map(function (r) { return r.label; });
    var xs = rows.map(function (r, i) { return i; });
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 80] }) : undefined;
    return new uPlot({
      width: width(el), height: 300,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] } },
      series: [{}, { label: 'tokens', stroke: COLORS[0], fill: 'rgba(36,87,197,0.35)', width: 1, paths: bars, points: { show: false } }],
      axes: [
        { splits: function () { return xs; }, values: function (u, splits) { return splits.map(function (i) { var l = labels[i] || ''; return l.length > 22 ? l.slice(0, 21) + '…' : l; }); }, size: 50 },
        { values: function (u, splits) { return splits.map(compact); }, size: 60 },
      ],
    }, [xs, rows.map(function (r) { return r.totalTokens; })], el);
  }

  function drawCharts() {
    var source = document.getElementById('usage-data');
    if (!source || typeof uPlot === 'undefined') return;
    var usage = JSON.parse(source.textContent || '{}');
    var targets = [['chart-day', usage.day, dayChart], ['chart-model', usage.model, barChart], ['chart-project', usage.project, barChart]];
    targets.forEach(function (t) {
      var el = document.getElementById(t[0]);
      if (!el) return;
      if (!t[1] || t[1].length === 0) { el.textContent = 'No token usage yet: import transcripts first.'; return; }
      t[2](el, t[1]);
      el.setAttribute('data-rendered', 'true');
    });
  }

  function importPanel() {
    var form = document.getElementById('import-form');
    if (!form) return;
    var button = document.getElementById('import-button');
    var bar = document.getElementById('import-progress');
    var text = document.getElementById('import-status');
    function show(state) {
      var p = state.progress;
      if (p && p.bytes > 0) { bar.max = p.bytes; bar.value = p.bytesDone; }
      if (state.status === 'running') {
        text.textContent = p ? 'Importing ' + (p.filesDone + 1) + ' of ' + p.files + ' files (' + number(p.bytesDone / 1024) + ' of ' + number(p.bytes / 1024) + ' KB)…' : 'Starting…';
      } else if (state.status === 'done') {
        var s = state.summary;
        bar.max = 1; bar.value = 1;
        text.textContent = 'Done: ' + number(s.messages) + ' messages in ' + number(s.sessions) + ' sessions from ' + number(s.filesChanged) + ' of ' + number(s.files) + ' files.';
      } else if (state.status === 'failed') {
        text.textContent = 'Import failed: ' + state.error;
      }
      button.disabled = state.status === 'running';
    }
    function poll() {
      fetch('/api/import/status', { headers: { accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (state) { show(state); if (state.status === 'running') setTimeout(poll, 250); });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var path = form.elements.namedItem('path').value.trim();
      var body = path ? { path: path } : {};
      button.disabled = true;
      text.textContent = 'Starting…';
      fetch('/api/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (json) { return { ok: r.ok, json: json }; }); })
        .then(function (res) {
          if (!res.ok) { text.textContent = res.json.error ? res.json.error.message : 'Import refused'; button.disabled = false; return; }
          show(res.json);
          poll();
        });
    });
    poll();
  }

  document.addEventListener('DOMContentLoaded', function () { drawCharts(); importPanel(); });
})();
`;
