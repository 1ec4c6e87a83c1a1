// Types of bundle-state.mjs (plain JS so that bin/fwlens.js can run it without tsx).
export declare const ROOT: string;
export declare const MANIFEST: string;
export declare function bundleStaleReason(root?: string): string | null;
