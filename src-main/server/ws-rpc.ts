// The contract over a WebSocket: `{ id, method, args }` in, `{ id, result }` out, progress events
// pushed as `{ event: 'progress', data }`; only the allow-listed methods can be called. Nothing a peer
// sends or asks for can end the process: every frame and every answer is inside one boundary.
import type { WebSocket, RawData } from 'ws';
import type { ErrorCode, ProgressEvent, Result } from '../shared/api.ts';
import type { FwlensService } from '../app/service.ts';
import { dispatch, isApiMethod } from '../app/dispatch.ts';
import { caller } from '../app/context.ts';

/** A request may carry this much; larger inputs (rulesets, rule models) go through the upload path. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** An answer may carry this much; a larger one is replaced by an error saying how to ask for less. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** Frames past this are not even read: the socket is closed (1009) by the ws library. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const failure = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function serveSocket(ws: WebSocket, service: FwlensService, log: (m: string) => void = (m) => process.stderr.write(`fwlens serve: ${m}\n`)): void {
  // The queries this socket starts are tagged with it, and stopped when it closes.
  const owner = {};
  const send = (m: { id?: number; result?: Result<unknown>; event?: string; data?: unknown }) => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(m);
    } catch (e) {
      // A result too big for one string (RangeError) or not serialisable: the caller hears why.
      text = JSON.stringify({ id: m.id, result: failure('TOO_LARGE', `the answer could not be sent (${(e as Error).message}): ask for less — a smaller page, a LIMIT, fewer columns`) });
    }
    if (text.length > MAX_ANSWER_BYTES && m.id !== undefined) {
      text = JSON.stringify({ id: m.id, result: failure('TOO_LARGE', `the answer is ${mib(text.length)}, over the ${mib(MAX_ANSWER_BYTES)} one message may carry: ask for less — a smaller page, a LIMIT, fewer columns`) });
    }
    ws.send(text, (err) => { if (err) log(`send failed: ${err.message}`); });
  };
  const offProgress = service.onProgress((data: ProgressEvent) => send({ event: 'progress', data }));
  const offChanged = service.onCaseChanged((data) => send({ event: 'caseChanged', data }));
  const unsubscribe = () => { offProgress(); offChanged(); };
  // An over-long frame or a broken connection: ws reports it here and closes the socket.
  ws.on('error', (e) => log(`websocket: ${e.message}`));
  ws.on('close', () => {
    unsubscribe();
    const n = service.cancelOwnedBy(owner);
    if (n) log(`a page closed with ${n} quer${n === 1 ? 'y' : 'ies'} running: cancelled`);
  });
  ws.on('message', (raw: RawData, isBinary: boolean) => {
    try {
      onMessage(raw, isBinary);
    } catch (e) {
      log(`message handling failed: ${(e as Error).stack ?? e}`);
    }
  });

  function onMessage(raw: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : (raw as Buffer).byteLength;
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
    if (bytes > MAX_REQUEST_BYTES) {
      return send({ id, result: failure('TOO_LARGE', `the request is ${mib(bytes)}, over the ${mib(MAX_REQUEST_BYTES)} one message may carry: send large inputs as a file (upload)`) });
    }
    if (!isApiMethod(o.method)) return send({ id, result: failure('BAD_ARGUMENT', `unknown method ${JSON.stringify(String(o.method)).slice(0, 80)}`) });
    const args = o.args === undefined ? [] : o.args;
    if (!Array.isArray(args)) return send({ id, result: failure('BAD_ARGUMENT', 'args must be a list') });
    const method = o.method;
    caller.run(owner, () => dispatch(service, method, args))
      .then((result) => send({ id, result }), (e: unknown) => send({ id, result: failure('INTERNAL', String((e as Error)?.message ?? e).split('\n')[0]) }))
      .catch((e: unknown) => log(`answer failed: ${(e as Error)?.message ?? e}`));
  }
}
