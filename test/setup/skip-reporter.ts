// Vitest reporter: one block at the end of the run listing every skipped group with its reason,
// so that nothing is skipped silently.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const groups = new Map<string, { file: string; reason: string; tests: number }>();
    for (const m of modules) {
      const file = relative(process.cwd(), m.moduleId);
      for (const t of m.children.allTests()) {
        const r = t.result();
        if (r.state !== 'skipped') continue;
        const reason = r.note ?? 'skipped without a reason (use test/requires.ts)';
        const key = `${file}\0${reason}`;
        const g = groups.get(key) ?? { file, reason, tests: 0 };
        g.tests++;
        groups.set(key, g);
      }
    }
    if (groups.size === 0) return;
    const out = process.stdout;
    out.write(`\nSkipped groups (${groups.size}):\n`);
    for (const g of [...groups.values()].sort((a, b) => a.reason.localeCompare(b.reason) || a.file.localeCompare(b.file))) {
      out.write(`  - ${g.file} (${g.tests} test${g.tests === 1 ? '' : 's'}): ${g.reason}\n`);
    }
    out.write('Run `npm run setup:test` to install the Debian packages the full suite needs.\n');
  }
}
