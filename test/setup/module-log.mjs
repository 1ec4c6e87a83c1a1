// `node --import ./module-log.mjs …`: appends the URL of every module the process and its worker threads
// load to the file named by FWLENS_MODULE_LOG, so a test can see what a command really loaded.
import { register } from 'node:module';

if (process.env.FWLENS_MODULE_LOG) register('./module-log-hooks.mjs', import.meta.url);
