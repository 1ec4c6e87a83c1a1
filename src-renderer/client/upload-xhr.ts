// Owns one browser-mode upload as XHR (fetch cannot report upload progress): bytes sent, abort, and the server's answer.
import type { Result } from '../../src-main/shared/api.ts';
import { failure } from './types.ts';

export interface UploadOptions {
  /** Bytes sent so far of `total`, as the browser reports them. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting stops the transfer at once; the answer is then a CANCELLED failure. */
  signal?: AbortSignal;
}

export function xhrUpload(url: string, file: File, o: UploadOptions = {}): Promise<Result<string>> {
  return new Promise((resolve) => {
    if (o.signal?.aborted) return resolve({ ok: false, error: { code: 'CANCELLED', message: `upload of ${file.name} cancelled` } });
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (r: Result<string>) => {
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => o.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status !== 200 || typeof body?.path !== 'string') {
        const msg = typeof body?.error === 'string' ? body.error : xhr.responseText.trim().slice(0, 300) || `HTTP ${xhr.status}`;
        return done(failure(`upload of ${file.name} failed: ${msg}`, 'INPUT'));
      }
      o.onProgress?.(file.size, file.size);
      done({ ok: true, value: body.path });
    };
    xhr.onabort = () => done({ ok: false, error: { code: 'CANCELLED', message: `upload of ${file.name} cancelled` } });
    xhr.onerror = () => done(failure(`upload of ${file.name} failed: the connection to the fwlens server broke`));
    xhr.send(file);
  });
}

function parseBody(text: string): { path?: unknown; error?: unknown } | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as { path?: unknown; error?: unknown }) : null;
  } catch {
    return null;
  }
}
