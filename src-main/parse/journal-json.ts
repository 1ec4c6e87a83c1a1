// Owns reading one `journalctl -o json` line into an envelope.
import type { Envelope } from './envelope.ts';
import { newStamp, readUptime } from './syslog-time.ts';

const utf8 = new TextDecoder('utf-8');
const scratch = newStamp();
const DIGITS = /^\d{1,16}$/;

/** journald writes non-UTF-8 or control-laden fields as byte arrays. */
function messageText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return utf8.decode(Uint8Array.from(v as number[]));
  }
  return null;
}

/** Reads one journal export object; returns the reason string when it cannot be used. */
export function readJournalJson(text: string): Envelope | string {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'JSON is not an object';
  const rec = o as Record<string, unknown>;
  if (!('MESSAGE' in rec)) return Object.keys(rec).length === 0 ? 'empty JSON object' : 'JSON without MESSAGE';
  const msg = messageText(rec.MESSAGE);
  // journalctl prints null for fields over its size limit unless --all was given.
  if (msg === null) return 'MESSAGE is neither text nor bytes';

  let ts: number | null = null, ts_text: string | null = null;
  const rt = rec.__REALTIME_TIMESTAMP ?? rec._SOURCE_REALTIME_TIMESTAMP;
  if (rt !== undefined) {
    if (typeof rt !== 'string' || !DIGITS.test(rt)) return 'unreadable __REALTIME_TIMESTAMP';
    ts = Number(rt);
    ts_text = rt;
  }

  let uptime: number | null = null;
  const mono = rec._SOURCE_MONOTONIC_TIMESTAMP;
  if (typeof mono === 'string' && DIGITS.test(mono)) uptime = Number(mono) / 1e6;

  let p = 0;
  while (msg.charCodeAt(p) === 32) p++;
  // Messages relayed from a syslog file keep the kernel's own stamp; lift it out of the body.
  const up = readUptime(msg, p, scratch);
  if (!Number.isNaN(up)) {
    uptime ??= up;
    p = scratch.end;
    while (msg.charCodeAt(p) === 32) p++;
  }
  let n = msg.length;
  while (n > p && (msg.charCodeAt(n - 1) === 10 || msg.charCodeAt(n - 1) === 13)) n--;
  if (p >= n) return 'empty message';

  const host = typeof rec._HOSTNAME === 'string' && rec._HOSTNAME !== '' ? rec._HOSTNAME : null;
  return { ts, ts_text, uptime, host, body: p === 0 && n === msg.length ? msg : msg.slice(p, n) };
}
