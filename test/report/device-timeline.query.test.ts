import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTimelineRequests } from '../../src/report/device-timeline.js';
import { openDatabase } from '../../src/store/open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'asd-timeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTimelineRequests', () => {
  it('when a device has direct, proxied and redirected requests then they come back in time order, client-facing only', () => {
    const db = openDatabase(join(dir, 'timeline.db'));
    db.exec(`
      INSERT INTO servers (id, name) VALUES (1, 'CAS10-NY'), (2, 'CAS07-NY');
      INSERT INTO users (id, name) VALUES (1, 'alice');
      INSERT INTO devices (id, user_id, device_key) VALUES (7, 1, 'ApplDNPGK1A2B3C4'), (8, 1, 'other');
      INSERT INTO commands (id, name) VALUES (1, 'Sync'), (2, 'Ping');
      INSERT INTO errors (id, name) VALUES (1, 'DeviceNotProvisioned');
      INSERT INTO proxy_targets (id, name) VALUES (1, 'https://cas07-ny.contoso.local/Microsoft-Server-ActiveSync');
      INSERT INTO redirect_targets (id, name) VALUES (1, 'https://mail07.contoso.com/Microsoft-Server-ActiveSync');
      INSERT INTO requests (ts, server_id, device_id, flags, codes, error_id, proxy_target_id, redirect_target_id)
        SELECT column1, column2, column3, column4 | (column5 << 2) | (column6 << 3) | (column7 << 7), column8, column9, column10, column11 FROM (VALUES
        -- ts, server, device, class, hop, outcome, command, status, error, proxy target, redirect target
        (1300000300, 1, 7, 2, 0, 5, 1, 451, NULL, NULL, 1),
        (1300000100, 1, 7, 0, 0, 0, 2, 200, NULL, NULL, NULL),
        (1300000200, 1, 7, 1, 0, 0, 1, 200, NULL, 1, NULL),
        (1300000200, 2, 7, 0, 1, 0, 1, 200, NULL, NULL, NULL),
        (1300000250, 1, 7, 0, 0, 4, 1, 449, 1, NULL, NULL),
        (1300000100, 1, 8, 0, 0, 0, 2, 200, NULL, NULL, NULL));
    `);
    const rows = readTimelineRequests(db, 7);
    db.close();
    expect(rows).toEqual([
      { ts: 1300000100, server: 'CAS10-NY', class: 'direct', command: 'Ping', status: 200, error: null, proxyTarget: null, redirectTarget: null },
      { ts: 1300000200, server: 'CAS10-NY', class: 'proxy', command: 'Sync', status: 200, error: null, proxyTarget: 'https://cas07-ny.contoso.local/Microsoft-Server-ActiveSync', redirectTarget: null },
      { ts: 1300000250, server: 'CAS10-NY', class: 'direct', command: 'Sync', status: 449, error: 'DeviceNotProvisioned', proxyTarget: null, redirectTarget: null },
      { ts: 1300000300, server: 'CAS10-NY', class: 'redirect', command: 'Sync', status: 451, error: null, proxyTarget: null, redirectTarget: 'https://mail07.contoso.com/Microsoft-Server-ActiveSync' },
    ]);
  });
});
