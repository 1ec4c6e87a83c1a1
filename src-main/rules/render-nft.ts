// nftables: one `inet fwlens` table with interval sets (native per-element timeouts and comments) and its rollback.
import type { BlockEntry } from './targets.ts';
import { LOG_PREFIX, checkOptions, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

// nft caps element comments at 128 bytes.
const NFT_COMMENT_MAX = 127;

function elements(entries: BlockEntry[], o: RenderOptions): string {
  return entries.map((e) => {
    const timeout = o.expire !== undefined ? ` timeout ${o.expire}s` : '';
    // The expiry is native here, so the comment keeps only the why.
    const comment = ruleComment(e, { ...o, expire: undefined }).slice(0, NFT_COMMENT_MAX);
    return `${safeCidr(e)}${timeout} comment "${comment}"`;
  }).join(',\n      ');
}

function set(name: string, type: string, entries: BlockEntry[], o: RenderOptions): string {
  const body = entries.length ? `\n    elements = {\n      ${elements(entries, o)}\n    }` : '';
  return `  set ${name} {\n    type ${type}\n    flags interval,timeout${body}\n  }`;
}

function chain(hook: 'input' | 'output' | 'forward', sides: Array<'saddr' | 'daddr'>, o: RenderOptions): string {
  const proto = protoOf(o);
  const l4 = proto ? (o.port !== undefined ? ` ${proto} dport ${o.port}` : ` meta l4proto ${proto}`) : '';
  const verdict = `${o.log ? `log prefix "${LOG_PREFIX}" ` : ''}counter ${o.reject ? 'reject' : 'drop'}`;
  const rules = sides.flatMap((side) => [`    ip ${side} @block4${l4} ${verdict}`, `    ip6 ${side} @block6${l4} ${verdict}`]);
  // Priority just before the usual filter chains, so an accept there cannot pre-empt the block.
  return `  chain ${hook} {\n    type filter hook ${hook} priority filter - 5; policy accept;\n${rules.join('\n')}\n  }`;
}

export function renderNft(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const hook = o.direction === 'inbound' ? 'input' : o.direction === 'outbound' ? 'output' : 'forward';
  const sides: Array<'saddr' | 'daddr'> = o.direction === 'inbound' ? ['saddr'] : o.direction === 'outbound' ? ['daddr'] : ['saddr', 'daddr'];
  const script = [
    `# fwlens block list (nftables, ${o.direction}), generated at ${o.now}. Apply with: nft -f FILE (again: replaces the table)`,
    // Declaring then deleting the table makes re-applying replace the list instead of failing or merging.
    'table inet fwlens',
    'delete table inet fwlens',
    'table inet fwlens {',
    set('block4', 'ipv4_addr', v4, o),
    set('block6', 'ipv6_addr', v6, o),
    chain(hook, sides, o),
    '}',
    '',
  ].join('\n');
  const rollback = [`# fwlens rollback (nftables): removes the fwlens table and everything in it. Apply with: nft -f FILE`, 'delete table inet fwlens', ''].join('\n');
  return { script, rollback };
}
