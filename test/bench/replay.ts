// `npm run bench:replay`: replaying rulesets over a generated day (1M lines). Baseline, in the same run: reading
// the case's traffic as packet groups (the DuckDB query every replay starts with). Against it: the allow model
// (`rules replay FILE.rules.json`), the same allow-list written as an iptables file, and a 1,000-rule blocklist
// ruleset with jumps and an ipset, each replayed first-match.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, printRows, timeImport } from './bench-util.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { packetGroupBatches } from '../../src-main/db/replay-queries.ts';
import { allowFromCase } from '../../src-main/rules/allow-from-case.ts';
import { renderAllow } from '../../src-main/rules/allow-render.ts';
import { replay } from '../../src-main/rules/replay-report.ts';
import { parseRuleset } from '../../src-main/ruleset/parse-ruleset.ts';
import { replayRuleset } from '../../src-main/replay/replay-ruleset.ts';

const LINES = Number(process.env.REPLAY_LINES ?? 1_000_000);
const f = join(BENCH_DIR, `day-${LINES}.log`);
if (!existsSync(f)) await writeSynthDay(f, { lines: LINES, seed: 42 });
const { casePath } = timeImport(f);

/** A host firewall with a 1,000-entry blocklist chain, as fail2ban-style setups grow. */
function blocklistRuleset(): string {
  const lines = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':BLOCK - [0:0]', ':SERVICES - [0:0]',
    '-A INPUT -i lo -j ACCEPT', '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A INPUT -m set --match-set fail2ban src -j REJECT', '-A INPUT -j BLOCK',
    '-A INPUT -p tcp -j SERVICES', '-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT', '-A INPUT -m limit --limit 5/min -j LOG --log-prefix "IN DROP "',
    '-A OUTPUT -j BLOCK', '-A FORWARD -i eth1 -o eth0 -j BLOCK', '-A FORWARD -i eth1 -o eth0 -p tcp -m multiport --dports 80,443,853 -j ACCEPT',
    '-A FORWARD -i eth1 -o eth0 -p udp -m udp --dport 53 -j ACCEPT'];
  for (let i = 0; i < 1000; i++) lines.push(`-A BLOCK -d ${1 + (i % 220)}.${(i * 7) % 256}.${(i * 13) % 256}.0/24 -j DROP`);
  lines.push('-A SERVICES -p tcp -m multiport --dports 22,80,443 -j ACCEPT', 'COMMIT');
  return lines.join('\n') + '\n';
}

const db = await CaseDb.open(casePath, { readOnly: true });
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const v = await fn(); return [v, performance.now() - t]; };
const peakMB = () => process.resourceUsage().maxRSS / 1024;
const startMB = peakMB();
// The baseline streams the groups as a replay does, keeping none.
const [groups, groupMs] = await time(async () => { let n = 0; for await (const b of packetGroupBatches(db)) n += b.length; return n; });
const block = parseRuleset(blocklistRuleset())!;
const [blockRep, blockMs] = await time(() => replayRuleset(db, [block], { hook: 'forward' }));
const blockPeak = peakMB();
const { ruleset } = await allowFromCase(db, { group: 'any', dest: 'asn' });
const [model, modelMs] = await time(() => replay(db, ruleset));
const iptAllow = parseRuleset(renderAllow('iptables', ruleset, 1_700_000_000).script)!;
const [allowRep, allowMs] = await time(() => replayRuleset(db, [iptAllow], { hook: 'output' }));
db.close();

const pct = (n: number) => `${n.toLocaleString('en-US')}`;
printRows([
  ['case', `${pct(LINES)} lines; ${pct(groups)} packet groups`],
  ['baseline: reading the traffic (packet groups)', `${groupMs.toFixed(0)} ms`],
  ['allow model replay (rules.json)', `${modelMs.toFixed(0)} ms = ${(modelMs / groupMs).toFixed(2)}x the baseline (${pct(ruleset.rules.length)} rules; ${pct(model.dropped.records)} records dropped)`],
  ['same allow-list as an iptables file', `${allowMs.toFixed(0)} ms = ${(allowMs / groupMs).toFixed(2)}x the baseline (parse and compile included; ${pct(allowRep.verdicts.drop.records)} dropped, ${pct(allowRep.verdicts.unknown.records)} undecided)`],
  ['1,000-rule blocklist ruleset', `${blockMs.toFixed(0)} ms = ${(blockMs / groupMs).toFixed(2)}x the baseline (${pct(blockRep.verdicts.drop.records)} dropped, ${pct(blockRep.verdicts.unknown.records)} undecided)`],
  ['peak RSS: open case', `${startMB.toFixed(0)} MB`],
  ['peak RSS: after the blocklist replay', `${blockPeak.toFixed(0)} MB = ${(blockPeak / startMB).toFixed(2)}x the open case`],
  ['peak RSS: after building and replaying the allow-list', `${peakMB().toFixed(0)} MB`],
]);
