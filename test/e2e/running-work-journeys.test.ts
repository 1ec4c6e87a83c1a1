// Running work in Debian's Chromium against browser mode: an address lookup against a slow RDAP server
// shows in the running-work indicator and Esc cancels it (the server sees its connection closed); a rules
// job shows there too; and Explore reads its first page once.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { FwlensService } from '../../src-main/app/service.ts';
import { browserSession, journey as it, runSql, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });

/** A DNS server that answers every question at once with NXDOMAIN (an answer: the lookup is not offline). */
async function nxdomainServer(): Promise<dgram.Socket> {
  const dns = dgram.createSocket('udp4');
  dns.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const body = dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | 3, questions: q.questions, answers: [] });
    dns.send(body, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
  return dns;
}

const ENV = ['FWLENS_DNS_SERVERS', 'FWLENS_RDAP_URL', 'FWLENS_NET_TIMEOUT_MS'] as const;

describe('running work in the browser', () => {
  it('lists an address lookup as running work, and Esc cancels it: the slow RDAP server sees its connection closed', async () => {
    const dns = await nxdomainServer();
    // The RDAP server takes the question and never answers, so the lookup runs until stopped.
    const conns: Array<{ closed: boolean; socket: net.Socket }> = [];
    const rdap = net.createServer((socket) => {
      const c = { closed: false, socket };
      conns.push(c);
      // Read what comes (and so the end of it): a paused socket never hears the client go away.
      socket.resume();
      socket.on('close', () => (c.closed = true));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => rdap.listen(0, '127.0.0.1', resolve));
    const saved = ENV.map((k) => [k, process.env[k]] as const);
    process.env.FWLENS_DNS_SERVERS = `127.0.0.1:${dns.address().port}`;
    process.env.FWLENS_RDAP_URL = `http://127.0.0.1:${(rdap.address() as net.AddressInfo).port}/`;
    // Long enough that only Esc can end it within the journey.
    process.env.FWLENS_NET_TIMEOUT_MS = '120000';
    try {
      const page = await session.open({ sample: true }, { width: 1440, height: 900 });
      await page.getByTestId('grid-row').first().waitFor();
      const cell = page.getByTestId('grid-cell').filter({ hasText: /^(?!192\.168\.|198\.51\.100\.|2001:db8|10\.)\d+\.\d+\.\d+\.\d+$/ }).first();
      const address = (await cell.innerText()).trim();
      await cell.click();
      await page.getByTestId('cell-address').click();
      await page.getByTestId('address-panel').waitFor();
      await page.getByTestId('address-lookup').click();

      const job = page.getByTestId('running-job').filter({ hasText: `Looking up ${address}` });
      await job.waitFor();
      await expect.poll(() => conns.length, { message: 'the RDAP server was asked' }).toBeGreaterThan(0);
      expect(conns.every((c) => !c.closed)).toBe(true);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `running-work-lookup-${scheme}`);
      }

      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('address-lookup-note').innerText()).toMatch(/cancelled/i);
      await expect.poll(() => conns.every((c) => c.closed), { message: 'the RDAP connection closed' }).toBe(true);
      expect(await page.getByTestId('running-job').count()).toBe(0);
      expect(await page.getByTestId('address-lookup').isEnabled()).toBe(true);
      // Esc stopped the lookup, not the panel: it is still open.
      expect(await page.getByTestId('address-panel').count()).toBe(1);
      await shot(page, 'running-work-lookup-cancelled');
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      for (const c of conns) c.socket.destroy();
      dns.close();
      await new Promise((resolve) => rdap.close(resolve));
    }
  });

  it('lists a rules job in the running-work indicator while it runs', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, null);
    // Every text the indicator shows, as it shows it (a job may end before a poll would look).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenWork: string[] }).seenWork = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="running-work"]') as HTMLElement | null;
        if (el && seen.at(-1) !== el.innerText) seen.push(el.innerText);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await runSql(page, "SELECT DISTINCT src FROM events WHERE src NOT LIKE '192.168.%' AND src NOT LIKE '10.%' AND src NOT LIKE '%:%' LIMIT 40");
    await page.getByTestId('grid-row').first().waitFor();
    await page.locator('[data-testid="grid-cell"][data-cell="0:0"]').click();
    await page.getByTestId('cell-block').click();
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-block').click();
    await page.getByTestId('rules-generate').click();
    await page.getByTestId('rules-summary').waitFor();
    const seen = await page.evaluate(() => (window as unknown as { seenWork: string[] }).seenWork);
    expect(seen.some((t) => /Rules job/.test(t)), `the indicator showed: ${JSON.stringify(seen)}`).toBe(true);
    // Done: the indicator no longer lists it.
    expect(await page.getByTestId('running-job').count()).toBe(0);
  });

  it("reads Explore's first page once when the case opens on Explore", async () => {
    const served = await session.serve({ sample: true });
    // Counts the first-page reads the page asks the server for (every call goes through the service).
    const service = (served as unknown as { service: FwlensService }).service;
    const firstPages: unknown[] = [];
    const explorePage = service.explorePage.bind(service);
    service.explorePage = (req: unknown) => {
      if ((req as { offset?: number }).offset === 0) firstPages.push(req);
      return explorePage(req);
    };
    const page = await session.browser().newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(served.url);
      await page.getByTestId('nav-explore').click();
      await page.getByTestId('grid-row').first().waitFor();
      // The count comes apart from the page: once it is shown, the view has settled on its first query.
      await expect.poll(() => page.getByTestId('result-count').innerText()).toMatch(/^[\d,]+ events/);
      expect(firstPages).toHaveLength(1);
      // A filter is a new query: one more first page, not two.
      await page.getByTestId('filter-value').fill('192.168.1.10');
      await page.getByTestId('filter-include').click();
      await expect.poll(() => firstPages.length).toBe(2);
      await expect.poll(() => page.getByTestId('result-count').innerText()).toMatch(/^[\d,]+ events/);
      expect(firstPages).toHaveLength(2);
    } finally {
      await page.close();
    }
  });
});
