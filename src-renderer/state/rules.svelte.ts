// The Rules view's sections and which one is showing (kept while the user visits other views).
export const RULES_SECTIONS = [
  { id: 'block', label: 'Block list' },
  { id: 'findings', label: 'Findings' },
  { id: 'allow', label: 'Allow-list' },
  { id: 'traces', label: 'Traces' },
] as const;

export type RulesSection = (typeof RULES_SECTIONS)[number]['id'];

export const rulesView = $state({ section: 'block' as RulesSection });
