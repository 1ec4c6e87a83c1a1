// Replay journeys in Debian's Chromium against browser mode: a pasted ruleset, the imported one, and the
// allow-list just generated, each over the hand-made replay case (verdicts computed by hand in test/replay-case.ts).
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, tempDir } from '../helpers.ts';
import { REPLAY_CONNTRACK, REPLAY_LOG } from '../replay-case.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const FIX = join(ROOT, 'test/fixtures/replay');

const t = tempDir();
const session = browserSession({ beforeAll, afterAll, afterEach });
beforeAll(() => {
  writeFileSync(join(t.dir, 'fw.log'), REPLAY_LOG);
  writeFileSync(join(t.dir, 'ct.txt'), REPLAY_CONNTRACK);
});
afterAll(() => t.cleanup());

async function openReplay(rulesets = [join(FIX, 'small-nft-list.txt')]): Promise<Page> {
  const page = await session.open({ files: [join(t.dir, 'fw.log'), join(t.dir, 'ct.txt')], rulesets }, { width: 1280, height: 900 });
  await page.getByTestId('nav-rules').click();
  await page.getByTestId('rules-tab-replay').click();
  return page;
}

const num = async (page: Page, id: string) => Number((await page.getByTestId(id).locator('b').innerText()).replace(/\D/g, ''));

describe('replay journeys in the browser', () => {
  it('replays a pasted iptables-save dump: counts, what would be blocked and by which rule, then blocks the senders of inbound drops and the destinations of outbound ones', async () => {
    const page = await openReplay();
    await page.getByTestId('replay-text').fill(readFileSync(join(FIX, 'small.rules'), 'utf8'));
    await page.getByTestId('replay-run').click();
    await page.getByTestId('replay-summary').waitFor();
    expect([await num(page, 'replay-dropped'), await num(page, 'replay-undecided')]).toEqual([4, 1]);
    const rows = page.getByTestId('replay-row');
    expect(await rows.count()).toBe(4);
    const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
    expect(first).toContain('192.168.1.10 9.9.9.9 tcp/443');
    expect(first).toContain('drop by -A OUTPUT -d 9.9.9.9/32 -j DROP');
    await shot(page, 'rules-replay');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('replay-save').click()]);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect([saved.kind, saved.drop.records, saved.blocked.length]).toEqual(['ruleset', 4, 4]);
    await page.getByTestId('replay-tab-undecided').click();
    expect(await rows.first().innerText()).toMatch(/8\.8\.4\.4[\s\S]*choose where traffic without interfaces goes/);
    await page.getByTestId('replay-tab-blocked').click();
    // Not our server the inbound drops hit (192.168.1.10): the source that sent them, the outbound destination, the forwarded sender.
    expect(await page.getByTestId('replay-block').innerText()).toBe('Add 1 source of inbound drops, 1 destination of outbound drops, 1 source of forwarded drops to the block list');
    await page.getByTestId('replay-block').click();
    // 198.51.100.7 (inbound), 9.9.9.9 (outbound) and 192.168.1.50 (forward).
    await expect.poll(async () => Number((await page.getByTestId('blocklist-count').innerText()).replace(/\D/g, ''))).toBe(3);
  });

  it('replays the imported nft ruleset with conntrack traffic sent to output, and lists every rule\'s hits', async () => {
    const page = await openReplay();
    await page.getByTestId('replay-source-imported').check();
    await page.getByTestId('replay-hook').selectOption('output');
    await page.getByTestId('replay-run').click();
    await page.getByTestId('replay-summary').waitFor();
    expect(await num(page, 'replay-undecided')).toBe(0);
    await page.getByTestId('replay-tab-rules').click();
    const ssh = page.getByTestId('replay-rules').locator('tr', { hasText: 'inet filter ssh #1' });
    expect((await ssh.innerText()).replace(/\s+/g, ' ').trim()).toBe('4 1 4 inet filter ssh #1 ip saddr 203.0.113.0/24 accept');
    const jump = page.getByTestId('replay-rules').locator('tr', { hasText: 'inet filter input #3' });
    // The jump decides nothing but all five SSH packets pass it.
    expect((await jump.innerText()).replace(/\s+/g, ' ').trim()).toBe('0 0 5 inet filter input #3 tcp dport 22 jump ssh');
  });

  it('an allow-list generated in the app is replayed against the case in one click', async () => {
    const page = await openReplay();
    await page.getByTestId('rules-tab-allow').click();
    await page.getByTestId('allow-accepted').check();
    await page.getByTestId('allow-generate').click();
    await page.getByTestId('allow-replay').click();
    await page.getByTestId('replay-summary').waitFor();
    expect(await page.getByTestId('rules-section-replay').isVisible()).toBe(true);
    // Accepted-only allows 2 of the 6 outbound groups; the other 4 would be dropped:
    // .10 → 8.8.8.8 (3 records), .10 → 9.9.9.9 (2), .11 → 8.8.8.8 udp (1), .50 → 1.1.1.1 (1).
    expect(await page.getByTestId('replay-row').count()).toBe(4);
    expect(await num(page, 'replay-dropped')).toBe(7);
  });

  it('imports a pasted dump as the case\'s ruleset in force, then replays it as the imported one', async () => {
    const page = await openReplay([]);
    await page.getByTestId('replay-source-imported').check();
    await page.getByTestId('replay-run').click();
    expect(await page.getByTestId('error').innerText()).toMatch(/no imported ruleset/);
    await page.getByTestId('replay-source-text').check();
    await page.getByTestId('replay-file').setInputFiles(join(FIX, 'small.rules'));
    await expect.poll(() => page.getByTestId('replay-text').inputValue()).toContain('-A SSH -s 203.0.113.0/24 -j ACCEPT');
    await page.getByTestId('replay-import').click();
    expect(await page.getByTestId('replay-imported').innerText()).toMatch(/Imported as ruleset version 1 \(iptables-save, 10 rules, 3 policies\)/);
    await page.getByTestId('replay-source-imported').check();
    await page.getByTestId('replay-run').click();
    await page.getByTestId('replay-summary').waitFor();
    expect([await num(page, 'replay-dropped'), await num(page, 'replay-undecided')]).toEqual([4, 1]);
  });
});
