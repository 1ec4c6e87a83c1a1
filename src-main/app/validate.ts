// Argument checks for every operation: the renderer (or a WebSocket peer) is not trusted, so each
// argument's type, length and range is checked before it reaches the core.
import { AppError } from './result.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);

export const MAX_SQL = 1024 * 1024;
const MAX_PATH = 4096;

export function str(v: unknown, name: string, max = 1000, min = 1): string {
  if (typeof v !== 'string') throw bad(`${name} must be a string`);
  if (v.length < min) throw bad(`${name} must not be empty`);
  if (v.length > max) throw bad(`${name} is too long (over ${max} characters)`);
  return v;
}

export function int(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`${name} must be a whole number`);
  if (v < min || v > max) throw bad(`${name} must be between ${min} and ${max}`);
  return v;
}

export function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw bad(`${name} must be true or false`);
  return v;
}

export function sql(v: unknown, name = 'sql'): string {
  return str(v, name, MAX_SQL);
}

export function path(v: unknown, name = 'path'): string {
  const p = str(v, name, MAX_PATH);
  if (p.includes('\0')) throw bad(`${name} must not contain NUL`);
  return p;
}

export function opId(v: unknown, name = 'opId'): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw bad(`${name} must be 1 to 64 letters, digits, _ or -`);
  return v;
}

export function paths(v: unknown): string[] {
  if (!Array.isArray(v)) throw bad('paths must be a list');
  if (v.length < 1 || v.length > 10_000) throw bad('paths must name 1 to 10000 files or folders');
  return v.map((p, i) => path(p, `paths[${i}]`));
}

export function oneOf<T extends string>(v: unknown, name: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw bad(`${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function record(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${name} must be an object`);
  return v as Record<string, unknown>;
}

/** The number of arguments must match: extra arguments mean a confused or hostile caller. */
export function arity(args: unknown[], n: number, method: string): void {
  if (args.length > n) throw bad(`${method} takes ${n} argument${n === 1 ? '' : 's'}, not ${args.length}`);
}
