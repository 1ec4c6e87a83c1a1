// conntrack -o xml documents (dumps and event streams) through the streaming reader, plus format detection.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConntrackRecord, isSkip } from '../../src-main/conntrack/conntrack-record.ts';
import { ConntrackXmlReader, isXmlReject, parseConntrackXml, type XmlItem } from '../../src-main/conntrack/conntrack-xml.ts';
import { detect } from '../../src-main/conntrack/detect.ts';
import { makeZone } from '../../src-main/parse/syslog-time.ts';
import { OWN, THIRD_PARTY } from '../helpers.ts';

const TP = (rel: string): string => join(THIRD_PARTY, rel);
const FIXTURES = fileURLToPath(new URL('../fixtures/conntrack/', import.meta.url));
const UTC = makeZone('UTC');
const TRAVIS = readFileSync(TP('travis-nat-conntracker/conntrack-events-sample.xml'), 'utf8');
const TSURU = readFileSync(TP('tsuru-prometheus-conntrack/conntrack-L-o-xml.xml'), 'utf8');
const EVENTS_XML = readFileSync(FIXTURES + 'conntrack-E-o-xml-timestamp.xml', 'utf8');

/** Cuts text into pieces of n characters, so tags and values straddle chunk borders. */
function chunks(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}
const all = (text: string, n = 4096): XmlItem[] => [...parseConntrackXml(chunks(text, n), UTC)];
const records = (items: XmlItem[]): ConntrackRecord[] => items.filter((x): x is ConntrackRecord => !isXmlReject(x));

describe('travis-ci nat-conntracker event stream (-E -o xml)', () => {
  const items = all(TRAVIS, 1000);
  const recs = records(items);
  it('reads every flow, no rejects', () => {
    expect(items.filter(isXmlReject)).toEqual([]);
    expect(recs.length).toBe((TRAVIS.match(/<flow /g) ?? []).length);
  });
  it('event counts match the text', () => {
    const count = (t: string): number => (TRAVIS.match(new RegExp(`<flow type="${t}">`, 'g')) ?? []).length;
    expect(recs.filter((r) => r.event === 'NEW').length).toBe(count('new'));
    expect(recs.filter((r) => r.event === 'UPDATE').length).toBe(count('update'));
    expect(recs.filter((r) => r.event === 'DESTROY').length).toBe(count('destroy'));
    expect([count('new'), count('update'), count('destroy')]).toEqual([342, 593, 344]);
  });
  it('tuples match the text of sampled flows', () => {
    const flows = TRAVIS.split('\n').filter((l) => l.startsWith('<flow'));
    const num = (s: string, tag: string): number | null => {
      const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(s);
      return m === null ? null : Number(m[1]);
    };
    for (const k of [0, 1, 2, 100, 500, 777, flows.length - 1]) {
      const [orig, reply, indep] = flows[k].split('<meta direction=').slice(1);
      const r = recs[k];
      expect(r.src).toBe(/<src>([^<]*)/.exec(orig)![1]);
      expect(r.dst).toBe(/<dst>([^<]*)/.exec(orig)![1]);
      expect(r.reply_src).toBe(/<src>([^<]*)/.exec(reply)![1]);
      expect(r.reply_dst).toBe(/<dst>([^<]*)/.exec(reply)![1]);
      expect(r.sport).toBe(num(orig, 'sport'));
      expect(r.reply_dport).toBe(num(reply, 'dport'));
      expect(r.id).toBe(num(indep, 'id'));
      expect(r.timeout).toBe(num(indep, 'timeout'));
      expect(r.status?.includes('UNREPLIED') ?? false).toBe(indep.includes('<unreplied/>'));
      expect(r.status?.includes('ASSURED') ?? false).toBe(indep.includes('<assured/>'));
    }
  });
  it('a known flow in full', () => {
    expect(recs[0]).toMatchObject({
      event: 'DESTROY', family: 4, proto: 'icmp', proto_num: 1, src: '10.10.0.7', dst: '74.125.124.105',
      reply_src: '74.125.124.105', reply_dst: '10.10.0.7', icmp_type: null, id: 921410048, replied: true, nat: 'none',
    });
    const synSent = recs.find((r) => r.event === 'NEW' && r.proto === 'tcp')!;
    expect(synSent).toMatchObject({ state: 'SYN_SENT', timeout: 120, status: ['UNREPLIED'], replied: false, src: '10.10.0.7', dport: 80 });
  });
  it('gives the same records whatever the chunk size', () => {
    const one = records(all(TRAVIS, TRAVIS.length));
    const tiny = records(all(TRAVIS, 7));
    expect(tiny.length).toBe(one.length);
    expect(tiny[1234]).toEqual(one[1234]);
  });
});

describe('tsuru prometheus-conntrack dump (-L -o xml)', () => {
  const items = all(TSURU, 333);
  it('reads every flow as a dump entry', () => {
    const recs = records(items);
    expect(items.length).toBe(recs.length);
    expect(recs.length).toBe((TSURU.match(/<flow>/g) ?? []).length);
    expect(recs.every((r) => r.event === null && r.state === 'ESTABLISHED' && r.status?.[0] === 'ASSURED')).toBe(true);
    expect(recs[0]).toMatchObject({ timeout: 431975, mark: 0, use: 1, id: 907489792, sport: 33404, dport: 2375 });
    // 192.168.50.4:5000 answered by 172.17.0.1: a Docker port mapping.
    expect(recs[5]).toMatchObject({ dport: 5000, reply_src: '172.17.0.1', nat: 'DNAT' });
  });
});

describe('fixture: -E -o xml,timestamp with counters, zones, labels, ktimestamp', () => {
  const recs = records(all(EVENTS_XML, 50));
  it('reads <when> as local time in the given zone', () => {
    expect(recs[0]).toMatchObject({ event: 'NEW', ts: Date.UTC(2019, 0, 4, 16, 40, 2) * 1000, ts_text: '2019-01-04 16:40:02' });
    const berlin = [...parseConntrackXml([EVENTS_XML], makeZone('+01:00'))][0] as ConntrackRecord;
    expect(berlin.ts).toBe(Date.UTC(2019, 0, 4, 15, 40, 2) * 1000);
  });
  it('counters, nanosecond start/stop as exact microseconds, deltatime', () => {
    expect(recs[1]).toMatchObject({
      event: 'DESTROY', packets: 14, bytes: 2310, reply_packets: 12, reply_bytes: 9811, nat: 'SNAT',
      start: 1546620002141234, stop: 1546620010900000, start_text: '1546620002141234567', delta_time: 8,
    });
  });
  it('IPv6, per-tuple and flow zones, labels, secctx', () => {
    expect(recs[2]).toMatchObject({
      family: 6, src: '2001:db8::10', zone_orig: 3, zone_reply: 3, zone: 3, labels: 'web,audited',
      secctx: 'system_u:object_r:unlabeled_t:s0', mark: 5, use: 1, id: 77,
    });
  });
  it('ICMP without type/code, GRE keys, unknown protocol name', () => {
    expect(recs[3]).toMatchObject({ event: 'UPDATE', proto: 'icmp', icmp_type: null, replied: true, nat: 'SNAT' });
    expect(recs[4]).toMatchObject({ proto: '47', proto_num: 47, sport: 0x1a, dport: 0, reply_dport: 0x1a });
  });
});

describe('malformed XML never throws', () => {
  const flow = TSURU.split('\n')[2];
  it.each([
    ['cut mid-flow', `<conntrack>\n${flow.slice(0, 300)}`, /^truncated: (flow not closed|unterminated tag)/],
    ['cut mid-tag', `<conntrack>\n${flow.slice(0, flow.indexOf('<dst>') + 3)}`, /^truncated: unterminated tag/],
    ['next flow before close', `<conntrack>\n${flow.replace('</flow>', '')}\n${flow}\n</conntrack>`, /^truncated: flow not closed before/],
    ['bad address', flow.replace('<src>192.168.50.4</src>', '<src>999.1.1.1</src>'), /^src is not an IP address: 999\.1\.1\.1$/],
    ['bad number', flow.replace('<sport>33404</sport>', '<sport>x</sport>'), /^<sport> is not a number: x$/],
    ['no reply tuple', flow.replace(/<meta direction="reply">.*?<\/meta>/, ''), /^truncated: no reply tuple$/],
    ['garbage text', 'hello world', /^text outside a <flow>/],
    ['bad direction', flow.replace('direction="reply"', 'direction="sideways"'), /^unknown meta direction/],
  ])('%s', (_n, text, want) => {
    const items = [...parseConntrackXml(chunks(text, 17), UTC)];
    const rejects = items.filter(isXmlReject);
    expect(rejects.length).toBeGreaterThan(0);
    expect(rejects[0].reason).toMatch(want);
    expect(rejects[0].line).toBeGreaterThan(0);
  });
  it('reports the line of the broken flow, keeps the good ones around it', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n${flow}\n${flow.replace('<dport>2375</dport>', '<dport>-1</dport>')}\n${flow}\n</conntrack>\n`;
    const items = [...parseConntrackXml([text], UTC)];
    expect(items.map((x) => (isXmlReject(x) ? `${x.line}: ${x.reason}` : 'ok'))).toEqual(['ok', '4: <dport> is not a number: -1', 'ok']);
  });
  it('the tool summary after the document is a skip', () => {
    const r = new ConntrackXmlReader(UTC);
    const items = [...r.push(`${TSURU}conntrack v1.4.6 (conntrack-tools): 18 flow entries have been shown.\n`), ...r.end()];
    const rej = items.filter(isXmlReject);
    expect(rej.length).toBe(1);
    expect(isSkip(rej[0].reason)).toBe(true);
  });
  it('entities and comments', () => {
    const t = flow.replace('<mark>0</mark>', '<!-- note > here --><secctx>a&amp;b&#x41;</secctx><mark>0</mark>');
    const rec = records([...parseConntrackXml([t], UTC)])[0];
    expect(rec.secctx).toBe('a&bA');
  });
});

describe('detect()', () => {
  const L = (p: string): string[] => readFileSync(p, 'utf8').split('\n');
  it.each([
    [TP('tsuru-prometheus-conntrack/conntrack-L-o-xml.xml'), 'xml', 'conntrack-xml'],
    [TP('travis-nat-conntracker/conntrack-events-sample.xml'), 'xml', 'conntrack-xml'],
    [join(OWN, 'conntrack/conntrack-L-counters.txt'), 'line', 'conntrack-list'],
    [TP('weaveworks-scope/conntrack-E-o-id.txt'), 'line', 'conntrack-events'],
    [join(OWN, 'conntrack/conntrackd-cache.txt'), 'line', 'conntrackd-cache'],
    [FIXTURES + 'proc-nf-conntrack.txt', 'line', 'nf-conntrack'],
    [FIXTURES + 'proc-ip-conntrack.txt', 'line', 'conntrack-list'],
    [FIXTURES + 'conntrack-E-o-timestamp-id.txt', 'line', 'conntrack-events-timestamp'],
  ])('%s', (path, parser, variant) => {
    expect(detect(L(path))).toEqual({ parser, variant });
  });
  it('refuses netfilter logs and ulogd JSON', () => {
    expect(detect(L(join(OWN, 'drop-input.log')).slice(0, 50))).toBeNull();
    expect(detect(L(TP('spr-networks-ulogd/ulogd-json-sample.jsonl')))).toBeNull();
  });
});
