// Calling one contract method by name with untrusted arguments, for both transports (IPC, WebSocket).
import { API_CHANNELS, type ApiMethod, type Result } from '../shared/api.ts';
import type { FwlensService } from './service.ts';

export const isApiMethod = (m: unknown): m is ApiMethod => typeof m === 'string' && (API_CHANNELS as readonly string[]).includes(m);

/** Only allow-listed names reach here; the service validates every argument itself. */
export async function dispatch(service: FwlensService, method: ApiMethod, args: unknown[]): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'BAD_ARGUMENT', message: 'unknown method' } };
  const fn = service[method] as (...a: unknown[]) => Promise<Result<unknown>>;
  try {
    return await fn.apply(service, args);
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: String((e as Error)?.message ?? e).split('\n')[0] } };
  }
}
