import { test } from 'vitest';
import { renderDashboard, waitForFrame, pressAndWait, keys } from './helpers/render-dashboard.js';

test('scratch', async () => {
  const d = renderDashboard({ columns: 80, rows: 24 });
  let f = await waitForFrame(d.lastFrame, (fr) => fr.includes('Device type') || fr.includes('Type'));
  console.log(f + '\n-----');
  f = await pressAndWait(d, '2', (fr) => fr.includes('Failing devices:'));
  console.log(f + '\n-----');
  f = await pressAndWait(d, keys.enter, (fr) => fr.includes('Recommendation'));
  console.log(f + '\n-----');
  f = await pressAndWait(d, '3', (fr) => fr.includes('CAS servers'));
  console.log(f + '\n-----');
  f = await pressAndWait(d, '4', (fr) => fr.includes('Rejected lines:'));
  console.log(f + '\n-----');
  f = await pressAndWait(d, '?', (fr) => fr.includes('Keys'));
  console.log(f + '\n-----');
  d.unmount();
});
