// What a per-case UI state request may hold: a plain key, a JSON value of bounded size.
import { AppError } from './result.ts';

export const MAX_UI_STATE = 256 * 1024;

export function checkUiKey(key: unknown): string {
  if (typeof key !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(key)) throw new AppError('BAD_ARGUMENT', 'key must be 1–100 letters, digits, dots, underscores or dashes');
  return key;
}
