// An imported `nft monitor trace` in the Traces panel of browser mode: each packet by trace id, its steps
// by rule handle and verdict, the rule text the monitor printed, then the imported ruleset's.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const NFT = join(ROOT, 'test/fixtures/trace/nft-monitor.txt');
const NFT_RULES = join(ROOT, 'test/fixtures/trace/nft-ruleset.nft');
const IPT_RULES = join(ROOT, 'test/fixtures/ruleset/filter-v4.rules');

const session = browserSession({ beforeAll, afterAll, afterEach });

describe('nft monitor traces in the browser', () => {
  it('lists each traced packet with its handle-named steps, the printed rule text and the verdict', async () => {
    const page = await session.open({ files: [NFT] }, { width: 1440, height: 900 });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-traces').click();
    const traces = page.getByTestId('trace');
    await traces.first().waitFor();
    expect(await traces.count()).toBe(5);
    const ssh = traces.nth(0);
    expect((await ssh.getByTestId('trace-packet').innerText()).replace(/\s+/g, ' ').trim()).toBe('198.51.100.20 → 192.0.2.10 TCP/22');
    expect(await ssh.getByTestId('trace-verdict').innerText()).toBe('rule #9 accept');
    // The monitor's own id, to find the packet in the nft output; no time, which the monitor does not print.
    expect(await ssh.getByTestId('trace-where').innerText()).toBe('trace id 1a2b3c4d · line 1');
    expect(await ssh.getByTestId('trace-step-name').allInnerTexts()).toEqual(['filter:input:rule:#6 (jump ssh)', 'filter:ssh:return (continue)', 'filter:input:rule:#9 (accept)']);
    // No ruleset yet: the text is what nft printed with each rule step.
    expect(await ssh.getByTestId('trace-rule').allInnerTexts()).toEqual(['tcp dport 22 jump ssh', 'tcp dport 22 accept']);
    expect(await page.getByTestId('traces-no-ruleset').innerText()).toMatch(/nft and xtables-monitor steps show the rule they printed/);
    expect(await traces.nth(1).getByTestId('trace-verdict').innerText()).toBe('policy drop');
    await shot(page, 'nft-traces');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'nft-traces-narrow-dark');
  });

  it('shows the chain policy from the imported nft ruleset on the policy step, and that replay agrees', async () => {
    const page = await session.open({ files: [NFT], rulesets: [NFT_RULES] });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-traces').click();
    const traces = page.getByTestId('trace');
    await traces.first().waitFor();
    expect(await page.getByTestId('traces-no-ruleset').count()).toBe(0);
    expect(await traces.nth(1).getByTestId('trace-rule').allInnerTexts()).toEqual(['policy drop']);
    // The reused trace id: a second packet, dropped in chain ssh by handle 8.
    expect(await traces.nth(4).getByTestId('trace-rule').allInnerTexts()).toEqual(['tcp dport 22 jump ssh', 'ip saddr 203.0.113.9 drop']);
    expect(await page.getByTestId('trace-replay').allInnerTexts()).toEqual([
      'replay: accept · agrees', 'replay: drop · agrees', 'replay: accept · agrees', 'replay: accept · agrees', 'replay: drop · agrees',
    ]);
  });

  it('marks a trace whose packet replay judges otherwise, with the rule replay chose and why it may differ', async () => {
    // The iptables-save ruleset, imported last, is the ip family's ruleset in force: it accepts what nft dropped.
    const page = await session.open({ files: [NFT], rulesets: [NFT_RULES, IPT_RULES] }, { width: 1440, height: 900 });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-traces').click();
    const traces = page.getByTestId('trace');
    await traces.first().waitFor();
    const dropped = traces.nth(4);
    expect(await dropped.getByTestId('trace-replay').innerText()).toBe('replay: accept · differs');
    expect(await dropped.getByTestId('trace-replay-why').innerText())
      .toBe("Replay's deciding rule: -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT. Not an opening packet: replay assumes a new connection (a bare SYN)");
    await dropped.scrollIntoViewIfNeeded();
    await shot(page, 'nft-traces-replay-differs');
  });
});
