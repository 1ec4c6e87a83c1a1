// `fwlens serve [CASE] [--port N]`: browser mode on 127.0.0.1, until Ctrl-C.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../server/server.ts';
import { rendererDir } from '../server/static-files.ts';
import { UsageError, intOption, type CliValues } from './index.ts';

export async function cmdServe(args: string[], v: CliValues): Promise<number> {
  const [casePath, ...more] = args;
  if (more.length) throw new UsageError('serve takes at most one case file');
  const port = intOption(v.port, 'port', 0);
  if (port > 65535) throw new UsageError('--port must be at most 65535');
  if (!existsSync(join(rendererDir(), 'index.html'))) {
    process.stderr.write(`fwlens: the renderer is not built (${rendererDir()} is missing): run \`npm run build\` first; the API still answers\n`);
  }
  const timeout = intOption(v['query-timeout'], 'query-timeout', 300);
  // The server outlives any one request: whatever escapes a handler is logged, never fatal.
  process.on('unhandledRejection', (e) => process.stderr.write(`fwlens serve: unhandled rejection: ${(e as Error)?.stack ?? e}\n`));
  process.on('uncaughtException', (e) => process.stderr.write(`fwlens serve: uncaught exception: ${e.stack ?? e}\n`));
  const say = (line: string) => process.stdout.write(line + '\n');
  const s = await startServer({ casePath: casePath ?? null, create: !!casePath, port, queryTimeoutMs: timeout * 1000, onStatus: say });
  process.stdout.write(`fwlens: serving ${s.casePath} at ${s.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void s.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
