import { describe, it, expect } from 'vitest';
import { progressLine } from '../../src-main/cli/progress-bar.ts';

describe('progressLine', () => {
  it('shows bytes, lines per second and the time left', () => {
    const s = progressLine({ path: 'x', bytesRead: 50 * 1048576, bytesTotal: 200 * 1048576, lines: 300_000, events: 0, rejects: 0, elapsedMs: 2000 }, 20);
    expect(s).toBe('[#####...............]  25% 50.0/200.0 MB  150,000 lines/s  ETA 6s');
  });

  it('does not divide by zero at the start or for an empty file', () => {
    const s = progressLine({ path: 'x', bytesRead: 0, bytesTotal: 0, lines: 0, events: 0, rejects: 0, elapsedMs: 0 }, 10);
    expect(s).toBe('[..........]   0% 0.0/0.0 MB  0 lines/s  ETA 0s');
  });
});
