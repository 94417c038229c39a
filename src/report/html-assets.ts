/**
 * The stylesheet and script inlined into the HTML report. They are constants (no
 * data inside), so the page's Content-Security-Policy can allow exactly them by
 * hash and nothing else: an injected <script> or style attribute would not run
 * even if escaping ever failed.
 */

export const reportCss = `
:root {
  --ink: #1d2433; --muted: #5b6476; --line: #e3e7ee; --bg: #f3f5f9; --card: #fff;
  --brand: #16213a; --accent: #3d7bd9;
  --critical: #b3261e; --critical-bg: #fde8e6; --warning: #9a5b00; --warning-bg: #fff1d6;
  --unknown: #4f5b6b; --unknown-bg: #e9edf2; --ok: #1e6b34; --ok-bg: #e3f4e6; --info: #245ea8; --info-bg: #e4eefb;
  --direct: #2e7d32; --proxy: #1565c0; --redirect: #ef6c00;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Consolas, "Liberation Mono", Menlo, monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
.masthead { background: linear-gradient(135deg, #16213a 0%, #23365e 100%); color: #fff; padding: 22px 0 64px; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 600; letter-spacing: .02em; opacity: .85; font-size: 13px; text-transform: uppercase; }
.brand svg { width: 22px; height: 22px; }
.masthead h1 { margin: 6px 0 4px; font-size: 26px; font-weight: 600; letter-spacing: -.01em; }
.masthead .meta { margin: 0; color: #c4cee3; }
main.wrap { margin-top: -44px; padding-bottom: 32px; }
.stats { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 16px; }
.stat { background: var(--card); border-radius: 10px; padding: 16px 20px; box-shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.1); border-top: 4px solid var(--accent); }
.stat .value { display: block; font-size: 30px; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat .label { color: var(--muted); }
.stat.tone-critical { border-top-color: var(--critical); } .stat.tone-critical .value { color: var(--critical); }
.stat.tone-ok { border-top-color: var(--ok); } .stat.tone-ok .value { color: var(--ok); }
.stat.tone-warning { border-top-color: var(--warning); }
.card { background: var(--card); border-radius: 10px; margin-top: 20px; padding: 20px 24px; box-shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.1); }
.card > h2 { margin: 0 0 14px; font-size: 17px; font-weight: 600; display: flex; align-items: baseline; gap: 10px; }
.card > h2 .sub { font-size: 13px; font-weight: 400; color: var(--muted); }
.verdicts { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; }
.verdicts .count { font-weight: 600; font-variant-numeric: tabular-nums; margin-left: 4px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge.tone-critical { color: var(--critical); background: var(--critical-bg); border-color: #f5c2bd; }
.badge.tone-warning { color: var(--warning); background: var(--warning-bg); border-color: #f3d59a; }
.badge.tone-unknown { color: var(--unknown); background: var(--unknown-bg); border-color: #d3dae3; }
.badge.tone-ok { color: var(--ok); background: var(--ok-bg); border-color: #b9e0c1; }
.badge.tone-info { color: var(--info); background: var(--info-bg); border-color: #bcd3f2; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 8px; padding: 14px 18px; margin-top: 12px; }
.finding:first-of-type { margin-top: 0; }
.finding.sev-critical { border-left-color: var(--critical); }
.finding.sev-warning { border-left-color: #e09b00; }
.finding h3 { margin: 0 0 6px; font-size: 15px; font-weight: 600; display: flex; gap: 10px; align-items: center; }
.finding p { margin: 6px 0; color: #2e3748; }
.fix { margin-top: 10px; }
.fix-label { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
pre.cmd { margin: 6px 0; padding: 10px 12px; background: #0f1728; color: #e6edf7; border-radius: 6px; font: 12.5px/1.5 var(--mono); white-space: pre-wrap; word-break: break-all; }
code { font-family: var(--mono); font-size: 12.5px; background: #eef1f6; padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
pre.cmd code { background: none; padding: 0; color: inherit; font-size: inherit; }
table.grid { border-collapse: collapse; margin-top: 10px; font-size: 13px; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 6px 12px; text-align: left; }
table.grid th { background: #f7f9fc; color: var(--muted); font-weight: 600; }
table.grid .num, table.devices td.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend { display: flex; gap: 22px; flex-wrap: wrap; margin-bottom: 6px; color: var(--muted); }
.legend .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.swatch.direct { background: var(--direct); } .swatch.proxy { background: var(--proxy); } .swatch.redirect { background: var(--redirect); }
.legend strong { color: var(--ink); font-variant-numeric: tabular-nums; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .grid line { stroke: #e8ecf2; }
svg.chart .axis line { stroke: #9aa4b5; }
svg.chart .tick { fill: #6b7588; font-size: 11px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.chart .bars g:hover rect { opacity: .8; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.toolbar { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin-bottom: 10px; }
.toolbar input[type=search] { flex: 0 1 360px; padding: 7px 12px; border: 1px solid #cfd6e1; border-radius: 6px; font: inherit; }
.toolbar input[type=search]:focus { outline: 2px solid var(--accent); outline-offset: -1px; border-color: var(--accent); }
.toolbar label { color: var(--muted); display: flex; gap: 6px; align-items: center; }
.toolbar .shown { margin-left: auto; color: var(--muted); }
.table-scroll { overflow-x: auto; }
table.devices { width: 100%; border-collapse: collapse; font-size: 13px; }
table.devices th { position: sticky; top: 0; background: #f7f9fc; border-bottom: 1px solid #d5dbe5; padding: 0; text-align: left; white-space: nowrap; }
table.devices th button { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 8px 8px; cursor: pointer; color: var(--muted); font-weight: 600; }
table.devices th button:hover { color: var(--ink); background: #eef2f8; }
table.devices th button:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
table.devices th button::after { content: "\\2195"; opacity: .35; margin-left: 6px; font-size: 11px; }
table.devices th[aria-sort=ascending] button::after { content: "\\25B2"; opacity: .9; }
table.devices th[aria-sort=descending] button::after { content: "\\25BC"; opacity: .9; }
table.devices th.num button { text-align: right; }
table.devices td { padding: 8px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.devices tr.row { cursor: pointer; }
table.devices tr.row:hover td { background: #f6f9ff; }
table.devices tr.row:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
table.devices tr.row td:first-child::before { content: "\\25B8"; color: #98a2b3; display: inline-block; width: 14px; transition: transform .15s; }
table.devices tr.row[aria-expanded=true] td:first-child::before { transform: rotate(90deg); }
table.devices tr.details td { background: #fafbfd; padding: 12px 16px 16px 34px; }
td.id { font-family: var(--mono); font-size: 12px; white-space: nowrap; }
td.id.long { white-space: normal; word-break: break-all; min-width: 150px; max-width: 240px; }
td.user { font-weight: 600; white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.never { color: var(--critical); }
td.mix { min-width: 108px; }
svg.mix { width: 96px; height: 10px; display: block; margin-top: 4px; border-radius: 2px; }
dl.facts { display: grid; grid-template-columns: 150px minmax(0, 1fr); gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); font-weight: 600; }
dl.facts dd { margin: 0; word-break: break-word; }
dl.facts dd p { margin: 0 0 4px; }
dl.facts dd pre.cmd { margin: 2px 0 6px; }
.chip { display: inline-block; border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 0 6px; margin: 0 6px 4px 0; font-variant-numeric: tabular-nums; }
.chip.bad { border-color: #f5c2bd; color: var(--critical); }
.note { color: var(--muted); margin: 10px 0 0; }
footer { color: var(--muted); text-align: center; padding: 8px 0 28px; font-size: 12px; }
@media (max-width: 800px) { .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print {
  body { background: #fff; } .masthead { background: none; color: var(--ink); padding: 0; } .masthead .meta { color: var(--muted); }
  main.wrap { margin-top: 0; } .toolbar { display: none; } .card, .stat { box-shadow: none; border: 1px solid var(--line); }
  tbody.device[hidden] { display: table-row-group; } tr.details[hidden] { display: table-row; }
}
`;

/**
 * Sorting, filtering and row expansion for the device table. It reads the device
 * data from the page's JSON block and only ever writes textContent, attributes
 * and element order, never HTML.
 */
export const reportJs = `
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  var table = document.getElementById('devices');
  if (!source || !table) return;
  var devices = JSON.parse(source.textContent || '{}').devices || [];
  var bodies = Array.prototype.slice.call(table.querySelectorAll('tbody.device'));
  var filter = document.getElementById('device-filter');
  var failingOnly = document.getElementById('failing-only');
  var shown = document.getElementById('device-count');
  var sortState = { key: null, dir: 1 };

  function deviceOf(body) { return devices[Number(body.getAttribute('data-index'))] || {}; }

  function sortKey(body, key) {
    var d = deviceOf(body);
    switch (key) {
      case 'verdict': return Number(body.getAttribute('data-rank'));
      case 'requests': return d.requests || 0;
      case 'mix': return d.classes ? d.classes.redirect * 1e9 + d.classes.proxy : 0;
      case 'servers': return (d.servers || []).join(', ').toLowerCase();
      case 'lastSuccess': return d.lastSuccess || '';
      default: return String(d[key] == null ? '' : d[key]).toLowerCase();
    }
  }

  function sortBy(key, numeric, th) {
    var dir = sortState.key === key ? -sortState.dir : (numeric ? -1 : 1);
    sortState = { key: key, dir: dir };
    var sorted = bodies.slice().sort(function (a, b) {
      var ka = sortKey(a, key), kb = sortKey(b, key);
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
    });
    sorted.forEach(function (body) { table.appendChild(body); });
    Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (cell) { cell.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  }

  function applyFilter() {
    var words = (filter ? filter.value : '').toLowerCase().split(/\\s+/).filter(Boolean);
    var onlyFailing = failingOnly ? failingOnly.checked : false;
    var count = 0;
    bodies.forEach(function (body) {
      var d = deviceOf(body);
      var haystack = [d.user, d.deviceId, d.deviceType, d.userAgent, d.verdict, d.reason,
        (d.servers || []).join(' '), (d.proxyTargets || []).join(' ')].join(' ').toLowerCase();
      var visible = (!onlyFailing || d.failing) && words.every(function (w) { return haystack.indexOf(w) !== -1; });
      body.hidden = !visible;
      if (visible) count++;
    });
    if (shown) shown.textContent = 'Showing ' + count + ' of ' + bodies.length + ' devices';
  }

  function toggle(row) {
    var details = row.nextElementSibling;
    if (!details) return;
    var open = row.getAttribute('aria-expanded') !== 'true';
    row.setAttribute('aria-expanded', String(open));
    details.hidden = !open;
  }

  Array.prototype.forEach.call(table.querySelectorAll('thead th[data-key]'), function (th) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      sortBy(th.getAttribute('data-key'), th.getAttribute('data-type') === 'number', th);
    });
  });
  bodies.forEach(function (body) {
    var row = body.querySelector('tr.row');
    if (!row) return;
    row.addEventListener('click', function () { toggle(row); });
    row.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(row); }
    });
  });
  if (filter) filter.addEventListener('input', applyFilter);
  if (failingOnly) failingOnly.addEventListener('change', applyFilter);
  applyFilter();
})();
`;
