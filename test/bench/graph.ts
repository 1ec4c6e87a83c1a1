// `npm run bench:graph`: the pictures on a 1,000,000-event case (`fwlens generate`, seed 42), each
// figure a median of 5 with the case size printed. In Debian's Chromium against browser mode:
// Flows (host → organisation, top 25) from the request to the drawn graph, the timeline, the map,
// a time-range change until every visible view has redrawn, and Group by one column. The service
// calls alone (DuckDB time, no drawing) are printed beside them. Machine: 2 cores.
import type { Page } from 'playwright-core';
import { startServer } from '../../src-main/server/server.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import { launch } from '../e2e/browser.ts';
import { BENCH_DIR, printRows, uiCase } from './bench-util.ts';

const casePath = await uiCase();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[], target: number) => `${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')}; target < ${target} ms: ${median(xs) < target ? 'met' : 'NOT met'})`;

async function times(n: number, f: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}

// Service calls alone: what DuckDB takes, without transport or drawing.
const svc = new FwlensService({ shell: 'browser', dataDir: BENCH_DIR });
await svc.open(casePath);
const events = Number((await svc.caseInfo()).ok ? ((await svc.caseInfo()) as { value: { events: number } }).value.events : 0);
const call = async (f: () => Promise<{ ok: boolean }>) => { const t = performance.now(); const r = await f(); if (!r.ok) throw new Error(JSON.stringify(r)); return performance.now() - t; };
const flowReq = (top: number) => ({ from: 'host', to: 'asn', top });
const q = {
  graph: await times(5, (i) => call(() => svc.flowGraph(flowReq(25 + (i % 2)), null))),
  timeline: await times(5, () => call(() => svc.timeline({ buckets: 120 }, null))),
  map: await times(5, () => call(() => svc.geoSummary({}, null))),
  groupBy: await times(5, () => call(() => svc.groupBy({ columns: ['org'] }, null))),
};
svc.close();

/** Marks the charts now on screen, runs `act`, and waits until each named chart has been drawn anew. */
async function redraw(page: Page, testids: string[], act: () => Promise<void>): Promise<number> {
  await page.evaluate((ids) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { firstElementChild: { setAttribute(a: string, v: string): void } | null } | null } }).document;
    for (const id of ids) doc.querySelector(`[data-testid="${id}"] svg`)?.firstElementChild?.setAttribute('data-bench-old', '1');
  }, testids);
  const t = performance.now();
  await act();
  await page.waitForFunction((ids) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { firstElementChild: { hasAttribute(a: string): boolean } | null } | null } }).document;
    return ids.every((id) => {
      const first = doc.querySelector(`[data-testid="${id}"] svg`)?.firstElementChild;
      return !!first && !first.hasAttribute('data-bench-old');
    });
  }, testids, { timeout: 60_000, polling: 'raf' });
  return performance.now() - t;
}

const server = await startServer({ casePath, port: 0 });
const browser = await launch();
const ui: Record<string, number[]> = {};
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.getByTestId('nav-flows').click();
  await page.locator('[data-testid="flow-graph"] g.node').first().waitFor({ timeout: 120_000 });
  // Flow graph: a changed top N is a new request; timed to the new picture.
  ui.graph = await times(5, (i) => redraw(page, ['flow-graph'], async () => {
    await page.getByTestId('flow-top').fill(String(26 + (i % 2)));
    await page.getByTestId('flow-top').press('Enter');
  }));
  // Brush change: the range typed in the from/until fields; Flows shows the graph and the timeline.
  const ranges = [['2024-03-14T02:00', '2024-03-14T20:00'], ['2024-03-14T04:00', '2024-03-14T18:00']];
  ui.brush = await times(5, (i) => redraw(page, ['flow-graph', 'timeline'], async () => {
    await page.getByTestId('time-from').fill(ranges[i % 2][0]);
    await page.getByTestId('time-until').fill(ranges[i % 2][1]);
    await page.getByTestId('time-until').press('Enter');
  }));
  await page.getByTestId('time-clear').click();
  // The timeline alone (Explore): a preset toggled is a new filter.
  await page.getByTestId('nav-explore').click();
  await page.locator('[data-testid="timeline"] svg rect').first().waitFor({ timeout: 60_000 });
  ui.timeline = await times(5, () => redraw(page, ['timeline'], () => page.getByTestId('preset-dns').click()));
  // The map (Flows → Map), redrawn for a new filter.
  await page.getByTestId('nav-flows').click();
  await page.getByTestId('flow-layout-map').click();
  await page.locator('[data-testid="map"] path').first().waitFor({ timeout: 60_000 });
  ui.map = await times(5, () => redraw(page, ['map'], () => page.getByTestId('preset-quic').click()));
  // Group by one column: added, removed, added again.
  await page.getByTestId('nav-explore').click();
  await page.getByTestId('mode-groups').click();
  ui.groupBy = await times(5, async () => {
    const t = performance.now();
    await page.getByTestId('group-add').selectOption('org');
    await page.getByTestId('group-row').first().waitFor({ timeout: 60_000 });
    const ms = performance.now() - t;
    await page.getByRole('button', { name: 'Remove org' }).click();
    await page.getByTestId('group-row').first().waitFor({ state: 'detached' });
    return ms;
  });
} finally {
  await browser.close();
  await server.close();
}

printRows([
  ['case', `${casePath}: ${events.toLocaleString('en-US')} events (generated day, seed 42); 2 cores`],
  ['flow graph host → org, top 25: request → drawn', fmt(ui.graph, 500)],
  ['  the query alone (service call)', fmt(q.graph, 500)],
  ['timeline: filter change → redrawn', fmt(ui.timeline, 300)],
  ['  the query alone', fmt(q.timeline, 300)],
  ['map: filter change → redrawn', fmt(ui.map, 300)],
  ['  the query alone', fmt(q.map, 300)],
  ['time range change → graph and timeline redrawn', fmt(ui.brush, 300)],
  ['Group by org: chosen → rows shown', fmt(ui.groupBy, 300)],
  ['  the query alone', fmt(q.groupBy, 300)],
]);
