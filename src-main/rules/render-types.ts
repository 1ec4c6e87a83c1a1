// What every renderer takes (targets and options) and gives back (the script and its twins).
import type { BlockEntry } from './targets.ts';
import { assertInert, checkPort } from './sanitize-comment.ts';

export type Direction = 'inbound' | 'outbound' | 'forward';

export interface RenderOptions {
  direction: Direction;
  port?: number;
  proto?: 'tcp' | 'udp';
  reject: boolean;
  log: boolean;
  /** Seconds from `now`; undefined = permanent. */
  expire?: number;
  /** Unix seconds, injected so output is reproducible in tests. */
  now: number;
  /** Comment lines put under the script's header line (the lockout check); made inert by `render`. */
  notes?: string[];
}

export interface Rendered {
  script: string;
  rollback: string;
  /** Only iptables-family outputs: removes rules whose `expires=` epoch has passed. */
  sweep?: string;
  /** Companion files, written next to the script as FILE<suffix>. */
  extras?: Array<{ suffix: string; text: string }>;
}

export const CHAIN = 'FWLENS-BLOCK';
export const LOG_PREFIX = 'fwlens-block: ';

/** Checks the options once, so renderers only interpolate validated values. */
export function checkOptions(o: RenderOptions): RenderOptions {
  checkPort(o.port);
  if (o.proto !== undefined && o.proto !== 'tcp' && o.proto !== 'udp') throw new Error(`protocol must be tcp or udp`);
  if (!['inbound', 'outbound', 'forward'].includes(o.direction)) throw new Error(`direction must be inbound, outbound or forward`);
  if (o.expire !== undefined && (!Number.isInteger(o.expire) || o.expire < 1)) throw new Error('expiry must be a whole number of seconds');
  if (!Number.isInteger(o.now)) throw new Error('now must be whole seconds');
  return o;
}

/** A port needs a protocol to match; tcp unless told. */
export function protoOf(o: RenderOptions): 'tcp' | 'udp' | undefined {
  return o.proto ?? (o.port !== undefined ? 'tcp' : undefined);
}

/** The rule comment: why, and the expiry epoch the sweep reads. */
export function ruleComment(e: BlockEntry, o: RenderOptions): string {
  const exp = o.expire !== undefined ? ` expires=${o.now + o.expire}` : '';
  return assertInert(`fwlens: ${e.comment.slice(0, 200)}${exp}`.trim());
}

/** Addresses reach scripts only after re-validation of their shape. */
export function safeCidr(e: BlockEntry): string {
  if (!/^[0-9a-f.:]+\/\d{1,3}$/i.test(e.cidr)) throw new Error(`not a CIDR: ${JSON.stringify(e.cidr)}`);
  return e.cidr;
}

export const DIRECTIONS: readonly Direction[] = ['inbound', 'outbound', 'forward'];

export interface DirectionGroup { direction: Direction; entries: BlockEntry[] }

/**
 * The entries by direction (inbound, outbound, forward), each entry's own or the script's. One group, of the
 * script's direction, when none says otherwise: such a list renders exactly as a single-direction list.
 */
export function byDirection(entries: BlockEntry[], o: RenderOptions): DirectionGroup[] {
  const groups = DIRECTIONS.map((direction) => ({ direction, entries: entries.filter((e) => (e.direction ?? o.direction) === direction) })).filter((g) => g.entries.length);
  return groups.length ? groups : [{ direction: o.direction, entries: [] }];
}

/** What a script header says of its direction: `inbound`, or `inbound+outbound` for a mixed list. */
export function directionLabel(groups: DirectionGroup[]): string {
  return groups.map((g) => g.direction).join('+');
}
