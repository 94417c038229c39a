import { describe, expect, it } from 'vitest';
import { collapseRequests } from '../../src/report/device-timeline.js';
import { aliceRequests } from './fixtures/device-requests.js';

describe('collapseRequests', () => {
  it('when consecutive requests differ only in time then they become one entry with a count', () => {
    const entries = collapseRequests(aliceRequests);
    expect(entries.map((e) => [e.command, e.status, e.class, e.count])).toEqual([
      ['Sync', 200, 'direct', 1],
      ['Ping', 200, 'direct', 3],
      ['Sync', 401, 'direct', 1],
      ['Sync', 200, 'proxy', 1],
      ['Sync', 451, 'redirect', 4],
      ['FolderSync', 451, 'redirect', 1],
    ]);
    expect(entries[1]).toMatchObject({ first: '2011-03-12T13:50:02Z', last: '2011-03-12T14:08:02Z' });
  });

  it('when a pause is longer than the session gap then the run is split and the pause recorded', () => {
    const entries = collapseRequests(aliceRequests, 300);
    expect(entries.map((e) => [e.command, e.count, e.gapBefore])).toEqual([
      ['Sync', 1, null],
      ['Ping', 1, null],
      ['Ping', 1, 540],
      ['Ping', 1, 540],
      ['Sync', 1, null],
      ['Sync', 1, null],
      ['Sync', 4, 60_710],
      ['FolderSync', 1, null],
    ]);
  });

  it('when there are no requests then there are no entries', () => {
    expect(collapseRequests([])).toEqual([]);
  });
});
