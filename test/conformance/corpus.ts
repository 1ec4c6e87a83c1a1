// Where the full third-party corpus is (FWLENS_CORPUS, default ../shared/corpus): read only by the
// conformance suite, since part of it may not be shipped in this repository (Elastic License, GPL).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Need } from '../requires.ts';

const fallback = resolve(import.meta.dirname, '../../../shared/corpus');
/** The corpus folder, or null when there is none. */
export const CORPUS_DIR: string | null = process.env.FWLENS_CORPUS
  ? resolve(process.env.FWLENS_CORPUS)
  : existsSync(fallback) ? fallback : null;

export const corpusNeed: Need = {
  what: 'the third-party corpus',
  fix: `set FWLENS_CORPUS to its folder${process.env.FWLENS_CORPUS ? ` (${process.env.FWLENS_CORPUS} does not exist)` : ''}`,
  present: () => CORPUS_DIR !== null && existsSync(CORPUS_DIR),
};

/** A path inside the corpus (only call from a gated test). */
export const corpus = (rel: string): string => resolve(CORPUS_DIR ?? fallback, rel);
