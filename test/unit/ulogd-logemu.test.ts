// ulogd2 LOGEMU lines through the envelope and netfilter parsers, printpkt's own spellings included.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detectEnvelope, splitEnvelope, type Envelope } from '../../src-main/parse/envelope.ts';
import { parseNetfilter, detect as detectNetfilter } from '../../src-main/parse/netfilter.ts';
import { detect } from '../../src-main/ulogd/logemu.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/ulogd/', import.meta.url));
const LINES = readFileSync(FIXTURES + 'ulogd-logemu.log', 'utf8').split('\n').filter((l) => l.trim() !== '');
const CTX = { refTimeMs: Date.UTC(2024, 5, 1), tz: 'UTC' };

function envelope(line: string): Envelope {
  const env = splitEnvelope(line, CTX);
  if (typeof env === 'string') throw new Error(`${env}: ${line}`);
  return env;
}
function parse(line: string): { rec: EventRecord; why: string | null } {
  const env = envelope(line);
  const rec = new EventRecord();
  return { rec, why: parseNetfilter(env.body, rec) };
}

describe('existing parsers on LOGEMU lines', () => {
  it('the envelope reads stamp and host, and the body starts at the prefix (or IN= without one)', () => {
    for (const line of LINES) {
      const env = envelope(line);
      expect(env.host).toBe('fw1');
      expect(env.body).toMatch(/^(\S.* )?IN=/);
    }
    expect(envelope(LINES[0])).toMatchObject({ ts: Date.UTC(2024, 2, 14, 10, 0, 1) * 1000, ts_text: 'Mar 14 10:00:01', body: LINES[0].slice(20) });
    expect(envelope(LINES[2]).ts_text).toBe('Mar  4 09:05:03');
    expect(envelope(LINES[8]).body.startsWith('[FW DROP] IN=')).toBe(true); // via ulogd's SYSLOG output
    expect(detectEnvelope(LINES)).toBe('rfc3164');
    expect(LINES.every((l) => detectNetfilter(l))).toBe(true);
  });
  it('parse as they are, printpkt quirks included (`INCOMPLETEUID=0`)', () => {
    const whys = LINES.map((l) => parse(l).why);
    expect(whys.filter((w) => w !== null)).toEqual([]);
  });
  it('printpkt spellings read like the kernel ones', () => {
    const r = parse(LINES[0]).rec;
    expect(r).toMatchObject({
      prefix: 'INPUT DROP', action: 'DROP', in_if: 'eth0', out_if: null, mac_dst: '00:11:22:33:44:55',
      mac_src: '66:77:88:99:aa:bb', ethertype: '08:00', src: '198.51.100.23', tos: 0, prec: 0, df: true,
      proto: 'TCP', sport: 51515, dport: 22, seq: 3456789012, ack: 0, win: 64240, flags: ['SYN'], res: null, mark: 0, extra: null,
    });
    expect(parse(LINES[1]).rec).toMatchObject({ prefix: null, mac_dst: null, tos: 0x10, prec: 0x20, uid: 0, gid: 0, l4_len: 53 });
    expect(parse(LINES[2]).rec).toMatchObject({ action: 'ACCEPT', icmp_type: 8, icmp_id: 4321, icmp_seq: 1 });
    expect(parse(LINES[4]).rec).toMatchObject({ family: 6, src: '2001:db8::10', flags: ['ACK', 'PSH'], mark: 16 });
    expect(parse(LINES[6]).rec).toMatchObject({ proto: 'ESP', extra: 'SPI=0x1234abcd' });
  });
});

describe('printpkt spellings the kernel does not use', () => {
  it('unglues INCOMPLETE so the line parses and UID/GID/MARK are kept', () => {
    const r = parse(LINES[9]);
    expect(r.why).toBeNull();
    expect(r.rec).toMatchObject({ proto: 'TCP', sport: null, uid: 0, gid: 0, mark: 0, extra: 'INCOMPLETE' }); // as for kernel lines
    expect(parse(LINES[7]).rec).toMatchObject({ frag: 185, mf: true, mark: 0, extra: 'INCOMPLETE' });
  });
  it('reads the IPv6 `FRAG: N ID: x` form', () => {
    const r = parse(LINES[5]);
    expect(r.why).toBeNull();
    expect(r.rec).toMatchObject({ frag: 185, proto: '44', extra: 'ID:0000beef' });
  });
  it("the kernel's own INCOMPLETE [n bytes] still reads as before", () => {
    const rec = new EventRecord();
    const body = 'DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP INCOMPLETE [8 bytes] ';
    expect(parseNetfilter(body, rec)).toBeNull();
    expect(rec).toMatchObject({ proto: 'TCP', sport: null, extra: 'INCOMPLETE [8 bytes]' });
  });
  it('detect() tells printpkt bodies from kernel ones', () => {
    expect(detect(LINES.map((l) => envelope(l).body))).toBe(true);
    expect(detect(['IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 SYN URGP=0'])).toBe(false);
  });
});
