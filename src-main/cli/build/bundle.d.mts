// Types of bundle.mjs (plain JS so that `npm install` can run it with node alone).
import type { Metafile } from 'esbuild';
export declare const OUT: string;
export declare const ENTRIES: Record<string, string>;
export declare function bundleCli(o?: { quiet?: boolean }): Promise<Metafile>;
