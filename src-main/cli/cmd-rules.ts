// `fwlens rules block CASE --format …`: block scripts (and rollback/sweep twins) from addresses, ASNs, a query or the case's block list, refused when they would lock the host out.
import { writeFileSync } from 'node:fs';
import { CaseDb } from '../db/case-db.ts';
import { getSetting } from '../db/settings.ts';
import { parseNetworkList } from '../enrich/address-scope.ts';
import { buildTargets } from '../rules/targets.ts';
import { collectSources } from '../rules/collect-sources.ts';
import { FORMATS, isFormat, parseDuration, render, writtenEntries } from '../rules/render.ts';
import { gatherHostFacts } from '../rules/host-facts.ts';
import { describeLockout, lockoutCheck, LockoutRefused } from '../rules/lockout.ts';
import { printable } from '../rules/sanitize-comment.ts';
import type { Direction, RenderOptions } from '../rules/render-types.ts';
import { UsageError, type CliValues } from './index.ts';
import { cmdRulesAllow, cmdRulesReplay } from '../rules/allow-cli.ts';
import { cmdRuleset } from './cmd-ruleset.ts';
import { scanFindings } from '../findings/scan-findings.ts';
import { blockFromCase } from './rules-from-case.ts';

async function sourcesFrom(db: CaseDb, v: CliValues) {
  try {
    return await collectSources(db, (v.targets ?? '').split(/[\s,]+/).filter(Boolean), v.sql);
  } catch (e) {
    throw new UsageError(`--sql: ${(e as Error).message}`);
  }
}

function renderOptions(v: CliValues): RenderOptions {
  const direction = (v.direction ?? 'inbound') as Direction;
  if (!['inbound', 'outbound', 'forward'].includes(direction)) throw new UsageError('--direction is inbound, outbound or forward');
  if (v.port !== undefined && !/^\d{1,5}$/.test(v.port)) throw new UsageError('--port takes a number 1-65535');
  const port = v.port === undefined ? undefined : Number(v.port);
  if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError('--port takes a number 1-65535');
  if (v.proto !== undefined && v.proto !== 'tcp' && v.proto !== 'udp') throw new UsageError('--proto is tcp or udp');
  let expire: number | undefined;
  try {
    expire = v.expire === undefined ? undefined : parseDuration(v.expire);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { direction, port, proto: v.proto as 'tcp' | 'udp' | undefined, reject: !!v.reject, log: !!v.log, expire, now: Math.floor(Date.now() / 1000) };
}

/** The refusal, one target a line, and the way out; nothing is written. */
function refuse(e: LockoutRefused, host: string, direction: Direction): void {
  process.stderr.write(`fwlens: refused: this ${direction} block list would cut host ${printable(host)} off:\n`);
  for (const l of e.lockouts) process.stderr.write(`fwlens:   ${describeLockout(l)}\n`);
  process.stderr.write('fwlens: nothing written. Narrow the targets, or add --force-lockout to write it anyway (its header then says what it cuts).\n');
}

export async function cmdRules(args: string[], v: CliValues): Promise<number> {
  const [sub, casePath, ...more] = args;
  if (sub === 'allow') return cmdRulesAllow(args.slice(1), v);
  if (sub === 'replay') return cmdRulesReplay(args.slice(1), v);
  if (sub === 'trace') return cmdRuleset(['trace', ...args.slice(1)], v);
  if (sub !== 'block') throw new UsageError('rules needs a subcommand: block, allow, replay or trace');
  if (!casePath || more.length) throw new UsageError('rules block needs one case file');
  if (!v.format || !isFormat(v.format)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}`);
  const opts = renderOptions(v);
  if (v['from-case']) return blockFromCase(casePath, v.format, v, opts.expire ?? null);
  if (!v.targets && !v.sql && !v['from-findings']) throw new UsageError('say what to block: --targets "ADDR,CIDR,ASN", --sql "SELECT …", --from-findings and/or --from-case');
  const db = await CaseDb.open(casePath, { readOnly: true });
  let out;
  try {
    const { sources, notes } = await sourcesFrom(db, v);
    // Scan findings feed the export: each finding's source, with the finding as the reason.
    if (v['from-findings']) for (const f of await scanFindings(db)) sources.push({ text: f.src, why: `finding ${f.kind}: ${f.detail}` });
    const internal = parseNetworkList(await getSetting(db, 'internal_networks'));
    const targets = buildTargets(sources, { includeInternal: !!v['include-internal'], internal });
    for (const n of notes) process.stderr.write(`fwlens: ${n}\n`);
    for (const d of targets.dropped) process.stderr.write(`fwlens: left out ${d.item}: ${d.reason}\n`);
    const facts = gatherHostFacts({ internal });
    try {
      opts.notes = lockoutCheck(writtenEntries(v.format, targets), facts, opts.direction, !!v['force-lockout']);
    } catch (e) {
      if (!(e instanceof LockoutRefused)) throw e;
      refuse(e, facts.host, opts.direction);
      return 1;
    }
    if (opts.notes[0]?.startsWith('WARNING')) process.stderr.write(`fwlens: ${opts.notes[0]}\n`);
    try {
      out = render(v.format, targets, opts);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (out.skipped) process.stderr.write(`fwlens: ${out.skipped} entr${out.skipped === 1 ? 'y' : 'ies'} of the other IP family left out (use ${v.format.startsWith('ip6') ? v.format.slice(0, 2) + v.format.slice(3) : v.format.replace('ip', 'ip6')})\n`);
    process.stderr.write(`fwlens: ${targets.v4.length} IPv4 and ${targets.v6.length} IPv6 block${targets.v4.length + targets.v6.length === 1 ? '' : 's'}\n`);
  } finally {
    db.close();
  }
  if (v.out) {
    writeFileSync(v.out, out.script, { mode: 0o644 });
    writeFileSync(`${v.out}.rollback`, out.rollback, { mode: 0o755 });
    if (out.sweep) writeFileSync(`${v.out}.sweep`, out.sweep, { mode: 0o755 });
    for (const x of out.extras ?? []) writeFileSync(`${v.out}${x.suffix}`, x.text, { mode: 0o644 });
    const written = [v.out, `${v.out}.rollback`, ...(out.sweep ? [`${v.out}.sweep`] : []), ...(out.extras ?? []).map((x) => `${v.out}${x.suffix}`)];
    process.stderr.write(`fwlens: wrote ${written.join(', ')}\n`);
  } else {
    process.stdout.write(out.script);
    if (out.extras?.length) process.stderr.write(`fwlens: use --out FILE to also get ${out.extras.map((x) => `FILE${x.suffix}`).join(', ')} and the rollback\n`);
  }
  return 0;
}
