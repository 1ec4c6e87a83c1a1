// Serving the built renderer (out/renderer): files only, no listing, nothing outside the folder,
// and strict security headers on every answer.
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

export function csp(port: number): string {
  return `default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:${port}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;
}

/** Headers every answer carries; the token travels in URLs, so no Referer may leak it. */
export function baseHeaders(): Record<string, string> {
  return { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Resource-Policy': 'same-origin' };
}

export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text + '\n');
}

/**
 * The file under root that `urlPath` names, or null when it is outside root, hidden, a folder, or
 * absent. `/` is index.html; the check is on the decoded, normalised path.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = resolve(root);
  const full = resolve(base, '.' + normalize(rel));
  if (!full.startsWith(base + sep)) return null;
  if (full.slice(base.length).split(sep).some((part) => part.startsWith('.'))) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

export function serveStatic(root: string, port: number, req: IncomingMessage, res: ServerResponse, pathname: string, extra: Record<string, string> = {}): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  if (pathname.split('/').includes('..') || /%2e%2e|%2f|%5c/i.test(pathname)) return sendText(res, 400, 'bad path');
  const file = resolveStatic(root, pathname);
  if (!file) return sendText(res, 404, 'not found');
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const html = type.startsWith('text/html');
  res.writeHead(200, {
    ...baseHeaders(), 'Content-Type': type, 'Content-Length': String(statSync(file).size),
    'Cache-Control': html ? 'no-store' : 'private, max-age=3600',
    ...(html ? { 'Content-Security-Policy': csp(port), 'X-Frame-Options': 'DENY' } : {}), ...extra,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

export const rendererDir = (root = resolve(import.meta.dirname, '../..')) => join(root, 'out', 'renderer');
