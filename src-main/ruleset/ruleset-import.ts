// Loads a ruleset dump into a case as one version; the same file (by sha256) twice is a no-op.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { CaseDb } from '../db/case-db.ts';
import { insertVersion, versionBySha } from '../db/ruleset-queries.ts';
import { parseRuleset } from './parse-ruleset.ts';

export class RulesetFormatError extends Error {}

export interface RulesetImport {
  version: number;
  format: string;
  rules: number;
  policies: number;
  /** false when this dump was imported already. */
  added: boolean;
}

export async function importRuleset(db: CaseDb, file: string, opts: { table?: string } = {}): Promise<RulesetImport> {
  const buf = readFileSync(file);
  // The --table of an iptables -L dump changes what it means, so it is part of the identity.
  const sha256 = createHash('sha256').update(buf).update(opts.table ? `\0${opts.table}` : '').digest('hex');
  const parsed = parseRuleset(buf.toString('utf8'), opts);
  if (!parsed) throw new RulesetFormatError(`${file}: not iptables-save, iptables -L -v -n --line-numbers, or nft list ruleset output`);
  const rules = parsed.rows.filter((r) => r.kind === 'rule').length;
  const policies = parsed.rows.length - rules;
  const old = await versionBySha(db, sha256);
  if (old !== null) return { version: old, format: parsed.format, rules, policies, added: false };
  const version = await db.transaction(() =>
    insertVersion(db, { name: basename(file), path: resolve(file), sha256, format: parsed.format, rows: parsed.rows }));
  return { version, format: parsed.format, rules, policies, added: true };
}
