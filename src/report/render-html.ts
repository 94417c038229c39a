import { createHash } from 'node:crypto';
import { requestClasses } from '../activesync/request-class.js';
import { verdicts } from '../diagnose/device-facts.js';
import { reportCss, reportJs } from './html-assets.js';
import { classColours, renderTimelineSvg } from './html-chart.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import type { Finding, ReportDevice, ReportModel } from './report-model.js';
import { formatUtc, splitCommands, stripControls, verdictTone } from './report-text.js';
import { toJsonReport } from './render-json.js';

/**
 * Renders the report as one self-contained HTML page: summary, findings, the
 * redirect/proxy/direct chart and a sortable, filterable device table. Nothing is
 * loaded from the network. Log-sourced strings are escaped where they are written;
 * the data for the table's script sits in a JSON block that no string can close;
 * the Content-Security-Policy allows only this page's own style and script.
 */
export function renderHtml(model: ReportModel): string {
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(reportCss)}'`,
    `script-src '${sha256(reportJs)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="ActiveSync Doctor">',
    `<title>ActiveSync Doctor report · ${h(formatUtc(model.generatedAt))} UTC</title>`,
    `<style>${reportCss}</style>`,
    '</head>',
    '<body>',
    masthead(model),
    '<main class="wrap">',
    stats(model),
    verdictSection(model),
    findingsSection(model.findings),
    chartSection(model),
    devicesSection(model),
    '</main>',
    '<footer>ActiveSync Doctor · all times UTC · this file is self-contained and loads nothing from the network</footer>',
    `<script type="application/json" id="report-data">${jsonForScript(toJsonReport(model))}</script>`,
    `<script>${reportJs}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Escapes log-sourced text for HTML after removing control characters. */
function h(text: string): string {
  return escapeHtml(stripControls(text));
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

const logo =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><rect x="6" y="1.5" width="12" height="21" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.8"/>' +
  '<path d="M9 12.5l2 2 4-4.5" fill="none" stroke="#7fd18b" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

function masthead(model: ReportModel): string {
  const { from, to } = model.window;
  const window =
    from === null && to === null
      ? 'all ingested logs'
      : `${h(formatUtc(from, { fallback: 'start' }))} → ${h(formatUtc(to, { fallback: 'now' }))} UTC`;
  return [
    '<header class="masthead"><div class="wrap">',
    `<div class="brand">${logo}ActiveSync Doctor</div>`,
    '<h1>Exchange ActiveSync migration report</h1>',
    `<p class="meta">Generated ${h(formatUtc(model.generatedAt))} UTC · Window: ${window}</p>`,
    '</div></header>',
  ].join('\n');
}

function stats(model: ReportModel): string {
  const { devices, failing } = model.summary;
  const critical = model.findings.filter((f) => f.severity === 'critical').length;
  const stat = (value: number, label: string, tone: string): string =>
    `<div class="stat${tone === '' ? '' : ` tone-${tone}`}"><span class="value">${num(value)}</span><span class="label">${label}</span></div>`;
  return [
    '<section class="stats" aria-label="Summary">',
    stat(devices, 'devices seen', ''),
    stat(failing, 'failing devices', failing > 0 ? 'critical' : 'ok'),
    stat(devices - failing, 'healthy devices', 'ok'),
    stat(model.findings.length, critical > 0 ? `findings, ${critical} critical` : 'findings', critical > 0 ? 'warning' : ''),
    '</section>',
  ].join('\n');
}

function verdictSection(model: ReportModel): string {
  const chips = verdicts
    .filter((v) => (model.summary.byVerdict[v] ?? 0) > 0)
    .map((v) => {
      const tone = verdictTone(v, !v.startsWith('ok-'));
      return `<span><span class="badge tone-${tone}">${v}</span><span class="count">${num(model.summary.byVerdict[v] ?? 0)}</span></span>`;
    });
  const body = chips.length > 0 ? `<div class="verdicts">${chips.join('\n')}</div>` : '<p class="empty">No devices in the window.</p>';
  return `<section class="card"><h2>Verdicts</h2>\n${body}\n</section>`;
}

function findingsSection(findings: Finding[]): string {
  const out = ['<section class="card"><h2>Findings</h2>'];
  if (findings.length === 0) out.push('<p class="empty">No findings.</p>');
  for (const f of findings) {
    const tone = f.severity === 'info' ? 'info' : f.severity;
    out.push(
      `<article class="finding sev-${f.severity}">`,
      `<h3><span class="badge tone-${tone}">${f.severity}</span>${h(f.title)}</h3>`,
      `<p>${h(f.detail)}</p>`,
    );
    if (f.recommendation !== undefined) out.push(`<div class="fix"><span class="fix-label">Recommendation</span>${recommendation(f.recommendation)}</div>`);
    if (f.table !== undefined) out.push(findingTable(f.table));
    out.push('</article>');
  }
  out.push('</section>');
  return out.join('\n');
}

function findingTable(table: NonNullable<Finding['table']>): string {
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number'));
  const cls = (i: number): string => (numeric[i] ? ' class="num"' : '');
  const head = table.columns.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join('');
  const rows = table.rows.map(
    (r) => `<tr>${table.columns.map((_, i) => `<td${cls(i)}>${h(typeof r[i] === 'number' ? num(r[i]) : String(r[i] ?? ''))}</td>`).join('')}</tr>`,
  );
  return `<div class="table-scroll"><table class="grid"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/**
 * A recommendation as paragraphs: a paragraph that ends in its only command shows it
 * as a code block under the prose; commands inside a sentence stay inline.
 */
function recommendation(text: string): string {
  const command = (value: string): string => escapeHtml(stripControls(value));
  return splitCommands(text)
    .map((paragraph) => {
      const last = paragraph[paragraph.length - 1]!;
      if (last.kind === 'command' && paragraph.filter((s) => s.kind === 'command').length === 1) {
        const prose = paragraph.length > 1 ? `<p>${h(paragraph[0]!.value.trim())}</p>` : '';
        return `${prose}<pre class="cmd"><code>${command(last.value)}</code></pre>`;
      }
      return `<p>${paragraph.map((s) => (s.kind === 'command' ? `<code>${command(s.value)}</code>` : h(s.value))).join('')}</p>`;
    })
    .join('');
}

function chartSection(model: ReportModel): string {
  const svg = renderTimelineSvg(model.timeline);
  const totals = Object.fromEntries(requestClasses.map((c) => [c, model.timeline.reduce((sum, p) => sum + p[c], 0)]));
  const all = requestClasses.reduce((sum, c) => sum + (totals[c] ?? 0), 0);
  const legend = requestClasses
    .map((c) => {
      const share = all > 0 ? ` (${Math.round(((totals[c] ?? 0) / all) * 100)}%)` : '';
      return `<span><span class="swatch ${c}"></span>${c} <strong>${num(totals[c] ?? 0)}</strong>${share}</span>`;
    })
    .join('\n');
  const body = svg === '' ? '<p class="empty">No requests in the window.</p>' : `<div class="legend">\n${legend}\n</div>\n${svg}`;
  return `<section class="card"><h2>Requests over time <span class="sub">client-facing requests per bucket: direct, proxied to another CAS, or redirected (HTTP 451)</span></h2>\n${body}\n</section>`;
}

const deviceColumns: { key: string; label: string; type: 'text' | 'number' }[] = [
  { key: 'user', label: 'User', type: 'text' },
  { key: 'deviceId', label: 'Device ID', type: 'text' },
  { key: 'deviceType', label: 'Type', type: 'text' },
  { key: 'verdict', label: 'Verdict', type: 'text' },
  { key: 'requests', label: 'Requests', type: 'number' },
  { key: 'mix', label: 'Direct / proxy / redirect', type: 'number' },
  { key: 'servers', label: 'Servers', type: 'text' },
  { key: 'lastSeen', label: 'Last seen', type: 'text' },
  { key: 'lastSuccess', label: 'Last success', type: 'text' },
];

function devicesSection(model: ReportModel): string {
  const { devices } = model;
  const hasHealthy = devices.some((d) => !d.failing);
  const hasFailing = devices.some((d) => d.failing);
  const out = [
    `<section class="card"><h2>Devices <span class="sub">click a row for the reason and the fix; click a column to sort</span></h2>`,
  ];
  if (devices.length === 0) {
    out.push('<p class="empty">No devices to show.</p>', '</section>');
    return out.join('\n');
  }
  out.push(
    '<div class="toolbar">',
    '<input type="search" id="device-filter" placeholder="Filter by user, device, type, verdict, server…" aria-label="Filter devices" autocomplete="off">',
    hasHealthy && hasFailing ? '<label><input type="checkbox" id="failing-only"> failing only</label>' : '',
    `<span class="shown" id="device-count">Showing ${devices.length} of ${devices.length} devices</span>`,
    '</div>',
    '<div class="table-scroll"><table class="devices" id="devices">',
    `<thead><tr>${deviceColumns
      .map((c) => `<th data-key="${c.key}" data-type="${c.type}"${c.type === 'number' ? ' class="num"' : ''}><button type="button">${c.label}</button></th>`)
      .join('')}</tr></thead>`,
    ...devices.map(deviceBody),
    '</table></div>',
  );
  if (devices.length < model.summary.devices) {
    const hidden = model.summary.devices - devices.length;
    out.push(`<p class="note">${num(hidden)} healthy ${hidden === 1 ? 'device is' : 'devices are'} not listed; run <code>activesync-doctor report --all</code> to include them.</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function deviceBody(d: ReportDevice, index: number): string {
  const tone = verdictTone(d.verdict, d.failing);
  const rank = verdicts.indexOf(d.verdict);
  const mixTitle = requestClasses.map((c) => `${c} ${num(d.classes[c])}`).join(' · ');
  const row = [
    `<td class="user">${h(d.user)}</td>`,
    `<td class="id${d.deviceId.length > 32 ? ' long' : ''}">${h(d.deviceId)}</td>`,
    `<td>${h(d.deviceType)}</td>`,
    `<td><span class="badge tone-${tone}">${d.verdict}</span></td>`,
    `<td class="num">${num(d.requests)}</td>`,
    `<td class="mix" title="${h(mixTitle)}">${mixBar(d)}</td>`,
    `<td>${d.servers.map(h).join('<br>')}</td>`,
    `<td class="time">${h(formatUtc(d.lastSeen))}</td>`,
    d.lastSuccess === null ? '<td class="time never">never</td>' : `<td class="time">${h(formatUtc(d.lastSuccess))}</td>`,
  ];
  const statuses = Object.entries(d.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `<span class="chip${Number(status) >= 400 && status !== '401' ? ' bad' : ''}">${h(status)} × ${num(n)}</span>`)
    .join('');
  const facts: [string, string][] = [
    ['Reason', h(d.reason)],
    ['Recommendation', d.recommendation === '' ? '—' : recommendation(d.recommendation)],
    ['User agent', `<code>${h(d.userAgent)}</code>`],
    ['HTTP statuses', statuses === '' ? '—' : statuses],
    ['Proxy targets', d.proxyTargets.length === 0 ? '—' : d.proxyTargets.map((t) => `<code>${h(t)}</code>`).join(' ')],
    ['First seen', `${h(formatUtc(d.firstSeen, { seconds: true }))} UTC`],
    ['Last seen', `${h(formatUtc(d.lastSeen, { seconds: true }))} UTC`],
  ];
  return [
    `<tbody class="device" data-index="${index}" data-rank="${rank}">`,
    `<tr class="row tone-${tone}" tabindex="0" aria-expanded="false">${row.join('')}</tr>`,
    `<tr class="details" hidden><td colspan="${deviceColumns.length}"><dl class="facts">${facts
      .map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`)
      .join('')}</dl></td></tr>`,
    '</tbody>',
  ].join('\n');
}

/** A 120×10 stacked bar of the device's direct / proxy / redirect split. */
function mixBar(d: ReportDevice): string {
  const total = requestClasses.reduce((sum, c) => sum + d.classes[c], 0);
  const parts: string[] = ['<rect width="120" height="10" fill="#e9edf2"/>'];
  let x = 0;
  for (const c of requestClasses) {
    if (total === 0 || d.classes[c] === 0) continue;
    const w = Math.round((d.classes[c] / total) * 1200) / 10;
    parts.push(`<rect x="${Math.round(x * 10) / 10}" width="${w}" height="10" fill="${classColours[c]}"/>`);
    x += w;
  }
  return `<svg class="mix" viewBox="0 0 120 10" preserveAspectRatio="none" aria-hidden="true">${parts.join('')}</svg>`;
}
