import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { keys, pressAndWait, renderDashboard, resizeTerminal, waitForFrame } from './helpers/render-dashboard.js';

afterEach(() => {
  cleanup();
});

/** Terminal cells of a line: code points (the fixtures use no double-width characters). */
const cells = (line: string): number => Array.from(line).length;

/** Asserts the frame fits a terminal of `columns` × `rows` with the spare last row Ink needs. */
function expectFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const line of lines) expect(cells(line), line).toBeLessThanOrEqual(columns);
}

describe('at 80×24', () => {
  test('when the overview is shown then sparklines, matrix, verdicts and server lag fit the screen', async () => {
    const d = await renderDashboard();
    const frame = await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position') && f.includes('(8 min per cell)'));
    expectFits(frame, 80, 24);
    expect(frame).toMatchInlineSnapshot(`
      " 1 Overview  2 Failing  3 Servers  4 Rejects            now 2010-10-05 14:32:00Z
      Requests per minute by class, last 6.4h up to now (8 min per cell)
               ▂▅▇██▇▅▂        ▃▆███▆▄▁        ▄▆███▆▃        ▁
      redirect ████████▆▄▂ ▁▂▅█████████▆▃▁ ▁▃▅█████████▅▂▁ ▂▃▆█ peak    20 last    13
               ██▅▃        ▂▅▇██▇▅▂        ▃▆███▆▄▁       ▁▄▆██
      proxy    █████▄▂▁▁▂▄▇████████▇▄▂▁▁▂▅█████████▆▃▁ ▁▃▆█████ peak    40 last    39
                       ▁▄▇██▇▅▃        ▂▅▇██▇▅▂        ▃▆███▆▄▁
      direct   █▅▃▁▁▁▃▆████████▇▄▂▁▁▂▄▇████████▆▄▂▁▁▂▅█████████ peak    80 last    34

      Device type × class (requests, share of the type)   Failing devices: 4
      Type      Devices   redirect      proxy     direct  Verdict              Devices
      iPhone        120 1,200  17% 5,600  79%   300   4%  redirect-stuck             1
      SAMSUNGS…      40    10  <1%   900  31% 2,000  69%  auth-failing               1
      Evil\\x1b…       1     5 100%     0   0%     0   0%  server-error               1
                                                          provisioning-loop          1

      Ingest position and lag per server (lag: behind the newest entry of any server)
      Server     Current file                     Ingested   Behind  Last entry    Lag
      NYCAS10A   u_ex101005.log              1.0 MB/1.0 MB      0 B 10-05 14:32     0s
      NYCAS10B   u_ex101005.log              488 KB/586 KB    98 KB 10-05 14:30     2m
      NEWYORK07  -                                       -        -           -      -

      ● following /logs                                                ? help · q quit"
    `);
  });

  test('when the failing devices are shown then the most severe come first with a short reason', async () => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    const frame = await pressAndWait(d, '2', (f) => f.includes('sort: severity'));
    expectFits(frame, 80, 24);
    expect(frame).toMatchInlineSnapshot(`
      " 1 Overview  2 Failing  3 Servers  4 Rejects            now 2010-10-05 14:32:00Z
      Failing devices: 4 · sort: severity · Enter: timeline · / filter · s sort
        User         Type      Verdict        Reason              Last seen   Server
      › alice        iPhone    redirect-stuck Got 451 redirects … 10-05 14:31 NYCAS10A
        bob          SAMSUNGS… auth-failing   HTTP 401 with cred… 10-05 13:32 NYCAS10B
        mallory\\x1b… Evil\\x9b… server-error   500 errors;         10-05 12:32 NEWYORK…
        carol        WP        provisioning-… 449 provisioning r… 10-04 14:32 NYCAS10A















      ● following /logs                                                ? help · q quit"
    `);
  });

  test('when a device is opened then identity, verdict, full reason, recommendation and timeline show', async () => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    await pressAndWait(d, '2', (f) => f.includes('› alice'));
    const frame = await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
    expectFits(frame, 80, 24);
    expect(frame).toContain('alice · iPhone · ApplDNPGK1A2B3C4');
    expect(frame).toContain('redirect-stuck · 240 requests: redirect 200');
    expect(frame).toContain('Got 451 redirects 37 times since 2010-10-05 08:00 UTC from NYCAS10A; never');
    expect(frame).toContain('proxied. The device ignores the redirect.');
    expect(frame).toContain('Set-ActiveSyncVirtualDirectory');
    const table = await pressAndWait(d, ['j', 'j', 'j', 'j', 'j'], (f) => f.includes('2010-10-05 14:31:00Z NYCAS10A'));
    expect(table).toMatch(/Last \(UTC\)\s+Server\s+Class\s+Status Count Command/);
    expect(table).toContain('lines 6-22 of 50');
    const bottom = await pressAndWait(d, keys.end, (f) => f.includes('lines 34-50 of 50'));
    expect(bottom).toContain('2010-10-05 13:52:00Z NYCAS10A');
    expectFits(bottom, 80, 24);
  });

  test('when servers are shown then each CAS and each PrxTo target has counts and error rates', async () => {
    const d = await renderDashboard();
    const frame = await pressAndWait(d, '3', (f) => f.includes('Proxy targets'));
    expectFits(frame, 80, 24);
    expect(frame).toMatch(/NYCAS10B\s+50\.0k\s+5,000\s+30\.0k\s+15\.0k\s+6,000\s+12\.0%\s+10\.0%/);
    expect(frame).toMatch(/NEWYORK07\s+20\.0k\s+0\s+0\s+20\.0k\s+100\s+0\.5%\s+0\.0%/);
    expect(frame).toMatch(/› https:\/\/newyork07\.contoso\S*\s+9,000\s+120\s+0\s+0\.0%/);
  });

  test('when rejected lines are shown then files and the latest lines appear', async () => {
    const d = await renderDashboard();
    const frame = await pressAndWait(d, '4', (f) => f.includes('Latest rejects'));
    expectFits(frame, 80, 24);
    expect(frame).toContain('Rejected lines: 7 in 2 files (of 12 read)');
    expect(frame).toMatch(/u_ex101005\.log:101\s+bad timestamp\s+garbage line 1/);
  });

  test('when ? is pressed then the help overlay lists every key of the keymap', async () => {
    const { keymap } = await import('../../src/ui/keymap.js');
    const d = await renderDashboard();
    const frame = await pressAndWait(d, '?', (f) => f.includes('Keys'));
    expectFits(frame, 80, 24);
    for (const binding of keymap) {
      expect(frame).toContain(binding.keys.join(' '));
      expect(frame).toContain(binding.help);
    }
  });

  test('when the first ingest runs then the progress view shows files, bytes, speed and time left', async () => {
    const d = await renderDashboard({
      live: {
        progress: {
          filesDone: 2,
          filesTotal: 5,
          bytesDone: 50 * 1024 * 1024,
          bytesTotal: 200 * 1024 * 1024,
          lines: 150_000,
          linesPerSecond: 300_000,
          currentFile: '/logs/NYCAS10A/W3SVC1/u_ex101005.log',
        },
      },
    });
    const frame = await waitForFrame(d.lastFrame, (f) => f.includes('file 2/5'));
    expectFits(frame, 80, 24);
    expect(frame).toContain('u_ex101005.log');
    expect(frame).toContain('25%');
    expect(frame).toContain('50 MB of 200 MB · 150,000 lines · 300,000 lines/s · about 2s left');
    expect(d.source.calls.overview ?? 0).toBe(0);
  });

  test('when following has a problem then the status line says which path and what', async () => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    d.live.updateFollow({ errors: [{ path: '/logs/NYCAS10C', message: 'does not exist (yet)' }, { path: '/x', message: 'permission denied' }] });
    const frame = await waitForFrame(d.lastFrame, (f) => f.includes('NYCAS10C'));
    expect(frame.split('\n').at(-1)).toContain('⚠ /logs/NYCAS10C: does not exist (yet) (+1 more)');
  });
});

describe('larger terminals and resizing', () => {
  test('when the terminal is 200×50 then tables gain columns and rows and sparklines gain resolution', async () => {
    const d = await renderDashboard({ columns: 200, rows: 50 });
    const overview = await waitForFrame(d.lastFrame, (f) => f.includes('(3 min per cell)'));
    expectFits(overview, 200, 50);
    expect(overview).toContain('ActiveSync Doctor  1 Overview  2 Failing devices');
    expect(overview).toContain('/logs/NYCAS10A/W3SVC1/u_ex101005.log');
    const failing = await pressAndWait(d, '2', (f) => f.includes('Device ID'));
    expectFits(failing, 200, 50);
    expect(failing).toContain('Got 451 redirects 37 times since 2010-10-05 08:00 UTC from NYCAS10A;');
  });

  test('when the terminal is resized then the next frame uses the new size', async () => {
    const d = await renderDashboard();
    await pressAndWait(d, '2', (f) => f.includes('sort: severity'));
    expect(d.lastFrame()).not.toContain('Device ID');
    resizeTerminal(d.stdout, 130, 40);
    const wide = await waitForFrame(d.lastFrame, (f) => f.includes('Device ID'));
    expectFits(wide, 130, 40);
    resizeTerminal(d.stdout, 80, 24);
    const narrow = await waitForFrame(d.lastFrame, (f) => !f.includes('Device ID'));
    expectFits(narrow, 80, 24);
  });
});

describe('status line', () => {
  test('when non-log files are skipped then they are counted quietly; a real warning is shown with ⚠', async () => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    d.live.updateFollow({ warnings: ['skipped /logs/readme.txt: not a W3C log', 'skipped /logs/expected.json: not a W3C log'] });
    let frame = await waitForFrame(d.lastFrame, (f) => f.includes('skipped'));
    expect(frame.split('\n').at(-1)).toMatch(/^● following \/logs · 2 non-log files skipped\s+\? help · q quit$/);
    d.live.updateFollow({ warnings: ['skipped /logs/readme.txt: not a W3C log', 'cannot read /logs/u_ex101005.log: EACCES'] });
    frame = await waitForFrame(d.lastFrame, (f) => f.includes('EACCES'));
    expect(frame.split('\n').at(-1)).toContain('● following /logs · ⚠ cannot read /logs/u_ex101005.log: EACCES');
  });
});
