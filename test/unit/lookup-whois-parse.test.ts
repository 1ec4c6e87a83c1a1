// whois answer parsing: each registry's shape into one record, referrals, and garbage that must not throw.
import { describe, expect, it } from 'vitest';
import { findReferral, parseWhois } from '../../src-main/lookup/whois-parse.ts';
import { parseCymruLine } from '../../src-main/lookup/cymru-bulk.ts';
import { rangeToCidrs } from '../../src-main/lookup/net-range.ts';
import { fixture } from '../fixtures/whois/fake-whois-server.ts';

describe('parseWhois', () => {
  it('reads an APNIC inetnum with its irt abuse mailbox and organisation', () => {
    const p = parseWhois(fixture('apnic-1-1-1.txt'), '1.1.1.1', 'whois.apnic.net:43');
    expect(p.outcome).toBe('ok');
    expect(p.record).toMatchObject({ registry: 'apnic', range: '1.1.1.0 - 1.1.1.255', cidr: ['1.1.1.0/24'], netname: 'APNIC-LABS', org: 'APNIC Research and Development', country: 'AU', abuse: 'helpdesk@apnic.net' });
  });

  it('reads an AFRINIC inetnum that spans two /24s', () => {
    const p = parseWhois(fixture('afrinic-196-216.txt'), '196.216.2.1', 'whois.afrinic.net:43');
    expect(p.record).toMatchObject({ registry: 'afrinic', cidr: ['196.216.2.0/23'], netname: 'AFRINIC-Services-v4', org: 'African Network Information Center - (AFRINIC)', country: 'MU', abuse: 'abuse@afrinic.net' });
  });

  it('reads a RIPE inet6num as a CIDR and its range', () => {
    const p = parseWhois(fixture('ripe-ipv6.txt'), '2001:67c:2e8::2', 'whois.ripe.net:43');
    expect(p.record).toMatchObject({ range: '2001:67c:2e8:: - 2001:67c:2e8:ffff:ffff:ffff:ffff:ffff', cidr: ['2001:67c:2e8::/48'], netname: 'RIPE-NCC', country: 'NL' });
  });

  it('finds the registry from the answer text when the server name does not say', () => {
    expect(parseWhois(fixture('ripe-ipv6.txt'), 'x', '127.0.0.1:4343').record.registry).toBe('ripe');
    expect(parseWhois(fixture('arin-104.txt'), 'x', '127.0.0.1:4343').record.registry).toBe('arin');
    expect(parseWhois(fixture('lacnic-200-160.txt'), 'x', '127.0.0.1:4343').record.registry).toBe('lacnic');
  });

  it('flags an unreadable range and a bad country instead of guessing', () => {
    const p = parseWhois('inetnum: 1.2.3.999 - 1.2.3.4\nnetname: X\ncountry: Netherlands\n', 'q', 's:43');
    expect(p.record.range).toBeNull();
    expect(p.record.country).toBeNull();
    expect(p.record.warnings.join()).toMatch(/unreadable range.*country rejected/);
  });

  it('never throws on garbage, binary or truncated answers', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = ['', '\u0000\u0000', ':::\n: :\n', 'inetnum:', 'inetnum: - \nCIDR: ,,,/99\n', fixture('arin-104.txt').slice(0, 700)];
    for (let i = 0; i < 200; i++) samples.push(Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(rnd() * 0x250))).join(''));
    for (const s of samples) expect(() => parseWhois(s, 'q', 's:43')).not.toThrow();
  });
});

describe('findReferral', () => {
  it('prefers IANA refer:, reads whois:// URLs with ports, ignores rwhois', () => {
    expect(findReferral('refer: whois.ripe.net\nwhois: whois.arin.net\n')).toEqual({ host: 'whois.ripe.net', port: 43 });
    expect(findReferral('ReferralServer:  whois://whois.example.net:4343\n')).toEqual({ host: 'whois.example.net', port: 4343 });
    const w: string[] = [];
    expect(findReferral('ReferralServer:  rwhois://rwhois.example.net:4321\n', w)).toBeNull();
    expect(w.join()).toMatch(/not followed/);
    expect(findReferral('ResourceLink:  https://apps.db.ripe.net/x\nResourceLink:  whois.ripe.net\n')).toEqual({ host: 'whois.ripe.net', port: 43 });
    expect(findReferral('refer: evil host;rm -rf\n')).toBeNull();
  });
});

describe('Team Cymru lines', () => {
  it('parses AS, prefix, country, registry, date and name; NA means not routed', () => {
    const lines = fixture('cymru-bulk.txt').split('\n');
    const one = parseCymruLine(lines[3])!;
    expect(one.ip).toBe('193.0.6.139');
    expect(one.result.record).toMatchObject({ asn: 3333, cidr: ['193.0.0.0/21'], country: 'NL', registry: 'ripe', allocated: '1993-09-01', asName: 'RIPE-NCC-AS Reseaux IP Europeens Network Coordination Centre (RIPE NCC)' });
    expect(parseCymruLine(lines[4])!.result.status).toBe('not-found');
    expect(parseCymruLine(lines[0])).toBeNull();
  });
});

describe('rangeToCidrs', () => {
  it('covers an unaligned range exactly', () => {
    expect(rangeToCidrs(0x0a000001n, 0x0a000006n, 4)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
  });
});
