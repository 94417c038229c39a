import { afterEach, expect, test } from 'vitest';
import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import useDashboardData, { type DashboardRequest } from '../../src/ui/hooks/use-dashboard-data.js';
import type { DashboardSource } from '../../src/ui/dashboard-source.js';
import { FakeDashboardSource } from './helpers/fake-dashboard-source.js';
import { waitForFrame } from './helpers/render-dashboard.js';

afterEach(() => {
  cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function Probe({ source, request, enabled = true }: { source: DashboardSource; request: DashboardRequest; enabled?: boolean }) {
  const { data, error } = useDashboardData(source, request, { intervalMs: 10, enabled });
  if (error) return <Text>error: {error}</Text>;
  if (data?.view === 'failing') return <Text>rows {data.failing.rows.length}</Text>;
  return <Text>{data ? data.view : 'nothing'}</Text>;
}

const failing: DashboardRequest = { view: 'failing', query: { filter: '', sort: 'severity', limit: 50 } };

test('when the version does not change then the data is read once, however often it polls', async () => {
  const source = new FakeDashboardSource();
  const probe = render(<Probe source={source} request={failing} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 4');
  await sleep(150);
  expect(source.calls.version).toBeGreaterThan(5);
  expect(source.calls.failingDevices).toBe(1);
  const framesBefore = probe.frames.length;
  await sleep(100);
  expect(probe.frames.length).toBe(framesBefore);
});

test('when the version changes then the data is read again and shown', async () => {
  const source = new FakeDashboardSource();
  const probe = render(<Probe source={source} request={failing} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 4');
  source.rows = source.rows.slice(0, 2);
  source.bump();
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 2');
  expect(source.calls.failingDevices).toBe(2);
});

test('when the request changes then it is read at once, without waiting for a new version', async () => {
  const source = new FakeDashboardSource();
  const probe = render(<Probe source={source} request={failing} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 4');
  probe.rerender(<Probe source={source} request={{ view: 'failing', query: { filter: 'bob', sort: 'severity', limit: 50 } }} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 1');
});

test('when reading fails then the error is shown and the read is retried', async () => {
  const source = new FakeDashboardSource();
  let fail = true;
  const flaky: DashboardSource = Object.assign(Object.create(source) as FakeDashboardSource, {
    failingDevices: (q: Parameters<DashboardSource['failingDevices']>[0]) => {
      if (fail) throw new Error('database is locked');
      return source.failingDevices(q);
    },
  });
  const probe = render(<Probe source={flaky} request={failing} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'error: database is locked');
  fail = false;
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 4');
});

test('when disabled (first ingest) then nothing is read; when unmounted then polling stops', async () => {
  const source = new FakeDashboardSource();
  const probe = render(<Probe source={source} request={failing} enabled={false} />);
  await sleep(60);
  expect(source.calls.version ?? 0).toBe(0);
  probe.rerender(<Probe source={source} request={failing} />);
  await waitForFrame(probe.lastFrame, (f) => f === 'rows 4');
  probe.unmount();
  const polls = source.calls.version ?? 0;
  await sleep(60);
  expect(source.calls.version).toBe(polls);
});
