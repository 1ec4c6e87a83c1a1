// Conformance: conntrack line parsing and format detection on the conntrack-tools manual examples and the filebeat log (FWLENS_CORPUS).
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { isSkip } from '../../src-main/conntrack/conntrack-record.ts';
import { detect as detectLine } from '../../src-main/conntrack/conntrack-line.ts';
import { detect } from '../../src-main/conntrack/detect.ts';
import { requires } from '../requires.ts';
import { corpus, corpusNeed } from './corpus.ts';
import { parseCt as parse, parsedCt as parsed } from '../parse-helpers.ts';

const cit = requires(corpusNeed);
const lines = (rel: string): string[] => readFileSync(corpus(rel), 'utf8').split('\n').filter((l) => l.trim() !== '');


describe('conntrack-tools manual examples', () => {
  for (const f of ['conntrack-E.txt', 'conntrack-L.txt', 'conntrackd-cache-dump.txt']) {
    cit(`every line of conntrack-tools-manual/${f} parses or is a recognised non-entry`, () => {
      for (const line of lines(`conntrack-tools-manual/${f}`)) {
        const { rec, why } = parse(line);
        if (why !== null) {
          expect(isSkip(why), `${why}: ${line}`).toBe(true);
          expect(line).toMatch(/^conntrack v[\d.]+ \(conntrack-tools\): \d+ flow (entries|events) have been shown\.$/);
          continue;
        }
        expect(rec.extra, line).toBeNull();
        expect(rec.src).not.toBeNull();
        expect(rec.nat).not.toBeNull();
      }
    });
  }

  cit('reads the conntrack-tools manual dump with counters', () => {
    const r = parsed(lines('conntrack-tools-manual/conntrack-L.txt')[0]);
    expect(r).toMatchObject({
      event: null, ts: null, family: 4, proto: 'tcp', proto_num: 6, timeout: 431982, state: 'ESTABLISHED',
      src: '192.168.2.100', dst: '123.59.27.117', sport: 34846, dport: 993, packets: 169, bytes: 14322,
      reply_src: '123.59.27.117', reply_dst: '192.168.2.100', reply_sport: 993, reply_dport: 34846,
      reply_packets: 113, reply_bytes: 34787, status: ['ASSURED'], replied: true, nat: 'none', mark: 0, secmark: 0, use: 1,
    });
  });

  cit('conntrackd -i cache: no timeout column, [active since Ns]', () => {
    const rs = lines('conntrack-tools-manual/conntrackd-cache-dump.txt').map(parsed);
    expect(rs.map((r) => r.active_since)).toEqual([536, 536, 536, 165, 536]);
    expect(rs.every((r) => r.timeout === null)).toBe(true);
    expect(rs[3]).toMatchObject({ state: 'TIME_WAIT', mark: null, status: ['ASSURED'] });
  });

  cit('manual -E stream: UDP without state, replied once the UNREPLIED flag is gone', () => {
    const rs = lines('conntrack-tools-manual/conntrack-E.txt').map(parsed);
    expect(rs.map((r) => [r.event, r.proto, r.state, r.replied])).toEqual([
      ['NEW', 'udp', null, false], ['UPDATE', 'udp', null, true], ['NEW', 'tcp', 'SYN_SENT', false],
      ['UPDATE', 'tcp', 'SYN_RECV', true], ['UPDATE', 'tcp', 'ESTABLISHED', true],
    ]);
  });

  cit('the manual dump line cut anywhere is rejected with the reason of the cut', () => {
    const full = lines('conntrack-tools-manual/conntrack-L.txt')[0];
    const cuts: [string, RegExp][] = [
      [full.slice(0, full.indexOf(' dport=')), /^truncated: original tuple incomplete$/],
      [full.slice(0, full.indexOf(' src=', 30)), /^truncated: no reply tuple$/],
      [full.slice(0, full.indexOf(' dport=', 120)), /^truncated: reply tuple incomplete$/],
      [full.slice(0, full.indexOf('use=') + 4), /^truncated: use= has no value$/],
      [full.slice(0, full.indexOf('[ASSURED]') + 4), /^truncated: \[ASS/],
    ];
    for (const [line, want] of cuts) {
      const { why } = parse(line);
      expect(why, line).toMatch(want);
      expect(isSkip(why!)).toBe(false);
    }
    expect(detectLine(full)).toBe(true);
  });

  cit('detect() names the manual dump and the conntrackd cache', () => {
    const L = (rel: string): string[] => readFileSync(corpus(rel), 'utf8').split('\n');
    expect(detect(L('conntrack-tools-manual/conntrack-L.txt'))).toEqual({ parser: 'line', variant: 'conntrack-list' });
    expect(detect(L('conntrack-tools-manual/conntrackd-cache-dump.txt'))).toEqual({ parser: 'line', variant: 'conntrackd-cache' });
  });
});

describe('Elastic filebeat netfilter log', () => {
  cit('conntrack detect() refuses it', () => {
    const L = readFileSync(corpus('beats-filebeat-iptables/iptables.log'), 'utf8').split('\n');
    expect(detect(L.slice(0, 50))).toBeNull();
  });
});
