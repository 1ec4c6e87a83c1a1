// The address panel's Look up against a silent network: a DNS server and an RDAP server on 127.0.0.1
// that take the question and never answer. The lookup must end as "offline" (not wait out every
// timeout and retry) and leave the cache alone; Cancel must end it as CANCELLED.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import dgram from 'node:dgram';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import type { FwlensService } from '../../src-main/app/service.ts';
import { tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const PUBLIC = '93.184.216.34';
const LOG = [
  `Jan  8 03:00:01 fw kernel: [100.000001] DROP IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=${PUBLIC} DST=192.168.1.10 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0`,
  `Jan  8 03:00:02 fw kernel: [101.000001] DROP IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.168.1.20 DST=192.168.1.10 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=2 DF PROTO=TCP SPT=40001 DPT=445 WINDOW=64240 RES=0x00 SYN URGP=0`,
].join('\n') + '\n';

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let dns: dgram.Socket;
let rdap: net.Server;
let dnsQuestions = 0;
let rdapConnections = 0;
const held: net.Socket[] = [];
const saved = { dns: process.env.FWLENS_DNS_SERVERS, rdap: process.env.FWLENS_RDAP_URL };

beforeAll(async () => {
  t = tempDir();
  const log = join(t.dir, 'kern.log');
  writeFileSync(log, LOG);
  const casePath = join(t.dir, 'case.duckdb');
  await buildCase(casePath, async (db) => { await importSource(db, log, { tz: 'UTC', year: 2024 }); });
  svc = await serviceOn(casePath, t.dir);
  // Silent servers: they read what comes and never write back.
  dns = dgram.createSocket('udp4');
  dns.on('message', () => dnsQuestions++);
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
  rdap = net.createServer((s) => { rdapConnections++; held.push(s); s.on('error', () => undefined); });
  await new Promise<void>((resolve) => rdap.listen(0, '127.0.0.1', resolve));
  process.env.FWLENS_DNS_SERVERS = `127.0.0.1:${dns.address().port}`;
  process.env.FWLENS_RDAP_URL = `http://127.0.0.1:${(rdap.address() as net.AddressInfo).port}/`;
});

afterAll(async () => {
  for (const [k, v] of [['FWLENS_DNS_SERVERS', saved.dns], ['FWLENS_RDAP_URL', saved.rdap]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const s of held) s.destroy();
  dns?.close();
  await new Promise((resolve) => rdap?.close(resolve));
  svc?.close();
  t?.cleanup();
});

describe('looking up an address when nothing answers', () => {
  it('reports offline for a public address when neither DNS nor RDAP answers, and keeps the cache as it was', async () => {
    const before = value(await svc.addressDetails(PUBLIC));
    expect(before.scope).toBe('external');
    const d = value(await svc.lookupAddress(PUBLIC, 'lookup-1'));
    expect(d.lookup?.offline).toBe(true);
    expect(d.lookup?.rdns).toBe('offline');
    expect(d.lookup?.rdap).toBe('offline');
    expect(d.lookup?.message).toMatch(/^Offline: no answer from reverse DNS \(127\.0\.0\.1.*\) and RDAP/);
    // The servers were really asked (the outcome is theirs, not a shortcut).
    expect(dnsQuestions).toBeGreaterThan(0);
    expect(rdapConnections).toBeGreaterThan(0);
    expect(d.rdnsStatus).toBe(before.rdnsStatus);
    expect(d.whois.status).toBe(before.whois.status);
  });

  it('reports offline for an internal address (reverse DNS only)', async () => {
    const d = value(await svc.lookupAddress('192.168.1.20', null));
    expect(d.lookup).toMatchObject({ offline: true, rdns: 'offline', rdap: null });
  });

  it('stops a running lookup on cancel(opId): the lookup answers CANCELLED', async () => {
    const running = svc.lookupAddress(PUBLIC, 'lookup-2');
    // cancel() is true only while the lookup is registered as running.
    await expect.poll(async () => value(await svc.cancel('lookup-2')), { interval: 20 }).toBe(true);
    const r = await running;
    expect(r.ok ? 'ok' : r.error.code).toBe('CANCELLED');
    expect(value(await svc.cancel('lookup-2'))).toBe(false);
  });

  it('refuses a malformed opId', async () => {
    const r = await svc.lookupAddress(PUBLIC, 'no spaces allowed\n');
    expect(r.ok ? 'ok' : r.error.code).toBe('BAD_ARGUMENT');
  });
});
