// Where the bundled ASN data (@ip-location-db/asn) lives and its version: no reader here, so the
// commands that only need the paths load no GeoIP code.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function bundledAsnCsv(family: 4 | 6): string {
  return join(dirname(require.resolve('@ip-location-db/asn/package.json')), `asn-ipv${family}-num.csv`);
}

/** The bundled ASN data's version (its package's). */
export function bundledAsnVersion(): string {
  return (require('@ip-location-db/asn/package.json') as { version: string }).version;
}
