// `fwlens rules block CASE --from-case`: the script for the case's own block list, each entry in its direction,
// through the app's generator (app/block-script.ts) with the request the app builds, so both write the same script.
import { writeFileSync } from 'node:fs';
import { CaseDb } from '../db/case-db.ts';
import { listBlockList } from '../db/block-list.ts';
import { blockScript } from '../app/block-script.ts';
import { AppError } from '../app/result.ts';
import { blockListRequest } from '../shared/block-request.ts';
import type { BlockDirection, BlockFormat, BlockScript } from '../shared/api.ts';
import { UsageError, type CliValues } from './index.ts';

/** What the list itself says and the script does not take from the command line. */
const NOT_WITH = ['targets', 'sql', 'from-findings', 'direction'] as const;

export async function blockFromCase(casePath: string, format: BlockFormat, v: CliValues, expireSeconds: number | null): Promise<number> {
  const clash = NOT_WITH.filter((k) => v[k] !== undefined && v[k] !== false);
  if (clash.length) throw new UsageError(`--from-case takes the case's block list as it is (entries and their directions): drop ${clash.map((k) => `--${k}`).join(', ')}`);
  const db = await CaseDb.open(casePath, { readOnly: true });
  let out: BlockScript;
  try {
    const entries = await listBlockList(db);
    if (!entries.length) {
      process.stderr.write('fwlens: the case\'s block list is empty: add entries in the app (or use --targets, --sql, --from-findings)\n');
      return 1;
    }
    const req = blockListRequest(entries.map((e) => ({ item: e.item, direction: e.direction as BlockDirection })), {
      format, reject: !!v.reject, log: !!v.log, expireSeconds, includeInternal: !!v['include-internal'],
      port: v.port === undefined ? null : Number(v.port), proto: (v.proto as 'tcp' | 'udp' | undefined) ?? null,
    });
    req.forceLockout = !!v['force-lockout'];
    try {
      out = await blockScript(db, req);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'LOCKOUT') throw e;
      process.stderr.write(`fwlens: refused: ${e.message.replace(/ Confirm to write it anyway \(forceLockout\)\.$/, '')}\n`);
      process.stderr.write('fwlens: nothing written. Change the list in the app, or add --force-lockout to write it anyway (its header then says what it cuts).\n');
      return 1;
    }
  } finally {
    db.close();
  }
  for (const n of out.notes) process.stderr.write(`fwlens: ${n}\n`);
  for (const d of out.dropped) process.stderr.write(`fwlens: left out ${d.item}: ${d.reason}\n`);
  if (out.skipped) process.stderr.write(`fwlens: ${out.skipped} entr${out.skipped === 1 ? 'y' : 'ies'} of the other IP family left out\n`);
  process.stderr.write(`fwlens: ${out.blocks4} IPv4 and ${out.blocks6} IPv6 block${out.blocks4 + out.blocks6 === 1 ? '' : 's'} from the case's block list\n`);
  if (!v.out) {
    process.stdout.write(out.script);
    return 0;
  }
  writeFileSync(v.out, out.script, { mode: 0o644 });
  writeFileSync(`${v.out}.rollback`, out.rollback, { mode: 0o755 });
  if (out.sweep) writeFileSync(`${v.out}.sweep`, out.sweep, { mode: 0o755 });
  process.stderr.write(`fwlens: wrote ${[v.out, `${v.out}.rollback`, ...(out.sweep ? [`${v.out}.sweep`] : [])].join(', ')}\n`);
  return 0;
}
