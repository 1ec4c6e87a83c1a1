// `fwlens whois ADDRESS|ASN`: the registry record, found by following referrals from IANA (or RDAP).
import { isIPv4, isIPv6 } from '../parse/ip-text.ts';
import { whoisAsn, whoisIp, parseAsn } from '../lookup/whois-client.ts';
import { rdapAsn, rdapIp } from '../lookup/rdap-client.ts';
import type { LookupResult } from '../lookup/lookup-types.ts';
import { networkOverrides, whoisServers } from './net-overrides.ts';
import { UsageError, type CliValues } from './index.ts';

export function recordText(r: LookupResult): string {
  const lines = [`status: ${r.status}${r.error ? ` (${r.error})` : ''}`, `server: ${r.server}`];
  if (r.via && r.via.length > 1) lines.push(`via: ${r.via.join(' -> ')}`);
  const rec = r.record;
  if (rec) {
    const fields: Array<[string, unknown]> = [
      ['range', rec.range], ['cidr', rec.cidr.join(', ')], ['netname', rec.netname], ['org', rec.org], ['country', rec.country],
      ['abuse', rec.abuse], ['registry', rec.registry], ['asn', rec.asn], ['as-name', rec.asName],
    ];
    for (const [k, v] of fields) if (v !== null && v !== undefined && v !== '') lines.push(`${k}: ${String(v)}`);
    for (const w of rec.warnings) lines.push(`warning: ${w}`);
  }
  return lines.join('\n');
}

export async function cmdWhois(args: string[], v: CliValues): Promise<number> {
  const [what, ...more] = args;
  if (!what || more.length) throw new UsageError('whois needs one address or AS number');
  const o = networkOverrides();
  const ip = isIPv4(what) || isIPv6(what);
  const asn = ip ? null : parseAsn(what);
  if (!ip && asn === null) throw new UsageError(`"${what}" is neither an IP address nor an AS number`);
  const r = v.rdap
    ? ip ? await rdapIp(what, { baseUrl: o.rdapBaseUrl, timeoutMs: o.timeoutMs }) : await rdapAsn(asn!, { baseUrl: o.rdapBaseUrl, timeoutMs: o.timeoutMs })
    : ip ? await whoisIp(what, { servers: whoisServers(), timeoutMs: o.timeoutMs, minIntervalMs: o.minIntervalMs })
      : await whoisAsn(asn!, { servers: whoisServers(), timeoutMs: o.timeoutMs, minIntervalMs: o.minIntervalMs });
  process.stdout.write(recordText(r) + '\n');
  if (v.raw && r.record?.raw) process.stdout.write('\n' + r.record.raw + '\n');
  return r.status === 'ok' ? 0 : 1;
}
