import { describe, expect, it } from 'vitest';
import type { EasRequest } from '../../../src/activesync/decode-request.js';
import { col, flagHop, rowWidth } from '../../../src/ingest/batch.js';
import { BatchBuilder } from '../../../src/ingest/batch-builder.js';

const request = (over: Partial<EasRequest>): EasRequest => ({
  kind: 'activesync', ts: 1286150400, computerName: null, serverIp: '10.0.0.1', clientIp: '10.0.0.9', queryUser: 'jdoe', username: 'COMPANY\\jdoe',
  anonymous: false, deviceId: 'Appl1', deviceType: 'iPhone', cmd: 'Ping', userAgent: 'UA/1', status: 200, substatus: 0,
  win32: 0, timeTaken: 15, protocol: 141, innerHop: false, proxyTo: null, redirectTo: null, error: null, heartbeat: null,
  class: 'direct', outcome: 'ok', ...over,
});

describe('BatchBuilder', () => {
  it('when a CAS shows up later in the run then requests from its address become inner hops, though the device cached that address', () => {
    const builder = new BatchBuilder({ entries: [], devices: [], casIps: [] });
    builder.startFile(1, 'CAS1');
    builder.addActiveSync(request({}));
    builder.startFile(2, 'CAS2');
    builder.addActiveSync(request({ serverIp: '10.0.0.9', clientIp: '1.2.3.4', deviceId: 'Other' })); // CAS2 logs from 10.0.0.9
    builder.startFile(1, 'CAS1');
    builder.addActiveSync(request({}));
    const batch = builder.take({ offset: 0, lineNo: 0, fields: null, date: null });
    const hops = Array.from({ length: batch.rowCount }, (_, r) => flagHop(batch.rows[r * rowWidth + col.flags]!));
    expect(hops).toEqual([0, 0, 1]);
  });

  it('when a request was proxied then its target is a dictionary id on the row and it counts as proxy', () => {
    const builder = new BatchBuilder({ entries: [], devices: [], casIps: [] });
    builder.startFile(1, 'CAS1');
    builder.addActiveSync(request({ proxyTo: 'cas07.local', class: 'proxy' }));
    const batch = builder.take({ offset: 0, lineNo: 0, fields: null, date: null });
    expect(batch.counts).toMatchObject({ proxy: 1, direct: 0 });
    expect(batch.newEntries.filter(([table]) => table === 'proxy_targets')).toEqual([['proxy_targets', batch.rows[col.proxy_target_id], 'cas07.local']]);
});
});
