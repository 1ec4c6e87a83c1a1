// The contract over a WebSocket: `{ id, method, args }` in, `{ id, result }` out, progress events
// pushed as `{ event: 'progress', data }`; only the allow-listed methods can be called.
import type { WebSocket, RawData } from 'ws';
import type { ProgressEvent, Result } from '../shared/api.ts';
import type { FwlensService } from '../app/service.ts';
import { dispatch, isApiMethod } from '../app/dispatch.ts';

const badArgument = (message: string): Result<never> => ({ ok: false, error: { code: 'BAD_ARGUMENT', message } });

export function serveSocket(ws: WebSocket, service: FwlensService): void {
  const send = (m: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const unsubscribe = service.onProgress((data: ProgressEvent) => send({ event: 'progress', data }));
  ws.on('close', unsubscribe);
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    let m: unknown;
    try {
      m = isBinary ? null : JSON.parse(raw.toString());
    } catch {
      m = null;
    }
    const o = (typeof m === 'object' && m !== null ? m : {}) as { id?: unknown; method?: unknown; args?: unknown };
    // Without a numeric id there is no one to answer: the frame is dropped.
    if (typeof o.id !== 'number' || !Number.isSafeInteger(o.id)) return;
    const id = o.id;
    if (!isApiMethod(o.method)) return send({ id, result: badArgument(`unknown method ${JSON.stringify(String(o.method)).slice(0, 80)}`) });
    const args = o.args === undefined ? [] : o.args;
    if (!Array.isArray(args)) return send({ id, result: badArgument('args must be a list') });
    void dispatch(service, o.method, args).then((result) => send({ id, result }));
  });
}
