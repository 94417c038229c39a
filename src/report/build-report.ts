import { diagnoseDevices, type DiagnosedDevice } from '../store/diagnose-devices.js';
import { defaultThresholds, type Verdict } from '../diagnose/device-facts.js';
import { buildFindings, type ProxyTargetLoad, type ServerLoad } from '../diagnose/migration-findings.js';
import { namedSql } from '../store/named-sql.js';
import type { Db } from '../store/open-database.js';
import { toIso } from '../text/format-time.js';
import type { ReportDevice, ReportModel, TimelinePoint } from './report-model.js';
import type { ReportOptions } from './report-options.js';

/** Chart buckets: about a hundred points whatever the window. */
const bucketMinutes = (from: number, to: number): number => {
  const minutes = Math.max(1, (to - from) / 60 / 100);
  return [5, 15, 30, 60, 120, 360, 720, 1440].find((b) => b >= minutes) ?? 1440;
};

function toReportDevice({ facts: f, diagnosis: d }: DiagnosedDevice): ReportDevice {
  return {
    user: f.user, deviceId: f.deviceId, deviceType: f.deviceType, userAgent: f.userAgent,
    verdict: d.verdict, failing: d.failing, reason: d.reason, recommendation: d.recommendation,
    requests: f.requests, classes: { ...f.classes }, statuses: { ...f.statuses },
    servers: f.servers, proxyTargets: f.proxyTargets,
    firstSeen: toIso(f.firstSeen), lastSeen: toIso(f.lastSeen), lastSuccess: f.lastSuccess === null ? null : toIso(f.lastSuccess),
  };
}

/**
 * Diagnoses the devices in scope and assembles the model every renderer draws:
 * summary, migration findings, the class timeline and the device rows (failing
 * only unless `all`), most severe first.
 */
export function buildReport(db: Db, options: ReportOptions = {}): ReportModel {
  const diagnosed = diagnoseDevices(db, options, { ...defaultThresholds, ...options.thresholds });
  const window = { since: options.since ?? null, until: options.until ?? null };
  const servers = db.prepare(namedSql('server-load')).all(window) as ServerLoad[];
  const proxyTargets = db.prepare(namedSql('proxy-target-load')).all(window) as ProxyTargetLoad[];

  const byVerdict: Partial<Record<Verdict, number>> = {};
  for (const { diagnosis } of diagnosed) byVerdict[diagnosis.verdict] = (byVerdict[diagnosis.verdict] ?? 0) + 1;
  const from = diagnosed.length ? Math.min(...diagnosed.map((d) => d.facts.firstSeen)) : null;
  const to = diagnosed.length ? Math.max(...diagnosed.map((d) => d.facts.lastSeen)) : null;

  let timeline: TimelinePoint[] = [];
  if (from !== null && to !== null) {
    const rows = db.prepare(namedSql('class-timeline')).all({ ...window, bucket_minutes: bucketMinutes(from, to) }) as
      { t: number; direct: number; proxy: number; redirect: number }[];
    timeline = rows.map((r) => ({ t: toIso(r.t), direct: r.direct, proxy: r.proxy, redirect: r.redirect }));
  }

  return {
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    window: { from: from === null ? null : toIso(from), to: to === null ? null : toIso(to) },
    summary: { devices: diagnosed.length, failing: diagnosed.filter((d) => d.diagnosis.failing).length, byVerdict },
    findings: buildFindings(diagnosed, { servers, proxyTargets }),
    devices: diagnosed.filter((d) => options.all || d.diagnosis.failing).map(toReportDevice),
    timeline,
  };
}
