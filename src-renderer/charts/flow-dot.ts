// The flow graph as Graphviz DOT text, for people who lay graphs out themselves (`dot -Tsvg`).
// Every id and label is written as a quoted, escaped string: labels come from logs and whois.
import type { FlowGraph, FlowNode } from '../../src-main/shared/visual.ts';
import { LIGHT, type Palette } from './palette.ts';
import { describeLink, describeNode, flowColor, fmtInt, fmtShare, nodeColor, nodeName } from './chart-dom.ts';

/**
 * A DOT quoted string. Backslashes are doubled first so that no label can smuggle in an escape of
 * its own (`\"`, or Graphviz's `\N`, `\G`, `\l`); quotes and line breaks then cannot end the string
 * or the statement.
 */
export function dotString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, '');
  return `"${body}"`;
}

const attrs = (a: Record<string, string | number | null>): string =>
  `[${Object.entries(a).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${typeof v === 'number' ? v : dotString(v!)}`).join(', ')}]`;

const SIDES = ['left', 'middle', 'right'] as const;

function nodeLine(n: FlowNode, p: Palette): string {
  const c = nodeColor(p, n);
  const other = n.kind === 'other';
  return `    ${dotString(n.id)} ${attrs({
    label: `${n.isNew ? '★ new · ' : ''}${nodeName(n)}\n${fmtInt(n.events)} events · ${fmtShare(n.blocked, n.events)} blocked`,
    // A pale fill in the node's colour keeps the black label readable in every colour.
    fillcolor: `${c}33`,
    color: n.isNew ? p.fresh : c,
    penwidth: n.isNew ? 2.5 : 1.2,
    style: other ? 'rounded,filled,dashed' : 'rounded,filled',
    tooltip: describeNode(n),
  })};`;
}

export function flowDot(graph: FlowGraph, palette: Palette = LIGHT): string {
  const p = palette;
  const names = new Map(graph.nodes.map((n) => [n.id, nodeName(n)]));
  const maxW = Math.max(1, ...graph.links.map((l) => l.weight));
  const out: string[] = [
    'digraph fwlens {',
    `  graph ${attrs({ rankdir: 'LR', bgcolor: p.bg, fontname: 'Helvetica', nodesep: 0.2, ranksep: 1.8 })};`,
    `  node ${attrs({ shape: 'box', fontname: 'Helvetica', fontsize: 10, fontcolor: p.fg })};`,
    `  edge ${attrs({ fontname: 'Helvetica', fontsize: 9, fontcolor: p.muted, arrowsize: 0.6 })};`,
  ];
  // One rank per side keeps the columns of the sankey.
  for (const side of SIDES) {
    const nodes = graph.nodes.filter((n) => n.side === side);
    if (!nodes.length) continue;
    out.push(`  { rank=same;`, ...nodes.map((n) => nodeLine(n, p)), '  }');
  }
  for (const l of graph.links) {
    out.push(`  ${dotString(l.source)} -> ${dotString(l.target)} ${attrs({
      label: fmtInt(l.events),
      // Proportional to the weight, from hairline to about a thick marker.
      penwidth: Math.round((0.6 + (7.4 * Math.max(0, l.weight)) / maxW) * 100) / 100,
      color: flowColor(p, l.blocked, l.events),
      style: l.isNew ? 'dashed' : null,
      tooltip: describeLink(l, names.get(l.source) ?? l.source, names.get(l.target) ?? l.target),
    })};`);
  }
  out.push('}', '');
  return out.join('\n');
}
