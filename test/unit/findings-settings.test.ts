import { describe, it, expect } from 'vitest';
import { DEFAULT_FINDING_SETTINGS, findingSettings, isFindingKind } from '../../src-main/findings/settings.ts';

describe('finding settings', () => {
  it('has the psad-like defaults', () => {
    expect(findingSettings()).toEqual(DEFAULT_FINDING_SETTINGS);
    expect(DEFAULT_FINDING_SETTINGS).toMatchObject({ portScanPorts: 15, portScanWindowSec: 60, sweepHosts: 10, sweepWindowSec: 300, finScanMin: 5, nullScanMin: 1 });
  });
  it('takes overrides and refuses nonsense', () => {
    expect(findingSettings({ portScanPorts: 30 }).portScanPorts).toBe(30);
    expect(findingSettings({ portScanPorts: 30 }).sweepHosts).toBe(10);
    expect(() => findingSettings({ portScanPorts: 0 })).toThrow(/portScanPorts/);
    expect(() => findingSettings({ sweepWindowSec: 1.5 })).toThrow(/sweepWindowSec/);
  });
  it('knows its kinds', () => {
    expect(isFindingKind('xmas_scan')).toBe(true);
    expect(isFindingKind('xmas')).toBe(false);
  });
});
