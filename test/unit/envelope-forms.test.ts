// Envelope forms of issue 14: epoch-stamped sensor lines, `kernel:[uptime]` glued to the tag, localized month names, bare messages.
import { describe, it, expect } from 'vitest';
import { type EnvelopeContext, detectEnvelope, splitEnvelope } from '../../src-main/parse/envelope.ts';
import { localMonthAt, MONTH_SPELLINGS } from '../../src-main/parse/month-names.ts';

const UTC: EnvelopeContext = { refTimeMs: Date.UTC(2024, 11, 31, 12), tz: 'UTC', year: 2024 };
const BODY = 'IN=eth0 OUT= SRC=198.51.100.23 DST=172.31.5.68 LEN=44 PROTO=TCP SPT=50916 DPT=22';
const split = (line: string) => splitEnvelope(line, UTC);
const iso = (us: number | null): string | null => (us === null ? null : new Date(us / 1000).toISOString());

describe('epoch-stamped lines (DShield sensors)', () => {
  it('reads epoch seconds, host, the uptime glued to kernel: and the prefix after two blanks', () => {
    const e = split(`1706444158 BigSensor kernel:[81448.170206]  DSHIELDINPUT ${BODY}`);
    expect(e).toEqual({ ts: 1706444158e6, ts_text: '1706444158', uptime: 81448.170206, host: 'BigSensor', body: `DSHIELDINPUT ${BODY}` });
    // 1706444158 s = 19750 days + 44158 s after 1970-01-01: 2024-01-28 12:15:58 UTC.
    expect(iso((e as { ts: number }).ts)).toBe('2024-01-28T12:15:58.000Z');
  });

  it('reads epoch.fraction to the microsecond, and a blank after kernel: as before', () => {
    const e = split(`1706444159.25 sensor kernel: [81449.4] DSHIELDINPUT ${BODY}`);
    expect(e).toMatchObject({ ts: 1706444159250000, ts_text: '1706444159.25', uptime: 81449.4, host: 'sensor' });
    expect(split(`1706444159.1234567 s kernel: X ${BODY}`)).toMatchObject({ ts: 1706444159123456 });
  });

  it('refuses numbers that are not epoch stamps: too short, too long, a dot with no digits', () => {
    for (const stamp of ['17064441', '17064441580', '1706444158.']) {
      expect(split(`${stamp} sensor kernel: X ${BODY}`), stamp).toBe('unknown timestamp format');
    }
  });

  it('an epoch stamp with no syslog tag after it (a squid or web log) is no envelope', () => {
    expect(split('1706444158.123     45 192.0.2.7 TCP_MISS/200 512 GET http://example.com/ - DIRECT/192.0.2.8 text/html')).toBe('unknown timestamp format');
    expect(detectEnvelope(['1706444158.123     45 192.0.2.7 TCP_MISS/200 512 GET http://example.com/ - DIRECT/192.0.2.8 text/html'])).toBeNull();
    expect(split(`1706444158 kernel: DROP ${BODY}`)).toMatchObject({ host: null, body: `DROP ${BODY}` });
  });

  it('an ordinary syslog envelope with kernel:[uptime] glued also gives the uptime and a clean prefix', () => {
    expect(split(`Jan 28 12:15:58 fw kernel:[123.456] DROP ${BODY}`)).toMatchObject({ uptime: 123.456, host: 'fw', body: `DROP ${BODY}` });
    expect(split(`2024-01-28T12:15:58Z fw kernel:[ 7.5] DROP ${BODY}`)).toMatchObject({ uptime: 7.5, body: `DROP ${BODY}` });
  });

  it('detectEnvelope names the form epoch', () => {
    expect(detectEnvelope([`1706444158 s kernel:[1.0] D ${BODY}`, `1706444159 s kernel:[2.0] D ${BODY}`])).toBe('epoch');
  });
});

describe('localized month names', () => {
  // [stamp, expected UTC time in 2024]
  const cases: Array<[string, string]> = [
    ['avr 01 16:47:50', '2024-04-01T16:47:50'], ['avr. 01 16:47:50', '2024-04-01T16:47:50'],
    ['janv. 02 00:00:00', '2024-01-02T00:00:00'], ['févr. 14 08:00:01', '2024-02-14T08:00:01'], ['fevr 14 08:00:01', '2024-02-14T08:00:01'],
    ['mars 05 10:00:00', '2024-03-05T10:00:00'], ['mai 06 10:00:00', '2024-05-06T10:00:00'], ['juin 07 10:00:00', '2024-06-07T10:00:00'],
    ['juil. 08 10:00:00', '2024-07-08T10:00:00'], ['août 09 10:00:00', '2024-08-09T10:00:00'], ['aout 09 10:00:00', '2024-08-09T10:00:00'],
    ['sept. 10 10:00:00', '2024-09-10T10:00:00'], ['déc. 24 23:59:59', '2024-12-24T23:59:59'],
    ['Mär  3 10:00:00', '2024-03-03T10:00:00'], ['Mrz 03 10:00:00', '2024-03-03T10:00:00'], ['Mai 04 10:00:00', '2024-05-04T10:00:00'],
    ['Okt 10 10:00:00', '2024-10-10T10:00:00'], ['Dez 11 10:00:00', '2024-12-11T10:00:00'],
    ['ene 05 06:07:08', '2024-01-05T06:07:08'], ['abr 06 06:07:08', '2024-04-06T06:07:08'], ['ago 07 06:07:08', '2024-08-07T06:07:08'], ['dic 08 06:07:08', '2024-12-08T06:07:08'],
    ['gen 09 01:00:00', '2024-01-09T01:00:00'], ['mag 09 12:00:00', '2024-05-09T12:00:00'], ['giu 10 01:00:00', '2024-06-10T01:00:00'],
    ['lug 11 01:00:00', '2024-07-11T01:00:00'], ['set 12 01:00:00', '2024-09-12T01:00:00'], ['ott 13 01:00:00', '2024-10-13T01:00:00'],
    ['fev 14 01:00:00', '2024-02-14T01:00:00'], ['out 31 18:30:00', '2024-10-31T18:30:00'], ['dez 15 01:00:00', '2024-12-15T01:00:00'],
    ['mrt 02 01:02:03', '2024-03-02T01:02:03'], ['mei 16 01:00:00', '2024-05-16T01:00:00'], ['okt 17 01:00:00', '2024-10-17T01:00:00'],
    ['sty 18 01:00:00', '2024-01-18T01:00:00'], ['lut 19 01:00:00', '2024-02-19T01:00:00'], ['kwi 20 01:00:00', '2024-04-20T01:00:00'],
    ['maj 21 01:00:00', '2024-05-21T01:00:00'], ['cze 22 01:00:00', '2024-06-22T01:00:00'], ['lip 23 01:00:00', '2024-07-23T01:00:00'],
    ['sie 24 01:00:00', '2024-08-24T01:00:00'], ['wrz 25 01:00:00', '2024-09-25T01:00:00'], ['paź 17 17:17:17', '2024-10-17T17:17:17'],
    ['lis 26 01:00:00', '2024-11-26T01:00:00'], ['gru 27 01:00:00', '2024-12-27T01:00:00'],
    ['янв 01 01:00:00', '2024-01-01T01:00:00'], ['фев 02 01:00:00', '2024-02-02T01:00:00'], ['мар 03 01:00:00', '2024-03-03T01:00:00'],
    ['апр 04 01:00:00', '2024-04-04T01:00:00'], ['мая 09 09:09:09', '2024-05-09T09:09:09'], ['май 09 09:09:09', '2024-05-09T09:09:09'],
    ['июн 10 01:00:00', '2024-06-10T01:00:00'], ['июл 11 01:00:00', '2024-07-11T01:00:00'], ['авг 12 01:00:00', '2024-08-12T01:00:00'],
    ['сен 13 01:00:00', '2024-09-13T01:00:00'], ['сент. 01 00:00:01', '2024-09-01T00:00:01'], ['окт 14 01:00:00', '2024-10-14T01:00:00'],
    ['ноя 15 01:00:00', '2024-11-15T01:00:00'], ['дек 16 01:00:00', '2024-12-16T01:00:00'],
    ['des 24 01:00:00', '2024-12-24T01:00:00'], ['Eki 29 01:00:00', '2024-10-29T01:00:00'], ['říj 28 01:00:00', '2024-10-28T01:00:00'],
  ];
  it.each(cases)('%s is read as %s UTC, host and body intact', (stamp, want) => {
    const e = split(`${stamp} starbook kernel: rpfilter drop: ${BODY}`);
    expect(e).toMatchObject({ ts_text: stamp, host: 'starbook', uptime: null, body: `rpfilter drop: ${BODY}` });
    expect(iso((e as { ts: number }).ts)).toBe(`${want}.000Z`);
  });

  it('the table has no spelling that two locales give different months', () => {
    // The module throws at load on a conflict; shared spellings agree (mar = March in fr/es/it/pl/ru-latin).
    expect([MONTH_SPELLINGS.get('mar'), MONTH_SPELLINGS.get('mai'), MONTH_SPELLINGS.get('set'), MONTH_SPELLINGS.get('maj')]).toEqual([3, 5, 9, 5]);
    for (let m = 1; m <= 12; m++) expect([...MONTH_SPELLINGS.values()].filter((v) => v === m).length, `month ${m}`).toBeGreaterThan(3);
  });

  it('a word that is no month name is still refused, and the length counts a trailing dot', () => {
    expect(split(`hier 01 16:47:50 starbook kernel: X ${BODY}`)).toBe('unknown timestamp format');
    expect(localMonthAt('févr. 14', 0)).toBe((2 << 8) | 5);
    expect(localMonthAt('xyz 14', 0)).toBe(0);
  });

  it('detectEnvelope names journalctl short in a French locale journal-short', () => {
    expect(detectEnvelope([`avr 01 16:47:50 starbook kernel: X ${BODY}`])).toBe('journal-short');
  });
});

describe('bare log messages (no envelope)', () => {
  it.each([
    ['EdgeRouter prefix glued to IN=', `[WAN_OUT-20-D]${BODY}`],
    ['sensor prefix', `DSHIELDINPUT ${BODY}`],
    ['no prefix', BODY],
    ['prefix with a colon', `rpfilter drop: ${BODY}`],
  ])('%s: read whole as the body, with no time, host or uptime', (_name, line) => {
    expect(split(line)).toEqual({ ts: null, ts_text: null, uptime: null, host: null, body: line });
  });

  it('a line whose stamp is unreadable is refused for that, never stored with its stamp as the prefix', () => {
    expect(split(`2024/01/28 12:15:58 fw kernel: DROP ${BODY}`)).toBe('unknown timestamp format');
    expect(split(`fw kernel: DROP ${BODY}`)).toBe('unknown timestamp format');
    expect(split('just some text without the fields')).toBe('unknown timestamp format');
    // A line of code or another record quoting a log line is no log line.
    expect(split(`results[0].Evt.Parsed["message"] == "[50028442.088484] ${BODY}"`)).toBe('unknown timestamp format');
    expect(split(`msg=[WAN_OUT-20-D]${BODY}`)).toBe('unknown timestamp format');
  });

  it('detectEnvelope names the form bare', () => {
    expect(detectEnvelope([`[WAN_OUT-20-D]${BODY}`, `DSHIELDINPUT ${BODY}`])).toBe('bare');
  });
});
