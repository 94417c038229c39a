import type { ReportFilter } from '../report/report-options.js';
import type { Db } from './open-database.js';
import { readDeviceFacts } from './read-device-facts.js';
import { defaultThresholds, type DiagnosedDevice, type DiagnosisThresholds } from '../diagnose/device-facts.js';
import { diagnoseDevice } from '../diagnose/diagnose-device.js';
import { countFailuresSinceSuccess } from '../diagnose/verdict-rules.js';

export type { DiagnosedDevice };

/** Most severe first, then the most affected (failures since the last success, then volume). */
export function compareDiagnosed(a: DiagnosedDevice, b: DiagnosedDevice): number {
  return b.diagnosis.severity - a.diagnosis.severity
    || countFailuresSinceSuccess(b.facts) - countFailuresSinceSuccess(a.facts)
    || b.facts.requests - a.facts.requests
    || a.facts.user.localeCompare(b.facts.user)
    || a.facts.deviceId.localeCompare(b.facts.deviceId);
}

/**
 * Reads the facts of every device matching `filter` (or only `deviceIds`) and
 * diagnoses each; most severe first.
 */
export function diagnoseDevices(db: Db, filter: ReportFilter = {}, thresholds: DiagnosisThresholds = defaultThresholds, deviceIds?: readonly number[]): DiagnosedDevice[] {
  return readDeviceFacts(db, filter, deviceIds)
    .map((facts) => ({ facts, diagnosis: diagnoseDevice(facts, thresholds) }))
    .sort(compareDiagnosed);
}
