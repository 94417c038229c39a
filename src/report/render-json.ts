import { requestClasses } from '../activesync/request-class.js';
import { verdicts } from '../diagnose/device-facts.js';
import { toSafeJson } from '../text/to-safe-json.js';
import type { Finding, ReportDevice, ReportModel } from './report-model.js';

/**
 * The `report --format json` document: the model without its timeline, with every
 * object's keys in contract order so the output diffs cleanly between runs.
 */
export interface JsonReport {
  generatedAt: string;
  window: ReportModel['window'];
  summary: ReportModel['summary'];
  findings: Finding[];
  devices: ReportDevice[];
}

/** Builds the JSON contract object from the model (new objects, fixed key order). */
export function toJsonReport(model: ReportModel): JsonReport {
  const byVerdict: Partial<Record<(typeof verdicts)[number], number>> = {};
  for (const verdict of verdicts) {
    const count = model.summary.byVerdict[verdict];
    if (count !== undefined) byVerdict[verdict] = count;
  }
  return {
    generatedAt: model.generatedAt,
    window: { from: model.window.from, to: model.window.to },
    summary: { devices: model.summary.devices, failing: model.summary.failing, byVerdict },
    findings: model.findings.map(orderFinding),
    devices: model.devices.map(orderDevice),
  };
}

/**
 * Renders the model as pretty-printed JSON (two-space indent, trailing newline).
 * Control, C1 and bidi characters are written as \u escapes, so the output is safe
 * on a terminal and still decodes to the exact logged strings.
 */
export function renderJson(model: ReportModel): string {
  return toSafeJson(toJsonReport(model)) + '\n';
}

function orderFinding(f: Finding): Finding {
  const finding: Finding = { id: f.id, severity: f.severity, title: f.title, detail: f.detail };
  if (f.recommendation !== undefined) finding.recommendation = f.recommendation;
  if (f.table !== undefined) finding.table = { columns: [...f.table.columns], rows: f.table.rows.map((r) => [...r]) };
  return finding;
}

function orderDevice(d: ReportDevice): ReportDevice {
  const classes = Object.fromEntries(requestClasses.map((c) => [c, d.classes[c] ?? 0])) as ReportDevice['classes'];
  // Statuses in numeric order whatever order the model built them in.
  const statuses = Object.fromEntries(
    Object.entries(d.statuses).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b)),
  );
  return {
    user: d.user,
    deviceId: d.deviceId,
    deviceType: d.deviceType,
    userAgent: d.userAgent,
    verdict: d.verdict,
    failing: d.failing,
    reason: d.reason,
    recommendation: d.recommendation,
    requests: d.requests,
    classes,
    statuses,
    servers: [...d.servers],
    proxyTargets: [...d.proxyTargets],
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    lastSuccess: d.lastSuccess,
  };
}
