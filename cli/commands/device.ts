import type { Command } from 'commander';
import { UserError } from '../../src/errors.js';
import { buildDeviceTimeline, type DeviceTimeline, type DeviceTimelineOptions } from '../../src/report/device-timeline.js';
import { renderDeviceTimeline } from '../../src/report/render-device-timeline.js';
import { openReadOnly, type Db } from '../../src/store/open-database.js';
import { sanitizeForTerminal } from '../../src/text/sanitize-terminal.js';
import { toSafeJson } from '../../src/text/to-safe-json.js';

/** The options commander hands to the action. */
export interface DeviceCommandOptions {
  db: string;
  json?: boolean;
  limit?: string;
}

/** What runDevice touches outside itself; tests replace it. */
export interface DeviceIo {
  open: (path: string) => Db;
  build: (db: Db, key: string, options: DeviceTimelineOptions) => DeviceTimeline;
  stdout: (text: string) => void;
  /** Terminal columns for wrapping the reason and fix; undefined when not a terminal. */
  columns?: number;
}

const defaultIo: DeviceIo = {
  open: openReadOnly,
  build: buildDeviceTimeline,
  stdout: (text) => process.stdout.write(text),
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
};

const examples = `
The key is a DeviceId exactly as logged; when no device has it, it is read as a user
name (DOMAIN\\user, user or UPN) and every device of that user is shown. Identical
consecutive requests are collapsed into one line with their count (×N); a pause of
more than 30 minutes is shown as a break between sessions.

Examples:
  $ activesync-doctor device ApplDNPGK1A2B3C4
  $ activesync-doctor device 'CONTOSO\\alice'
  $ activesync-doctor device alice --limit 0 --db march.db
  $ activesync-doctor device ApplDNPGK1A2B3C4 --json | jq '.devices[0].diagnosis'
`;

/** Adds `device <deviceId|user>`: one device's requests in time order, then its verdict. */
export function registerDeviceCommand(program: Command): void {
  program
    .command('device')
    .description("show one device's requests in time order (or all devices of a user), then the verdict, reason and fix")
    .argument('<deviceId|user>', 'a DeviceId as logged, or a user name')
    .option('--db <file>', 'database to read', 'activesync-doctor.db')
    .option('--json', 'print the timeline as JSON')
    .option('--limit <n>', 'show the last N lines per device; 0 shows all', '200')
    .addHelpText('after', examples)
    .action((key: string, options: DeviceCommandOptions) => {
      runDevice(key, options);
    });
}

/** Runs the device command: resolve the key, build the timeline, print it. */
export function runDevice(key: string, options: DeviceCommandOptions, io: DeviceIo = defaultIo): DeviceTimeline {
  const limit = parseLimit(options.limit ?? '200');
  const db = io.open(options.db);
  let timeline: DeviceTimeline;
  try {
    timeline = io.build(db, key, { limit });
  } finally {
    db.close();
  }
  io.stdout(options.json === true ? toSafeJson(timeline) + '\n' : renderDeviceTimeline(timeline, { width: io.columns }));
  return timeline;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new UserError(`invalid --limit "${sanitizeForTerminal(value)}"`, 2, 'give a whole number of lines; 0 shows all');
  }
  return Number(value);
}
