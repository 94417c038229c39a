/**
 * The whole simulated folder in memory: population → requests → log lines →
 * files, plus expected.json, the README and a stray file. Pure and
 * deterministic: the same options give the same bytes.
 */
import { tornLineTag } from './cast.js';
import { answers, type EasIntent, type SideRequest } from './eas-intent.js';
import { buildExpected, type ExpectedFile } from './expected.js';
import { buildLogFiles } from './log-files.js';
import { createTimeline, describeOptions, msPerDay, msPerHour, msPerMinute, type SimulationOptions } from './options.js';
import { loadBalancerProbes, otherTraffic, sideRequestLine } from './other-traffic.js';
import { createPopulation, findCastDevice, type Population } from './population.js';
import { createRng } from './prng.js';
import { renderScenarioReadme } from './readme.js';
import { renderEas } from './render-eas.js';
import { deviceIntents } from './roles.js';
import type { LogRecord } from './w3c-format.js';

export interface GeneratedScenario {
  /** Relative path (forward slashes) → bytes. */
  files: Map<string, Buffer>;
  expected: ExpectedFile;
  population: Population;
}

/** Not a log: someone's note left in the log folder. Ingest must skip it. */
export const strayFile = {
  path: 'NYCAS10A/W3SVC1/readme.txt',
  text: 'Copied from NYCAS10A C:\\inetpub\\logs\\LogFiles\\W3SVC1 for the ActiveSync ticket.\r\nDo not delete.\r\n',
};

/** Every ActiveSync, side and background line of the period. */
function collectRecords(population: Population, options: SimulationOptions): LogRecord[] {
  const timeline = createTimeline(options);
  const inWindow = (ms: number): boolean => ms >= timeline.startMs && ms < timeline.endMs;
  const records: LogRecord[] = [];
  for (const device of population.devices) {
    const rng = createRng(options.seed, `activity:${device.key}`);
    const side: SideRequest[] = [];
    for (const intent of deviceIntents(rng, device, timeline, side)) {
      if (!inWindow(intent.ms)) continue;
      for (const r of renderEas(rng, device, intent, timeline.fixMs)) if (inWindow(r.ms)) records.push(r);
    }
    for (const s of side) if (inWindow(s.ms)) records.push(sideRequestLine(rng, device, s));
  }
  records.push(...otherTraffic(createRng(options.seed, 'other-traffic'), population, timeline));
  records.push(...loadBalancerProbes(timeline));

  // A Ping still being written when the logs were copied: NYCAS10B's newest line is torn.
  const torn = findCastDevice(population, tornLineTag);
  const tornRng = createRng(options.seed, 'torn-line');
  const ping: EasIntent = {
    ms: timeline.endMs - 1, timeTaken: 1_680_000 + tornRng.int(0, 900), cmd: 'Ping', answer: answers.ok,
    heartbeat: 1680, cas: 'NYCAS10B', clientIp: tornRng.pick(torn.ips),
  };
  const [outer] = renderEas(tornRng, torn, ping, timeline.fixMs);
  if (outer !== undefined) records.push({ ...outer, server: 'NYCAS10B', torn: true });
  return records;
}

export function generateScenario(options: SimulationOptions): GeneratedScenario {
  const timeline = createTimeline(options);
  const population = createPopulation(options.seed, options.users);
  const lastDay = timeline.endMs - msPerDay;
  const files = buildLogFiles(collectRecords(population, options), {
    gzipOldestOf: 'NYCAS10A',
    // An app-pool recycle early on the last day writes a directive block mid-file.
    restarts: [{ server: 'NYCAS10A', ms: lastDay + 3 * msPerHour + 17 * msPerMinute + 42_000 }],
  });
  files.set(strayFile.path, Buffer.from(strayFile.text, 'utf8'));
  const expected = buildExpected(population, describeOptions(options));
  files.set('expected.json', Buffer.from(JSON.stringify(expected, null, 2) + '\n', 'utf8'));
  files.set('README.md', Buffer.from(renderScenarioReadme(options, expected), 'utf8'));
  return { files, expected, population };
}
