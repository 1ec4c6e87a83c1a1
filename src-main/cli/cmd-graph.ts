// `fwlens graph CASE`: the flow graph from internal hosts to external destinations, drawn without a
// display by the app's own chart modules (SVG, PNG), or as Graphviz DOT or JSON.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CaseDb } from '../db/case-db.ts';
import { checkFlowRequest, flowGraph } from '../visual/flow-graph.ts';
import type { FlowGraph } from '../shared/visual.ts';
import { flowCaption } from '../../src-renderer/charts/flow-caption.ts';
import { intOption, UsageError, type CliValues } from './index.ts';

const FORMATS = ['svg', 'png', 'dot', 'json'] as const;

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} takes ${allowed.join('|')}, not "${v}"`);
  return v as T;
}

export async function cmdGraph(args: string[], v: CliValues): Promise<number> {
  const [casePath, extra] = args;
  if (!casePath) throw new UsageError('graph needs a case file');
  if (extra) throw new UsageError(`graph takes one case file, not "${extra}"`);
  const format = oneOf(v.format, 'format', FORMATS, 'svg');
  if (format === 'png' && !v.out && process.stdout.isTTY) throw new UsageError('--format png needs --out FILE (it is binary)');
  const request: Record<string, unknown> = {
    source: v.source ?? 'events', from: v.from ?? 'host', to: v.to ?? 'asn', via: v.via ?? null, direction: v.direction ?? 'outbound', weight: v.weight ?? 'events',
    top: intOption(v.top, 'top', 25), minWeight: intOption(v['min-weight'], 'min-weight', 0), baseline: v.baseline ?? null,
    where: v.where ?? 'TRUE', since: v.since ?? null, until: v.until ?? null,
  };
  const req = checkFlowRequest(request);
  const layout = oneOf(v.layout, 'layout', ['sankey', 'network'] as const, 'sankey');
  const theme = oneOf(v.theme, 'theme', ['light', 'dark'] as const, 'light');
  const width = intOption(v.width, 'width', 1600);
  const height = intOption(v.height, 'height', 1000);
  if (width < 200 || width > 20000 || height < 200 || height > 20000) throw new UsageError('--width and --height take 200 to 20000 pixels');

  const db = await CaseDb.open(casePath, { readOnly: true });
  let graph: FlowGraph;
  try {
    const conn = await db.connect();
    try {
      graph = await flowGraph(conn, req);
    } finally {
      conn.closeSync();
    }
  } finally {
    db.close();
  }
  let out: string | Buffer;
  if (format === 'json') out = JSON.stringify({ nodes: graph.nodes, links: graph.links, events: graph.events, noEnd: graph.noEnd, hiddenEvents: graph.hiddenEvents, capped: graph.capped, baselineAt: graph.baselineAt, request: graph.request, sql: graph.sql }, null, 2) + '\n';
  else if (format === 'dot') out = (await import('../../src-renderer/charts/flow-dot.ts')).flowDot(graph);
  else {
    const draw = await import('../visual/draw-node.ts');
    const svg = await draw.flowGraphSvg(graph, { layout, theme, width, height, title: `fwlens · ${basename(casePath)}`, subtitle: flowCaption(graph) });
    out = format === 'svg' ? svg : await draw.svgToPng(svg);
  }
  if (v.out) {
    writeFileSync(v.out, out);
    process.stderr.write(`${v.out}: ${format}, ${graph.nodes.length} nodes, ${graph.links.length} links, ${graph.events.toLocaleString('en-US')} events${graph.capped ? ' (links capped at 2,000)' : ''}${graph.noEnd ? `; ${graph.noEnd.toLocaleString('en-US')} events with no ${req.to === 'asn' ? 'ASN' : req.to} not drawn` : ''}\n`);
  } else process.stdout.write(out);
  return 0;
}
