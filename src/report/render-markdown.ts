import { verdicts, type Verdict } from '../diagnose/device-facts.js';
import type { Finding, ReportDevice, ReportModel } from './report-model.js';
import { formatUtc, splitCommands, stripControls } from './report-text.js';

/**
 * Renders the report as GitHub-flavoured markdown for a ticket or an e-mail:
 * headline counts, findings, then failing devices grouped by verdict. Every string
 * from the logs is stripped of control characters and escaped where it is written,
 * so a user agent cannot add links, images, HTML or table columns.
 */
export function renderMarkdown(model: ReportModel): string {
  const out: string[] = ['# ActiveSync Doctor report', '', headline(model), ''];
  const { devices, failing } = model.summary;
  out.push(`**${failing} of ${devices} ${plural(devices, 'device')} ${failing === 1 ? 'is' : 'are'} failing.**`, '');
  const counts = verdicts.filter((v) => (model.summary.byVerdict[v] ?? 0) > 0);
  if (counts.length > 0) {
    out.push(table(['Verdict', 'Devices'], counts.map((v) => [v, String(model.summary.byVerdict[v])]), [false, true]), '');
  }

  out.push('## Findings', '');
  if (model.findings.length === 0) out.push('No findings.', '');
  for (const finding of model.findings) out.push(...renderFinding(finding));

  out.push('## Failing devices', '');
  const failingDevices = model.devices.filter((d) => d.failing);
  if (failingDevices.length === 0) out.push('No failing devices.', '');
  for (const verdict of verdicts) {
    const group = failingDevices.filter((d) => d.verdict === verdict);
    if (group.length > 0) out.push(...renderGroup(verdict, group));
  }

  const healthy = model.devices.filter((d) => !d.failing);
  if (healthy.length > 0) {
    out.push('## Other devices', '');
    const rows = healthy.map((d) => [cell(d.user), code(d.deviceId, true), cell(d.deviceType), d.verdict, String(d.requests), formatUtc(d.lastSuccess)]);
    out.push(table(['User', 'Device ID', 'Type', 'Verdict', 'Requests', 'Last success'], rows, [false, false, false, false, true, false]), '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function headline(model: ReportModel): string {
  const generated = `Generated ${formatUtc(model.generatedAt)} UTC`;
  const { from, to } = model.window;
  if (from === null && to === null) return `${generated}, covering all ingested logs.`;
  return `${generated}, covering ${formatUtc(from, { fallback: 'the start' })} → ${formatUtc(to, { fallback: 'now' })} UTC.`;
}

function renderFinding(finding: Finding): string[] {
  const severity = finding.severity[0]!.toUpperCase() + finding.severity.slice(1);
  const out = [`### ${severity}: ${text(finding.title)}`, '', text(finding.detail), ''];
  if (finding.recommendation !== undefined) out.push(...recommendationBlock(finding.recommendation));
  if (finding.table !== undefined) {
    const { columns, rows } = finding.table;
    const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
    out.push(table(columns.map(cell), rows.map((r) => columns.map((_, i) => cell(String(r[i] ?? '')))), numeric), '');
  }
  return out;
}

function renderGroup(verdict: Verdict, group: ReportDevice[]): string[] {
  const out = [`### ${verdict} (${group.length} ${plural(group.length, 'device')})`, ''];
  const first = group[0]!.recommendation;
  const shared = first !== '' && group.every((d) => d.recommendation === first);
  if (shared) out.push(...recommendationBlock(first, '**Fix:** '));
  const columns = ['User', 'Device ID', 'Type', 'Requests', 'Last seen', 'Last success', 'Reason'];
  const rows = group.map((d) => [
    cell(d.user),
    code(d.deviceId, true),
    cell(d.deviceType),
    String(d.requests),
    formatUtc(d.lastSeen),
    formatUtc(d.lastSuccess, { fallback: 'never' }),
    cell(d.reason),
  ]);
  if (!shared) {
    columns.push('Recommendation');
    rows.forEach((row, i) => row.push(inlineRecommendation(group[i]!.recommendation)));
  }
  out.push(table(columns, rows, columns.map((c) => c === 'Requests')), '');
  return out;
}

/**
 * A recommendation as paragraphs. A paragraph that ends in its only command shows
 * that command as a PowerShell code block under the prose; commands inside a
 * sentence stay inline as code spans.
 */
function recommendationBlock(recommendation: string, lead = ''): string[] {
  const out: string[] = [];
  let prefix = lead;
  for (const paragraph of splitCommands(recommendation)) {
    const commands = paragraph.filter((s) => s.kind === 'command');
    const last = paragraph[paragraph.length - 1]!;
    if (commands.length === 1 && last.kind === 'command') {
      const prose = paragraph.length > 1 ? text(paragraph[0]!.value.trim()) : '';
      const intro = (prefix + prose).trim();
      if (intro !== '') out.push(intro, '');
      out.push(codeBlock(last.value), '');
    } else {
      out.push(prefix + blockStart(paragraph.map((s) => (s.kind === 'command' ? code(s.value) : inlineText(s.value))).join('')), '');
    }
    prefix = '';
  }
  return out;
}

/** A recommendation inside a table cell: one line, commands as code spans. */
function inlineRecommendation(recommendation: string): string {
  return splitCommands(recommendation)
    .map((paragraph) => paragraph.map((s) => (s.kind === 'command' ? code(s.value, true) : cell(s.value))).join(''))
    .join(' ');
}

// Characters that start markdown or HTML constructs; a backslash makes them literal.
const markdownSpecials = /[\\`*_[\]<>|~&]/g;

/** Log-sourced text inside a paragraph: one line, no markup. */
function inlineText(value: string): string {
  return stripControls(value).replace(markdownSpecials, '\\$&');
}

/** A leading # + - = or "1." would turn a paragraph into a heading or a list. */
function blockStart(paragraph: string): string {
  return paragraph.replace(/^(\s*)([#+\-=]|\d+[.)])/, '$1\\$2');
}

/** Log-sourced text for a paragraph or heading. */
function text(value: string): string {
  return blockStart(inlineText(value));
}

/** Log-sourced text for a table cell. */
function cell(value: string): string {
  return inlineText(value);
}

/** A code span that no backtick inside can close; in a table `|` is escaped (GFM). */
function code(value: string, inTable = false): string {
  const clean = stripControls(value);
  if (clean === '') return '';
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return fence + pad + (inTable ? clean.replace(/\|/g, '\\|') : clean) + pad + fence;
}

function codeBlock(command: string): string {
  const clean = stripControls(command, true).replace(/\r/g, '');
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}powershell\n${clean}\n${fence}`;
}

/** A GFM table; cells must already be escaped. */
function table(columns: string[], rows: string[][], rightAligned: boolean[]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const rule = `| ${columns.map((_, i) => (rightAligned[i] ? '---:' : '---')).join(' | ')} |`;
  return [line(columns), rule, ...rows.map(line)].join('\n');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
