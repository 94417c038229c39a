import { defaultThresholds, isFailingVerdict } from './device-facts.js';
import type { DeviceFacts, Diagnosis, DiagnosisThresholds } from './device-facts.js';
import { verdictRules } from './verdict-rules.js';
import type { VerdictRule } from './verdict-rules.js';

/**
 * Returns the first row of `verdictRules` that matches. The table ends with a row that matches
 * everything, so running off its end is a bug in the table, not a property of the device.
 */
export function findVerdictRule(facts: DeviceFacts, thresholds: DiagnosisThresholds = defaultThresholds): VerdictRule {
  const rule = verdictRules.find((row) => row.when(facts, thresholds));
  if (rule === undefined) throw new Error('verdictRules has no catch-all last row');
  return rule;
}

/** The verdict for one device, with the reason and the recommendation filled in from its facts. */
export function diagnoseDevice(facts: DeviceFacts, thresholds: DiagnosisThresholds = defaultThresholds): Diagnosis {
  const rule = findVerdictRule(facts, thresholds);
  return {
    verdict: rule.verdict,
    failing: isFailingVerdict(rule.verdict),
    severity: rule.severity,
    reason: rule.reason(facts, thresholds),
    recommendation: rule.recommendation(facts),
  };
}
