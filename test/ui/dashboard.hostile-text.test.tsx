import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { keys, pressAndWait, renderDashboard, waitForFrame } from './helpers/render-dashboard.js';
import { unsafeBytes } from './helpers/fake-dashboard-source.js';

afterEach(() => {
  cleanup();
});

test('when user agents, users, device ids, reasons and rejected lines hold terminal escapes then no frame contains ESC, C0 or C1 bytes and the escapes show as text', async () => {
  const d = await renderDashboard();
  await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
  await pressAndWait(d, '2', (f) => f.includes('mallory'));
  await pressAndWait(d, ['j', 'j'], (f) => f.includes('› mallory'));
  const detail = await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
  // The escapes are visible, inert text.
  expect(detail).toContain('mallory\\x1b[31m\\x9b2J');
  expect(detail).toContain('Evil\\x1b[2J\\x1b[10A\\x1b]52;c;cGF3bmVk\\x07');
  expect(detail).toContain('\\u202eRTL');
  await pressAndWait(d, [keys.escape, '4'], (f) => f.includes('Latest rejects'));
  await pressAndWait(d, ['/', '\u001b[2J', 'x'], (f) => f.includes('Filter:'));
  await pressAndWait(d, '?', (f) => f.includes('Filter:'));
  d.live.updateFollow({ errors: [{ path: '/logs/\u001b]0;pwned\u0007', message: 'permission denied\u009b2J' }] });
  await waitForFrame(d.lastFrame, (f) => f.includes('pwned'));

  expect(d.frames.length).toBeGreaterThan(5);
  for (const frame of d.frames) {
    const bad = unsafeBytes.exec(frame);
    expect(bad, `frame contains U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')}:\n${frame}`).toBeNull();
  }
});
