import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../../src/ingest/run-ingest.js';
import { packageRoot } from '../../../src/package-root.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { tempDir } from '../../helpers/temp.js';

describe('parsing on a worker thread', () => {
  it('when the sample logs are ingested on a worker thread and on this one then the databases hold the same rows', async () => {
    const dump = (db: Db): Record<string, unknown[]> => Object.fromEntries(
      ['requests', 'devices', 'users', 'user_agents', 'client_ips', 'commands', 'errors', 'proxy_targets', 'redirect_targets',
        'device_stats', 'device_breakdown', 'device_days', 'minute_stats', 'other_traffic', 'rejects', 'server_ips']
        .map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort()]),
    );
    const dir = tempDir();
    const logs = join(dir, 'logs');
    cpSync(join(packageRoot(), 'sample-logs'), logs, { recursive: true });
    // And values that need more than slicing: quoted, %-escaped, '+' in a user agent, an escaped target.
    mkdirSync(join(logs, 'CAS9'));
    writeFileSync(join(logs, 'CAS9', 'ex101007.log'), [
      '#Software: IIS Advanced Logging Module', '#Date: 2010-10-07 00:00:00',
      '#Fields: time cs-uri-stem cs-uri-query cs-username cs(User-Agent) sc-status',
      '08:15:00 "/Microsoft-Server-ActiveSync/default.eas" "User=eve&DeviceId=Dev9&DeviceType=iPad&Cmd=Sync&Log=V141_" "COMPANY\\eve" "Apple iPad/803.148" "200"',
      '#Fields: date time s-ip cs-uri-stem cs-uri-query cs-username c-ip cs(User-Agent) sc-status',
      '2010-10-07 08:16:00 10.9.9.9 /Microsoft-Server-ActiveSync/default.eas User=COMPANY%5Cfred&DeviceId=Dev%2D10&DeviceType=Android%20X&Cmd=Ping&Log=V121_PrxTo:cas%2Dold.local_Error:Boom%21_ COMPANY\\fred 1.2.3.4 Android+Mail/2.2 200',
      '',
    ].join('\n'));
    const [threaded, inline] = [openDatabase(join(dir, 'threaded.db')), openDatabase(join(dir, 'inline.db'))];
    const a = await runIngest([logs], { db: threaded, worker: true });
    const b = await runIngest([logs], { db: inline, worker: false });
    expect(a.lines).toBeGreaterThan(10_000);
    expect({ ...a, elapsedMs: 0, linesPerSecond: 0 }).toEqual({ ...b, elapsedMs: 0, linesPerSecond: 0 });
    expect(dump(threaded)).toEqual(dump(inline));
    expect(threaded.prepare(`SELECT d.device_key, t.name AS type, a.name AS ua, p.name AS target, e.name AS error, u.name AS user FROM requests r
      JOIN devices d ON d.id = r.device_id JOIN device_types t ON t.id = d.device_type_id JOIN user_agents a ON a.id = r.user_agent_id
      JOIN users u ON u.id = d.user_id LEFT JOIN proxy_targets p ON p.id = r.proxy_target_id LEFT JOIN errors e ON e.id = r.error_id
      WHERE d.device_key IN ('Dev9', 'Dev-10') ORDER BY r.ts`).all()).toEqual([
      { device_key: 'Dev9', type: 'iPad', ua: 'Apple iPad/803.148', target: null, error: null, user: 'eve' },
      { device_key: 'Dev-10', type: 'Android X', ua: 'Android Mail/2.2', target: 'cas-old.local', error: 'Boom!', user: 'fred' },
    ]);
    threaded.close();
    inline.close();
  }, 60_000);
});
