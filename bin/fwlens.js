#!/usr/bin/env node
// Entry of the `fwlens` command: runs the bundle (out/cli/, `npm run build:cli`) when it is current, else
// the TypeScript sources through tsx, so a checkout works before a build and right after an edit.
import { bundleStaleReason } from '../src-main/cli/build/bundle-state.mjs';

// `fwlens query … | head` closes the pipe early: end quietly as other command-line tools do, not with a trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const stale = process.env.FWLENS_FROM_SOURCES ? 'FWLENS_FROM_SOURCES is set' : bundleStaleReason();
let main;
if (stale) {
  // Said every time, so that nobody times or benchmarks the slow path by accident. Not under the test
  // runner, whose tests compare stderr: there test/integration/cli-bundle.test.ts fails on a stale bundle.
  if (!process.env.VITEST) process.stderr.write(`fwlens: running from sources through tsx (slow start: ${stale}); \`npm run build:cli\` builds the bundle\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/index.ts'));
} else {
  ({ main } = await import('../out/cli/fwlens.js'));
}
process.exitCode = await main(process.argv.slice(2));
