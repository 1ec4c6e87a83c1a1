// The `fwlens` command line: argument parsing, dispatch, and one-line errors with a non-zero exit.
import { parseArgs } from 'node:util';
import { ownerOnlyFiles } from '../app/work-dir.ts';

export class UsageError extends Error {}

const USAGE = `fwlens — forensic analyzer for Linux firewall traffic

Usage:
  fwlens import CASE FILE|DIR...  [--year YYYY] [--tz ZONE] [--dump-time ISO] [--keep-skipped] [--no-enrich] [--quiet]
  fwlens enrich CASE              [--refresh] [--rdns] [--whois] [--rdap]
  fwlens whois ADDRESS|ASN        [--rdap] [--raw]
  fwlens query CASE "SQL"         [--csv | --json] [--limit N]
  fwlens summary CASE             [--top N] [--json]
  fwlens generate OUT             [--lines N] [--seed N] [--start ISO] [--garbage RATE] [--stamp rfc3164|iso]
  fwlens config CASE [KEY [VALUE]] show or change a case setting (ephemeral_port_min)
  fwlens findings CASE            [--json] [--kind K,K] [--min-ports N] [--port-window S] [--min-hosts N] [--sweep-window S] [--min-fin N]
                                  scans: port_scan, host_sweep, null_scan, xmas_scan, synfin_scan, fin_scan
  fwlens trace CASE               [--json] [--trace-window S]  each TRACE'd packet's path and verdict
  fwlens ruleset import CASE FILE [--table T]  load iptables-save, iptables -L -v -n --line-numbers or nft -a list ruleset
  fwlens ruleset hits|unused|trace|check CASE [--json]  rule hits (TRACE, LOG prefix, counters), rules never hit, TRACE steps' rule text,
                                  monitor traces' verdicts against replay
  fwlens graph CASE              [--source events|flows] [--from host|subnet|interface] [--to address|subnet|asn|country|port] [--via service|action]
                                  [--direction outbound|inbound|both|all] [--weight events|peers|ports|packets|bytes] [--where SQL]
                                  [--since ISO] [--until ISO] [--top N] [--min-weight N] [--baseline ISO|+Nh]
                                  [--layout sankey|network] [--theme light|dark] [--width N] [--height N]
                                  [--format svg|png|dot|json] [--out FILE]  the flow graph, drawn without a display
  fwlens demo [CASE]              import the bundled sample and print its summary
  fwlens serve [CASE]             [--port N] [--query-timeout S]  browser mode on 127.0.0.1 (default: the last case, else
                                  the sample); a query running longer than S seconds (default 300, 0: none) is stopped
  fwlens rules block CASE --format iptables|ip6tables|iptables-sh|ip6tables-sh|nft|ipset|firewalld|ufw|pf
                                  [--targets "ADDR,CIDR,ASN"] [--sql "SELECT peer …"] [--from-findings] [--direction inbound|outbound|forward]
                                  | --from-case (the case's block list, each entry in its own direction, as the app exports it)
                                  [--port N] [--proto tcp|udp] [--reject] [--log] [--expire 7d] [--include-internal] [--force-lockout] [--out FILE]
  fwlens rules allow CASE --format nft|iptables|ip6tables [--group host|/24|any] [--dest address|cidr24|asn|any]
                                  [--accepted] [--out FILE]  default-deny allow-list from the outbound traffic
  fwlens rules replay CASE RULES...|--imported  [--hook input|output|forward] [--table T] [--limit N] [--json]
                                  what a ruleset (FILE.rules.json, iptables-save, iptables -L, nft list) would do to the traffic
  fwlens rules trace CASE         [--json]  each TRACE step with its rule's text (as ruleset trace)

CASE is a case file (a DuckDB database); import creates it when missing.`;

const OPTIONS = {
  year: { type: 'string' },
  tz: { type: 'string' },
  quiet: { type: 'boolean' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  top: { type: 'string' },
  lines: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  garbage: { type: 'string' },
  stamp: { type: 'string' },
  'dump-time': { type: 'string' },
  'no-enrich': { type: 'boolean' },
  'keep-skipped': { type: 'boolean' },
  refresh: { type: 'boolean' },
  whois: { type: 'boolean' },
  rdap: { type: 'boolean' },
  rdns: { type: 'boolean' },
  raw: { type: 'boolean' },
  'from-findings': { type: 'boolean' },
  'from-case': { type: 'boolean' },
  port: { type: 'string' },
  kind: { type: 'string' },
  'min-ports': { type: 'string' },
  'port-window': { type: 'string' },
  'min-hosts': { type: 'string' },
  'sweep-window': { type: 'string' },
  'min-fin': { type: 'string' },
  'trace-window': { type: 'string' },
  format: { type: 'string' },
  targets: { type: 'string' },
  sql: { type: 'string' },
  direction: { type: 'string' },
  proto: { type: 'string' },
  reject: { type: 'boolean' },
  log: { type: 'boolean' },
  expire: { type: 'string' },
  'include-internal': { type: 'boolean' },
  'force-lockout': { type: 'boolean' },
  group: { type: 'string' },
  dest: { type: 'string' },
  accepted: { type: 'boolean' },
  imported: { type: 'boolean' },
  hook: { type: 'string' },
  out: { type: 'string' },
  table: { type: 'string' },
  source: { type: 'string' },
  'query-timeout': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  via: { type: 'string' },
  where: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  weight: { type: 'string' },
  'min-weight': { type: 'string' },
  baseline: { type: 'string' },
  layout: { type: 'string' },
  theme: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export function intOption(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number, not "${v}"`);
  return Number(v);
}

type Command = (args: string[], v: CliValues) => Promise<number>;

/**
 * Each command's module is imported only when that command runs (a chunk of its own in out/cli/), so
 * `--help` loads no DuckDB and `query` no pcap decoder, lookup client, replay engine or server.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./cmd-import.ts')).cmdImport,
  query: async () => (await import('./cmd-query.ts')).cmdQuery,
  summary: async () => (await import('./cmd-summary.ts')).cmdSummary,
  generate: async () => (await import('./cmd-generate.ts')).cmdGenerate,
  demo: async () => (await import('./cmd-generate.ts')).cmdDemo,
  config: async () => (await import('./cmd-config.ts')).cmdConfig,
  enrich: async () => (await import('./cmd-enrich.ts')).cmdEnrich,
  whois: async () => (await import('./cmd-whois.ts')).cmdWhois,
  serve: async () => (await import('./cmd-serve.ts')).cmdServe,
  rules: async () => (await import('./cmd-rules.ts')).cmdRules,
  findings: async () => (await import('./cmd-findings.ts')).cmdFindings,
  trace: async () => (await import('./cmd-trace.ts')).cmdTrace,
  ruleset: async () => (await import('./cmd-ruleset.ts')).cmdRuleset,
  graph: async () => (await import('./cmd-graph.ts')).cmdGraph,
};

/**
 * Errors whose message is the whole story for the user. Their modules are imported here rather than at
 * the top so that the entry stays light; a command that threw one has already loaded its module.
 */
async function isUserFacing(e: unknown): Promise<boolean> {
  const [{ CaseError }, { InputError }, { ImportCancelled }] = await Promise.all([
    import('../db/case-db.ts'), import('../import/discover.ts'), import('../import/import-source.ts'),
  ]);
  return e instanceof CaseError || e instanceof InputError || e instanceof ImportCancelled;
}

export async function main(argv: string[]): Promise<number> {
  ownerOnlyFiles();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`fwlens: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [cmd, ...rest] = parsed.positionals;
  const v = parsed.values;
  if (v.help || !cmd) {
    process.stdout.write(USAGE + '\n');
    return cmd || v.help ? 0 : 2;
  }
  try {
    const load = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!load) throw new UsageError(`unknown command "${cmd}"`);
    return await (await load())(rest, v);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fwlens: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (await isUserFacing(e)) {
      process.stderr.write(`fwlens: ${(e as Error).message}\n`);
      return 1;
    }
    const msg = (e as Error).message ?? String(e);
    process.stderr.write(`fwlens: ${msg.split('\n')[0]}\n`);
    if (process.env.FWLENS_DEBUG) process.stderr.write(String((e as Error).stack) + '\n');
    return 1;
  }
}
