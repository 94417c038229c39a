import { describe, expect, it } from 'vitest';
import type { EasRequest } from '../../../src/activesync/decode-request.js';
import { col, flagClass, flagHop, flagOutcome, rowWidth, type Batch } from '../../../src/ingest/batch.js';
import { BatchBuilder } from '../../../src/ingest/batch-builder.js';
import { RowCompleter } from '../../../src/ingest/complete-rows.js';

const request = (over: Partial<EasRequest>): EasRequest => ({
  kind: 'activesync', ts: 1286150400, computerName: null, serverIp: '10.0.0.1', clientIp: '10.0.0.9', queryUser: 'jdoe', username: 'COMPANY\\jdoe',
  deviceId: 'Appl1', deviceType: 'iPhone', cmd: 'Ping', log: 'V141_Hb900_', userAgent: 'UA/1', status: 200, substatus: 0,
  win32: 0, timeTaken: 15, protocol: null, innerHop: false, ...over,
});

/** A column of every row of a batch. */
const column = (batch: Batch, name: keyof typeof col): number[] => Array.from({ length: batch.rowCount }, (_, r) => batch.rows[r * rowWidth + col[name]]!);

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
    expect(column(batch, 'flags').map(flagHop)).toEqual([0, 0, 1]);
  });
});

describe('RowCompleter (the writer reads Log= and classifies)', () => {
  it('when rows arrive from the builder then their Log= tokens give class, outcome, targets, error, protocol and heartbeat', () => {
    const builder = new BatchBuilder({ entries: [], devices: [], casIps: [] });
    builder.startFile(1, 'CAS1');
    builder.addActiveSync(request({ log: 'V141_PrxTo:cas07.local_Hb900_' }));
    builder.addActiveSync(request({ status: 451, log: 'V121_RdirTo:https%3A%2F%2Flegacy%2F_Error:MisconfiguredDevice_' }));
    builder.addActiveSync(request({ status: 401, username: null, log: null, protocol: 140 }));
    builder.addActiveSync(request({ status: 200, cmd: 'Provision', log: 'V141_PrxFrom:10.0.0.1_' }));
    const batch = builder.take({ offset: 0, lineNo: 0, fields: null, date: null });
    // An error seen in an earlier run keeps its id; a new target gets the next one.
    const completer = new RowCompleter([['errors', 7, 'MisconfiguredDevice'], ['proxy_targets', 1, 'old.local']]);
    const entries = completer.complete(batch);

    expect(entries).toEqual([['proxy_targets', 2, 'cas07.local'], ['redirect_targets', 1, 'https://legacy/']]);
    expect(column(batch, 'flags').map(flagClass)).toEqual([1, 2, 0, 0]); // proxy, redirect, direct, direct
    expect(column(batch, 'flags').map(flagOutcome)).toEqual([0, 5, 1, 10]); // ok, redirect, challenge, other (Provision)
    expect(column(batch, 'flags').map(flagHop)).toEqual([0, 0, 0, 1]); // PrxFrom: the receiving side of a proxy
    expect(column(batch, 'proxy_target_id')).toEqual([2, Number.NaN, Number.NaN, Number.NaN]);
    expect(column(batch, 'error_id')).toEqual([Number.NaN, 7, Number.NaN, Number.NaN]);
    expect(column(batch, 'protocol')).toEqual([141, 121, 140, 141]);
    expect(column(batch, 'heartbeat')).toEqual([900, Number.NaN, Number.NaN, Number.NaN]);
    expect(batch.counts).toMatchObject({ lines: 4, direct: 2, proxy: 1, redirect: 1 });
  });
});
