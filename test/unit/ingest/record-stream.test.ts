import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EasRequest, OtherRequest } from '../../../src/activesync/decode-request.js';
import type { Batch } from '../../../src/ingest/batch.js';
import { RecordPacker, unpackRecords, type LineSink } from '../../../src/ingest/record-stream.js';
import { runIngest } from '../../../src/ingest/run-ingest.js';
import { packageRoot } from '../../../src/package-root.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { tempDir } from '../../helpers/temp.js';

/** A sink that writes down what it is given (copies: the unpacker reuses its request object). */
function recorder(): LineSink<null> & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    lineCount: 0,
    startFile: () => {},
    chunk: () => {},
    addActiveSync: (r) => { seen.push({ ...r, origin: null }); },
    addOther: (r) => { seen.push({ ...r }); },
    addReject: (lineNo, reason, line) => { seen.push({ lineNo, reason, line }); },
    take: () => null,
    dropUncommitted: () => {},
  };
}

const text = 'x 10.1.1.20 1.2.3.4 jdoe Appl1 iPhone Ping UA/1 V141_Hb900\n';
const request = (over: Partial<EasRequest>): EasRequest => ({
  kind: 'activesync', ts: 1286150400, computerName: null, serverIp: '10.1.1.20', clientIp: '1.2.3.4', queryUser: 'jdoe', username: 'COMPANY\\jdoe',
  anonymous: false, deviceId: 'Appl1', deviceType: 'iPhone', cmd: 'Ping', log: 'V141_Hb900', userAgent: 'UA/1', status: 200, substatus: 0,
  win32: 0, timeTaken: 15, protocol: null, innerHop: false, proxyTo: null, redirectTo: null, error: null, heartbeat: null, class: 'direct', outcome: 'ok',
  // Where each string lies in `text` (username is not there: it travels as a loose string).
  origin: { text, at: Int32Array.from([-1, 2, 12, 20, -1, 25, 31, 38, 43, 48]) },
  ...over,
});

describe('record stream between the decoding and the encoding thread', () => {
  it('when requests, other traffic and rejects are packed then they come back the same, in order', () => {
    const packer = new RecordPacker();
    packer.chunk(text, Buffer.from(text, 'latin1'));
    const first = request({});
    const second = request({ deviceId: 'A-B', origin: { text, at: Int32Array.from([-1, 2, 12, 20, -1, -1, 31, 38, 43, 48]) }, username: null, anonymous: true, timeTaken: null, protocol: 141, innerHop: true });
    const other: OtherRequest = { kind: 'other', ts: 1286150401, computerName: 'CAS1', serverIp: null, protocol: 'owa' };
    packer.addActiveSync(first);
    packer.addOther(other);
    packer.addReject(7, 'bad-status', 'junk line');
    packer.addActiveSync(second);
    expect(packer.lineCount).toBe(4);
    const packed = packer.take({ offset: 100, lineNo: 9, fields: null, date: null });
    expect(packer.lineCount).toBe(0);
    // Strings at their positions cross as the chunk's bytes, not one by one.
    expect(packed.loose).toEqual(['COMPANY\\jdoe', 'CAS1', 'owa', 'A-B']);

    const sink = recorder();
    unpackRecords(packed, sink);
    expect(sink.seen).toEqual([{ ...first, origin: null }, other, { ...second, origin: null }, { lineNo: 7, reason: 'bad-status', line: 'junk line' }]);
  });

  it('when the sample logs are ingested on worker threads and on this one then the databases hold the same rows', async () => {
    const dump = (db: Db): Record<string, unknown[]> => Object.fromEntries(
      ['requests', 'devices', 'users', 'user_agents', 'client_ips', 'commands', 'errors', 'proxy_targets', 'redirect_targets',
        'device_stats', 'device_breakdown', 'device_days', 'minute_stats', 'other_traffic', 'rejects', 'server_ips']
        .map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort()]),
    );
    const dir = tempDir();
    const logs = join(dir, 'logs');
    cpSync(join(packageRoot(), 'sample-logs'), logs, { recursive: true });
    // Strings that are not plain slices of a read chunk: quoted values, %-escapes, '+' in a user agent, an escaped target.
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
