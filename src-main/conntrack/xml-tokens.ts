// Owns cutting XML text into tags and text runs as chunks arrive: bounded buffer, line numbers, entities. No DOM.

export interface XmlSink {
  open(name: string, attrs: string, empty: boolean, line: number): void;
  close(name: string, line: number): void;
  /** A run of text between tags, entity-decoded and trimmed; blank runs are not reported. */
  text(t: string, line: number): void;
  /** Input that is not XML; the tokenizer has skipped past it. */
  error(reason: string, line: number): void;
}

// A tag or text run longer than this is not conntrack output; dropping it keeps memory bounded.
const MAX_PENDING = 1 << 20;

export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  private line = 1;

  constructor(private readonly sink: XmlSink) {}

  push(chunk: string): void {
    const b = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.buf = b;
    this.pos = 0;
    for (;;) {
      const lt = b.indexOf('<', this.pos);
      if (lt < 0) {
        if (b.length - this.pos > MAX_PENDING) { this.textRun(b, this.pos, b.length); this.pos = b.length; }
        return;
      }
      if (lt > this.pos) this.textRun(b, this.pos, lt);
      this.pos = lt;
      const comment = b.startsWith('<!--', lt);
      const gt = comment ? b.indexOf('-->', lt + 4) : b.indexOf('>', lt);
      if (gt < 0) {
        if (b.length - lt <= MAX_PENDING) return; // wait for the rest of the tag
        this.sink.error('tag longer than 1 MiB: not XML', this.line);
        this.pos = lt + 1;
        continue;
      }
      const end = comment ? gt + 3 : gt + 1;
      const line = this.line;
      this.countLines(b, lt, end);
      if (!comment) this.tag(b, lt + 1, gt, line);
      this.pos = end;
    }
  }

  end(): void {
    const b = this.buf, p = this.pos;
    this.buf = '';
    this.pos = 0;
    if (p >= b.length) return;
    if (b.charCodeAt(p) === 60) this.sink.error(`truncated: unterminated tag ${b.slice(p, p + 24).trim()}`, this.line);
    else this.textRun(b, p, b.length);
  }

  private countLines(b: string, s: number, e: number): void {
    for (let k = b.indexOf('\n', s); k >= 0 && k < e; k = b.indexOf('\n', k + 1)) this.line++;
  }

  private textRun(b: string, s: number, e: number): void {
    const line = this.line;
    this.countLines(b, s, e);
    while (s < e && isBlank(b.charCodeAt(s))) s++;
    while (e > s && isBlank(b.charCodeAt(e - 1))) e--;
    if (s === e) return;
    const t = b.slice(s, e);
    this.sink.text(t.includes('&') ? unescape(t) : t, line);
  }

  private tag(b: string, s: number, e: number, line: number): void {
    const c = b.charCodeAt(s);
    if (c === 63 /* ? */ || c === 33 /* ! */) return; // <?xml …?>, <!DOCTYPE …>
    const closing = c === 47 /* / */;
    const ns = closing ? s + 1 : s;
    let ne = ns;
    while (ne < e && !isBlank(b.charCodeAt(ne)) && b.charCodeAt(ne) !== 47) ne++;
    const name = b.slice(ns, ne);
    if (closing) this.sink.close(name, line);
    else this.sink.open(name, b.slice(ne, e), b.charCodeAt(e - 1) === 47, line);
  }
}

/** Value of attribute `name` in a tag's attribute text, or null. */
export function attr(attrs: string, name: string): string | null {
  const k = attrs.indexOf(` ${name}="`);
  if (k < 0) return null;
  const s = k + name.length + 3;
  const e = attrs.indexOf('"', s);
  return e < 0 ? null : attrs.slice(s, e);
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(t: string): string {
  return t.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}
