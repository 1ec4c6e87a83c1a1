// The Rules view's sections and which one is showing (kept while the user visits other views).
export const RULES_SECTIONS = [
  { id: 'block', label: 'Block list' },
  { id: 'findings', label: 'Findings' },
  { id: 'allow', label: 'Allow-list' },
  { id: 'traces', label: 'Traces' },
  { id: 'replay', label: 'Replay' },
] as const;

export type RulesSection = (typeof RULES_SECTIONS)[number]['id'];

export const rulesView = $state({ section: 'block' as RulesSection });

/** A ruleset handed to the Replay section (the allow-list just generated); taken once when it is read. */
export const replayDraft = $state({ text: null as string | null });

export function replayInApp(text: string): void {
  replayDraft.text = text;
  rulesView.section = 'replay';
}
