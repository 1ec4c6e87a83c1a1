// Server overrides read from the environment, for tests, proxies and air-gapped mirrors.
import type { Endpoint } from '../lookup/whois-socket.ts';

function endpoint(text: string, what: string): Endpoint {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m) throw new Error(`${what}: "${text}" is not host:port`);
  return { host: m[1], port: Number(m[2]) };
}

/** FWLENS_WHOIS_SERVERS="whois.iana.org=127.0.0.1:4301,whois.arin.net=127.0.0.1:4302" */
export function whoisServers(env = process.env): Record<string, Endpoint> | undefined {
  const v = env.FWLENS_WHOIS_SERVERS;
  if (!v) return undefined;
  return Object.fromEntries(v.split(',').filter(Boolean).map((pair) => {
    const [name, ep] = pair.split('=');
    return [name.trim().toLowerCase(), endpoint(ep ?? '', 'FWLENS_WHOIS_SERVERS')];
  }));
}

export function networkOverrides(env = process.env) {
  return {
    dnsServers: env.FWLENS_DNS_SERVERS ? env.FWLENS_DNS_SERVERS.split(',') : undefined,
    cymru: env.FWLENS_CYMRU_SERVER ? endpoint(env.FWLENS_CYMRU_SERVER, 'FWLENS_CYMRU_SERVER') : undefined,
    rdapBaseUrl: env.FWLENS_RDAP_URL || undefined,
    timeoutMs: env.FWLENS_NET_TIMEOUT_MS ? Number(env.FWLENS_NET_TIMEOUT_MS) : undefined,
    minIntervalMs: env.FWLENS_MIN_INTERVAL_MS ? Number(env.FWLENS_MIN_INTERVAL_MS) : undefined,
  };
}
