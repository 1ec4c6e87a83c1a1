// Shared lookup plumbing: pool, rate limiter, error classes, offline detector, and the text sanitisers.
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyNetError, mapPool, OfflineDetector, RateLimiter } from '../../src-main/lookup/limits.ts';
import { cleanCountry, cleanEmail, cleanHostname, cleanText } from '../../src-main/lookup/sanitize.ts';

describe('limits', () => {
  it('mapPool never runs more than `concurrency` at once and keeps input order', async () => {
    let now = 0;
    let max = 0;
    const out = await mapPool([5, 1, 4, 2, 3, 0, 6], 2, async (x) => {
      max = Math.max(max, ++now);
      await new Promise((r) => setTimeout(r, x * 3));
      now--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(max).toBe(2);
  });

  it('RateLimiter spaces callers of one key and leaves other keys alone', async () => {
    const rl = new RateLimiter();
    const t0 = Date.now();
    await Promise.all([rl.wait('a', 100), rl.wait('a', 100), rl.wait('b', 100)]);
    const t1 = Date.now() - t0;
    expect(t1).toBeGreaterThanOrEqual(90);
    expect(t1).toBeLessThan(1000);
  });

  it('backoff doubles within jitter bounds and is capped', () => {
    expect(backoffDelay(0, 100)).toBeGreaterThanOrEqual(80);
    expect(backoffDelay(3, 100)).toBeLessThanOrEqual(960);
    expect(backoffDelay(30, 100, 5000)).toBeLessThanOrEqual(6000);
  });

  it('classifies network errors into lookup statuses', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyNetError(e('ENETUNREACH'))).toBe('offline');
    expect(classifyNetError(e('EAI_AGAIN'))).toBe('offline');
    expect(classifyNetError(e('ECONNREFUSED'))).toBe('refused');
    expect(classifyNetError(e('ETIMEDOUT'))).toBe('timeout');
    expect(classifyNetError(new Error('x'))).toBe('error');
  });

  it('OfflineDetector trips on one offline error, holds, and resets', () => {
    const d = new OfflineDetector({ holdMs: 60_000 });
    expect(d.note('a:43', 'refused')).toBe('refused');
    expect(d.isOffline()).toBe(false);
    expect(d.note('b:43', 'offline', 'ENETUNREACH')).toBe('offline');
    expect(d.isOffline()).toBe(true);
    d.reset();
    expect(d.isOffline()).toBe(false);
  });
});

describe('sanitisers', () => {
  it('cleanText removes escapes, controls and bidi overrides, collapses space, caps length', () => {
    expect(cleanText('a\u001b[1;31mb\u001b[0m\u0000c\r\n\td\u202ee')).toBe('abc de');
    expect(cleanText('  \u0000 ')).toBeNull();
    expect(Array.from(cleanText('é'.repeat(500))!)).toHaveLength(200);
  });

  it('cleanEmail accepts ordinary addresses only', () => {
    expect(cleanEmail('abuse@example.net')).toBe('abuse@example.net');
    expect(cleanEmail('mailto:<noc+abuse@sub.example.co.uk>')).toBe('noc+abuse@sub.example.co.uk');
    for (const bad of ['abuse@localhost', '"a b"@example.net', 'a@b.c$(id)', 'x@-bad.example', '`id`@example.net', 'a@b']) expect(cleanEmail(bad)).toBeNull();
  });

  it('cleanCountry and cleanHostname validate shapes', () => {
    expect(cleanCountry(' nl ')).toBe('NL');
    expect(cleanCountry('NLD')).toBeNull();
    expect(cleanHostname('Mail-1.Example.NET.')).toBe('mail-1.example.net');
    expect(cleanHostname('_dmarc.example.net')).toBe('_dmarc.example.net');
    for (const bad of ['a..b', '-a.example', 'a b.example', 'x'.repeat(64) + '.example', 'é.example']) expect(cleanHostname(bad)).toBeNull();
  });
});
