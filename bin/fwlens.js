#!/usr/bin/env node
// Entry of the `fwlens` command: runs the TypeScript CLI through tsx, so a checkout works without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
