// The import's fast path against the exact parsers on every text line of the third-party corpus.
import { describe, expect } from 'vitest';
import { requires } from '../requires.ts';
import { CORPUS_DIR, corpusNeed } from './corpus.ts';
import { BINARY, CTX, compare, filesUnder, linesOf } from '../fast-path-compare.ts';

const cit = requires(corpusNeed);

describe('the fast netfilter path on the corpus', () => {
  cit('agrees with the exact parsers on every line of the corpus: it declines or reads the same fields', () => {
    const files = filesUnder(CORPUS_DIR!).filter((f) => !BINARY.test(f));
    let fast = 0;
    for (const f of files) fast += compare(linesOf(f), CTX, f).fast;
    expect(fast).toBeGreaterThan(0);
  });
});
