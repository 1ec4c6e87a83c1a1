// Loader hooks of module-log.mjs: one line per module loaded, in the order node loads them.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  appendFileSync(process.env.FWLENS_MODULE_LOG, url + '\n');
  return next(url, context);
}
