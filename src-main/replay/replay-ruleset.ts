// Replaying a firewall ruleset (imported or from a file) over the case's traffic, in this thread (the CLI's way).
import type { CaseDb } from '../db/case-db.ts';
import { ephemeralPortMin, packetGroupBatches } from '../db/replay-queries.ts';
import type { RulesetPart } from './compile-ruleset.ts';
import { replayGroups, type ReplayRulesetOptions, type RulesetReplayReport } from './replay-groups.ts';

export { hookOf, type ReplayGroup, type ReplayRulesetOptions, type RuleHit, type RulesetReplayReport } from './replay-groups.ts';

export async function replayRuleset(db: CaseDb, parts: RulesetPart[], o: ReplayRulesetOptions = {}): Promise<RulesetReplayReport> {
  return replayGroups(parts, packetGroupBatches(db), await ephemeralPortMin(db), o);
}
