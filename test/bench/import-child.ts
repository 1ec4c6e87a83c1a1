// Runs one `fwlens import` in this process and reports its peak RSS, for the import benchmark.
import { main } from '../../src-main/cli/index.ts';

const code = await main(['import', '--quiet', ...process.argv.slice(2)]);
process.stderr.write(JSON.stringify({ code, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
