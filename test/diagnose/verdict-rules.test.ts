import { describe, expect, it } from 'vitest';
import { isFailingVerdict, verdicts } from '../../src/diagnose/device-facts.js';
import { findVerdictRule } from '../../src/diagnose/diagnose-device.js';
import { verdictRules } from '../../src/diagnose/verdict-rules.js';
import { makeFacts } from '../helpers/facts.js';

// Every row proves itself with its own examples (style.md §4.4): a row without one, or one that
// an earlier row shadows, fails here.
describe('verdictRules', () => {
  verdictRules.forEach((rule, index) => {
    describe(`row ${index}: ${rule.verdict}`, () => {
      for (const example of rule.examples) {
        it(`when "${example.title}" then this row is the first match`, () => {
          const facts = makeFacts(example.facts);
          expect(verdictRules.indexOf(findVerdictRule(facts))).toBe(index);
        });

        it(`when "${example.title}" then reason and recommendation are plain, non-empty text`, () => {
          const facts = makeFacts(example.facts);
          const reason = rule.reason(facts, { minFailures: 3, runawayRequestsPerDay: 3000 });
          const recommendation = rule.recommendation(facts);
          expect(reason.length).toBeGreaterThan(10);
          expect(recommendation.length).toBeGreaterThan(5);
          for (const text of [reason, recommendation]) {
            // `$null` is PowerShell; a bare null, undefined or the 1970 epoch is a leaked missing value.
            expect(text).not.toMatch(/undefined|NaN|(?<!\$)null|\[object|1970-01-01/);
          }
        });
      }
    });
  });

  it('when every verdict is listed then each has at least one row', () => {
    const covered = new Set(verdictRules.map((rule) => rule.verdict));
    expect(verdicts.filter((verdict) => !covered.has(verdict))).toEqual([]);
  });

  it('when a row is an ok-* verdict then it is not failing and has severity 0', () => {
    for (const rule of verdictRules.filter((row) => row.verdict.startsWith('ok-'))) {
      expect(isFailingVerdict(rule.verdict)).toBe(false);
      expect(rule.severity).toBe(0);
    }
  });

  it('when the table ends then its last row matches anything (diagnoseDevice always answers)', () => {
    const last = verdictRules[verdictRules.length - 1];
    expect(last?.when(makeFacts({ lastSuccess: 1 }), { minFailures: 3, runawayRequestsPerDay: 3000 })).toBe(true);
  });
});
