// SQL of imported rulesets: versions, their rules, and rule hits from TRACE steps and LOG prefixes.
import type { CaseDb, Row } from './case-db.ts';
import type { RulesetRow } from '../ruleset/ruleset-types.ts';

export async function versionBySha(db: CaseDb, sha256: string): Promise<number | null> {
  const r = await db.all(`SELECT id FROM ruleset_versions WHERE sha256 = $1`, [sha256]);
  return r.length ? Number(r[0].id) : null;
}

export async function insertVersion(db: CaseDb, v: { name: string; path: string; sha256: string; format: string; rows: RulesetRow[] }): Promise<number> {
  const [{ id }] = await db.all(
    `INSERT INTO ruleset_versions (name, path, sha256, format, imported_at, rules) VALUES ($1, $2, $3, $4, now()::TIMESTAMP, $5) RETURNING id`,
    [v.name, v.path, v.sha256, v.format, v.rows.filter((r) => r.kind === 'rule').length],
  );
  for (const r of v.rows) {
    await db.run(
      `INSERT INTO ruleset_rules VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [Number(id), r.family, r.table, r.chain, r.kind, r.position, r.handle, r.text, r.target, r.log_prefix, r.packets, r.bytes],
    );
  }
  return Number(id);
}

/**
 * The current rules: for each family, those of the latest import holding that family (so an
 * iptables-save and an ip6tables-save imported one after the other both count).
 */
const CURRENT = `cur AS (
  SELECT r.rowid AS rid, r.* FROM ruleset_rules r
    JOIN (SELECT family, max(version_id) AS v FROM ruleset_rules GROUP BY family) m
      ON m.family = r.family AND m.v = r.version_id)`;

/** A TRACE/LOG event (family 4 or 6) may be judged by a rule of its family, or of nft's inet. */
const FAMILY_MATCH = `(c.family = 'inet' OR (c.family = 'ip' AND e.family = 4) OR (c.family = 'ip6' AND e.family = 6))`;

/**
 * The family of a step: a monitor trace names its table's family (exactly that family's rules); a TRACE log
 * line only its packet's (FAMILY_MATCH).
 */
const STEP_FAMILY = `(CASE WHEN e.trace_family IS NOT NULL THEN c.family = e.trace_family ELSE ${FAMILY_MATCH} END)`;

/**
 * The rule a rule step names: TRACE log lines give its position; monitor traces its handle (an nft ruleset)
 * and, where either side lacks handles, its text (xtables-monitor prints the rule as iptables-save writes it;
 * `nft monitor trace` without -a prints no handle).
 */
const STEP_RULE = `(e.trace_type = 'rule' AND c.kind = 'rule' AND (c.position = e.trace_rule OR c.handle = e.trace_handle
  OR (e.trace_id IS NOT NULL AND (e.trace_handle IS NULL OR c.handle IS NULL) AND c.text = e.trace_text)))`;

/** Each TRACE row with the rule (or chain policy) its step names, when the ruleset has it. */
export async function traceStepRules(db: CaseDb): Promise<Row[]> {
  return db.all(
    `WITH ${CURRENT}
     SELECT e.source_id, e.line_no, c.text, c.target, c.kind
       FROM events e JOIN cur c
         ON c.table_name = e.trace_table AND c.chain = e.trace_chain AND ${STEP_FAMILY}
        AND (${STEP_RULE} OR (e.trace_type = 'policy' AND c.kind = 'policy'))
      WHERE e.trace_table IS NOT NULL
      ORDER BY e.source_id, e.line_no`,
  );
}

/** Every current rule and policy with its hits: TRACE steps naming it, and LOG lines with its prefix. */
export async function ruleHits(db: CaseDb): Promise<Row[]> {
  return db.all(
    `WITH ${CURRENT},
     th AS (SELECT c.rid, count(*) AS n
              FROM cur c JOIN events e
                ON e.trace_table = c.table_name AND e.trace_chain = c.chain AND ${STEP_FAMILY}
               AND (${STEP_RULE} OR (e.trace_type = 'policy' AND c.kind = 'policy'))
             GROUP BY ALL),
     ph AS (SELECT c.rid, count(*) AS n
              FROM cur c JOIN events e ON trim(e.prefix) = trim(c.log_prefix) AND ${FAMILY_MATCH}
             WHERE trim(c.log_prefix) <> '' AND e.trace_table IS NULL
             GROUP BY ALL)
     SELECT c.version_id, c.family, c.table_name, c.chain, c.kind, c.position, c.handle, c.target, c.log_prefix,
            coalesce(th.n, 0)::BIGINT AS trace_hits, coalesce(ph.n, 0)::BIGINT AS prefix_hits, c.packets, c.bytes, c.text
       FROM cur c
       LEFT JOIN th ON th.rid = c.rid
       LEFT JOIN ph ON ph.rid = c.rid
      WHERE c.kind IN ('rule', 'policy')
      ORDER BY c.family, c.table_name, c.chain, c.kind DESC, c.position`,
  );
}
