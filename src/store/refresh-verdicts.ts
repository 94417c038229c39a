import { namedSql } from './named-sql.js';
import type { Db } from './open-database.js';
import { defaultThresholds, type DiagnosisThresholds } from '../diagnose/device-facts.js';
import { diagnoseDevices } from './diagnose-devices.js';

/** Devices diagnosed per query: json_each lists stay small and each pass uses the per-device index. */
const chunkSize = 500;

/**
 * Recomputes `device_verdicts` for the devices that received requests since
 * their verdict was computed, so a live view stays current without diagnosing
 * every device on each refresh. Returns how many verdicts were written.
 */
export function refreshVerdicts(db: Db, thresholds: DiagnosisThresholds = defaultThresholds): number {
  const stale = db.prepare(namedSql('stale-verdicts')).pluck().all() as number[];
  if (stale.length === 0) return 0;
  const upsert = db.prepare(`INSERT INTO device_verdicts (device_id, verdict, failing, severity, reason, recommendation, requests_seen, computed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (device_id) DO UPDATE SET verdict = excluded.verdict, failing = excluded.failing, severity = excluded.severity,
      reason = excluded.reason, recommendation = excluded.recommendation, requests_seen = excluded.requests_seen, computed_at = excluded.computed_at`);
  const now = Math.floor(Date.now() / 1000);
  // Per-device lookups pay off for a few devices; for many, one full pass is cheaper.
  const whole = stale.length > 5 * chunkSize;
  const groups = whole ? [stale] : Array.from({ length: Math.ceil(stale.length / chunkSize) }, (_, i) => stale.slice(i * chunkSize, (i + 1) * chunkSize));
  for (const ids of groups) {
    const diagnosed = diagnoseDevices(db, {}, thresholds, whole ? undefined : ids);
    const wanted = new Set(ids);
    db.transaction(() => {
      for (const { facts, diagnosis: d } of diagnosed) {
        if (!wanted.has(facts.id)) continue;
        upsert.run(facts.id, d.verdict, d.failing ? 1 : 0, d.severity, d.reason, d.recommendation, facts.requests, now);
      }
    })();
  }
  return stale.length;
}
