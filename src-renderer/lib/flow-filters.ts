// What a click on a flow-graph node or link filters Explore by, and what it can add to the block list.
import type { FlowDirection, FlowNode } from '../../src-main/shared/visual.ts';
import type { FilterClause } from './filter-model.ts';

const DIRECTION_SCOPE: Record<FlowDirection, string | null> = { outbound: 'outbound', inbound: 'inbound', both: 'external', all: null };

function portClauses(key: string): FilterClause[] {
  const m = /^([a-z0-9-]+)\/(\d{1,5})$/i.exec(key);
  if (m) return [{ kind: 'proto', value: m[1].toUpperCase() }, { kind: 'dport', value: m[2] }];
  return /^[a-z0-9-]+$/i.test(key) ? [{ kind: 'proto', value: key.toUpperCase() }] : [];
}

/** The clauses that select a node's events (none for a folded "other"). */
export function nodeClauses(n: Pick<FlowNode, 'kind' | 'key'>): FilterClause[] {
  const k = n.key;
  if (k === null) return [];
  switch (n.kind) {
    case 'host': case 'address': case 'subnet': return [{ kind: 'addr', value: k }];
    case 'interface': return [{ kind: 'iface', value: k }];
    case 'asn': return [{ kind: 'asn', value: k }];
    case 'country': return [{ kind: 'country', value: k }];
    case 'port': return portClauses(k);
    case 'service': return /\//.test(k) ? portClauses(k) : [{ kind: 'column', column: 'service', value: k, literal: 'text' }];
    case 'action': return k === 'UNKNOWN' ? [{ kind: 'column', column: 'action', value: '', literal: 'null' }] : [{ kind: 'action', value: k }];
    default: return [];
  }
}

/** The clauses that select a link's events: both ends, and the graph's direction. */
export function linkClauses(a: Pick<FlowNode, 'kind' | 'key'>, b: Pick<FlowNode, 'kind' | 'key'>, direction: FlowDirection): FilterClause[] {
  const scope = DIRECTION_SCOPE[direction];
  return [...(scope ? [{ kind: 'scope' as const, value: scope }] : []), ...nodeClauses(a), ...nodeClauses(b)];
}

/** The direction's own clause (a node click keeps the graph's direction too). */
export function directionClauses(direction: FlowDirection): FilterClause[] {
  const scope = DIRECTION_SCOPE[direction];
  return scope ? [{ kind: 'scope', value: scope }] : [];
}

/** What the block list can take for a node: an address, a CIDR or AS<n>; null otherwise. */
export function blockTarget(n: Pick<FlowNode, 'kind' | 'key'>): string | null {
  if (n.key === null) return null;
  if (n.kind === 'host' || n.kind === 'address' || n.kind === 'subnet' || n.kind === 'asn') return n.key;
  return null;
}

/** Whether a node stands for one address (its details panel can open). */
export const isAddress = (n: Pick<FlowNode, 'kind' | 'key'>): boolean => n.key !== null && (n.kind === 'host' || n.kind === 'address');
