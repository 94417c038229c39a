import { afterEach, expect, test } from 'vitest';
import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import useTerminalSize from '../../src/ui/hooks/use-terminal-size.js';
import { resizeTerminal, waitForFrame } from './helpers/render-dashboard.js';

afterEach(() => {
  cleanup();
});

function Size() {
  const { columns, rows } = useTerminalSize();
  return (
    <Text>
      {columns}×{rows}
    </Text>
  );
}

test('when stdout has no row count (not a terminal) then 24 rows are assumed', () => {
  const probe = render(<Size />);
  expect(probe.lastFrame()).toBe('100×24');
});

test('when the terminal is resized then the size follows, and unmounting stops listening', async () => {
  const probe = render(<Size />);
  resizeTerminal(probe.stdout, 200, 50);
  await waitForFrame(probe.lastFrame, (f) => f === '200×50');
  resizeTerminal(probe.stdout, 80, 24);
  await waitForFrame(probe.lastFrame, (f) => f === '80×24');
  const listeners = probe.stdout.listenerCount('resize');
  probe.unmount();
  expect(probe.stdout.listenerCount('resize')).toBeLessThan(listeners);
});
