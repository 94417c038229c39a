import { afterEach, describe, expect, test } from 'vitest';
import { useState } from 'react';
import { Text, useInput } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { keymap, resolveKeyAction, type KeyAction } from '../../src/ui/keymap.js';
import { keys, pressAndWait, renderDashboard, waitForFrame } from './helpers/render-dashboard.js';

afterEach(() => {
  cleanup();
});

/** The bytes a terminal sends for each key name the keymap shows. */
const bytesOf: Record<string, string> = {
  'Shift-Tab': keys.shiftTab,
  Tab: keys.tab,
  '↑': keys.up,
  '↓': keys.down,
  PgUp: keys.pageUp,
  PgDn: keys.pageDown,
  Space: ' ',
  Home: keys.home,
  End: keys.end,
  Enter: keys.enter,
  Esc: keys.escape,
  Backspace: keys.backspace,
  'Ctrl-C': keys.ctrlC,
};

/** Shows what the keymap makes of each key press, through Ink's real input parsing. */
function KeyProbe() {
  const [seen, setSeen] = useState<string[]>([]);
  useInput((input, key) => setSeen((s) => [...s, resolveKeyAction(input, key) ?? 'none']));
  return <Text>{seen.join(',')}</Text>;
}

describe('keymap table', () => {
  const cases = keymap.flatMap((binding) => binding.keys.map((name) => ({ name, action: binding.action })));
  test.each(cases)('when $name is pressed then it means $action', async ({ name, action }) => {
    const probe = render(<KeyProbe />);
    // Escape alone is only decided after a pause (it could start a sequence), like a real terminal.
    probe.stdin.write(bytesOf[name] ?? name);
    const frame = await waitForFrame(probe.lastFrame, (f) => f !== '');
    expect(frame).toBe(action);
  });
});

type Dashboard = Awaited<ReturnType<typeof renderDashboard>>;
const onFailing = async (d: Dashboard): Promise<void> => {
  await pressAndWait(d, '2', (f) => f.includes('sort: severity') && f.includes('› alice'));
};
const onServers = async (d: Dashboard): Promise<void> => {
  await pressAndWait(d, '3', (f) => f.includes('› https://newyork07.contoso'));
};
const isUnmounted = (d: Dashboard): boolean => d.stdin.listenerCount('readable') === 0;

/** What each action must do, shown on screen or asked of the controls. Typed so a new action without a scenario fails to compile. */
const scenarios: Record<KeyAction, (d: Dashboard) => Promise<void>> = {
  'next-view': async (d) => {
    await pressAndWait(d, keys.tab, (f) => f.includes('sort: severity'));
  },
  'prev-view': async (d) => {
    await pressAndWait(d, keys.shiftTab, (f) => f.includes('Latest rejects'));
  },
  'view-overview': async (d) => {
    await onServers(d);
    await pressAndWait(d, '1', (f) => f.includes('Ingest position'));
  },
  'view-failing': onFailing,
  'view-servers': onServers,
  'view-rejects': async (d) => {
    await pressAndWait(d, '4', (f) => f.includes('Latest rejects'));
  },
  down: async (d) => {
    await onFailing(d);
    await pressAndWait(d, 'j', (f) => f.includes('› bob'));
    await pressAndWait(d, keys.down, (f) => f.includes('› mallory'));
  },
  up: async (d) => {
    await onFailing(d);
    await pressAndWait(d, ['j', 'j'], (f) => f.includes('› mallory'));
    await pressAndWait(d, 'k', (f) => f.includes('› bob'));
    await pressAndWait(d, keys.up, (f) => f.includes('› alice'));
  },
  'page-down': async (d) => {
    await onServers(d);
    // 24 rows: body 21, page = 18 rows.
    await pressAndWait(d, keys.pageDown, (f) => f.includes('› https://newyork07-18.contoso'));
  },
  'page-up': async (d) => {
    await onServers(d);
    await pressAndWait(d, [keys.pageDown, keys.pageDown], (f) => f.includes('› https://newyork07-29.contoso'));
    await pressAndWait(d, keys.pageUp, (f) => f.includes('› https://newyork07-11.contoso'));
  },
  bottom: async (d) => {
    await onServers(d);
    await pressAndWait(d, 'G', (f) => f.includes('› https://newyork07-29.contoso'));
  },
  top: async (d) => {
    await onServers(d);
    await pressAndWait(d, 'G', (f) => f.includes('› https://newyork07-29.contoso'));
    await pressAndWait(d, 'g', (f) => f.includes('› https://newyork07.contoso'));
  },
  open: async (d) => {
    await onFailing(d);
    await pressAndWait(d, 'j', (f) => f.includes('› bob'));
    await pressAndWait(d, keys.enter, (f) => f.includes('bob · SAMSUNGSGHI897 · SEC12345') && f.includes('Recommendation'));
    expect(d.source.calls.deviceDetail).toBeGreaterThan(0);
  },
  back: async (d) => {
    await onFailing(d);
    await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
    await pressAndWait(d, keys.escape, (f) => f.includes('› alice') && !f.includes('Recommendation'));
    await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
    await pressAndWait(d, keys.backspace, (f) => f.includes('› alice') && !f.includes('Recommendation'));
  },
  filter: async (d) => {
    const frame = await pressAndWait(d, '/', (f) => f.includes('Filter: '));
    expect(frame).toContain('Enter keeps · Esc clears');
    // While typing, keys are text: 'q' and 's' must not quit or sort.
    await pressAndWait(d, ['s', 'q', keys.backspace, keys.backspace, 'b', 'o', 'b'], (f) => f.includes('Filter: bob') && !f.includes('alice'));
    await waitForFrame(d.lastFrame, () => d.source.queries.at(-1)?.filter === 'bob');
    expect(isUnmounted(d)).toBe(false);
    await pressAndWait(d, keys.enter, (f) => f.includes('filter: bob') && f.includes('› bob'));
    await pressAndWait(d, keys.escape, (f) => f.includes('› alice') && !f.includes('filter: bob'));
    await pressAndWait(d, ['/', 'z', 'z'], (f) => f.includes('no failing device matches "zz"'));
    await pressAndWait(d, keys.escape, (f) => f.includes('› alice'));
  },
  sort: async (d) => {
    await onFailing(d);
    await pressAndWait(d, 's', (f) => f.includes('sort: last-seen'));
    await pressAndWait(d, 's', (f) => f.includes('sort: user') && /› alice[\s\S]*bob[\s\S]*carol[\s\S]*mallory/.test(f));
    expect(d.source.queries.at(-1)?.sort).toBe('user');
    await onServers(d);
    await pressAndWait(d, 's', (f) => f.includes('sort: error-rate') && /NYCAS10B[\s\S]*NYCAS10A[\s\S]*NEWYORK07/.test(f));
  },
  export: async (d) => {
    await pressAndWait(d, 'e', (f) => f.includes('report written: activesync-doctor-report-20101005-143200Z.html'));
    expect(d.calls.exports).toBe(1);
  },
  pause: async (d) => {
    d.stdin.write('p');
    await waitForFrame(d.lastFrame, () => d.calls.paused.length === 1);
    expect(d.calls.paused).toEqual([true]);
    d.live.updateFollow({ phase: 'paused' });
    await waitForFrame(d.lastFrame, (f) => f.includes('PAUSED'));
    d.stdin.write('p');
    await waitForFrame(d.lastFrame, () => d.calls.paused.length === 2);
    expect(d.calls.paused).toEqual([true, false]);
  },
  help: async (d) => {
    await pressAndWait(d, '?', (f) => f.includes('Keys (? Esc or q closes)'));
    await pressAndWait(d, '?', (f) => f.includes('Ingest position'));
  },
  quit: async (d) => {
    await onFailing(d);
    await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
    // q first closes what is open, then quits.
    await pressAndWait(d, 'q', (f) => f.includes('› alice'));
    expect(isUnmounted(d)).toBe(false);
    await pressAndWait(d, '?', (f) => f.includes('Keys'));
    await pressAndWait(d, 'q', (f) => !f.includes('Keys'));
    expect(isUnmounted(d)).toBe(false);
    d.stdin.write('q');
    await waitForFrame(d.lastFrame, () => isUnmounted(d));
  },
  'force-quit': async (d) => {
    await onFailing(d);
    await pressAndWait(d, keys.enter, (f) => f.includes('Recommendation'));
    d.stdin.write(keys.ctrlC);
    await waitForFrame(d.lastFrame, () => isUnmounted(d));
  },
};

describe('every action of the keymap', () => {
  test.each(keymap.map((b) => [b.action, b.keys.join(' ')] as const))('when %s (%s) is used then it does its job', async (action) => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    await scenarios[action](d);
  });

  test('when the first ingest is running then only quitting works', async () => {
    const d = await renderDashboard({
      live: { progress: { filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 1, lines: 0, linesPerSecond: 0, currentFile: null } },
    });
    await waitForFrame(d.lastFrame, (f) => f.includes('file 0/1'));
    d.stdin.write('e');
    d.stdin.write('p');
    d.stdin.write('2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(d.calls).toEqual({ paused: [], exports: 0 });
    expect(d.lastFrame()).toContain('file 0/1');
    d.stdin.write('q');
    await waitForFrame(d.lastFrame, () => isUnmounted(d));
  });
});

describe('keys that arrive together', () => {
  test('when several keys come in one read (key repeat, a paste, tmux send-keys) then each one counts, in order', async () => {
    const d = await renderDashboard();
    await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
    await pressAndWait(d, '2', (f) => f.includes('› alice'));
    await pressAndWait(d, 'jj\r', (f) => f.includes('Recommendation') && f.includes('mallory'));
    await pressAndWait(d, '\u001b', (f) => f.includes('› mallory'));
    await pressAndWait(d, '/bob\r', (f) => f.includes('filter: bob') && f.includes('› bob'));
  });
});

test('when Esc is followed at once by another key then both count (not Alt+key)', async () => {
  const d = await renderDashboard();
  await waitForFrame(d.lastFrame, (f) => f.includes('Ingest position'));
  await pressAndWait(d, '?', (f) => f.includes('Keys (?'));
  await pressAndWait(d, '\u001b3', (f) => f.includes('Proxy targets'));
});
