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
  return importRulesetText(db, readFileSync(file), { name: basename(file), path: resolve(file), table: opts.table });
}

/** A dump given as bytes (a file, or text pasted in the app); `name` and `path` say where it came from. */
export async function importRulesetText(db: CaseDb, bytes: Buffer, o: { name: string; path: string; table?: string }): Promise<RulesetImport> {
  // The --table of an iptables -L dump changes what it means, so it is part of the identity.
  const sha256 = createHash('sha256').update(bytes).update(o.table ? `\0${o.table}` : '').digest('hex');
  const parsed = parseRuleset(bytes.toString('utf8'), { table: o.table });
  if (!parsed) throw new RulesetFormatError(`${o.name}: not iptables-save, iptables -L -v -n --line-numbers, or nft list ruleset output`);
  const rules = parsed.rows.filter((r) => r.kind === 'rule').length;
  const policies = parsed.rows.filter((r) => r.kind === 'policy').length;
  const old = await versionBySha(db, sha256);
  if (old !== null) return { version: old, format: parsed.format, rules, policies, added: false };
  const version = await db.transaction(() =>
    insertVersion(db, { name: o.name, path: o.path, sha256, format: parsed.format, rows: parsed.rows }));
  return { version, format: parsed.format, rules, policies, added: true };
}
